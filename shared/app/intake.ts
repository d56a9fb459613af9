/**
 * What award-intake does with one event, whatever drives it (Lambda's SQS source, the local poller, a test):
 * validate it, compute its awards, and account for it in the store as awards, a no-award outcome, a revocation, or
 * a quarantined rejection. A rejection is final (never retried); any thrown error is transient and retried.
 */
import { parseEventText } from '../../events/contracts';
import type { Catalog } from '../domain/catalog';
import { computeAwards, revocationTargets } from '../domain/engine';
import type { Award } from '../domain/awards';
import type { AwardStore } from '../store/store';

export type IntakeResult
  = | { readonly kind: 'rejected'; readonly eventId: string | null; readonly reason: string; readonly repeated: boolean }
    | { readonly kind: 'awards'; readonly eventId: string; readonly awards: readonly Award[]; readonly repeated: boolean }
    | { readonly kind: 'no-award'; readonly eventId: string; readonly reason: string; readonly repeated: boolean }
    | { readonly kind: 'revocation'; readonly eventId: string; readonly changed: readonly Award[]; readonly repeated: boolean };

/**
 * `text` is the event as delivered (an SQS body); `deliveryId` identifies the delivery (the SQS message id) and
 * names a quarantined event that has no usable id of its own.
 */
export async function ingest(text: string, deliveryId: string, deps: { store: AwardStore; catalog: Catalog }): Promise<IntakeResult> {
  const parsed = parseEventText(text);
  if (!parsed.ok) {
    const detailType = detailTypeOf(text);
    const rejectionId = parsed.eventId ?? deliveryId;
    const { repeated } = await deps.store.recordRejection({ rejectionId, eventId: parsed.eventId, detailType, reason: parsed.reason, event: text });
    return { kind: 'rejected', eventId: parsed.eventId, reason: parsed.reason, repeated };
  }
  const { event } = parsed;
  const eventId = event.eventId ?? deliveryId;
  if (event.detailType === 'AchievementRevoked') {
    const awardIds = revocationTargets(event, deps.catalog);
    const result = await deps.store.recordRevocation({ eventId, awardIds, reason: event.detail.reason });
    return { kind: 'revocation', eventId, changed: result.changed, repeated: result.repeated };
  }
  const computed = computeAwards(event, deps.catalog);
  switch (computed.kind) {
    case 'awards': {
      const result = await deps.store.recordAwards({
        eventId,
        detailType: event.detailType,
        uscc: event.detail.recipient.uscc,
        reference: event.detail.reference,
        awards: computed.awards.map((a) => ({ ...a, eventId })),
      });
      return { kind: 'awards', eventId, awards: result.awards, repeated: result.repeated };
    }
    case 'no-policy': {
      const result = await deps.store.recordNoAward({ eventId, detailType: event.detailType, reason: computed.reason });
      return { kind: 'no-award', eventId, reason: computed.reason, repeated: result.repeated };
    }
    default: {
      const unreachable: never = computed;
      throw new Error(`unknown engine result ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The detail-type a rejected event claims, for the quarantine listing; null when it names none. */
function detailTypeOf(text: string): string | null {
  try {
    const raw = JSON.parse(text) as { 'detail-type'?: unknown };
    return typeof raw['detail-type'] === 'string' ? raw['detail-type'].slice(0, 100) : null;
  } catch {
    return null;
  }
}
