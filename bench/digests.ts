/**
 * Digest signing cost per jurisdiction (ADR 012), on DynamoDB Local: one digest run over a jurisdiction with 5,000
 * entries since its last digest (read in pages, signed in digests of 256, appended to the log, the bookmark moved),
 * against reading the same entries alone. The local signer is Ed25519; in AWS each digest is one KMS Sign call, whose
 * latency replaces the local signing time (about 20 digests a run at this size).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../infra/local/dynamodb';
import { fileDigestLog, localSigner } from '../shared/adapters/digests/local';
import { signDigests } from '../shared/app/digests/run';
import { DEFAULT_APPROVAL_CONFIG } from '../shared/domain/approval';
import { GENESIS_HASH, type LedgerEntry, hashEntry } from '../shared/domain/ledger';
import { ledgerPage } from '../shared/store/ledger';
import { entryItem } from '../shared/store/items';
import { AwardStore } from '../shared/store/store';
import { fmt, row } from './report';
import { sized } from './scale';

const ENTRIES = sized(5_000, 300);
const J = '130000';

async function seed(doc: DynamoDBDocumentClient, table: string): Promise<void> {
  let prevHash = GENESIS_HASH;
  const items = [];
  for (let seq = 1; seq <= ENTRIES; seq++) {
    const body = {
      jurisdiction: J, seq, prevHash, at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), type: 'RECORDED' as const, fiscalYear: 2026,
      awardId: `aw-${seq}`, recipientId: '91130102MA07AB123U', amountFen: 100, postings: [], statusAfter: 'PENDING_APPROVAL' as const, actor: 'bench', eventId: null, note: 'bench',
    };
    const entry: LedgerEntry = { ...body, hash: hashEntry(body) };
    prevHash = entry.hash;
    items.push(entryItem(entry));
  }
  for (let i = 0; i < items.length; i += 25) {
    await doc.send(new BatchWriteCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

export async function benchDigests(raw: DynamoDBClient, doc: DynamoDBDocumentClient): Promise<void> {
  const table = `bench-digests-${randomUUID()}`;
  await ensureTable(raw, table);
  await seed(doc, table);
  const store = new AwardStore({ client: doc, tableName: table, approvalConfig: DEFAULT_APPROVAL_CONFIG });
  const readAll = async () => {
    for (let fromSeq: number | null = 1; fromSeq !== null;) fromSeq = (await ledgerPage(store.core, J, { fromSeq, limit: 1000 })).nextSeq;
  };
  // One pass to warm DynamoDB Local and the code, then the pass measured.
  await readAll();
  const readStarted = performance.now();
  await readAll();
  const readMs = performance.now() - readStarted;
  const dir = mkdtempSync(join(tmpdir(), 'bench-digests-'));
  const digests = { signer: localSigner(dir), log: fileDigestLog(join(dir, 'log')) };
  const started = performance.now();
  const [run] = await signDigests(store, digests, [J], { now: new Date() });
  const signMs = performance.now() - started;
  row(
    `digest signing cost per jurisdiction: one run over ${fmt(ENTRIES, 0)} new entries (read, sign, append, bookmark)`,
    `${fmt(signMs, 0)} ms (${run?.digests} digests, ${fmt((signMs * 1000) / ENTRIES, 0)} µs an entry)`,
    `reading the same entries alone: ${fmt(readMs, 0)} ms`,
    signMs / readMs,
  );
}
