/** The shapes the console reads from the API (CONTRACT §2, §3): only the fields it shows. */
import type { Overdue } from './report-types';

export interface Recipient {
  readonly kind: string;
  readonly name: string;
  readonly uscc?: string;
  readonly idNumber?: string;
}

export interface Approval {
  readonly by: string;
  readonly at: string;
  readonly decision: 'approve' | 'reject';
  readonly comment: string;
}

export interface Posting {
  readonly account: string;
  readonly deltaFen: number;
}

export interface LedgerEntry {
  readonly jurisdiction: string;
  readonly seq: number;
  readonly at: string;
  readonly type: string;
  readonly fiscalYear: number;
  readonly awardId: string | null;
  readonly recipientId: string | null;
  readonly amountFen: number;
  readonly statusAfter: string | null;
  readonly actor: string;
  readonly eventId: string | null;
  readonly postings: readonly Posting[];
  readonly note: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface BankAnswer {
  readonly messageId: string;
  readonly outcome: 'CONFIRMED' | 'RETURNED' | 'REJECTED';
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly at: string;
}

/** The reports' shapes (issue 22) live in report-types.ts; the pages import them from here, as all the others. */
export type { Balances, ExecutionLine, ExecutionReport, Flow, Overdue, OverdueReport } from './report-types';

export interface Award {
  readonly awardId: string;
  readonly jurisdiction: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly ruleId: string;
  readonly clause: string;
  readonly citation: string;
  readonly reading: string | null;
  readonly detailType: string;
  readonly recipient: Recipient;
  /** The credit code, or a person's keyed id (P:…), as the credit list and payees name the recipient. */
  readonly recipientId: string;
  readonly reference: string;
  readonly identity: string;
  readonly source: string;
  readonly eventId: string | null;
  readonly occurredOn: string;
  readonly amountFen: number | null;
  readonly uncappedAmountFen: number | null;
  readonly capApplied: boolean;
  readonly basis: string;
  readonly status: string;
  readonly approvalsRequired: number | null;
  readonly approvals: readonly Approval[];
  readonly amountSetBy: string | null;
  readonly amountBasis: string | null;
  readonly fiscalYear: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly paymentId: string | null;
  readonly repaidFen: number;
  readonly revokedBy: { eventId: string; reason: string } | null;
  readonly bankAnswer: BankAnswer | null;
  /** Version 3 (issue 22): past the time limit of its step, at answer time; null within it. */
  readonly overdue?: Overdue | null;
  /** Version 3: why the award is (or was) ON_HOLD. */
  readonly hold?: Hold | null;
  /** The notice period (公示) of its final approval, kept after it ends; null when publicity is off or not reached. */
  readonly publicity?: { readonly from: string; readonly until: string } | null;
  /** Written objections recorded during publicity, oldest first (name and contact masked to all but its officers). */
  readonly objections?: readonly Objection[];
  /** Credit-list entries an officer released a hold over, and who released a cap hold: they hold it no more. */
  readonly creditOverrides?: readonly string[];
  readonly capOverride?: string | null;
  /** The bank confirmed a payment it had failed: no retry until an officer decides (the exception's id). */
  readonly disputed?: { readonly exceptionId: string } | null;
  readonly blockedBy?: 'PAYEE_REQUIRED' | null;
  readonly ledger?: readonly LedgerEntry[];
}

export type HoldReason = 'SECOND_LEAD_CLAIM' | 'OBJECTION' | 'CREDIT_LISTED' | 'CAP_EXCEEDED' | 'MANUAL';

export interface Hold {
  readonly reason: HoldReason;
  readonly since: string;
  /** An officer, or the system: award-intake, credit-list, annual-cap. */
  readonly by: string;
  readonly note: string;
  readonly released?: { readonly by: string; readonly at: string; readonly basis: string } | null;
  /** CREDIT_LISTED: the entries that hold it, and who imported them (who may not release it). */
  readonly entryIds?: readonly string[];
  readonly importedBy?: readonly string[];
}

export interface Objection {
  readonly objectionId: string;
  readonly objectorName: string;
  readonly contact: string;
  readonly text: string;
  readonly evidenceRef: string | null;
  readonly recordedBy: string;
  readonly recordedAt: string;
  readonly decision: { readonly outcome: 'upheld' | 'dismissed'; readonly basis: string; readonly by: string; readonly at: string } | null;
}

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

export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor: string | null;
}

export interface Budget {
  readonly jurisdiction: string;
  readonly fiscalYear: number;
  readonly allocatedFen: number;
  readonly availableFen: number;
  readonly reservedFen: number;
  readonly inTransitFen: number;
  readonly disbursedFen: number;
  readonly clawbackReceivableFen: number;
  readonly waitingCount: number;
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
