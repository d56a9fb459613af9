/**
 * The end of notice periods (公示): the publicity sweep reads a jurisdiction's queue of awards on the notice, ordered by
 * the end of their period, and makes each whose period is over APPROVED, bounded per call (the next sweep takes the
 * rest), the way the budget sweeper serves the waiting queue.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LIMITS } from '../limits';
import { mutate } from './commands';
import type { StoreCore } from './core';
import type { Item } from './items';
import { keys } from './table';

/** Ends the notice periods of `jurisdiction` that are over; returns how many awards became payable. */
export async function endPublicities(core: StoreCore, jurisdiction: string, limit: number = LIMITS.controls.publicityEndedPerSweepMax): Promise<number> {
  const now = core.clock().toISOString();
  const out = await core.client.send(
    new QueryCommand({
      TableName: core.table,
      KeyConditionExpression: 'pk = :pk AND sk < :now',
      ExpressionAttributeValues: { ':pk': keys.publicityPartition(jurisdiction), ':now': now },
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  let ended = 0;
  for (const queued of (out.Items ?? []) as Item[]) {
    const result = await mutate(core, String(queued.awardId), { kind: 'end-publicity' });
    if (result.ok) ended += 1;
  }
  return ended;
}
