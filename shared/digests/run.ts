/**
 * A digest run (every few minutes, and on demand): for each jurisdiction, the entries since the last digest are read
 * in sequence (bounded pages, at most `entriesMax` a run), signed in digests of at most DIGEST_HASHES_MAX entries,
 * written to the write-once log, and only then the bookmark moved. A crash between the two signs the same range again
 * next time: the log takes it as the same digest (S3 If-None-Match) or a duplicate line that verification reads as
 * agreeing. A bookmark set back by someone who can write the table makes the signer sign again what it already signed,
 * and any difference shows as two digests that disagree.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type SignedDigest, digestMessage, planDigests } from '../domain/digest';
import type { LedgerEntry } from '../domain/ledger';
import type { StoreCore } from '../store/core';
import { ledgerPage } from '../store/ledger';
import { keys } from '../store/table';
import type { DigestLog, DigestSigner } from './ports';

export interface DigestRun {
  readonly jurisdiction: string;
  readonly digests: number;
  readonly entries: number;
  /** The head now signed (null when the jurisdiction has no entry yet). */
  readonly signedThrough: number | null;
}

const PAGE = 1000;

export async function signDigests(
  core: StoreCore,
  deps: { readonly signer: DigestSigner; readonly log: DigestLog },
  jurisdictions: readonly string[],
  options: { readonly now: Date; readonly entriesMax?: number },
): Promise<DigestRun[]> {
  const runs: DigestRun[] = [];
  for (const jurisdiction of jurisdictions) runs.push(await signOne(core, deps, jurisdiction, options.now, options.entriesMax ?? 5 * PAGE));
  return runs;
}

type Deps = { readonly signer: DigestSigner; readonly log: DigestLog };

async function signOne(core: StoreCore, deps: Deps, jurisdiction: string, now: Date, entriesMax: number): Promise<DigestRun> {
  const pointer = await core.get(keys.digestPointer(jurisdiction));
  const lastSeq = typeof pointer?.lastSeq === 'number' ? pointer.lastSeq : 0;
  const entries: LedgerEntry[] = [];
  let fromSeq: number | null = lastSeq + 1;
  while (fromSeq !== null && entries.length < entriesMax) {
    const page = await ledgerPage(core, jurisdiction, { fromSeq, limit: Math.min(PAGE, entriesMax - entries.length) });
    entries.push(...page.entries);
    fromSeq = page.nextSeq;
  }
  if (entries.length === 0) return { jurisdiction, digests: 0, entries: 0, signedThrough: lastSeq === 0 ? null : lastSeq };
  const at = now.toISOString();
  const bodies = planDigests(jurisdiction, entries, at);
  for (const body of bodies) {
    const signature = await deps.signer.sign(digestMessage(body));
    const digest: SignedDigest = { ...body, keyId: deps.signer.keyId, signature: signature.toString('base64') };
    await deps.log.append(digest);
  }
  const last = entries.at(-1)!;
  await core.client.send(new PutCommand({
    TableName: core.table,
    Item: { ...keys.digestPointer(jurisdiction), itemType: 'digest-pointer', jurisdiction, lastSeq: last.seq, hash: last.hash, at },
    // Two runs at once: the later bookmark wins only forward; a run that lost signs nothing wrong, only again.
    ConditionExpression: 'attribute_not_exists(lastSeq) OR lastSeq < :seq',
    ExpressionAttributeValues: { ':seq': last.seq },
  })).catch((error: Error) => {
    if (error.name !== 'ConditionalCheckFailedException') throw error;
  });
  return { jurisdiction, digests: bodies.length, entries: entries.length, signedThrough: last.seq };
}
