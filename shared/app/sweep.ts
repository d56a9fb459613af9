/**
 * The safety net under "released budget reaches waiting awards": a rejection or a revocation releases budget and
 * then serves the queue, and a crash between the two would leave awards waiting while budget sits available. The
 * budget sweeper serves every jurisdiction's waiting queues, each call bounded; the next run takes the rest.
 */
import type { AwardStore } from '../store/store';

export async function serveWaitingQueues(store: AwardStore, jurisdictions: readonly string[]): Promise<Record<string, number>> {
  const served: Record<string, number> = {};
  for (const jurisdiction of jurisdictions) served[jurisdiction] = await store.serveAllWaiting(jurisdiction);
  return served;
}

/** Ends the notice periods that are over (公示 with no open objection → APPROVED), bounded per jurisdiction. */
export async function endPublicities(store: AwardStore, jurisdictions: readonly string[]): Promise<Record<string, number>> {
  const ended: Record<string, number> = {};
  for (const jurisdiction of jurisdictions) ended[jurisdiction] = await store.endPublicities(jurisdiction);
  return ended;
}
