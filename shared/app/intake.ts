/**
 * What award-intake does with a batch of events, whatever drives it (Lambda's SQS source, the local poller, a test):
 * validate each, compute its awards, and account for it in the store as awards, a no-award outcome, a revocation, or
 * a quarantined rejection. Facts and no-award outcomes of a batch are recorded together, in two round trips per
 * transaction (ADR 008); revocations and quarantines one by one (they are rare). A rejection is final, never retried;
 * a failure of one event (a thrown error: throttling, a lost race past its retries) fails that event alone.
 *
 * A batch goes through four phases (ingestDeliveries): plan (each delivery checked and decided, nothing written),
 * quarantine (rejections), record (facts and no-award outcomes), revoke. An accepted event is kept (for what-if, ADR
 * 013) in the transaction that records its outcome (ADR 019): the two exist together or not at all, and an event
 * whose transaction fails is neither, and is redelivered. Each delivery arrives parsed (shared/app/delivery.ts); no
 * phase reads its text but the audit copy of a rejection.
 */
import { redactEventText } from '../domain/redaction';
import type { FactEvent, RevocationEvent } from '../domain/events';
import type { Catalog } from '../domain/catalog';
import { computeAwards } from '../domain/engine';
import type { Award } from '../domain/awards';
import { identifyFact, identifyRevocation } from '../domain/identity';
import { type PersonKey, redactIdNumbers } from '../domain/person';
import type { AcceptedEvent, AwardStore, BatchInput, BatchOutcome, FirstEvent, RevocationState, RevocationsMet } from '../store/store';
import { chinaTime } from '../domain/time';
import { keptEventOf } from './accepted';
import { type Delivery, checkDelivery, claimedDetailType, deliveryOf, usableId } from './delivery';

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

export type { Delivery } from './delivery';

/** A delivery given as its text (bench, tests): parsed at this edge (deliveryOf) and ingested. */
export interface ReceivedText {
  readonly text: string;
  readonly deliveryId: string;
  readonly receivedAt?: string;
}

export type Ingested = { readonly ok: true; readonly result: IntakeResult } | { readonly ok: false; readonly error: unknown };

/** The outcome of the delivery at an index of the batch. */
type Outcome = readonly [number, Ingested];

interface Deps {
  readonly store: AwardStore;
  readonly catalog: Catalog;
  /** The deployment secret that keys a person's id (shared/domain/person.ts). */
  readonly personKey: PersonKey;
}

/** One event given as its text; a failure is thrown (for redelivery). */
export async function ingest(text: string, deliveryId: string, deps: Deps): Promise<IntakeResult> {
  const [one] = await ingestDeliveries([deliveryOf(text, deliveryId)], deps);
  if (one === undefined) throw new Error('ingestDeliveries answered nothing for one event');
  if (!one.ok) throw one.error;
  return one.result;
}

/** A batch of events given as texts; one outcome per text, in order. */
export function ingestBatch(received: readonly ReceivedText[], deps: Deps): Promise<Ingested[]> {
  return ingestDeliveries(received.map((r) => deliveryOf(r.text, r.deliveryId, r.receivedAt === undefined ? {} : { receivedAt: r.receivedAt })), deps);
}

/** A batch of deliveries; one outcome per delivery, in order. */
export async function ingestDeliveries(deliveries: readonly Delivery[], deps: Deps): Promise<Ingested[]> {
  const planned = plan(deliveries, deps);
  const quarantined: Outcome[] = [];
  for (const refused of planned.refused) quarantined.push([refused.i, await settle(() => quarantine(refused, deps))]);
  const recorded = await record(planned.records, deps);
  // Revocations after the facts of the batch, so they meet them.
  const revoked = await revoke(planned.revocations, deps);
  return inOrder(deliveries, [...quarantined, ...recorded, ...revoked]);
}

/** The outcomes of the phases, one per delivery, in the batch's order (every delivery has one). */
function inOrder(deliveries: readonly Delivery[], outcomes: readonly Outcome[]): Ingested[] {
  const byIndex = new Map(outcomes);
  return deliveries.map((_, i) => byIndex.get(i) as Ingested);
}

/** A delivery the contract refuses: quarantined, never recorded. */
interface Refused {
  readonly i: number;
  readonly delivery: Delivery;
  readonly eventId: string | null;
  readonly reason: string;
}

/** A fact or a no-award outcome: recorded with the others of the batch. */
interface ToRecord {
  readonly i: number;
  readonly delivery: Delivery;
  readonly input: BatchInput;
}

interface ToRevoke {
  readonly i: number;
  readonly delivery: Delivery;
  readonly eventId: string;
  readonly event: RevocationEvent;
  /** What is kept of it, written with its outcome. */
  readonly accepted: AcceptedEvent;
}

interface BatchPlan {
  readonly refused: Refused[];
  readonly records: ToRecord[];
  readonly revocations: ToRevoke[];
}

/** Plan: each delivery checked against the contract and decided (refused, a fact or no-award outcome, a revocation). */
function plan(deliveries: readonly Delivery[], deps: Deps): BatchPlan {
  const now = deps.store.clock().toISOString();
  const planned: BatchPlan = { refused: [], records: [], revocations: [] };
  deliveries.forEach((delivery, i) => {
    const checked = checkDelivery(delivery);
    if (!checked.ok) {
      planned.refused.push({ i, delivery, eventId: checked.eventId, reason: checked.reason });
      return;
    }
    const { event } = checked;
    const eventId = event.eventId ?? delivery.messageId;
    // What is kept of it (facts and revocations alike), written with its outcome.
    const accepted = keptEventOf(event, checked.json, eventId, delivery.receivedAt ?? now, deps.personKey);
    if (event.detailType === 'AchievementRevoked') planned.revocations.push({ i, delivery, eventId, event, accepted });
    else planned.records.push({ i, delivery, input: recordInput(event, eventId, accepted, deps) });
  });
  return planned;
}

/** What the store records of a fact: its awards, or why it has none. */
function recordInput(event: FactEvent, eventId: string, accepted: AcceptedEvent, deps: Deps): BatchInput {
  const computed = computeAwards(event, deps.catalog, deps.personKey);
  return computed.kind === 'awards'
    ? { kind: 'fact', eventId, source: event.source, fact: identifyFact(event, deps.personKey), awards: computed.awards.map((a) => ({ ...a, eventId })), accepted }
    : { kind: 'no-award', eventId, detailType: event.detailType, reason: computed.reason, accepted };
}

/**
 * A refused delivery, quarantined: its reason, and its text as received, kept for audit (masked). Each body refused
 * under one id is kept once: the keyed fingerprint of the text as delivered tells them apart (attack 2026-12-07-x, M2).
 */
async function quarantine(refused: Refused, deps: Deps): Promise<IntakeResult> {
  const { delivery, eventId } = refused;
  // Kept for audit and read by every auditor: an identity number in rejected input is kept masked (ADR 009).
  const reason = redactIdNumbers(refused.reason);
  const rejectionId = usableId(eventId) ?? delivery.messageId;
  const rejection = { rejectionId, eventId, detailType: claimedDetailType(delivery), reason, event: redactEventText(delivery.raw) };
  const { repeated } = await deps.store.recordRejection(rejection, deps.personKey.fingerprintOf(delivery.raw));
  return { kind: 'rejected', eventId, reason, repeated };
}

/** Record: the batch's facts and no-award outcomes, together (ADR 008); a failure of one fails it alone. */
async function record(records: readonly ToRecord[], deps: Deps): Promise<Outcome[]> {
  const recorded = await deps.store.recordBatch(records.map((r) => r.input));
  const outcomes: Outcome[] = [];
  for (const [n, { i, delivery, input }] of records.entries()) {
    const outcome = recorded[n];
    // Another event under an id already recorded is no redelivery: refused and kept for audit, never dropped unseen.
    const first = outcome?.ok === true ? outcome.value.otherEvent : undefined;
    const refused = first === undefined ? null : { i, delivery, eventId: input.eventId, reason: reusedId(input.eventId, first) };
    outcomes.push([i, refused !== null ? await settle(() => quarantine(refused, deps)) : recordedOutcome(input, outcome)]);
  }
  return outcomes;
}

/** Why another event under a used id is refused, naming the event that holds it, for the system that reused it. */
function reusedId(eventId: string, first: FirstEvent): string {
  const what = [first.detailType ?? first.kind, first.source === null ? null : `from ${first.source}`, first.receivedAt === null ? null : `received ${chinaTime(new Date(first.receivedAt))} Beijing time`];
  return `event id ${eventId} was already used by another event (${what.filter((w) => w !== null).join(', ')}; this one differs in its detail, type or source): `
    + 'this one is not recorded; the upstream system must send each event under an id of its own';
}

/** What the store recorded of a fact or a no-award outcome, as intake answers it. */
function recordedOutcome(input: BatchInput, outcome: BatchOutcome | undefined): Ingested {
  if (outcome === undefined || !outcome.ok) return { ok: false, error: outcome?.error ?? new Error('no outcome') };
  const { value } = outcome;
  if (input.kind === 'no-award') return { ok: true, result: { kind: 'no-award', eventId: input.eventId, reason: input.reason, repeated: value.repeated } };
  // Counted once, when the disagreeing repeat first arrives, not again on each redelivery of it.
  const conflicting = !value.redelivered && value.outcome.kind === 'duplicate' && value.outcome.conflicting;
  const { awards, repeated, revocations } = value;
  return { ok: true, result: { kind: 'awards', eventId: input.eventId, awards, repeated, conflicting, revocations } };
}

/** Revoke: the batch's revocations, one by one, after its facts. */
async function revoke(revocations: readonly ToRevoke[], deps: Deps): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const { i, delivery, eventId, event, accepted } of revocations) {
    outcomes.push([i, await settle(async () => {
      const { revokes, reason } = event.detail;
      const target = identifyRevocation(event, deps.personKey);
      const result = await deps.store.recordRevocation({ eventId, source: event.source, target, revokes, reason, accepted });
      // Another event under an id already recorded is no redelivery: refused and kept for audit, never dropped unseen.
      if (result.otherEvent !== undefined) return quarantine({ i, delivery, eventId, reason: reusedId(eventId, result.otherEvent) }, deps);
      const { changed, repeated, revocation } = result;
      return { kind: 'revocation', eventId, changed, repeated, state: revocation?.state ?? null, refusedReason: revocation?.refusedReason ?? null };
    })]);
  }
  return outcomes;
}

/** One event's work, its failure caught as its outcome. */
async function settle(work: () => Promise<IntakeResult>): Promise<Ingested> {
  try {
    return { ok: true, result: await work() };
  } catch (error) {
    return { ok: false, error };
  }
}
