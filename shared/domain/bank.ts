/**
 * What a bank says about a payment, as the award keeps it: the answer reconciliation matched (awards.ts, payments.ts)
 * and an answer at odds with an earlier one (disputes.ts). Plain types, imported by all three deciders' modules and
 * importing none of them, so the award's shape and its deciders form no import circle.
 */
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
