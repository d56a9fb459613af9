/**
 * An award and a ledger entry as the store keeps them and the API answers them (CONTRACT §2, §3): one schema each.
 * The store reads its items with them (`z.object`: an item carries its keys besides; a field a version-1 item lacks
 * takes its default) and the router checks the answers with them (`z.strictObject`: an undeclared field fails). Both
 * assert what must hold of an award (STYLE 7). The compile-time checks at the end prove they are the domain's types.
 */
import * as z from 'zod';
import type { Approval, Award } from '../../domain/awards';
import { voidedAfterSending } from '../../domain/disputes';
import { HOLD_REASONS } from '../../domain/hold';
import { ACCOUNTS, ENTRY_TYPES, type LedgerEntry } from '../../domain/ledger';
import { STATUSES } from '../../domain/lifecycle';
import type { Overdue } from '../../domain/overdue';
import { DETAIL_TYPES } from '../../domain/vocabulary';
import { lazy } from '../../lazy';
import { type Exact, page } from '../common';

/** z.strictObject for answers, z.object for the store's items. */
type ObjectOf = typeof z.strictObject | typeof z.object;

const fen = () => z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const int = () => z.number().int();
const text = () => z.string();
const nullableText = () => z.string().nullable();

const approval = (object: ObjectOf) => object({ by: text(), at: text(), decision: z.enum(['approve', 'reject']), comment: z.string() });

// What the bank said, as an award keeps it: its last answer, and the confirmation that disputes a failed payment.
const bankAnswer = (object: ObjectOf) => object({
  messageId: text(),
  outcome: z.enum(['CONFIRMED', 'RETURNED', 'REJECTED']),
  reasonCode: nullableText(),
  reason: nullableText(),
  at: text(),
  type: nullableText().default(null),
  amountFen: fen().nullable().default(null),
  bookingDate: nullableText().default(null),
  accountServicerRef: nullableText().default(null),
  importedBy: nullableText().default(null),
});

// Version 3 (issue 21): why an award is held, and the objections recorded during its notice period.
const hold = (object: ObjectOf) => object({
  reason: z.enum(HOLD_REASONS), since: text(), by: text(), note: text(),
  released: object({ by: text(), at: text(), basis: text() }).nullable().default(null),
  entryIds: z.array(text()).optional(),
  importedBy: z.array(text()).optional(),
});
const objection = (object: ObjectOf) => object({
  objectionId: text(), objectorName: text(), contact: text(), text: text(), evidenceRef: nullableText(), recordedBy: text(), recordedAt: text(),
  decision: object({ outcome: z.enum(['upheld', 'dismissed']), basis: text(), by: text(), at: text() }).nullable(),
});

export const WHOLE_ID = /^\d{17}[\dX]$/;
// Whole only to an officer of the jurisdiction in the answer about one award; masked (130102********123X) elsewhere.
const SHOWN_ID = /^(\d{17}[\dX]|\d{6}\*{8}\d{3}[\dX])$/;

/** The fields of an award: stored (the identity number whole) or answered (whole or masked). */
export const awardFields = (object: ObjectOf, idNumber: RegExp = SHOWN_ID) => ({
  awardId: z.string().regex(/^aw-[0-9a-f]{32}$/),
  policyId: text(),
  policyVersion: int().min(1),
  ruleId: text(),
  clause: text(),
  citation: text(),
  reading: nullableText().default(null),
  jurisdiction: z.string().regex(/^\d{6}$/),
  detailType: z.enum(DETAIL_TYPES).exclude(['AchievementRevoked']),
  recipient: z.discriminatedUnion('kind', [
    object({ kind: z.enum(['enterprise', 'organization']), uscc: text(), name: text(), regionCode: text() }),
    object({ kind: z.literal('individual'), idNumber: z.string().regex(idNumber), name: text(), regionCode: text() }),
  ]),
  recipientId: text(),
  reference: text(),
  identity: text(),
  source: text(),
  eventId: nullableText(),
  occurredOn: text(),
  amountFen: fen().min(1).nullable(),
  uncappedAmountFen: fen().nullable(),
  capApplied: z.boolean(),
  basis: text(),
  status: z.enum(STATUSES),
  approvalsRequired: int().min(1).nullable(),
  approvals: z.array(approval(object)),
  amountSetBy: nullableText(),
  amountBasis: nullableText(),
  fiscalYear: int().min(2000).max(2999),
  createdAt: text(),
  updatedAt: text(),
  version: int().min(1),
  waitSeq: int().min(1).nullable(),
  paymentId: nullableText(),
  earlierPaymentIds: z.array(text()).default([]),
  repaidFen: fen(),
  revokedBy: object({ eventId: text(), reason: text() }).nullable().default(null),
  bankAnswer: bankAnswer(object).nullable().default(null),
  leadClaim: nullableText().default(null),
  hold: hold(object).nullable().default(null),
  publicity: object({ from: text(), until: text() }).nullable().default(null),
  objections: z.array(objection(object)).default([]),
  creditOverrides: z.array(text()).default([]),
  capOverride: nullableText().default(null),
  disputed: object({ exceptionId: text(), answer: bankAnswer(object), at: text() }).nullable().default(null),
  disputeClearedBy: nullableText().default(null),
  retriedBy: nullableText().default(null),
});

type AwardShape = z.output<z.ZodObject<ReturnType<typeof awardFields>>>;

/** What must hold of every award, stored or answered (STYLE 7). */
export function awardInvariants(award: AwardShape, ctx: z.RefinementCtx): void {
  const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (award.amountFen === null && !['AMOUNT_REQUIRED', 'ON_HOLD', 'REJECTED', 'VOIDED'].includes(award.status)) problem(`a ${award.status} award must have an amount`);
  if (award.status === 'ON_HOLD' && award.hold === null) problem('a held award says why (hold)');
  if (award.status === 'IN_PUBLICITY' && award.publicity === null) problem('an award in publicity has its notice period');
  if (award.status === 'ON_HOLD' && award.hold?.reason === 'OBJECTION' && !award.objections.some((o) => o.decision === null)) problem('an award held for an objection has one open');
  const approvedBy = award.approvals.filter((a) => a.decision === 'approve').map((a) => a.by);
  if (award.approvalsRequired !== null && approvedBy.length > award.approvalsRequired) problem('more approvals than required');
  if (new Set(approvedBy).size !== approvedBy.length) problem('one approver approved twice');
  if (award.status === 'AWAITING_BUDGET' && award.waitSeq === null) problem('a waiting award has a place in the queue');
  if (award.repaidFen > (award.amountFen ?? 0)) problem('more repaid than paid');
  if (award.disputed !== null && !['PAYMENT_FAILED', 'APPROVED', 'PAYING'].includes(award.status) && !voidedAfterSending(award)) {
    problem(`a ${award.status} award is not disputed (only a failed or retried payment is, or one voided after it was sent)`);
  }
}

/** A ledger entry's fields (CONTRACT §2). */
export const entryFields = (object: ObjectOf) => ({
  jurisdiction: z.string().regex(/^\d{6}$/),
  seq: int().min(1),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  at: text(),
  type: z.enum(ENTRY_TYPES),
  fiscalYear: int().min(2000).max(2999),
  awardId: nullableText(),
  recipientId: nullableText(),
  amountFen: fen(),
  postings: z.array(object({ account: z.enum(ACCOUNTS), deltaFen: int() })),
  statusAfter: z.enum(STATUSES).nullable(),
  actor: text(),
  eventId: nullableText(),
  note: z.string(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

// ------------------------------------------------------------------------------------------ the answers

const overdue = () => z.strictObject({
  awardId: text(),
  step: z.enum(['approval', 'payment']),
  status: z.enum(STATUSES),
  since: text(),
  dueDate: nullableText(),
  workingDaysLate: int().min(0).nullable(),
  lateAtLeast: z.boolean(),
  unknown: nullableText(),
  next: z.strictObject({ holder: text(), action: text() }),
});

/** An award, as a command's answer carries it. */
export const award = lazy(() => z.strictObject(awardFields(z.strictObject)).superRefine(awardInvariants));
export const ledgerEntry = lazy(() => z.strictObject(entryFields(z.strictObject)));
/** CONTRACT §2: an APPROVED award paid only to a confirmed payee shows `blockedBy: "PAYEE_REQUIRED"` until one is. */
const blockedBy = () => z.enum(['PAYEE_REQUIRED']).nullable();
/** A decision's answer: the award, and whether a payee account holds it up. */
export const decidedAward = lazy(() => z.strictObject({ ...awardFields(z.strictObject), blockedBy: blockedBy() }).superRefine(awardInvariants));
/** An award in a list (the queue): what holds it up, and whether it is past its step's time limit (issue 22). */
export const awardItem = lazy(() => z.strictObject({
  ...awardFields(z.strictObject), blockedBy: blockedBy(), overdue: overdue().nullable(),
}).superRefine(awardInvariants));
export const awardsPage = lazy(() => page(awardItem()));
/** One award, with its ledger entries. */
export const awardDetail = lazy(() => z.strictObject({
  ...awardFields(z.strictObject), blockedBy: blockedBy(), overdue: overdue().nullable(), ledger: z.array(ledgerEntry()),
}).superRefine(awardInvariants));
export const ledgerPage = lazy(() => page(ledgerEntry()));

/** A budget's accounts (CONTRACT §3: the receivable is answered as clawbackReceivableFen). */
export const budget = lazy(() => z.strictObject({
  jurisdiction: z.string().regex(/^\d{6}$/),
  fiscalYear: int().min(2000).max(2999),
  allocatedFen: fen(),
  reservedFen: fen(),
  inTransitFen: fen(),
  disbursedFen: fen(),
  availableFen: fen(),
  clawbackReceivableFen: fen(),
  waitingCount: int().min(0),
}));

export type AwardAnswer = z.output<ReturnType<typeof award>>;
export type AwardItem = z.output<ReturnType<typeof awardItem>>;
export type AwardDetail = z.output<ReturnType<typeof awardDetail>>;
export type DecidedAward = z.output<ReturnType<typeof decidedAward>>;
export type LedgerEntryAnswer = z.output<ReturnType<typeof ledgerEntry>>;
export type BudgetAnswer = z.output<ReturnType<typeof budget>>;
export type OverdueAnswer = z.output<ReturnType<typeof overdue>>;
export type ApprovalAnswer = z.output<ReturnType<typeof approval>>;
/** Any of the award answers: a command's (the award), a decision's (and blockedBy), the queue's and the detail's. */
export type AnyAwardAnswer = AwardAnswer & Partial<Pick<AwardDetail, 'blockedBy' | 'overdue' | 'ledger'>>;

// The schemas are the domain's types, field for field: a field added to one side only fails to compile.
const exact: [Exact<AwardAnswer, Award>, Exact<LedgerEntryAnswer, LedgerEntry>, Exact<OverdueAnswer, Overdue>, Exact<ApprovalAnswer, Approval>]
  = [true, true, true, true];
void exact;
