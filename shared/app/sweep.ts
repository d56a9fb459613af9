/**
 * The safety net behind "final approval → disbursement queue": the API enqueues after the approval commits, and a
 * crash or an SQS error between the two would leave an award APPROVED with nothing queued. The sweeper re-queues
 * every award that has been APPROVED for longer than a grace period; disburse is idempotent, so a duplicate is
 * harmless.
 */
import type { AwardStore } from '../store/store';

export interface SweepOptions {
  readonly jurisdictions: readonly string[];
  /** Awards approved at or before this instant are re-queued. */
  readonly approvedBefore: Date;
  /** At most this many per run (STYLE 11); the next run takes the rest. */
  readonly limit: number;
}

export async function sweepApproved(store: AwardStore, options: SweepOptions, enqueue: (awardId: string) => Promise<void>): Promise<string[]> {
  const swept: string[] = [];
  const cutoff = options.approvedBefore.toISOString();
  let cursor: string | null = null;
  do {
    const page = await store.listAwards({ jurisdictions: options.jurisdictions, status: 'APPROVED', limit: 100, cursor });
    for (const award of page.items) {
      if (swept.length >= options.limit) return swept;
      if (award.updatedAt > cutoff) continue;
      await enqueue(award.awardId);
      swept.push(award.awardId);
    }
    cursor = page.cursor;
  } while (cursor !== null);
  return swept;
}

/**
 * The safety net under "released budget reaches waiting awards": a rejection or a revocation releases budget and
 * then serves the queue, and a crash between the two would leave awards waiting while budget sits available. The
 * budget sweeper serves every jurisdiction's waiting queues, each call bounded; the next run takes the rest.
 */
export async function serveWaitingQueues(store: AwardStore, jurisdictions: readonly string[]): Promise<Record<string, number>> {
  const served: Record<string, number> = {};
  for (const jurisdiction of jurisdictions) served[jurisdiction] = await store.serveAllWaiting(jurisdiction);
  return served;
}
