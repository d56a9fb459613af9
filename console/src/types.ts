/** The shapes the console reads from the API (CONTRACT §2, §3): only the fields it shows. */

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
  /** Version 3: why the award is (or was) ON_HOLD. */
  readonly hold?: {
    readonly reason: string; readonly since: string; readonly by: string; readonly note: string;
    readonly released?: { readonly by: string; readonly at: string; readonly basis: string } | null;
  } | null;
  /** The bank confirmed a payment it had failed: no retry until an officer decides (the exception's id). */
  readonly disputed?: { readonly exceptionId: string } | null;
  readonly blockedBy?: 'PAYEE_REQUIRED' | null;
  readonly ledger?: readonly LedgerEntry[];
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
