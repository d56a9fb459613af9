/**
 * The award lifecycle (CONTRACT.md §2): statuses and the transitions between them. Every store operation asserts
 * its transition here before it writes and again when it reads the award back (STYLE 7).
 */
import assert from 'node:assert/strict';

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
] as const;
export type Status = (typeof STATUSES)[number];

/**
 * Allowed transitions. A status may move to itself where an operation records progress without finishing it:
 * one approval of two, a partial repayment.
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  AMOUNT_REQUIRED: ['PENDING_APPROVAL', 'AWAITING_BUDGET', 'REJECTED', 'VOIDED'],
  // A hold reserves nothing; released, the award goes on as a new one would (its amount, the budget, approval).
  ON_HOLD: ['AMOUNT_REQUIRED', 'AWAITING_BUDGET', 'PENDING_APPROVAL', 'REJECTED', 'VOIDED'],
  AWAITING_BUDGET: ['PENDING_APPROVAL', 'REJECTED', 'VOIDED'],
  PENDING_APPROVAL: ['PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'VOIDED'],
  // Money leaves only through a payment batch: claimed (PAYING) before any file exists, settled by the bank's answer.
  // A retried award an exact confirmation of its earlier attempt disputes (re-attack M1) settles as a failed one does.
  APPROVED: ['PAYING', 'VOIDED', 'APPROVED', 'DISBURSED', 'CLAWBACK_DUE'],
  // PAYING to itself: a revocation noted while the money is with the bank (it settles on the bank's answer).
  PAYING: ['PAYING', 'DISBURSED', 'PAYMENT_FAILED', 'CLAWBACK_DUE', 'VOIDED'],
  // A disputed payment (the bank confirmed it after failing it, disputes.ts): recorded paid by a second officer
  // (DISBURSED, or CLAWBACK_DUE when revoked meanwhile); to itself, a revocation noted while it is disputed.
  PAYMENT_FAILED: ['PAYMENT_FAILED', 'APPROVED', 'VOIDED', 'DISBURSED', 'CLAWBACK_DUE'],
  DISBURSED: ['CLAWBACK_DUE'],
  CLAWBACK_DUE: ['CLAWBACK_DUE', 'CLAWED_BACK'],
  REJECTED: [],
  VOIDED: [],
  CLAWED_BACK: [],
};

/** The statuses in which the award's amount is held in the reserved account. */
export const RESERVED_STATUSES: ReadonlySet<Status> = new Set(['PENDING_APPROVAL', 'APPROVED', 'PAYMENT_FAILED']);

/** The statuses before any money left: a revocation voids these. */
export const BEFORE_PAYMENT: ReadonlySet<Status> = new Set([
  'ON_HOLD',
  'AMOUNT_REQUIRED',
  'AWAITING_BUDGET',
  'PENDING_APPROVAL',
  'APPROVED',
  'PAYMENT_FAILED',
]);

export function isAllowed(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: Status, to: Status): void {
  assert.ok(isAllowed(from, to), `transition ${from} -> ${to} is not allowed`);
}
