/**
 * The award lifecycle (CONTRACT.md §2): statuses and the transitions between them. Every store operation asserts
 * its transition here before it writes and again when it reads the award back (STYLE 7).
 */
import assert from './assert';

export const STATUSES = [
  'AMOUNT_REQUIRED',
  'AWAITING_BUDGET',
  'PENDING_APPROVAL',
  'APPROVED',
  'PAYING',
  'DISBURSED',
  'PAYMENT_FAILED',
  'REJECTED',
  'VOIDED',
  'CLAWBACK_DUE',
  'CLAWED_BACK',
  // Version 3: not payable until an officer decides (a second lead claim, an objection, a credit-list entry, a cap).
  'ON_HOLD',
  // Version 3: approved and listed on the public notice (公示), not yet payable (issue 21).
  'IN_PUBLICITY',
] as const;
export type Status = (typeof STATUSES)[number];

/**
 * Allowed transitions. A status may move to itself where an operation records progress without finishing it:
 * one approval of two, a partial repayment.
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  // Any status before money leaves may be held (a manual hold, a credit-list entry, the annual cap: controls.ts).
  AMOUNT_REQUIRED: ['PENDING_APPROVAL', 'AWAITING_BUDGET', 'REJECTED', 'VOIDED', 'ON_HOLD'],
  // A hold reserves nothing (but an objection, which keeps the approved award's reservation until it is decided);
  // released, the award goes on as a new one would (its amount, the budget, approval). An objection dismissed sends it
  // back to publicity, or on to APPROVED when the period is over; upheld, it is REJECTED. To itself: another hold
  // replaces the first (a release the cap then holds), or a second objection joins the first.
  ON_HOLD: ['AMOUNT_REQUIRED', 'AWAITING_BUDGET', 'PENDING_APPROVAL', 'REJECTED', 'VOIDED', 'ON_HOLD', 'IN_PUBLICITY', 'APPROVED'],
  AWAITING_BUDGET: ['PENDING_APPROVAL', 'REJECTED', 'VOIDED', 'ON_HOLD'],
  PENDING_APPROVAL: ['PENDING_APPROVAL', 'APPROVED', 'IN_PUBLICITY', 'REJECTED', 'VOIDED', 'ON_HOLD'],
  // The notice period (公示): it ends APPROVED, or an objection (or an officer, or the credit list) holds it.
  IN_PUBLICITY: ['APPROVED', 'ON_HOLD', 'VOIDED'],
  // Money leaves only through a payment batch: claimed (PAYING) before any file exists, settled by the bank's answer.
  // A retried award an exact confirmation of its earlier attempt disputes (re-attack M1) settles as a failed one does.
  // Held: a recipient credit-listed by the time a payment run would claim it, or an officer's hold.
  APPROVED: ['PAYING', 'VOIDED', 'APPROVED', 'DISBURSED', 'CLAWBACK_DUE', 'ON_HOLD'],
  // PAYING to itself: a revocation noted while the money is with the bank (it settles on the bank's answer).
  PAYING: ['PAYING', 'DISBURSED', 'PAYMENT_FAILED', 'CLAWBACK_DUE', 'VOIDED'],
  // A disputed payment (the bank confirmed it after failing it, disputes.ts): recorded paid by a second officer
  // (DISBURSED, or CLAWBACK_DUE when revoked meanwhile); to itself, a revocation noted while it is disputed.
  PAYMENT_FAILED: ['PAYMENT_FAILED', 'APPROVED', 'VOIDED', 'DISBURSED', 'CLAWBACK_DUE'],
  DISBURSED: ['CLAWBACK_DUE'],
  CLAWBACK_DUE: ['CLAWBACK_DUE', 'CLAWED_BACK'],
  REJECTED: [],
  // A voided award that had been sent, whose payment the bank then confirmed after all, recorded paid by a second
  // officer deciding the dispute (disputes.ts): the clawback is opened.
  VOIDED: ['CLAWBACK_DUE'],
  CLAWED_BACK: [],
};

/** The statuses in which the award's amount is held in the reserved account. */
export const RESERVED_STATUSES: ReadonlySet<Status> = new Set(['PENDING_APPROVAL', 'IN_PUBLICITY', 'APPROVED', 'PAYMENT_FAILED']);

/** The statuses before any money left: a revocation voids these. */
export const BEFORE_PAYMENT: ReadonlySet<Status> = new Set([
  'ON_HOLD',
  'AMOUNT_REQUIRED',
  'AWAITING_BUDGET',
  'PENDING_APPROVAL',
  'IN_PUBLICITY',
  'APPROVED',
  'PAYMENT_FAILED',
]);

export function isAllowed(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: Status, to: Status): void {
  assert.ok(isAllowed(from, to), `transition ${from} -> ${to} is not allowed`);
}
