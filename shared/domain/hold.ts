/** Why an award is ON_HOLD (CONTRACT §6): the reasons, and the hold as it is kept on the award. */

/** Issue 20 places SECOND_LEAD_CLAIM; the others come with the controls before payment (issue 21). */
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
}

export interface HoldRelease {
  readonly by: string;
  readonly at: string;
  readonly basis: string;
}
