/**
 * The money items both ways: what the store writes for an award, a ledger entry, a ledger head and a budget, and a
 * zod schema that reads each back, asserting what must hold of it (STYLE 7). An item that does not parse is a
 * `CorruptItemError` naming the item and the field.
 */
import * as z from 'zod';
import type { Award } from '../domain/awards';
import { HOLD_REASONS } from '../domain/hold';
import { canonicalText } from '../domain/identity';
import { ACCOUNTS, type Balances, ENTRY_TYPES, GENESIS_HASH, type LedgerEntry, ZERO_BALANCES, sumOfAccounts } from '../domain/ledger';
import { STATUSES } from '../domain/lifecycle';
import { DETAIL_TYPES } from '../domain/vocabulary';
import { lazy } from '../lazy';
import { CorruptItemError } from './errors';
import { keys, seqKey } from './table';

export type Item = Record<string, unknown>;

/** Parses an item with a schema, or throws CorruptItemError naming the item and what is wrong. */
export function readItem<T>(schema: z.ZodType<T>, item: Item, what: string): T {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new CorruptItemError(`${what} ${String(item.pk)}${item.sk === undefined ? '' : ` ${String(item.sk)}`}: ${issue?.path.join('.') || 'item'}: ${issue?.message ?? 'invalid'}`);
}

const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const positiveFen = fen.min(1);
const int = z.number().int();
const text = z.string();
const nullableText = z.string().nullable();

// ------------------------------------------------------------------------------------------ awards

const approvalSchema = z.object({ by: text, at: text, decision: z.enum(['approve', 'reject']), comment: z.string() });

// What the bank said, as an award keeps it: its last answer, and the confirmation that disputes a failed payment.
const bankAnswerSchema = z.object({
  messageId: text,
  outcome: z.enum(['CONFIRMED', 'RETURNED', 'REJECTED']),
  reasonCode: nullableText,
  reason: nullableText,
  at: text,
  type: nullableText.default(null),
  amountFen: fen.nullable().default(null),
  bookingDate: nullableText.default(null),
  accountServicerRef: nullableText.default(null),
  importedBy: nullableText.default(null),
});

// Version 3 (issue 21): why an award is held, and the objections recorded during its notice period.
const holdSchema = z.object({
  reason: z.enum(HOLD_REASONS), since: text, by: text, note: text,
  released: z.object({ by: text, at: text, basis: text }).nullable().default(null),
  entryIds: z.array(text).optional(),
  importedBy: z.array(text).optional(),
});
const objectionSchema = z.object({
  objectionId: text, objectorName: text, contact: text, text, evidenceRef: nullableText, recordedBy: text, recordedAt: text,
  decision: z.object({ outcome: z.enum(['upheld', 'dismissed']), basis: text, by: text, at: text }).nullable(),
});

export const awardSchema = lazy(() => z
  .object({
    awardId: z.string().regex(/^aw-[0-9a-f]{32}$/),
    policyId: text,
    policyVersion: int.min(1),
    ruleId: text,
    clause: text,
    citation: text,
    reading: nullableText.default(null),
    jurisdiction: z.string().regex(/^\d{6}$/),
    detailType: z.enum(DETAIL_TYPES).exclude(['AchievementRevoked']),
    recipient: z.discriminatedUnion('kind', [
      z.object({ kind: z.enum(['enterprise', 'organization']), uscc: text, name: text, regionCode: text }),
      z.object({ kind: z.literal('individual'), idNumber: z.string().regex(/^\d{17}[\dX]$/), name: text, regionCode: text }),
    ]),
    recipientId: text,
    reference: text,
    identity: text,
    source: text,
    eventId: nullableText,
    occurredOn: text,
    amountFen: positiveFen.nullable(),
    uncappedAmountFen: fen.nullable(),
    capApplied: z.boolean(),
    basis: text,
    status: z.enum(STATUSES),
    approvalsRequired: int.min(1).nullable(),
    approvals: z.array(approvalSchema),
    amountSetBy: nullableText,
    amountBasis: nullableText,
    fiscalYear: int.min(2000).max(2999),
    createdAt: text,
    updatedAt: text,
    version: int.min(1),
    waitSeq: int.min(1).nullable(),
    paymentId: nullableText,
    earlierPaymentIds: z.array(text).default([]),
    repaidFen: fen,
    revokedBy: z.object({ eventId: text, reason: text }).nullable().default(null),
    bankAnswer: bankAnswerSchema.nullable().default(null),
    leadClaim: nullableText.default(null),
    hold: holdSchema.nullable().default(null),
    publicity: z.object({ from: text, until: text }).nullable().default(null),
    objections: z.array(objectionSchema).default([]),
    creditOverrides: z.array(text).default([]),
    capOverride: nullableText.default(null),
    disputed: z.object({ exceptionId: text, answer: bankAnswerSchema, at: text }).nullable().default(null),
    disputeClearedBy: nullableText.default(null),
    retriedBy: nullableText.default(null),
  })
  .superRefine((award, ctx) => {
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
    if (award.disputed !== null && !['PAYMENT_FAILED', 'APPROVED', 'PAYING'].includes(award.status)) problem(`a ${award.status} award is not disputed (only a failed or retried payment is)`);
  }));

export function awardItem(award: Award): Item {
  return {
    ...keys.award(award.awardId),
    gsi1pk: `J#${award.jurisdiction}`,
    gsi1sk: `${award.status}#${award.createdAt}#${award.awardId}`,
    gsi2pk: `R#${award.recipientId}`,
    gsi2sk: `A#${award.createdAt}#${award.awardId}`,
    gsi3pk: `REF#${canonicalText(award.reference)}`,
    gsi3sk: award.awardId,
    itemType: 'award',
    ...award,
  };
}

export const parseAward = (item: Item): Award => readItem(awardSchema(), item, 'award') as Award;

// ------------------------------------------------------------------------------------------ ledger

const hash = z.string().regex(/^[0-9a-f]{64}$/);

export const entrySchema = lazy(() => z.object({
  jurisdiction: z.string().regex(/^\d{6}$/),
  seq: int.min(1),
  prevHash: hash,
  at: text,
  type: z.enum(ENTRY_TYPES),
  fiscalYear: int.min(2000).max(2999),
  awardId: nullableText,
  recipientId: nullableText,
  amountFen: fen,
  postings: z.array(z.object({ account: z.enum(ACCOUNTS), deltaFen: int })),
  statusAfter: z.enum(STATUSES).nullable(),
  actor: text,
  eventId: nullableText,
  note: z.string(),
  hash,
}));

/**
 * A ledger entry, indexed three ways besides its sequence: by recipient and time (gsi2), by jurisdiction and time
 * (gsi1, for date ranges as key conditions), and by award (gsi3, an award's own entries).
 */
export function entryItem(entry: LedgerEntry): Item {
  const seq = seqKey(entry.seq);
  return {
    ...keys.ledgerEntry(entry.jurisdiction, entry.seq),
    gsi1pk: keys.ledgerByTime(entry.jurisdiction),
    gsi1sk: `${entry.at}#${seq}`,
    ...(entry.recipientId === null ? {} : { gsi2pk: `R#${entry.recipientId}`, gsi2sk: `L#${entry.at}#${entry.jurisdiction}#${seq}` }),
    ...(entry.awardId === null ? {} : { gsi3pk: keys.entriesOfAward(entry.awardId), gsi3sk: `${entry.jurisdiction}#${seq}` }),
    itemType: 'ledger-entry',
    ...entry,
  };
}

export const parseEntry = (item: Item): LedgerEntry => readItem(entrySchema(), item, 'ledger entry');

export interface Head {
  readonly seq: number;
  readonly hash: string;
}

export const GENESIS: Head = { seq: 0, hash: GENESIS_HASH };

const headSchema = lazy(() => z.object({ seq: int.min(1), hash }));

export function headItem(jurisdiction: string, head: Head, at: string): Item {
  return { ...keys.ledgerHead(jurisdiction), itemType: 'ledger-head', jurisdiction, seq: head.seq, hash: head.hash, updatedAt: at };
}

export const parseHead = (item: Item | null): Head => (item === null ? GENESIS : readItem(headSchema(), item, 'ledger head'));

// ------------------------------------------------------------------------------------------ budgets

export interface BudgetState extends Balances {
  readonly jurisdiction: string;
  readonly fiscalYear: number;
  readonly waitingCount: number;
  readonly version: number;
}

const budgetSchema = lazy(() => z
  .object({
    jurisdiction: z.string().regex(/^\d{6}$/),
    fiscalYear: int.min(2000).max(2999),
    allocatedFen: fen,
    availableFen: fen,
    reservedFen: fen,
    inTransitFen: fen.default(0),
    disbursedFen: fen,
    receivableFen: fen,
    waitingCount: int.min(0),
    version: int.min(1),
  })
  .refine((b) => sumOfAccounts(b) === b.allocatedFen, { error: 'accounts do not sum to the allocation' }));

export function budgetItem(state: BudgetState): Item {
  return { ...keys.budget(state.jurisdiction, state.fiscalYear), itemType: 'budget', ...state };
}

export const parseBudget = (item: Item): BudgetState => readItem(budgetSchema(), item, 'budget');

export const emptyBudget = (jurisdiction: string, fiscalYear: number): BudgetState => ({
  jurisdiction,
  fiscalYear,
  ...ZERO_BALANCES,
  waitingCount: 0,
  version: 0,
});
