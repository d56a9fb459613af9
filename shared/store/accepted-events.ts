/**
 * Accepted events, kept (issue 14): every event intake accepted, with its detail as received (identity numbers
 * masked, the person's keyed id beside it), bounded in size, so history can be replayed (what-if) and an award's
 * evidence can show the event it came from. Keyed by event id; gsi1 lists them by the China-time month they were
 * received (`ACCEPTED#<YYYY-MM>`, `<receivedAt>#<eventId>`), so a period is a few bounded queries.
 */
import assert from 'node:assert/strict';
import * as z from 'zod';
import { chinaDate, chinaDayStart, isCalendarDate } from '../domain/time';
import { lazy } from '../lazy';
import { LIMITS } from '../limits';
import type { StoreCore } from './core';
import { assertIndexIn, assertKeyIn, decodeCursor, encodeCursor } from './cursor';
import { CorruptItemError, StoreError } from './errors';
import { type Item, readItem } from './items';
import { type Page, pageOf } from './queries';
import { parseOutcome } from './records';
import { INDEX, keyOf, keys } from './table';

export interface AcceptedEvent {
  readonly eventId: string;
  readonly source: string;
  readonly detailType: string;
  readonly receivedAt: string;
  /** The recipient's id as the store knows it (a credit code, or a person's keyed id); null when the detail has none. */
  readonly recipientId: string | null;
  /** The detail as received, JSON text, identity numbers masked; cut to LIMITS.store.acceptedDetailCharsMax when `truncated`. */
  readonly detail: string;
  readonly truncated: boolean;
  /**
   * Intake found it a duplicate of a fact already recorded (its outcome is `duplicate`): written with that outcome, so
   * the loser of a race is marked too, and what-if does not replay it. Absent on events kept before the mark (false).
   */
  readonly duplicate?: boolean;
  /**
   * The fiscal year intake budgeted the event's awards in: the China-time year of the moment it recorded them, which
   * can be the year after `receivedAt` (a message sent at 23:59 on 31 December, a redelivery, a redrive). What-if
   * counts the awards in it (review of issue 24). Absent on events kept before (the year of `receivedAt` then).
   */
  readonly fiscalYear?: number;
  /**
   * A keyed MAC of the event as received, whole (PersonKey.fingerprintOf): what tells another event under the same id
   * from a redelivery, where the kept detail is masked. Absent on events kept before it (attack 2026-12-07-x, M1).
   */
  readonly fingerprint?: string;
}

export const acceptedKeys = {
  event: (eventId: string) => ({ pk: `ACCEPTED#${eventId}`, sk: 'EVENT' }),
  /** The gsi1 partition of a month (YYYY-MM, China time). */
  month: (yearMonth: string) => `ACCEPTED#${yearMonth}`,
};

const schema = lazy(() => z.object({
  eventId: z.string(), source: z.string(), detailType: z.string(), receivedAt: z.string(),
  recipientId: z.string().nullable(), detail: z.string(), truncated: z.boolean(), duplicate: z.boolean().optional(),
  fiscalYear: z.number().int().min(2000).max(9999).optional(), fingerprint: z.string().regex(/^[0-9a-f]{32}$/).optional(),
}));

export const parseAcceptedEvent = (item: Item): AcceptedEvent => readItem(schema(), item, 'accepted event');

/**
 * An event as kept: on its outcome's item (an award's or a duplicate's, kept since ADR 027) or on an item of its own
 * (a no-award outcome's or a revocation's, and every event kept before), read together in one round trip.
 */
export async function getAcceptedEvent(core: StoreCore, eventId: string): Promise<AcceptedEvent | null> {
  if (eventId.length === 0 || eventId.length > 128) return null;
  const [own, outcome] = [acceptedKeys.event(eventId), keys.event(eventId)];
  const found = await core.getMany([own, outcome]);
  const item = found.get(keyOf(own)) ?? found.get(keyOf(outcome));
  return item === undefined || !keepsAnEvent(item) ? null : parseAcceptedEvent(item);
}

/** Whether an item holds a kept event: its own item, or an outcome's that carries it (an outcome of no event kept does not). */
const keepsAnEvent = (item: Item): boolean => item.itemType === 'accepted' || item.detail !== undefined;

/** The China-time month an instant falls in, `YYYY-MM`: the gsi1 partition an event received then is listed in. */
export const monthOf = (instant: string): string => chinaDate(new Date(instant)).slice(0, 7);

/**
 * The item of an accepted event: written by intake in the transaction that records the event's outcome (intake-plan.ts,
 * revocations.ts; ADR 019), so the two exist together or not at all, and a redelivery, whose outcome exists, writes
 * neither again. Its size is bounded by the cut of its detail (LIMITS.store.acceptedDetailCharsMax).
 */
export function acceptedItem(event: AcceptedEvent): Item {
  return { ...acceptedKeys.event(event.eventId), itemType: 'accepted', ...keptFields(event) };
}

/** What keeps an event on any item: its fields, and gsi1's month listing. */
const keptFields = (event: AcceptedEvent): Item => ({ gsi1pk: acceptedKeys.month(monthOf(event.receivedAt)), gsi1sk: `${event.receivedAt}#${event.eventId}`, ...event });

/**
 * Whether the items kept under an event's id were written for another event (attacks 2026-12-07-u F3 and -x): a fact
 * under a revocation's id or the reverse, or an event that differs from the one kept, on the outcome's item (a fact's,
 * ADR 027) or on its own (a no-award's, a revocation's: `own`). Told by the fingerprint of what was received, whole;
 * for an event kept before fingerprints, by what was kept (masked) and the recipient's keyed id. Items that keep no
 * event (from before ADR 019) cannot tell: a redelivery.
 */
export function keptOtherEvent(outcome: Item, own: Item | null, input: { accepted: AcceptedEvent | null }, arriving: 'fact' | 'revocation'): FirstEvent | null {
  const kept = keepsAnEvent(outcome) ? outcome : own !== null && keepsAnEvent(own) ? own : null;
  const first = firstEventOf(outcome, kept);
  const wasRevocation = (outcome.outcome as { kind?: unknown } | undefined)?.kind === 'revocation';
  if (wasRevocation !== (arriving === 'revocation')) return first;
  const { accepted } = input;
  if (accepted === null || kept === null) return null;
  if (typeof kept.fingerprint === 'string' && accepted.fingerprint !== undefined) return kept.fingerprint === accepted.fingerprint ? null : first;
  const same = kept.detail === accepted.detail && kept.detailType === accepted.detailType && kept.source === accepted.source
    && (kept.recipientId ?? null) === accepted.recipientId;
  return same ? null : first;
}

/** The event that holds an id, as a refusal names it to the system that reused the id: what it was, from whom, when. */
export interface FirstEvent {
  readonly kind: string;
  readonly detailType: string | null;
  readonly source: string | null;
  readonly receivedAt: string | null;
}

function firstEventOf(outcome: Item, kept: Item | null): FirstEvent {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const recorded = outcome.outcome as { kind?: unknown; receivedAt?: unknown } | undefined;
  return { kind: text(recorded?.kind) ?? 'unknown', detailType: text(kept?.detailType), source: text(kept?.source), receivedAt: text(kept?.receivedAt) ?? text(recorded?.receivedAt) };
}

/**
 * The event intake keeps with an outcome, null where none was delivered (a fact recorded by a test or a tool). Written
 * unconditionally: the outcome's condition decides whether the transaction lands, and a redelivery carries the same
 * record. A duplicate is marked so (what-if replays the fact's recorded event), and the fiscal year of this recording
 * goes with it (the one its awards are, or under a draft would be, budgeted in).
 */
export function keptEvent(input: { eventId: string; accepted: AcceptedEvent | null }, fiscalYear: number, duplicate: boolean): AcceptedEvent | null {
  if (input.accepted === null) return null;
  assert.equal(input.accepted.eventId, input.eventId, 'the event kept is the event recorded');
  return { ...input.accepted, fiscalYear, ...(duplicate ? { duplicate: true } : {}) };
}

/**
 * An outcome's item that keeps its event too (ADR 027): a fact's event, recorded or a duplicate, is one item of its
 * transaction, not two; gsi1 lists it by month as it lists events kept on their own. A no-award outcome's item is
 * listed on gsi1 as a no-award (NO_AWARD), so its event keeps an item of its own.
 */
export function outcomeKeepingEvent(outcomeItem: Item, event: AcceptedEvent): Item {
  assert.equal(outcomeItem.gsi1pk, undefined, 'an outcome listed on gsi1 keeps its event on an item of its own');
  assert.equal((outcomeItem.outcome as { eventId?: unknown } | undefined)?.eventId, event.eventId, 'the event kept is the event recorded');
  return { ...keptFields(event), ...outcomeItem };
}

/** Every China-time month from the month of `from` to that of `to`, in order, within the period's limit. */
export function monthsBetween(from: string, to: string): string[] {
  if (!isCalendarDate(from) || !isCalendarDate(to) || from > to) throw new StoreError(`a period runs from a date to a date on or after it, got ${from} to ${to}`);
  const months: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    months.push(current);
    if (current === last) return months;
    if (months.length >= LIMITS.whatif.periodMonthsMax) throw new StoreError(`a period spans at most ${LIMITS.whatif.periodMonthsMax} months`);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
}

export interface AcceptedQuery {
  /** China Standard Time dates, inclusive: the events received from the start of `from` to the end of `to`. */
  readonly from: string;
  readonly to: string;
  readonly limit?: number;
  readonly cursor?: string | null;
}

/**
 * The events accepted in a period, in the order they were received: the month partitions one after another, each a
 * key condition on the instants the dates cover. A page holds at most `pageEventsMax`; the cursor is bound to the
 * period it was issued for.
 */
export async function listAcceptedEvents(core: StoreCore, query: AcceptedQuery): Promise<Page<AcceptedEvent>> {
  const months = monthsBetween(query.from, query.to);
  const limit = Math.min(Math.max(query.limit ?? LIMITS.store.pageSizeDefault, 1), LIMITS.whatif.pageEventsMax);
  const bound = { list: 'accepted', from: query.from, to: query.to };
  const cursor = decodeCursor('partitions', query.cursor, bound) ?? { i: 0, key: null };
  assertIndexIn(cursor.i, months);
  let { i, key } = cursor;
  assertKeyIn(key, { attribute: 'gsi1pk', value: acceptedKeys.month(months[i] as string) });
  const range = { ':lo': chinaDayStart(query.from, 0), ':hi': chinaDayStart(query.to, 1) };
  const items: AcceptedEvent[] = [];
  while (i < months.length && items.length < limit) {
    const page = await pageOf(
      core,
      {
        IndexName: INDEX.byJurisdiction,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': acceptedKeys.month(months[i] as string), ...range },
      },
      limit - items.length,
      key,
      parseAcceptedEvent,
    );
    items.push(...page.items);
    if (page.next === null) [i, key] = [i + 1, null];
    else key = page.next;
  }
  return { items: await markedAsRecorded(core, items), cursor: i < months.length ? encodeCursor('partitions', { i, key }, bound) : null };
}

/**
 * Events kept before intake marked duplicates on them (they have neither `duplicate` nor `fiscalYear`, which intake
 * writes on every fact's event it keeps since) are marked from their outcome, one BatchGetItem per 100 of a page: before, what-if
 * replayed such a duplicate as if it had been recorded, and of two amounts for one fact the event id decided.
 */
/**
 * Whether an outcome says duplicate. One that cannot be read (a legacy or damaged item) leaves its event unmarked, replayed
 * as every event kept before the mark was: a simulation is not failed by one item it reads only to skip duplicates
 * (review 2026-12-07-a, W1). GET /events/{id} still reports that item as corrupt.
 */
function isDuplicate(outcome: Item): boolean {
  try {
    return parseOutcome(outcome).kind === 'duplicate';
  } catch (error) {
    if (error instanceof CorruptItemError) return false;
    throw error;
  }
}

async function markedAsRecorded(core: StoreCore, items: readonly AcceptedEvent[]): Promise<AcceptedEvent[]> {
  // A revocation is kept without either (revocations.ts) and is never a duplicate of a fact: it is not looked up.
  const unmarked = (e: AcceptedEvent) => e.duplicate === undefined && e.fiscalYear === undefined && e.detailType !== 'AchievementRevoked';
  if (!items.some(unmarked)) return [...items];
  const outcomes = await core.getMany(items.filter(unmarked).map((e) => keys.event(e.eventId)));
  return items.map((e) => {
    if (!unmarked(e)) return e;
    const outcome = outcomes.get(keyOf(keys.event(e.eventId)));
    return outcome === undefined || !isDuplicate(outcome) ? e : { ...e, duplicate: true };
  });
}
