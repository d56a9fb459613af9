/**
 * Reconciliation exceptions (ADR 010): what a bank said that settled nothing, kept for finance until an officer
 * resolves it with a note. Each has an id derived from what raised it (the file and the entry, or the refused file),
 * so raising it again is writing it again, never a second exception.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { Principal } from '../domain/authz';
import { authorize } from '../domain/authz';
import { fail } from '../domain/awards';
import type { DisputeOutcome } from '../domain/disputes';
import { redactIdNumbers } from '../domain/person';
import { lazy } from '../lazy';
import { LIMITS } from '../limits';
import type { Result } from './commands';
import type { StoreCore } from './core';
import { type Item, readItem } from './items';
import { type Page, listByTime } from './queries';
import { disputedBy, planDisputeResolution } from './disputes';
import { keyOf, keys } from './table';

/**
 * UNKNOWN_END_TO_END_ID: no such award. AMOUNT_MISMATCH: an answer for another amount than the payment's.
 * AMOUNT_MISSING: an answer that states no amount in CNY fen (none, another currency, not whole fen).
 * DETAILS_UNBALANCED: one of several transactions of an entry whose amounts are not all given or do not add up to the
 * entry's. CONFIRMED_TWICE: a second confirmation that is not the booking already confirmed. RETURNED_AFTER_PAYMENT:
 * money back after the bank confirmed it. OTHER_BATCH: an answer about an earlier attempt of an award sent again in a
 * newer batch. NO_BATCH_REFERENCE: an answer naming no batch about an award sent more than once (it may be about an
 * earlier attempt). NOT_PAYING: an answer about an award that is not with the bank. OTHER_JURISDICTION: a file imported
 * by an officer of another jurisdiction names the award. BANK_MESSAGE_CONFLICT: a file whose message id another file,
 * of other content or type, already holds (refused whole; the first file keeps the id). DIRECTION_CONFLICT: a booked
 * line that says two things about where the money went (a transaction's debit/credit indicator against its entry's,
 * return information on a debit). ACCOUNT_MISMATCH: a line naming another creditor account than the payment was sent
 * to. OTHER_ACCOUNT: a line of a report (or naming a debtor) of another account than the award's treasury's.
 * BOOKED_BEFORE_SENT: a booking dated before the batch it is about was made. BOOKED_IN_FUTURE: a booking dated after
 * tomorrow in China, when the file was read. A
 * NOT_PAYING confirmation of a failed payment also disputes the award (disputes.ts).
 */
export const EXCEPTION_KINDS = [
  'UNKNOWN_END_TO_END_ID', 'AMOUNT_MISMATCH', 'AMOUNT_MISSING', 'DETAILS_UNBALANCED', 'CONFIRMED_TWICE', 'RETURNED_AFTER_PAYMENT',
  'OTHER_BATCH', 'NO_BATCH_REFERENCE', 'NOT_PAYING', 'OTHER_JURISDICTION', 'BANK_MESSAGE_CONFLICT', 'DIRECTION_CONFLICT', 'ACCOUNT_MISMATCH',
  'OTHER_ACCOUNT', 'BOOKED_BEFORE_SENT', 'BOOKED_IN_FUTURE',
] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

const exceptionSchema = lazy(() => z.object({
  exceptionId: z.string(),
  kind: z.enum(EXCEPTION_KINDS),
  jurisdiction: z.string().nullable(),
  endToEndId: z.string().nullable(),
  amountFen: z.number().int().nullable(),
  detail: z.string(),
  messageId: z.string(),
  status: z.enum(['OPEN', 'RESOLVED']),
  createdAt: z.string(),
  resolvedBy: z.string().nullable().default(null),
  resolvedAt: z.string().nullable().default(null),
  note: z.string().nullable().default(null),
  /** What the officer decided about a disputed payment (paid or not); null for every other resolution. */
  outcome: z.enum(['paid', 'not-paid']).nullable().default(null),
}));
export type ReconciliationException = z.output<ReturnType<typeof exceptionSchema>>;
export const parseException = (item: Item): ReconciliationException => readItem(exceptionSchema(), item, 'reconciliation exception');

/** Written without the resolution while OPEN, so `attribute_not_exists(resolvedAt)` is what OPEN means. */
export function exceptionItem(e: ReconciliationException): Item {
  const { resolvedBy, resolvedAt, note, outcome, ...open } = e;
  const resolution = resolvedAt === null ? {} : { resolvedBy, resolvedAt, note, outcome };
  return { ...keys.exception(e.exceptionId), itemType: 'exception', gsi1pk: keys.exceptionsOf(e.jurisdiction), gsi1sk: `${e.createdAt}#${e.exceptionId}`, ...open, ...resolution };
}

/** The id of an exception raised by what `parts` name (a file and an entry's index; a refused file and a jurisdiction). */
export function exceptionIdOf(...parts: ReadonlyArray<string | number | null>): string {
  return `ex-${createHash('sha256').update(parts.map((p) => String(p)).join('\u0000')).digest('hex').slice(0, 24)}`;
}

/** A new OPEN exception; its detail never holds an identity number whole (ADR 009) nor more than a bounded text. */
export function openException(fields: Pick<ReconciliationException, 'exceptionId' | 'kind' | 'jurisdiction' | 'endToEndId' | 'amountFen' | 'messageId' | 'detail'>, at: string): ReconciliationException {
  const detail = Array.from(redactIdNumbers(fields.detail)).slice(0, LIMITS.payments.bankTextCharsMax).join('');
  return { ...fields, detail, status: 'OPEN', createdAt: at, resolvedBy: null, resolvedAt: null, note: null, outcome: null };
}

/** Writes those of `found` that are not there yet, in one transaction (at most LIMITS.store.transactItemsMax). */
export async function recordExceptions(core: StoreCore, found: readonly ReconciliationException[]): Promise<void> {
  if (found.length === 0) return;
  await core.transact<void>('recordExceptions', async () => {
    const there = await core.getMany(found.map((e) => keys.exception(e.exceptionId)));
    const missing = found.filter((e) => !there.has(keyOf(keys.exception(e.exceptionId))));
    return missing.length === 0 ? { done: undefined } : { write: missing.map((e) => core.put(exceptionItem(e), 'attribute_not_exists(pk)')), result: undefined };
  });
}

export function exceptions(core: StoreCore) {
  return {
    list: (jurisdiction: string | null, options: { status?: 'OPEN' | 'RESOLVED'; limit?: number; cursor?: string | null }): Promise<Page<ReconciliationException>> =>
      listByTime(core, keys.exceptionsOf(jurisdiction), { limit: options.limit, cursor: options.cursor, ...(options.status === undefined ? {} : { filter: options.status === 'OPEN' ? 'attribute_not_exists(resolvedAt)' : 'attribute_exists(resolvedAt)' }) }, parseException),

    /**
     * Marks an exception resolved, with the officer's note (an officer of its jurisdiction; any officer when none). The
     * exception of a disputed payment settles the dispute with it, in one transaction (disputes.ts: `outcome`, not by
     * an officer who imported either answer); `outcome` is refused on any other exception.
     */
    async resolve(exceptionId: string, principal: Principal, note: string, outcome?: DisputeOutcome): Promise<Result<ReconciliationException>> {
      return core.transact<Result<ReconciliationException>>('resolveException', async () => {
        const item = await core.get(keys.exception(exceptionId));
        if (item === null) return { done: fail('NOT_FOUND', `no reconciliation exception ${exceptionId}`) };
        const found = parseException(item);
        const allowed = authorize(principal, { kind: 'resolve-exception', jurisdiction: found.jurisdiction });
        if (!allowed.ok) return { done: fail('FORBIDDEN', allowed.reason) };
        if (found.status === 'RESOLVED') return { done: fail('CONFLICT', `${exceptionId} was resolved by ${found.resolvedBy ?? '-'}`) };
        const resolvedAs = (text: string, decided: DisputeOutcome | null): ReconciliationException => (
          { ...found, status: 'RESOLVED', resolvedBy: principal.user, resolvedAt: core.clock().toISOString(), note: text, outcome: decided });
        const disputed = await disputedBy(core, found);
        if (disputed !== null) {
          const resolved = (text: string, decided: DisputeOutcome) => {
            const value = resolvedAs(text, decided);
            return { item: exceptionItem(value), value };
          };
          return planDisputeResolution(core, { award: disputed, principal, exceptionId, note, outcome: outcome ?? 'not-paid', resolved });
        }
        if (outcome !== undefined) return { done: fail('CONFLICT', `${exceptionId} disputes no payment: "outcome" is given only when resolving the exception of a disputed payment`) };
        const resolved = resolvedAs(note, null);
        return { write: [core.put(exceptionItem(resolved), 'attribute_not_exists(resolvedAt)')], result: { ok: true, value: resolved } };
      });
    },
  };
}
