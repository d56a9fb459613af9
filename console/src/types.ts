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

/** The payments and controls answers (GET /publicity, /credit-lists, /payees, /payment-batches, /reconciliation/exceptions). */
export type { NoticeAnswer as Notice, NoticeItem, CreditEntryAnswer as CreditEntry, CreditList, CreditImportAnswer } from '../../shared/contract/answers/controls';
export type {
  BankFileQueued, BankFileSummary, BatchAnswer as Batch, ExceptionAnswer as ReconciliationException, PayeeAccountAnswer as PayeeAccount, PayeeAnswer as Payee,
  PaymentRunAnswer as PaymentRun,
} from '../../shared/contract/answers/payments';

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
