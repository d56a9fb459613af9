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
export type { Balances, ExecutionLine, ExecutionReport, Flow, Overdue, OverdueReport, QueuedAward } from './report-types';

/** The payments and controls answers (GET /publicity, /credit-lists, /payees, /payment-batches, /reconciliation/exceptions). */
export type { NoticeAnswer as Notice, NoticeItem, CreditEntryAnswer as CreditEntry, CreditList, CreditImportAnswer } from '../../shared/contract/answers/controls';
export type {
  BankFileQueued, BankFileSummary, BatchAnswer as Batch, ExceptionAnswer as ReconciliationException, PayeeAccountAnswer as PayeeAccount, PayeeAnswer as Payee,
  PaymentRunAnswer as PaymentRun,
} from '../../shared/contract/answers/payments';

/** The auditor's answers (GET /rejections, /policies): the contract's. */
export type {
  CatalogAnswer as Catalog, CoverageAnswer as Coverage, PolicyAnswer as Policy, RejectionAnswer as Rejection, RuleAnswer as Rule,
} from '../../shared/contract/answers/audit';
