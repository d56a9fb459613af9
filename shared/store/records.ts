/**
 * The records that account for events both ways: event outcomes, fact keys (with the revocations that arrived before
 * their fact), quarantined events and revocations, each with a zod schema that reads it back.
 */
import * as z from 'zod';
import type { FactIdentity } from '../domain/identity';
import { lazy } from '../lazy';
import { LIMITS } from '../limits';
import { type Item, readItem } from './items';
import { keys } from './table';

// ------------------------------------------------------------------------------------------ event outcomes

/**
 * PENDING: the fact it names has not arrived; APPLIED: the fact's awards were voided (or clawed back); REFUSED: the
 * fact was sent by another source, so the revocation changes nothing.
 */
import { REVOCATION_STATES, type RevocationState } from '../domain/revocations';

export { REVOCATION_STATES, type RevocationState };

const ids = lazy(() => z.array(z.string()));

export const outcomeSchema = lazy(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('awards'), eventId: z.string(), awardIds: ids(), receivedAt: z.string(), voidedBy: z.string().optional() }),
  z.object({
    kind: z.literal('duplicate'),
    eventId: z.string(),
    awardIds: ids(),
    firstEventId: z.string(),
    /** The repeat computes other awards than the first arrival did: the upstream facts disagree. */
    conflicting: z.boolean(),
    receivedAt: z.string(),
  }),
  z.object({ kind: z.literal('no-award'), eventId: z.string(), reason: z.string(), receivedAt: z.string() }),
  z.object({
    kind: z.literal('revocation'),
    eventId: z.string(),
    awardIds: ids(),
    receivedAt: z.string(),
    /** Its state when it arrived; the revocation record (GET /revocations) holds where it stands now. */
    stateOnArrival: z.enum(REVOCATION_STATES).optional(),
  }),
]));

export type EventOutcome = z.output<ReturnType<typeof outcomeSchema>>;

export function eventItem(outcome: EventOutcome, extra: Item = {}): Item {
  return { ...keys.event(outcome.eventId), itemType: 'event', ...extra, outcome };
}

const eventSchema = lazy(() => z.object({ outcome: outcomeSchema() }));
export const parseOutcome = (item: Item): EventOutcome => readItem(eventSchema(), item, 'event').outcome;

export function outcomeAwardIds(outcome: EventOutcome): readonly string[] {
  return outcome.kind === 'no-award' ? [] : outcome.awardIds;
}

// ------------------------------------------------------------------------------------------ fact keys

/** A revocation that named a fact, as the fact's key keeps it. */
const waitingSchema = lazy(() => z.object({ eventId: z.string(), source: z.string(), reason: z.string(), receivedAt: z.string() }));
export type WaitingRevocation = z.output<ReturnType<typeof waitingSchema>>;

/**
 * A fact's permanent key: the fact as first recorded, or, when revocations named it before it arrived, a placeholder
 * holding them, which the fact meets when it arrives (ADR 006). Either way it is written under its version, so a fact
 * and a revocation that race are serialised on this one item.
 */
const factSchema = lazy(() => z.discriminatedUnion('state', [
  z.object({
    state: z.literal('recorded'),
    source: z.string(),
    eventId: z.string(),
    awardIds: ids(),
    /** What the engine computed, to tell a repeat that disagrees (other awards or amounts). */
    computed: ids(),
    version: z.number().int().min(1),
  }),
  z.object({
    state: z.literal('revoked-before-arrival'),
    revocations: z.array(waitingSchema()).min(1).max(LIMITS.store.revocationsPerFactMax),
    version: z.number().int().min(1),
  }),
]));
export type FactRecord = z.output<ReturnType<typeof factSchema>>;
export type RecordedFact = Extract<FactRecord, { state: 'recorded' }>;
/** A fact not yet arrived that revocations are waiting for. */
export type AwaitedFact = Extract<FactRecord, { state: 'revoked-before-arrival' }>;

export function factItem(key: { pk: string; sk: string }, fact: Omit<FactIdentity, never> | null, record: FactRecord, at: string): Item {
  return { ...key, itemType: 'fact', ...(fact ?? {}), ...record, updatedAt: at };
}

export const parseFact = (item: Item | null): FactRecord | null => (item === null ? null : readItem(factSchema(), item, 'fact'));

/** Where a fact's key is written: as new, or over the version read. */
export function factCondition(read: FactRecord | null): { condition: string; values?: Record<string, unknown> } {
  return read === null ? { condition: 'attribute_not_exists(pk)' } : { condition: 'version = :v', values: { ':v': read.version } };
}

// ------------------------------------------------------------------------------------------ quarantine

export interface Rejection {
  readonly rejectionId: string;
  readonly eventId: string | null;
  readonly detailType: string | null;
  readonly reason: string;
  readonly receivedAt: string;
  /** The event as received (its text), kept for audit; cut to fit an item, never dropped. */
  readonly event: string;
}

export type RejectionInput = Omit<Rejection, 'receivedAt'>;

const rejectionSchema = lazy(() => z.object({
  rejectionId: z.string(),
  eventId: z.string().nullable().default(null),
  detailType: z.string().nullable().default(null),
  reason: z.string(),
  receivedAt: z.string(),
  event: z.string(),
}));

export function rejectionItem(rejection: Rejection): Item {
  return { ...keys.rejection(rejection.rejectionId), itemType: 'rejection', gsi1pk: 'REJECTIONS', gsi1sk: `${rejection.receivedAt}#${rejection.rejectionId}`, ...rejection };
}

export const parseRejection = (item: Item): Rejection => readItem(rejectionSchema(), item, 'rejection');

/**
 * The longest prefix of `text` whose UTF-8 encoding fits `bytesMax`, cut on a character boundary, with a note of
 * what was cut; lone surrogates (which DynamoDB cannot store) become U+FFFD.
 */
export function fitUtf8(text: string, bytesMax: number): string {
  const wellFormed = text.toWellFormed();
  const bytes = Buffer.byteLength(wellFormed, 'utf8');
  if (bytes <= bytesMax) return wellFormed;
  const note = `…[truncated: ${bytes} bytes, ${wellFormed.length} UTF-16 units in all]`;
  const budget = bytesMax - Buffer.byteLength(note, 'utf8');
  // Binary search the longest prefix (in code units, never splitting a surrogate pair) within the budget.
  let low = 0;
  let high = wellFormed.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (Buffer.byteLength(wellFormed.slice(0, mid), 'utf8') <= budget) low = mid;
    else high = mid - 1;
  }
  const code = wellFormed.charCodeAt(low - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? low - 1 : low;
  return `${wellFormed.slice(0, end)}${note}`;
}

/** A rejection as it is stored: every text cut to fit, so the item always fits. */
export function fitRejection(input: RejectionInput, receivedAt: string): Rejection {
  const q = LIMITS.quarantine;
  return {
    rejectionId: input.rejectionId,
    eventId: input.eventId === null ? null : fitUtf8(input.eventId, q.idCharsMax * 4),
    detailType: input.detailType === null ? null : fitUtf8(input.detailType, q.detailTypeCharsMax * 4),
    reason: fitUtf8(input.reason, q.reasonBytesMax),
    receivedAt,
    event: fitUtf8(input.event, q.eventBytesMax),
  };
}

// ------------------------------------------------------------------------------------------ revocations

export function wrongSource(factSource: string): string {
  return `the fact was sent by ${factSource}; a revocation counts only from the source that sent the fact`;
}

/** A revocation event as auditors see it (GET /revocations). */
export interface Revocation {
  readonly eventId: string;
  readonly source: string;
  readonly revokes: { readonly detailType: string; readonly reference: string };
  readonly recipientId: string;
  readonly reason: string;
  readonly receivedAt: string;
  readonly state: RevocationState;
  /** The awards it voided or put into clawback. */
  readonly awardIds: readonly string[];
  readonly appliedAt: string | null;
  readonly refusedAt: string | null;
  readonly refusedReason: string | null;
}

const revocationSchema = lazy(() => z
  .object({
    eventId: z.string(),
    source: z.string(),
    revokes: z.object({ detailType: z.string(), reference: z.string() }),
    recipientId: z.string(),
    reason: z.string(),
    receivedAt: z.string(),
    awardIds: ids().default([]),
    appliedAt: z.string().nullable().default(null),
    refusedAt: z.string().nullable().default(null),
    refusedReason: z.string().nullable().default(null),
  })
  // The state is derived from when it was applied or refused, so a fact that arrives later can record either with an
  // unconditional `if_not_exists` update, without reading the revocation first. Applied wins.
  .transform((r): Revocation => ({ ...r, state: r.appliedAt !== null ? 'APPLIED' : r.refusedAt !== null ? 'REFUSED' : 'PENDING' })));

export function revocationItem(revocation: Revocation): Item {
  const { state: _derived, ...stored } = revocation;
  return {
    ...keys.revocation(revocation.eventId),
    itemType: 'revocation',
    gsi1pk: 'REVOCATIONS',
    gsi1sk: `${revocation.receivedAt}#${revocation.eventId}`,
    ...Object.fromEntries(Object.entries(stored).filter(([, v]) => v !== null)),
  };
}

export const parseRevocation = (item: Item): Revocation => readItem(revocationSchema(), item, 'revocation');
