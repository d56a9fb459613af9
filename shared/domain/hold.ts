/** Why an award is ON_HOLD (CONTRACT §6): the reasons, and the hold as it is kept on the award. */

/**
 * SECOND_LEAD_CLAIM: a second claim to one fact (issue 20). OBJECTION: a written objection during publicity, decided
 * rather than released. CREDIT_LISTED: the recipient is on the credit system's list of untrustworthy entities on the
 * day. CAP_EXCEEDED: the award would take the recipient's year above the jurisdiction's cap. MANUAL: an officer's.
 */
export const HOLD_REASONS = ['SECOND_LEAD_CLAIM', 'OBJECTION', 'CREDIT_LISTED', 'CAP_EXCEEDED', 'MANUAL'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export interface Hold {
  readonly reason: HoldReason;
  readonly since: string;
  /** Who placed it: an officer, or `award-intake` (the system), whose holds any officer of the jurisdiction releases. */
  readonly by: string;
  readonly note: string;
  /**
   * Who released it, when and on what basis; null while it holds. Kept so that the officer who released a hold,
   * when they are an approver too, cannot then approve the award alone: another approver decides it (dual control
   * across release and approval; issue 20 attack review, H3).
   */
  readonly released: HoldRelease | null;
  /**
   * CREDIT_LISTED only: the credit-list entries that hold it and who imported them. The release takes an officer who
   * imported none of them (CONTRACT §6), and the entries it was released over do not hold the award again.
   */
  readonly entryIds?: readonly string[];
  readonly importedBy?: readonly string[];
}

export interface HoldRelease {
  readonly by: string;
  readonly at: string;
  readonly basis: string;
}
