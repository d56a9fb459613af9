/**
 * Digest signing cost per jurisdiction (ADR 012), on DynamoDB Local: one digest run over a jurisdiction with 5,000
 * entries since its last digest (read in pages, signed in digests of 256, appended to the log, the bookmark moved),
 * against reading the same entries alone. The local signer is Ed25519; in AWS each digest is one KMS Sign call, whose
 * latency replaces the local signing time (about 20 digests a run at this size).
 *
 * Then the verifier's memory (issue 24): the checker's heap verifying a synthetic 1,000,000-entry ledger against its
 * digests, streamed as the API serves them (bench/digest-ledger.ts), against the same checker on 10,000 entries; each
 * measured in a child process of its own (bench/digest-memory.ts, node --expose-gc). Bounded is about 1×; the checker
 * before, holding one hash per signed entry, measured 36× (107 MB against 3.0 MB, ADR 020).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
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
/** The ledgers whose verification memory is compared: a million entries, and the hundredth of it. */
const LARGE_LEDGER = sized(1_000_000, 3_000);
const SMALL_LEDGER = sized(10_000, 300);
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
  await benchVerificationMemory();
}

interface Held {
  readonly entries: number;
  readonly digests: number;
  readonly heldBytesMax: number;
  readonly hashesMax: number;
}

/** The checker's memory over `entries` entries, measured in a child process (bench/digest-memory.ts). */
async function heldVerifying(entries: number): Promise<Held> {
  const root = join(import.meta.dirname, '..');
  const args = ['--expose-gc', '--import', 'tsx', join(root, 'bench', 'digest-memory.ts'), String(entries)];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: root, maxBuffer: 1024 * 1024, timeout: 30 * 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Held;
}

async function benchVerificationMemory(): Promise<void> {
  const small = await heldVerifying(SMALL_LEDGER);
  const large = await heldVerifying(LARGE_LEDGER);
  const mb = (h: Held) => `${fmt(h.heldBytesMax / (1024 * 1024), 1)} MB (${fmt(h.hashesMax, 0)} signed hashes held at most, ${fmt(h.digests, 0)} digests)`;
  row(
    `digest verification memory: the checker's heap verifying a ${fmt(LARGE_LEDGER, 0)}-entry ledger against its digests (streamed, every entry signed)`,
    mb(large),
    `the same checker on ${fmt(SMALL_LEDGER, 0)} entries: ${mb(small)}`,
    large.heldBytesMax / small.heldBytesMax,
  );
}
