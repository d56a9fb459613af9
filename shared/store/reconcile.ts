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
import { authorize } from '../domain/authz';
import { type Award, type Failure, fail } from '../domain/awards';
import { type BankAnswer, confirmPayment, returnPayment } from '../domain/payments';
import { type BankEntry, type BankFile, readBankFile } from '../iso20022/bank-files';
import { redactIdNumbers } from '../domain/person';
import { parseBatch } from './batch-items';
import { lazy } from '../lazy';
import type { Result } from './commands';
import { mutate } from './commands';
import type { StoreCore } from './core';
import { type Item, parseAward, readItem } from './items';
import { type Page, listByTime } from './queries';
import { keys } from './table';

/**
 * UNKNOWN_END_TO_END_ID: no such award. AMOUNT_MISMATCH: a confirmation (or a return) for another amount.
 * CONFIRMED_TWICE: a confirmation of a payment already confirmed. RETURNED_AFTER_PAYMENT: money back after the bank
 * confirmed it. OTHER_BATCH: an answer about an earlier attempt of an award sent again in a newer batch. NOT_PAYING:
 * an answer about an award that is not with the bank. OTHER_JURISDICTION: a file imported by an officer of another
 * jurisdiction names the award (nothing changes; its own officers see it).
 */
export const EXCEPTION_KINDS = ['UNKNOWN_END_TO_END_ID', 'AMOUNT_MISMATCH', 'CONFIRMED_TWICE', 'RETURNED_AFTER_PAYMENT', 'OTHER_BATCH', 'NOT_PAYING', 'OTHER_JURISDICTION'] as const;
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
}

/** Who imports a file: the bank's own drop (all jurisdictions) or an officer (their jurisdictions only). */
export interface ImportScope {
  readonly jurisdictions: 'all' | readonly string[];
  readonly importedBy: string;
}

type Outcome = { kind: 'matched' | 'returned' | 'pending' | 'applied-before' } | { kind: 'exception'; exception: ReconciliationException };

const count = () => z.number().int().min(0);
const messageSchema = lazy(() => z.object({
  summary: z.object({ messageId: z.string(), type: z.string(), matched: count(), returned: count(), exceptions: count(), pending: count() }),
}));

/** Why an answer cannot settle the award, or null when it can (the award is PAYING in the batch the answer names). */
function disagreement(file: BankFile, entry: BankEntry, award: Award, scope: ImportScope): [ExceptionKind, string] | null {
  const said = `${file.type} ${file.messageId} says ${entry.outcome}${entry.reasonCode ? ` (${entry.reasonCode})` : ''} for ${award.awardId}`;
  if (scope.jurisdictions !== 'all' && !scope.jurisdictions.includes(award.jurisdiction)) {
    return ['OTHER_JURISDICTION', `${said}, an award of ${award.jurisdiction}, in a file ${scope.importedBy} imported`];
  }
  if (entry.batchId !== null && award.paymentId !== null && entry.batchId !== award.paymentId) {
    return ['OTHER_BATCH', `${said} in batch ${entry.batchId}; it was last sent in batch ${award.paymentId} and is ${award.status}`];
  }
  if (award.status !== 'PAYING') {
    const paid = award.status === 'DISBURSED' || award.status === 'CLAWBACK_DUE' || award.status === 'CLAWED_BACK';
    const kind = paid ? (entry.outcome === 'CONFIRMED' ? 'CONFIRMED_TWICE' : 'RETURNED_AFTER_PAYMENT') : 'NOT_PAYING';
    return [kind, `${said}, which is ${award.status}`];
  }
  // A confirmation must name the amount sent; a refusal or return may omit it (nothing was paid), not contradict it.
  const wrongAmount = entry.outcome === 'CONFIRMED' ? entry.amountFen !== award.amountFen : entry.amountFen !== null && entry.amountFen !== award.amountFen;
  if (wrongAmount) return ['AMOUNT_MISMATCH', `${said} for ${entry.amountFen ?? 'no amount'} fen; it was sent for ${award.amountFen ?? 0} fen`];
  return null;
}

/** An answer already applied: the same word of the same file, or the second word of a return already applied. */
function appliedBefore(file: BankFile, entry: BankEntry, award: Award): boolean {
  const last = award.bankAnswer;
  if (last === null) return false;
  if (last.messageId === file.messageId && last.outcome === entry.outcome) return true;
  // A bank reports a return twice, as a rejection in its status report and a returned credit on the statement: the
  // second says nothing new about a payment that already failed (a second *confirmation* is an exception).
  const failed = (award.status === 'PAYMENT_FAILED' || award.status === 'VOIDED') && last.outcome !== 'CONFIRMED';
  return failed && entry.outcome !== 'CONFIRMED' && (entry.batchId === null || entry.batchId === award.paymentId);
}

/** One entry: a transition of its award, or an exception (kept once: its id derives from the file and the entry). */
async function apply(core: StoreCore, file: BankFile, entry: BankEntry, index: number, scope: ImportScope): Promise<Outcome> {
  if (entry.outcome === 'PENDING') return { kind: 'pending' };
  const at = core.clock().toISOString();
  const exception = (kind: ExceptionKind, award: Award | null, detail: string): Outcome => ({
    kind: 'exception',
    exception: {
      exceptionId: `ex-${createHash('sha256').update(`${file.messageId}\u0000${index}`).digest('hex').slice(0, 24)}`,
      kind, jurisdiction: award?.jurisdiction ?? null, endToEndId: entry.endToEndId, amountFen: entry.amountFen,
      detail: redactIdNumbers(detail), messageId: file.messageId,
      status: 'OPEN', createdAt: at, resolvedBy: null, resolvedAt: null, note: null,
    },
  });
  const award = entry.endToEndId === null ? null : await readAward(core, entry.endToEndId);
  if (award === null) return exception('UNKNOWN_END_TO_END_ID', null, `${file.type} ${file.messageId} names ${entry.endToEndId ?? 'no EndToEndId'}, which is no award`);
  if (appliedBefore(file, entry, award)) return { kind: 'applied-before' };
  const disagrees = disagreement(file, entry, award, scope);
  if (disagrees !== null) return exception(disagrees[0], award, disagrees[1]);
  // The bank's words go into the permanent ledger: never an identity number whole (ADR 009).
  const reason = entry.reason === null ? null : redactIdNumbers(entry.reason);
  const answer: BankAnswer = { messageId: file.messageId, outcome: entry.outcome, reasonCode: entry.reasonCode, reason, at };
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

/**
 * A refusal of a whole batch (a pain.002 status for its payment information or group, with no transaction lines) is
 * a refusal of each payment in it: spelt out from the batch item, so no award of it is left PAYING (bounded: a batch
 * holds at most LIMITS.payments.batchAwardsMax payments).
 */
async function perPayment(core: StoreCore, entries: readonly BankEntry[]): Promise<BankEntry[]> {
  const out: BankEntry[] = [];
  for (const entry of entries) {
    if (entry.endToEndId !== null || entry.batchId === null || entry.outcome !== 'REJECTED') {
      out.push(entry);
      continue;
    }
    const item = await core.get(keys.batch(entry.batchId));
    if (item === null) out.push(entry);
    else for (const p of parseBatch(item).payments) out.push({ ...entry, endToEndId: p.awardId, amountFen: null });
  }
  return out;
}

export function reconciliation(core: StoreCore) {
  return {
    /** Reconciles one bank file; `{ ok: false }` with the reason when it is not a valid pain.002, camt.054 or camt.053. */
    async importBankFile(xml: string, scope: ImportScope = { jurisdictions: 'all', importedBy: 'bank' }): Promise<{ ok: true; value: ImportSummary } | Failure> {
      const read = await readBankFile(xml);
      if (!read.ok) return fail('VALIDATION', read.reason);
      const { file } = read;
      const seen = await core.get(keys.bankMessage(file.messageId));
      if (seen !== null) {
        const { summary } = readItem(messageSchema(), seen, 'bank message');
        return { ok: true, value: { ...summary, type: file.type, repeated: true } };
      }
      const counts = { matched: 0, returned: 0, exceptions: 0, pending: 0 };
      for (const [index, entry] of (await perPayment(core, file.entries)).entries()) {
        const outcome = await apply(core, file, entry, index, scope);
        if (outcome.kind === 'exception') {
          counts.exceptions += 1;
          await putOnce(core, 'recordException', keys.exception(outcome.exception.exceptionId), exceptionItem(outcome.exception));
        } else if (outcome.kind === 'matched') counts.matched += 1;
        else if (outcome.kind === 'returned') counts.returned += 1;
        else if (outcome.kind === 'pending') counts.pending += 1;
      }
      const summary = { messageId: file.messageId, type: file.type, ...counts };
      const record = { ...keys.bankMessage(file.messageId), itemType: 'bank-message', summary, importedBy: scope.importedBy, importedAt: core.clock().toISOString() };
      await putOnce(core, 'recordBankMessage', keys.bankMessage(file.messageId), record);
      return { ok: true, value: { ...summary, repeated: false } };
    },

    listExceptions: (jurisdiction: string | null, options: { status?: 'OPEN' | 'RESOLVED'; limit?: number; cursor?: string | null }): Promise<Page<ReconciliationException>> =>
      listByTime(core, keys.exceptionsOf(jurisdiction), { limit: options.limit, cursor: options.cursor, ...(options.status === undefined ? {} : { filter: options.status === 'OPEN' ? 'attribute_not_exists(resolvedAt)' : 'attribute_exists(resolvedAt)' }) }, parseException),

    /** Marks an exception resolved, with the officer's note (an officer of its jurisdiction; any officer when none). */
    async resolveException(exceptionId: string, principal: Principal, note: string): Promise<Result<ReconciliationException>> {
      return core.transact<Result<ReconciliationException>>('resolveException', async () => {
        const item = await core.get(keys.exception(exceptionId));
        if (item === null) return { done: fail('NOT_FOUND', `no reconciliation exception ${exceptionId}`) };
        const found = parseException(item);
        const allowed = authorize(principal, { kind: 'resolve-exception', jurisdiction: found.jurisdiction });
        if (!allowed.ok) return { done: fail('FORBIDDEN', allowed.reason) };
        if (found.status === 'RESOLVED') return { done: fail('CONFLICT', `${exceptionId} was resolved by ${found.resolvedBy ?? '-'}`) };
        const resolved: ReconciliationException = { ...found, status: 'RESOLVED', resolvedBy: principal.user, resolvedAt: core.clock().toISOString(), note };
        return { write: [core.put(exceptionItem(resolved), 'attribute_not_exists(resolvedAt)')], result: { ok: true, value: resolved } };
      });
    },
  };
}
