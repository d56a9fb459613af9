/**
 * What award-intake does with one event, whatever drives it (Lambda's SQS source, the local poller, a test):
 * validate it, compute its awards, and account for it in the store as awards, a no-award outcome, a revocation, or
 * a quarantined rejection. A rejection is final (never retried); any thrown error is transient and retried.
 */
import { LIMITS, parseEventText } from '../../events/contracts';
import type { Catalog } from '../domain/catalog';
import { computeAwards } from '../domain/engine';
import type { Award } from '../domain/awards';
import { identifyFact, identifyRevocation } from '../domain/identity';
import type { AwardStore, RevocationState, RevocationsMet } from '../store/store';

export type IntakeResult
  = | { readonly kind: 'rejected'; readonly eventId: string | null; readonly reason: string; readonly repeated: boolean }
    | {
      readonly kind: 'awards';
      readonly eventId: string;
      readonly awards: readonly Award[];
      readonly repeated: boolean;
      /** A repeat of the fact that computes other awards than its first arrival did. */
      readonly conflicting: boolean;
      readonly revocations: RevocationsMet;
    }
    | { readonly kind: 'no-award'; readonly eventId: string; readonly reason: string; readonly repeated: boolean }
    | {
      readonly kind: 'revocation';
      readonly eventId: string;
      readonly changed: readonly Award[];
      readonly repeated: boolean;
      readonly state: RevocationState | null;
      readonly refusedReason: string | null;
    };

/**
 * `text` is the event as delivered (an SQS body); `deliveryId` identifies the delivery (the SQS message id) and
 * names a quarantined event that has no usable id of its own.
 */
export async function ingest(text: string, deliveryId: string, deps: { store: AwardStore; catalog: Catalog }): Promise<IntakeResult> {
  const parsed = parseEventText(text);
  if (!parsed.ok) {
    const { repeated } = await deps.store.recordRejection({
      rejectionId: usableId(parsed.eventId) ?? deliveryId,
      eventId: parsed.eventId,
      detailType: detailTypeOf(text),
      reason: parsed.reason,
      event: text,
    });
    return { kind: 'rejected', eventId: parsed.eventId, reason: parsed.reason, repeated };
  }
  const { event } = parsed;
  const eventId = event.eventId ?? deliveryId;
  if (event.detailType === 'AchievementRevoked') {
    const { revokes, reason } = event.detail;
    const result = await deps.store.recordRevocation({ eventId, source: event.source, target: identifyRevocation(event), revokes, reason });
    return {
      kind: 'revocation',
      eventId,
      changed: result.changed,
      repeated: result.repeated,
      state: result.revocation?.state ?? null,
      refusedReason: result.revocation?.refusedReason ?? null,
    };
  }
  const computed = computeAwards(event, deps.catalog);
  switch (computed.kind) {
    case 'awards': {
      const awards = computed.awards.map((a) => ({ ...a, eventId }));
      const result = await deps.store.recordAwards({ eventId, source: event.source, fact: identifyFact(event), awards });
      // Counted once, when the disagreeing repeat first arrives, not again on each redelivery of it.
      const conflicting = !result.redelivered && result.outcome.kind === 'duplicate' && result.outcome.conflicting;
      return { kind: 'awards', eventId, awards: result.awards, repeated: result.repeated, conflicting, revocations: result.revocations };
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

/** An id an invalid event claims, if it can serve as a key (bounded, well formed); otherwise the delivery's id. */
function usableId(claimed: string | null): string | null {
  if (claimed === null || claimed.length === 0 || claimed.length > LIMITS.idCharsMax || !claimed.isWellFormed()) return null;
  return claimed;
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
