/**
 * The bank's answers, reconciled (DESIGN.md, "Payment", ADR 010). A pain.002, camt.054 or camt.053 is read and
 * validated against its XSD first (a file that fails changes nothing); then each entry is matched by EndToEndId, the
 * award id: a confirmation of a PAYING award disburses it, a return or rejection fails it back to reserved (or, when
 * the fact was revoked meanwhile, settles the revocation). Anything else — an unknown id, another amount, a second
 * confirmation, an answer about an award that is not with the bank — becomes a reconciliation exception for finance,
 * never a silent change. Idempotent: by message id for the file (recorded last), by award status and the answer's
 * message id for each payment, by a deterministic id for each exception; so a crash mid-file and a re-import apply
 * each entry exactly once.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { Principal } from '../domain/authz';
import { hasRole } from '../domain/authz';
import { type Award, type Failure, fail } from '../domain/awards';
import { type BankAnswer, confirmPayment, returnPayment } from '../domain/payments';
import { type BankEntry, type BankFile, readBankFile } from '../iso20022/bank-files';
import { lazy } from '../lazy';
import type { Result } from './commands';
import { mutate } from './commands';
import type { StoreCore } from './core';
import { type Item, parseAward, readItem } from './items';
import { type Page, listByTime } from './queries';
import { keys } from './table';

export const EXCEPTION_KINDS = ['UNKNOWN_END_TO_END_ID', 'AMOUNT_MISMATCH', 'CONFIRMED_TWICE', 'NOT_PAYING'] as const;
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
}));
export type ReconciliationException = z.output<ReturnType<typeof exceptionSchema>>;
const parseException = (item: Item): ReconciliationException => readItem(exceptionSchema(), item, 'reconciliation exception');

/** Written without the resolution while OPEN, so `attribute_not_exists(resolvedAt)` is what OPEN means. */
function exceptionItem(e: ReconciliationException): Item {
  const { resolvedBy, resolvedAt, note, ...open } = e;
  const resolution = resolvedAt === null ? {} : { resolvedBy, resolvedAt, note };
  return { ...keys.exception(e.exceptionId), itemType: 'exception', gsi1pk: keys.exceptionsOf(e.jurisdiction), gsi1sk: `${e.createdAt}#${e.exceptionId}`, ...open, ...resolution };
}

/** Writes an item unless it is there already (its key is deterministic: there already means written before). */
function putOnce(core: StoreCore, name: string, key: { pk: string; sk: string }, item: Item): Promise<void> {
  return core.transact<void>(name, async () => ((await core.get(key)) === null ? { write: [core.put(item, 'attribute_not_exists(pk)')], result: undefined } : { done: undefined }));
}

export interface ImportSummary {
  readonly messageId: string;
  readonly type: BankFile['type'];
  readonly matched: number;
  readonly returned: number;
  readonly exceptions: number;
  readonly pending: number;
  readonly repeated: boolean;
  /** Awards whose payment came back (for the ReturnedPayments metric). */
  readonly returnedAwards: readonly string[];
}

type Outcome = { kind: 'matched' | 'returned' | 'pending' | 'applied-before' } | { kind: 'exception'; exception: ReconciliationException };

const count = () => z.number().int().min(0);
const messageSchema = lazy(() => z.object({
  summary: z.object({ messageId: z.string(), type: z.string(), matched: count(), returned: count(), exceptions: count(), pending: count() }),
}));

/** One entry: a transition of its award, or an exception (kept once: its id derives from the file and the entry). */
async function apply(core: StoreCore, file: BankFile, entry: BankEntry, index: number): Promise<Outcome> {
  if (entry.outcome === 'PENDING') return { kind: 'pending' };
  const at = core.clock().toISOString();
  const exception = (kind: ExceptionKind, award: Award | null, detail: string): Outcome => ({
    kind: 'exception',
    exception: {
      exceptionId: `ex-${createHash('sha256').update(`${file.messageId}\u0000${index}`).digest('hex').slice(0, 24)}`,
      kind, jurisdiction: award?.jurisdiction ?? null, endToEndId: entry.endToEndId, amountFen: entry.amountFen, detail, messageId: file.messageId,
      status: 'OPEN', createdAt: at, resolvedBy: null, resolvedAt: null, note: null,
    },
  });
  const award = entry.endToEndId === null ? null : await readAward(core, entry.endToEndId);
  if (award === null) return exception('UNKNOWN_END_TO_END_ID', null, `${file.type} ${file.messageId} names ${entry.endToEndId ?? 'no EndToEndId'}, which is no award`);
  if (award.bankAnswer?.messageId === file.messageId) return { kind: 'applied-before' };
  // A bank reports a return twice, as a rejection in its status report and a returned credit on the statement: the
  // second says nothing new about a payment that already failed (a second *confirmation* is an exception, below).
  const failedBefore = award.status === 'PAYMENT_FAILED' && award.bankAnswer !== null && award.bankAnswer.outcome !== 'CONFIRMED';
  if (failedBefore && entry.outcome !== 'CONFIRMED') return { kind: 'applied-before' };
  if (award.status !== 'PAYING') {
    const kind = entry.outcome === 'CONFIRMED' && (award.status === 'DISBURSED' || award.status === 'CLAWBACK_DUE' || award.status === 'CLAWED_BACK') ? 'CONFIRMED_TWICE' : 'NOT_PAYING';
    return exception(kind, award, `${file.type} ${file.messageId} says ${entry.outcome}${entry.reasonCode ? ` (${entry.reasonCode})` : ''} for ${award.awardId}, which is ${award.status}`);
  }
  if (entry.amountFen === null || entry.amountFen !== award.amountFen) {
    return exception('AMOUNT_MISMATCH', award, `${file.type} ${file.messageId} says ${entry.outcome} for ${entry.amountFen ?? 'no amount'} fen; ${award.awardId} was sent for ${award.amountFen ?? 0} fen${entry.reason ? ` (${entry.reason})` : ''}`);
  }
  const answer: BankAnswer = { messageId: file.messageId, outcome: entry.outcome, reasonCode: entry.reasonCode, reason: entry.reason, at };
  const decider = entry.outcome === 'CONFIRMED' ? confirmPayment : returnPayment;
  const result = await mutate(core, 'reconcile', award.awardId, (a, now) => decider(a, answer, { now }));
  if (!result.ok) {
    // The award moved between the read and the write: read again next time; say what happened now.
    return exception('NOT_PAYING', award, `${file.type} ${file.messageId}: ${result.message}`);
  }
  return { kind: entry.outcome === 'CONFIRMED' ? 'matched' : 'returned' };
}

async function readAward(core: StoreCore, awardId: string): Promise<Award | null> {
  const item = await core.get(keys.award(awardId));
  return item === null ? null : parseAward(item);
}

export function reconciliation(core: StoreCore) {
  return {
    /** Reconciles one bank file; `{ ok: false }` with the reason when it is not a valid pain.002, camt.054 or camt.053. */
    async importBankFile(xml: string): Promise<{ ok: true; value: ImportSummary } | Failure> {
      const read = await readBankFile(xml);
      if (!read.ok) return fail('VALIDATION', read.reason);
      const { file } = read;
      const seen = await core.get(keys.bankMessage(file.messageId));
      if (seen !== null) {
        const { summary } = readItem(messageSchema(), seen, 'bank message');
        return { ok: true, value: { ...summary, type: file.type, repeated: true, returnedAwards: [] } };
      }
      const counts = { matched: 0, returned: 0, exceptions: 0, pending: 0 };
      const returnedAwards: string[] = [];
      for (const [index, entry] of file.entries.entries()) {
        const outcome = await apply(core, file, entry, index);
        if (outcome.kind === 'exception') {
          counts.exceptions += 1;
          await putOnce(core, 'recordException', keys.exception(outcome.exception.exceptionId), exceptionItem(outcome.exception));
        } else if (outcome.kind === 'matched') counts.matched += 1;
        else if (outcome.kind === 'returned') {
          counts.returned += 1;
          if (entry.endToEndId) returnedAwards.push(entry.endToEndId);
        } else if (outcome.kind === 'pending') counts.pending += 1;
      }
      const summary = { messageId: file.messageId, type: file.type, ...counts };
      await putOnce(core, 'recordBankMessage', keys.bankMessage(file.messageId), { ...keys.bankMessage(file.messageId), itemType: 'bank-message', summary, importedAt: core.clock().toISOString() });
      return { ok: true, value: { ...summary, repeated: false, returnedAwards } };
    },

    listExceptions: (jurisdiction: string | null, options: { status?: 'OPEN' | 'RESOLVED'; limit?: number; cursor?: string | null }): Promise<Page<ReconciliationException>> =>
      listByTime(core, keys.exceptionsOf(jurisdiction), { limit: options.limit, cursor: options.cursor, ...(options.status === undefined ? {} : { filter: options.status === 'OPEN' ? 'attribute_not_exists(resolvedAt)' : 'attribute_exists(resolvedAt)' }) }, parseException),

    /** Marks an exception resolved, with the officer's note (an officer of its jurisdiction; any officer when none). */
    async resolveException(exceptionId: string, principal: Principal, note: string): Promise<Result<ReconciliationException>> {
      return core.transact<Result<ReconciliationException>>('resolveException', async () => {
        const item = await core.get(keys.exception(exceptionId));
        if (item === null) return { done: fail('NOT_FOUND', `no reconciliation exception ${exceptionId}`) };
        const found = parseException(item);
        const officer = found.jurisdiction === null ? principal.groups.some((g) => g.startsWith('officer:')) : hasRole(principal, 'officer', found.jurisdiction);
        if (!officer) return { done: fail('FORBIDDEN', `resolving exceptions of ${found.jurisdiction ?? 'no jurisdiction'} needs an officer of it`) };
        if (found.status === 'RESOLVED') return { done: fail('CONFLICT', `${exceptionId} was resolved by ${found.resolvedBy ?? '-'}`) };
        const resolved: ReconciliationException = { ...found, status: 'RESOLVED', resolvedBy: principal.user, resolvedAt: core.clock().toISOString(), note };
        return { write: [core.put(exceptionItem(resolved), 'attribute_not_exists(resolvedAt)')], result: { ok: true, value: resolved } };
      });
    },
  };
}
