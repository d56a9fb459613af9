/**
 * What award-intake does with a batch of events, whatever drives it (Lambda's SQS source, the local poller, a test):
 * validate each, compute its awards, and account for it in the store as awards, a no-award outcome, a revocation, or
 * a quarantined rejection. Facts and no-award outcomes of a batch are recorded together, in two round trips per
 * transaction (ADR 008); revocations and quarantines one by one (they are rare). A rejection is final, never retried;
 * a failure of one event (a thrown error: throttling, a lost race past its retries) fails that event alone.
 */
import { redactEventText } from '../domain/redaction';
import { parseEventText } from '../../events/contracts';
import type { Catalog } from '../domain/catalog';
import { computeAwards } from '../domain/engine';
import type { Award } from '../domain/awards';
import { identifyFact, identifyRevocation } from '../domain/identity';
import { type PersonKey, redactIdNumbers } from '../domain/person';
import { LIMITS } from '../limits';
import type { AcceptedEvent, AwardStore, BatchInput, RevocationState, RevocationsMet } from '../store/store';
import { keptEvent } from './accepted';

export type IntakeResult
  = | { readonly kind: 'rejected'; readonly eventId: string | null; readonly reason: string; readonly repeated: boolean }
    | {
      readonly kind: 'awards';
      readonly eventId: string;
      readonly awards: readonly Award[];
      readonly repeated: boolean;
      /** A repeat of the fact that computes other awards than its first arrival (counted once, not per redelivery). */
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

/** One delivered event: its text (an SQS body) and the delivery's id (the SQS message id). */
export interface Delivery {
  readonly text: string;
  readonly deliveryId: string;
  /**
   * When it reached the pipeline (the SQS message's SentTimestamp: the same on every redelivery of the message), kept
   * with the accepted event; the store's clock when not given.
   */
  readonly receivedAt?: string;
}

export type Ingested = { readonly ok: true; readonly result: IntakeResult } | { readonly ok: false; readonly error: unknown };

interface Deps {
  readonly store: AwardStore;
  readonly catalog: Catalog;
  /** The deployment secret that keys a person's id (shared/domain/person.ts). */
  readonly personKey: PersonKey;
}

/** One event; a failure is thrown (for redelivery). */
export async function ingest(text: string, deliveryId: string, deps: Deps): Promise<IntakeResult> {
  const [one] = await ingestBatch([{ text, deliveryId }], deps);
  if (one === undefined) throw new Error('ingestBatch answered nothing for one event');
  if (!one.ok) throw one.error;
  return one.result;
}

/** A batch of events; one outcome per delivery, in order. */
export async function ingestBatch(deliveries: readonly Delivery[], deps: Deps): Promise<Ingested[]> {
  const results = new Map<number, Ingested>();
  const settle = async (i: number, work: () => Promise<IntakeResult>) => {
    try {
      results.set(i, { ok: true, result: await work() });
    } catch (error) {
      results.set(i, { ok: false, error });
    }
  };
  const batch: Array<{ i: number; input: BatchInput }> = [];
  const revocations: number[] = [];
  const parsed = deliveries.map((d) => parseEventText(d.text));
  const kept: AcceptedEvent[] = [];
  const now = deps.store.core.clock().toISOString();
  for (const [i, p] of parsed.entries()) {
    const { text, deliveryId } = deliveries[i] as Delivery;
    if (!p.ok) {
      await settle(i, async () => {
        // Kept for audit and read by every auditor: an identity number in rejected input is kept masked (ADR 009).
        const reason = redactIdNumbers(p.reason);
        const rejectionId = usableId(p.eventId) ?? deliveryId;
        const rejection = { rejectionId, eventId: p.eventId, detailType: detailTypeOf(text), reason, event: redactEventText(text) };
        const { repeated } = await deps.store.recordRejection(rejection);
        return { kind: 'rejected', eventId: p.eventId, reason, repeated };
      });
      continue;
    }
    const { event } = p;
    const eventId = event.eventId ?? deliveryId;
    kept.push(keptEvent(event, text, eventId, deliveries[i]?.receivedAt ?? now, deps.personKey));
    if (event.detailType === 'AchievementRevoked') {
      revocations.push(i);
      continue;
    }
    const computed = computeAwards(event, deps.catalog, deps.personKey);
    batch.push({
      i,
      input: computed.kind === 'awards'
        ? { kind: 'fact', eventId, source: event.source, fact: identifyFact(event, deps.personKey), awards: computed.awards.map((a) => ({ ...a, eventId })) }
        : { kind: 'no-award', eventId, detailType: event.detailType, reason: computed.reason },
    });
  }
  if (!(await keepFirst(deps.store, kept, [...batch.map((b) => b.i), ...revocations], results))) return deliveries.map((_, i) => results.get(i) as Ingested);
  const recorded = await deps.store.recordBatch(batch.map((b) => b.input));
  batch.forEach(({ i, input }, n) => {
    const outcome = recorded[n];
    if (outcome === undefined || !outcome.ok) return results.set(i, { ok: false, error: outcome?.error ?? new Error('no outcome') });
    const { value } = outcome;
    if (input.kind === 'no-award') return results.set(i, { ok: true, result: { kind: 'no-award', eventId: input.eventId, reason: input.reason, repeated: value.repeated } });
    // Counted once, when the disagreeing repeat first arrives, not again on each redelivery of it.
    const conflicting = !value.redelivered && value.outcome.kind === 'duplicate' && value.outcome.conflicting;
    return results.set(i, { ok: true, result: { kind: 'awards', eventId: input.eventId, awards: value.awards, repeated: value.repeated, conflicting, revocations: value.revocations } });
  });
  // Revocations after the facts of the same batch, so they meet them.
  for (const i of revocations) {
    const p = parsed[i];
    if (p?.ok !== true || p.event.detailType !== 'AchievementRevoked') continue;
    const { event } = p;
    const eventId = event.eventId ?? (deliveries[i] as Delivery).deliveryId;
    await settle(i, async () => {
      const { revokes, reason } = event.detail;
      const result = await deps.store.recordRevocation({ eventId, source: event.source, target: identifyRevocation(event, deps.personKey), revokes, reason });
      const { revocation } = result;
      return { kind: 'revocation', eventId, changed: result.changed, repeated: result.repeated, state: revocation?.state ?? null, refusedReason: revocation?.refusedReason ?? null };
    });
  }
  return deliveries.map((_, i) => results.get(i) as Ingested);
}

/**
 * Keeps the batch's accepted events before anything is recorded, so an event whose outcome exists always has its
 * record. If that fails, every accepted event of the batch fails with it and is redelivered (a rejection is already
 * quarantined and stays so); answers whether the batch goes on.
 */
async function keepFirst(store: AwardStore, kept: readonly AcceptedEvent[], accepted: readonly number[], results: Map<number, Ingested>): Promise<boolean> {
  try {
    await store.keepAccepted(kept);
    return true;
  } catch (error) {
    for (const i of accepted) results.set(i, { ok: false, error });
    return false;
  }
}

/** An id an invalid event claims, if it can serve as a key (bounded, well formed); otherwise the delivery's id. */
function usableId(claimed: string | null): string | null {
  if (claimed === null || claimed.length === 0 || claimed.length > LIMITS.event.idCharsMax || !claimed.isWellFormed()) return null;
  return claimed;
}

/** The detail-type a rejected event claims, for the quarantine listing; null when it names none. */
function detailTypeOf(text: string): string | null {
  try {
    const raw = JSON.parse(text) as { 'detail-type'?: unknown };
    return typeof raw['detail-type'] === 'string' ? raw['detail-type'].slice(0, LIMITS.quarantine.detailTypeCharsMax) : null;
  } catch {
    return null;
  }
}
