/**
 * The answers of the payments routes (CONTRACT §3, version 2; ADR 010): a payee account under dual control, a payment
 * run and its batches, a bank file's reconciliation, reconciliation exceptions. Strict objects: a field a route adds
 * without declaring it here breaks the contract. Each is proved to be the domain's or the store's type, field for field,
 * in functions/api/payment-routes.ts: the store imports node:* and shared/domain/payees.ts an ES2024 string method,
 * neither of which the console's type check (this module's, in the browser) loads.
 */
import * as z from 'zod';
import { STATUSES } from '../../domain/lifecycle';
import { lazy } from '../../lazy';
import { count, fen, instant, jurisdiction, page } from '../common';

const text = () => z.string();
const nullableText = () => z.string().nullable();
const awardId = () => z.string().regex(/^aw-[0-9a-f]{32}$/);
/** A credit code, or a person's keyed id (ADR 009): never an identity number. */
const recipientId = () => z.string().regex(/^(P:[0-9a-f]{32}|[0-9A-HJ-NPQRTUWXY]{18})$/);
/** Whole (8 to 32 digits) for an officer of the jurisdiction; `****` and the last four digits for everyone else. */
const accountNumber = () => z.string().regex(/^(\d{8,32}|\*{4}\d{4})$/);
/** A proposal's id; `pp-unknown` in the history of an item written before proposals had ids (issue 19). */
const proposalId = () => z.string().regex(/^pp-[0-9a-f]{24}$/);
const hex64 = () => z.string().regex(/^[0-9a-f]{64}$/);

// ------------------------------------------------------------------------------------------ payee accounts

const account = () => ({ accountName: text(), accountNumber: accountNumber(), bankCode: z.string().regex(/^\d{12}$/), bankName: text() });
const proposal = () => ({ ...account(), proposalId: proposalId(), proposedBy: text(), proposedAt: z.string() });

/** A payee and its history (PUT, POST …/confirm, GET /payees/{jurisdiction}/{recipientId}); account numbers masked but for officers. */
export const payee = lazy(() => z.strictObject({
  jurisdiction: jurisdiction(),
  recipientId: recipientId(),
  status: z.enum(['PENDING_CONFIRMATION', 'CONFIRMED']),
  confirmed: z.strictObject({ ...proposal(), confirmedBy: text(), confirmedAt: instant() }).nullable(),
  pending: z.strictObject(proposal()).nullable(),
  history: z.array(z.strictObject({
    kind: z.enum(['PROPOSED', 'CONFIRMED']),
    proposalId: z.union([proposalId(), z.literal('pp-unknown')]),
    account: z.strictObject(account()),
    by: text(),
    at: instant(),
  })),
  version: z.number().int().min(1),
}).superRefine((p, ctx) => {
  // A proposal waits while PENDING_CONFIRMATION; a CONFIRMED payee has its account and nothing waiting.
  const pendingAsStatus = p.status === 'PENDING_CONFIRMATION' ? p.pending !== null : p.pending === null && p.confirmed !== null;
  if (!pendingAsStatus) ctx.addIssue({ code: 'custom', message: `a ${p.status} payee ${p.pending === null ? 'has no' : 'has a'} pending proposal` });
}));

// ------------------------------------------------------------------------------------------ payment batches

/** A batch as lists show it: no accounts (`GET /payment-batches`, CONTRACT §3). */
export const batch = lazy(() => z.strictObject({
  batchId: z.string().min(1).max(100),
  jurisdiction: jurisdiction(),
  createdAt: instant(),
  createdBy: text(),
  count: count(),
  totalFen: fen(),
  status: z.enum(['OPEN', 'FILED']),
  fileName: text(),
}));

const unpayable = () => z.strictObject({ awardId: awardId(), reason: text() });
const leftOut = () => z.strictObject({ batchId: z.string().min(1).max(100), awardId: awardId(), status: z.enum(STATUSES).nullable() });

/** What a payment run did (POST /payment-batches): `batch` is the first of `batches`, null when none was filed. */
export const paymentRun = lazy(() => z.strictObject({
  batch: batch().nullable(),
  batches: z.array(batch()),
  blockedByPayee: count(),
  unpayable: z.array(unpayable()),
  leftOut: z.array(leftOut()),
}).refine((r) => (r.batch === null ? r.batches.length === 0 : r.batch.batchId === r.batches[0]?.batchId), { error: 'batch is the first of batches' }));

export const batchesPage = lazy(() => page(batch()));

// ------------------------------------------------------------------------------------------ bank files

const BANK_FILE_TYPES = ['pain.002.001.11', 'camt.054.001.08', 'camt.053.001.08'] as const;
const BANK_FILE_STATUSES = ['QUEUED', 'RUNNING', 'DONE'] as const;
const counts = () => ({ matched: count(), returned: count(), exceptions: count(), pending: count(), agreed: count() });

const summaryFields = () => ({
  messageId: z.string().min(1).max(200),
  type: z.enum(BANK_FILE_TYPES),
  ...counts(),
  /** True when this very file (id, type and content) was reconciled before: nothing changed now. */
  repeated: z.boolean(),
  status: z.enum(BANK_FILE_STATUSES),
  entries: count(),
  processed: count(),
});
const reconciledSoFar = (f: { processed: number; entries: number }) => f.processed <= f.entries;

/** What importing a bank file did (POST /bank-files, 200: reconciled while the caller waited). */
export const bankFileSummary = lazy(() => z.strictObject(summaryFields()).refine(reconciledSoFar, { error: 'more entries processed than the file has' }));

/** A bank file queued for bank-inbound, or cut short by the request's time (POST /bank-files, 202): where to follow it. */
export const bankFileQueued = lazy(() => z.strictObject({ ...summaryFields(), progress: z.string().regex(/^\/bank-files\/.+/) })
  .refine(reconciledSoFar, { error: 'more entries processed than the file has' }));

/**
 * A bank message as reconciliation keeps it (GET /bank-files/{messageId}): its identity, progress and counts, who
 * imported it and whose awards it may settle (absent before version 4). A record written before version 3 has no
 * content hash (`sha256` null).
 */
export const bankFileRecord = lazy(() => z.strictObject({
  messageId: z.string().min(1).max(200),
  type: z.enum(BANK_FILE_TYPES),
  sha256: hex64().nullable(),
  rawSha256: hex64().optional(),
  bytes: count(),
  status: z.enum(BANK_FILE_STATUSES),
  entries: count(),
  processed: count(),
  ...counts(),
  importedBy: text(),
  jurisdictions: z.union([z.literal('all'), z.array(jurisdiction())]).optional(),
  importedAt: instant(),
  updatedAt: instant(),
  version: z.number().int().min(1),
}).refine(reconciledSoFar, { error: 'more entries processed than the file has' }));

// ------------------------------------------------------------------------------------------ reconciliation exceptions

/** The kinds of shared/store/reconcile-exceptions.ts (EXCEPTION_KINDS; the store is not loaded here: proved equal in payment-routes.ts). */
const EXCEPTION_KINDS = [
  'UNKNOWN_END_TO_END_ID', 'AMOUNT_MISMATCH', 'AMOUNT_MISSING', 'DETAILS_UNBALANCED', 'CONFIRMED_TWICE', 'RETURNED_AFTER_PAYMENT',
  'OTHER_BATCH', 'NO_BATCH_REFERENCE', 'NOT_PAYING', 'OTHER_JURISDICTION', 'BANK_MESSAGE_CONFLICT', 'DIRECTION_CONFLICT', 'ACCOUNT_MISMATCH',
  'OTHER_ACCOUNT', 'BOOKED_BEFORE_SENT', 'BOOKED_IN_FUTURE',
] as const;

export const exception = lazy(() => z.strictObject({
  exceptionId: z.string().regex(/^ex-[0-9a-f]{24}$/),
  kind: z.enum(EXCEPTION_KINDS),
  /** Null: the entry named no award of any jurisdiction. */
  jurisdiction: jurisdiction().nullable(),
  endToEndId: nullableText(),
  amountFen: fen().nullable(),
  detail: text(),
  messageId: text(),
  status: z.enum(['OPEN', 'RESOLVED']),
  createdAt: instant(),
  resolvedBy: nullableText(),
  resolvedAt: instant().nullable(),
  note: nullableText(),
  /** What the officer decided about a disputed payment; null for every other resolution. */
  outcome: z.enum(['paid', 'not-paid']).nullable(),
}).refine((e) => (e.status === 'RESOLVED') === (e.resolvedAt !== null && e.resolvedBy !== null && e.note !== null), { error: 'a RESOLVED exception, and only one, has its resolution' }));

export const exceptionsPage = lazy(() => page(exception()));

// ------------------------------------------------------------------------------------------ types

export type PayeeAnswer = z.output<ReturnType<typeof payee>>;
export type PayeeAccountAnswer = PayeeAnswer['history'][number]['account'];
export type BatchAnswer = z.output<ReturnType<typeof batch>>;
export type PaymentRunAnswer = z.output<ReturnType<typeof paymentRun>>;
export type UnpayableAnswer = PaymentRunAnswer['unpayable'][number];
export type LeftOutAnswer = PaymentRunAnswer['leftOut'][number];
export type BankFileSummary = z.output<ReturnType<typeof bankFileSummary>>;
export type BankFileQueued = z.output<ReturnType<typeof bankFileQueued>>;
export type BankFileRecord = z.output<ReturnType<typeof bankFileRecord>>;
export type ExceptionAnswer = z.output<ReturnType<typeof exception>>;
export type ExceptionKind = ExceptionAnswer['kind'];
