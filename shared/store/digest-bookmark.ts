/**
 * The digest bookmark in the table (keys.digestPointer): where the last run stopped signing a jurisdiction, read with
 * the jurisdiction's head, and moved forward only. Whether to believe it is the digest run's to decide
 * (shared/app/digests/bookmark.ts, ADR 012): whoever can write the table can move it.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreCore } from './core';
import { parseHead } from './items';
import { keys } from './table';

/** What the table says: the bookmark's entry number (0 when there is none, NaN when it holds no number) and the head. */
export async function readBookmark(core: StoreCore, jurisdiction: string): Promise<{ stored: number; head: number }> {
  const [pointer, headItem] = await Promise.all([core.get(keys.digestPointer(jurisdiction)), core.get(keys.ledgerHead(jurisdiction))]);
  const head = parseHead(headItem).seq;
  const stored = pointer === null ? 0 : typeof pointer.lastSeq === 'number' ? pointer.lastSeq : Number.NaN;
  return { stored, head };
}

/**
 * Moves the bookmark to `seq` once its digests are written. Two runs at once: the later bookmark wins only forward, and
 * a run that lost signed nothing wrong, only again. A refused bookmark (`refused`: what it said) is replaced whatever
 * its value, as long as it is still the one refused (another run may have repaired it meanwhile).
 */
export async function moveBookmark(
  core: StoreCore,
  jurisdiction: string,
  to: { seq: number; hash: string; at: string },
  refused: { readonly lastSeq: number } | null,
): Promise<void> {
  const forward = 'attribute_not_exists(lastSeq) OR lastSeq < :seq';
  const condition = refused === null
    ? { ConditionExpression: forward, ExpressionAttributeValues: { ':seq': to.seq } }
    : Number.isSafeInteger(refused.lastSeq)
      ? { ConditionExpression: `${forward} OR lastSeq = :refused`, ExpressionAttributeValues: { ':seq': to.seq, ':refused': refused.lastSeq } }
      : { ConditionExpression: `${forward} OR NOT attribute_type(lastSeq, :number)`, ExpressionAttributeValues: { ':seq': to.seq, ':number': 'N' } };
  await core.client.send(new PutCommand({
    TableName: core.table,
    Item: { ...keys.digestPointer(jurisdiction), itemType: 'digest-pointer', jurisdiction, lastSeq: to.seq, hash: to.hash, at: to.at },
    ...condition,
  })).catch((error: Error) => {
    if (error.name !== 'ConditionalCheckFailedException') throw error;
  });
}
