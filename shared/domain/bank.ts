/**
 * Banks, as plain types: the account a payment is sent to, a bank's file once read (the ISO 20022 readers in
 * shared/adapters/iso20022 make these; reconciliation decides from them), and what a bank says about a payment as the
 * award keeps it: the answer reconciliation matched (awards.ts, payments.ts) and an answer at odds with an earlier one
 * (disputes.ts). This module imports nothing, so the award's shape and its deciders form no import circle.
 */
/** A bank account a payment file names: the treasury's (the debtor) or a payee's (a creditor). */
export interface Account {
  readonly name: string;
  readonly accountNumber: string;
  /** 12-digit CNAPS bank code (行号). */
  readonly bankCode: string;
  readonly bankName: string;
}

/**
 * CONFIRMED: the money left the treasury's account for the creditor (ACSC/ACCC, or a booked debit).
 * RETURNED: it came back (a booked return credit with RtrInf, or a reversal).
 * REJECTED: the bank refused the payment before paying (RJCT, CANC).
 * PENDING: anything not final yet (ACCP, ACSP, ACTC, PDNG, RCVD, an entry not booked, …).
 */
export type Outcome = 'CONFIRMED' | 'RETURNED' | 'REJECTED' | 'PENDING';

export interface BankEntry {
  /** The award id the payment was sent with; null when the bank gave none (absent or ISO's "NOTPROVIDED"). */
  readonly endToEndId: string | null;
  /** Null when the bank gave no amount, or one that is not CNY with at most two decimals (`reason` says which). */
  readonly amountFen: number | null;
  /**
   * Why `amountFen` is null, so reconciliation can say so (CONTRACT §6: an answer changes money only when it names the
   * payment's amount exactly). MISSING: no amount, another currency, or not a whole number of fen. UNBALANCED: one of
   * several transactions of an entry whose amounts are not all given or do not add up to the entry's.
   */
  readonly amountProblem: AmountProblem | null;
  readonly outcome: Outcome;
  /** The ISO reason code (AC04, …) or proprietary reason, when the bank gave one. */
  readonly reasonCode: string | null;
  /** The bank's words, and any problem with the entry's amount. */
  readonly reason: string | null;
  /**
   * The payment information (the batch) the answer is about, where the bank names it (pain.002 OrgnlPmtInfId or
   * OrgnlMsgId; camt Refs/PmtInfId or Refs/MsgId): an award sent again in a new batch keeps its EndToEndId, and
   * only this tells an answer about the earlier attempt from one about the current.
   */
  readonly batchId: string | null;
  /** camt only: the day the entry was booked (BookgDt), YYYY-MM-DD; null in a pain.002 or when not given. */
  readonly bookingDate: string | null;
  /** camt only: the bank's own reference of the booking (Refs/AcctSvcrRef of the transaction, else of the entry). */
  readonly accountServicerRef: string | null;
  /**
   * Where the line stands in its message: one transaction (pain.002 TxInfAndSts, camt TxDtls), a camt entry without
   * transaction details, or a status given to a whole payment information or group with no transaction lines under
   * it. Only the last two can refuse a whole batch (shared/store/reconcile.ts spells them out per payment): a transaction line that
   * names no payment names no payment, whatever batch it stands in (review H2).
   */
  readonly level: EntryLevel;
  /**
   * camt only: why a booked line contradicts itself as to where the money went (a transaction's CdtDbtInd against its
   * entry's, return information on a debit), or null. Such a line is an exception, never a confirmation or a return.
   */
  readonly directionProblem: string | null;
  /**
   * camt only: the account the bank says it credited (TxDtls/RltdPties/CdtrAcct: Othr/Id or IBAN), as written; null when
   * it names none. A booked line to another account than the payment was sent to settles nothing (review 2026-12-07-b).
   */
  readonly creditorAccount: string | null;
  /** camt only: the account the report is of (Ntfctn or Stmt Acct): the treasury's the payment left, or another's; null when not given. */
  readonly reportAccount: string | null;
  /** The jurisdiction whose treasury account (shared/treasury.ts) `reportAccount` is; null when it names none, or one not ours. */
  readonly reportJurisdiction: string | null;
}

export type AmountProblem = 'MISSING' | 'UNBALANCED';
export type EntryLevel = 'transaction' | 'entry' | 'payment-information' | 'group';

export type BankFileType = 'pain.002.001.11' | 'camt.054.001.08' | 'camt.053.001.08';

export interface BankFile {
  readonly type: BankFileType;
  readonly messageId: string;
  /** GrpHdr/CreDtTm as the bank wrote it (an ISODateTime, with or without an offset). */
  readonly createdAt: string;
  readonly entries: readonly BankEntry[];
}

/** What the bank said about one payment, as reconciliation matched it (kept on the award). */
export interface BankAnswer {
  readonly messageId: string;
  readonly outcome: 'CONFIRMED' | 'RETURNED' | 'REJECTED';
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly at: string;
  /**
   * Which message said it, for how much, and which booking (camt): a statement that repeats the booking a notification
   * reported agrees with it rather than confirming twice (CONTRACT §6). Null on answers kept before version 3.
   */
  readonly type: string | null;
  readonly amountFen: number | null;
  readonly bookingDate: string | null;
  readonly accountServicerRef: string | null;
  /**
   * Who imported the file that said it: an officer's user, or 'bank' for the bank's own drop (review H1). The officer
   * who imported the answer that failed a payment cannot retry it, nor decide a dispute about it. Null before version 4.
   */
  readonly importedBy: string | null;
}

/** The bank's confirmation of an attempt that had failed, and the exception that asks an officer to decide. */
export interface Dispute {
  readonly exceptionId: string;
  readonly answer: BankAnswer;
  readonly at: string;
}
