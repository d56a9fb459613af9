/**
 * Unconditional puts of many items in few round trips (BatchWriteItem, 25 a request, requests in parallel). Only for
 * items whose put is idempotent (the same content again changes nothing a reader relies on): BatchWriteItem takes
 * no condition, so nothing here may decide between two writers.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { LIMITS } from '../limits';
import type { StoreCore } from './core';
import { StoreError } from './errors';
import type { Item } from './items';

export async function batchPut(core: StoreCore, items: readonly Item[]): Promise<void> {
  const chunks: Item[][] = [];
  for (let i = 0; i < items.length; i += LIMITS.store.batchWriteItemsMax) chunks.push(items.slice(i, i + LIMITS.store.batchWriteItemsMax));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending = chunk.map((item) => ({ PutRequest: { Item: item } }));
      // Items left unprocessed under load are sent again, a bounded number of times, after a short jittered pause.
      for (let round = 1; pending.length > 0; round++) {
        if (round > LIMITS.store.batchGetRoundsMax) throw new StoreError(`BatchWriteItem left ${pending.length} items unprocessed after ${round - 1} rounds`);
        const pauseMs = Math.random() * Math.min(core.retry.capDelayMs, core.retry.baseDelayMs * 2 ** round);
        if (round > 1) await new Promise((resolve) => setTimeout(resolve, pauseMs));
        const out = await core.client.send(new BatchWriteCommand({ RequestItems: { [core.table]: pending } }));
        pending = (out.UnprocessedItems?.[core.table] ?? []) as typeof pending;
      }
    }),
  );
}
