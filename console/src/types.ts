/**
 * The shapes the console reads from the API: every one is the contract's (shared/contract), imported as types only, so
 * the console cannot drift from what the API answers.
 */
import type { AnyAwardAnswer, AwardAnswer, BudgetAnswer, LedgerEntryAnswer } from '../../shared/contract/answers/awards';
import type { Page as ContractPage } from '../../shared/contract/common';

export type Award = AnyAwardAnswer;
export type Recipient = AwardAnswer['recipient'];
export type Approval = AwardAnswer['approvals'][number];
export type LedgerEntry = LedgerEntryAnswer;
export type Posting = LedgerEntry['postings'][number];
export type BankAnswer = NonNullable<AwardAnswer['bankAnswer']>;
export type Hold = NonNullable<AwardAnswer['hold']>;
export type HoldReason = Hold['reason'];
export type Objection = AwardAnswer['objections'][number];
export type Budget = BudgetAnswer;
export type Page<T> = ContractPage<T>;

/** The reports' shapes (issue 22) live in report-types.ts; the pages import them from here, as all the others. */
export type { Balances, ExecutionLine, ExecutionReport, Flow, Overdue, OverdueReport } from './report-types';

/** One row of the public notice (GET /publicity): a person's name masked, no identity number. */
export interface NoticeItem {
  readonly awardId: string;
  readonly recipientName: string;
  readonly recipientKind: string;
  readonly uscc: string | null;
  readonly policy: string;
  readonly clause: string;
  readonly rule: string;
  readonly reference: string;
  readonly amountFen: number;
  /** China Standard Time dates, YYYY-MM-DD. */
  readonly fromDate: string;
  readonly untilDate: string;
  readonly state: 'IN_PUBLICITY' | 'OBJECTION';
}

export interface Notice {
  readonly jurisdiction: string;
  readonly publicityWorkingDays: number;
  readonly objectionsTo: string;
  readonly items: readonly NoticeItem[];
}

export interface CreditEntry {
  readonly entryId: string;
  readonly recipientId: string;
  /** The credit code, or the identity number masked. */
  readonly shownId: string;
  readonly listName: string;
  readonly from: string;
  readonly to: string | null;
  readonly importedBy: string;
  readonly importedAt: string;
}

export interface CreditImportAnswer {
  readonly imported: number;
  readonly repeated: number;
  readonly refused: number;
  readonly results: ReadonlyArray<{
    readonly index: number;
    readonly outcome: 'imported' | 'repeated' | 'refused';
    readonly recipient: string | null;
    readonly entryId: string | null;
    readonly reason: string | null;
  }>;
}

export interface PayeeAccount {
  readonly accountName: string;
  readonly accountNumber: string;
  readonly bankCode: string;
  readonly bankName: string;
}

export interface Payee {
  readonly jurisdiction: string;
  readonly recipientId: string;
  readonly status: 'PENDING_CONFIRMATION' | 'CONFIRMED';
  readonly confirmed: (PayeeAccount & { proposalId: string; proposedBy: string; proposedAt: string; confirmedBy: string; confirmedAt: string }) | null;
  readonly pending: (PayeeAccount & { proposalId: string; proposedBy: string; proposedAt: string }) | null;
  readonly history: ReadonlyArray<{ kind: 'PROPOSED' | 'CONFIRMED'; proposalId: string; account: PayeeAccount; by: string; at: string }>;
}

export interface Batch {
  readonly batchId: string;
  readonly jurisdiction: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly count: number;
  readonly totalFen: number;
  readonly status: string;
  readonly fileName: string;
}

export interface ReconciliationException {
  readonly exceptionId: string;
  readonly kind: string;
  readonly jurisdiction: string | null;
  readonly endToEndId: string | null;
  readonly amountFen: number | null;
  readonly detail: string;
  readonly messageId: string;
  readonly status: 'OPEN' | 'RESOLVED';
  readonly createdAt: string;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
  readonly note: string | null;
}

export interface Rejection {
  readonly rejectionId: string;
  readonly eventId: string | null;
  readonly detailType: string | null;
  readonly reason: string;
  readonly receivedAt: string;
  readonly event: string;
}

export interface Rule {
  readonly id: string;
  readonly clause: string;
  readonly citation: string;
  readonly summary: string;
  readonly detailType: string;
  readonly reading?: string;
  /** The conditions on the fact's fields (path and the values that match), as GET /policies answers them. */
  readonly when: ReadonlyArray<{ path: string; oneOf: ReadonlyArray<string | number> }>;
  /** 每个项目: one lead per project; a second claim is held (version 3). */
  readonly oneLeadPerProject?: boolean;
  readonly oncePerFact?: boolean;
  readonly amount: { kind: 'fixed'; amountFen: number } | { kind: 'tiered'; path: string; tiersFen: Record<string, number> }
    | { kind: 'percentage'; path: string; basisPoints: number; capFen: number } | { kind: 'granted'; path: string; capFen: number } | { kind: 'per-regulation' };
}

/** Who a jurisdiction's fund covers (version 3): region codes with one of `prefixes`, but those with one of `except`. */
export interface Coverage {
  readonly jurisdiction: string;
  readonly prefixes: readonly string[];
  readonly except: readonly string[];
  readonly basis: string;
}

/** The catalog as GET /policies answers it. */
export interface Catalog {
  readonly policies: readonly Policy[];
  readonly coverage: readonly Coverage[];
  readonly rulesOff: readonly string[];
}

export interface Policy {
  readonly id: string;
  readonly title: string;
  readonly titleEn: string;
  readonly issuer: string;
  readonly documentNumber: string | null;
  readonly jurisdiction: string;
  readonly versions: ReadonlyArray<{ version: number; effectiveFrom: string; effectiveTo: string | null; rules: readonly Rule[] }>;
}
