/**
 * A disputed payment (review H1, ADR 010 version 4): the bank said a payment failed, then confirmed the very attempt
 * that failed. Either answer may be false (a forged file, a careless bank), and the money may have left: retrying it
 * could pay the award twice. So the award is marked disputed (no money moves) until an officer decides, under dual
 * control: not an officer who imported either answer. The officer records the payment as made (PAYMENT_FAILED →
 * DISBURSED, reserved → disbursed) or as not made (the dispute is cleared; another officer may retry). Pure deciders.
 */
import assert from './assert';
import { type Award, type Change, type Decided, type Failure, type RevokedBy, draft, fail, next, releaseBeforePayment } from './awards';
import { type Principal, authorize } from './authz';
import { move } from './ledger';
import { formatYuan } from './money';
import { redactIdNumbers } from './person';
import type { BankAnswer, Dispute } from './bank';
import { andThen } from './note-text';

export type DisputeOutcome = 'paid' | 'not-paid';

/** Who brought an answer, when an officer did: the bank's own drop is 'bank', and answers kept before version 4 say nobody. */
const officerOf = (answer: BankAnswer | null | undefined): string | null => {
  const by = answer?.importedBy ?? null;
  return by === null || by === 'bank' ? null : by;
};

/** The officers who may not decide a dispute, nor retry a payment: those who imported the answers at odds. */
function interested(award: Award): string[] {
  return [...new Set([officerOf(award.bankAnswer), officerOf(award.disputed?.answer)].filter((u): u is string => u !== null))];
}

/**
 * What a dispute can hold: a failed payment, and one retried but not yet sent again (APPROVED after a send: re-attack
 * M1, a late confirmation of the first attempt would otherwise let the retry pay twice). Its money is in reserved.
 */
export const DISPUTABLE: ReadonlySet<string> = new Set(['PAYMENT_FAILED', 'APPROVED']);

/**
 * Whether a confirmation can dispute the award: a failed payment, a retried one not yet sent again, or one sent again
 * (PAYING) that the bank now says it paid the first time (re-attack 2, H1): the dispute then waits on it, so that when
 * the current attempt fails it is not retried until an officer decides, and when it is paid too the exception says so.
 */
export const disputable = (award: Award) => award.status === 'PAYMENT_FAILED' || award.status === 'PAYING' || (award.status === 'APPROVED' && award.paymentId !== null)
  || voidedAfterSending(award);

/**
 * A voided award that had been sent to the bank: its fact was revoked while the payment was with the bank, and the bank
 * then failed it, or it was revoked after failing. Its reservation went back to available, so a confirmation of that
 * payment means money left that no ledger entry holds: it disputes the award too, and "paid" opens the clawback from
 * available (review 2026-12-07-b, MEDIUM-1). It is never retried.
 */
export const voidedAfterSending = (award: Pick<Award, 'status' | 'revokedBy' | 'paymentId'>) => award.status === 'VOIDED' && award.revokedBy !== null && award.paymentId !== null;

/** The award marked disputed by the confirmation `answer`, or null when it is not a failed payment or is disputed already. */
export function disputePayment(award: Award, dispute: Dispute, now: Date): Award | null {
  if (!disputable(award) || award.disputed !== null) return null;
  return { ...award, disputed: dispute, updatedAt: now.toISOString(), version: award.version + 1 };
}

/** What a dispute is and what to do about it: the words of the 409 a retry meets and of the exception's detail. */
export function disputeWords(award: Award, dispute: Pick<Dispute, 'exceptionId' | 'answer'>): string {
  const failed = award.bankAnswer;
  const by = (a: BankAnswer | null | undefined) => a?.importedBy ?? 'an import before version 4';
  const others = interested({ ...award, disputed: { ...dispute, at: '' } });
  const who = others.length === 0 ? `any officer of ${award.jurisdiction}` : `an officer of ${award.jurisdiction} other than ${others.join(' and ')}`;
  const route = `POST /reconciliation/exceptions/${dispute.exceptionId}/resolve`;
  return redactIdNumbers(`award ${award.awardId} is disputed: ${dispute.answer.type ?? 'a bank message'} ${dispute.answer.messageId} (imported by ${by(dispute.answer)}) `
    + `confirms its payment in batch ${award.paymentId ?? '-'}, which ${failed?.messageId ?? 'an earlier answer'} (imported by ${by(failed)}) had failed, so the money may have left. `
    + `It is not retried until ${who} resolves exception ${dispute.exceptionId}: ${route} with { "note", "outcome": "paid" } if the bank paid it `
    + '(it is recorded DISBURSED), or { "note" } if it did not (it may then be retried)');
}

/** Why `principal` may not retry the failed payment (dual control, then a dispute), or null when they may. */
export function retryRefusal(award: Award, principal: Principal): Failure | null {
  const failedBy = officerOf(award.bankAnswer);
  if (failedBy !== null && failedBy === principal.user) {
    return fail('FORBIDDEN', redactIdNumbers(`${principal.user} imported ${award.bankAnswer?.messageId ?? '-'}, the bank answer that failed this payment: another officer of ${award.jurisdiction} retries it (dual control)`));
  }
  if (award.disputeClearedBy !== null && award.disputeClearedBy === principal.user) {
    return fail('FORBIDDEN', `${principal.user} decided that the disputed payment of ${award.awardId} was not paid: another officer of ${award.jurisdiction} retries it (dual control)`);
  }
  return award.disputed === null ? null : fail('CONFLICT', disputeWords(award, award.disputed));
}

/** Whether `principal` may decide the dispute that exception `exceptionId` raised: an officer of it, neither importer. */
function deciderRefusal(award: Award, principal: Principal, exceptionId: string): Failure | null {
  const allowed = authorize(principal, { kind: 'resolve-exception', jurisdiction: award.jurisdiction });
  if (!allowed.ok) return fail('FORBIDDEN', allowed.reason);
  if (award.status === 'PAYING' && award.disputed?.exceptionId === exceptionId) {
    return fail('CONFLICT', `award ${award.awardId} is with the bank again (batch ${award.paymentId ?? '-'}): its dispute is decided once the bank answers that attempt`);
  }
  if (!(DISPUTABLE.has(award.status) || voidedAfterSending(award)) || award.disputed?.exceptionId !== exceptionId) return fail('CONFLICT', `award ${award.awardId} is ${award.status} and not disputed by ${exceptionId}`);
  if (interested(award).includes(principal.user)) {
    return fail('FORBIDDEN', `${principal.user} imported one of the two bank answers at odds about ${award.awardId}: another officer of ${award.jurisdiction} decides whether it was paid (dual control)`);
  }
  return null;
}

/** The words a resolution's note starts with: what was decided, for this award, then the officer's own. */
export function decidedWords(outcome: DisputeOutcome, award: Pick<Award, 'status' | 'revokedBy'>): string {
  if (outcome === 'paid') return 'decided: paid (the bank\'s confirmation stands: recorded DISBURSED, or CLAWBACK_DUE when the fact was revoked). ';
  // A voided award is never retried, and one revoked while disputed is voided now (attack 2026-12-07-c, LOW-8).
  if (award.status === 'VOIDED') return 'decided: not paid (the award stays VOIDED, its fact revoked; its dispute is cleared and nothing moves). ';
  if (award.revokedBy !== null) return 'decided: not paid (the fact was revoked: the award is VOIDED and its reservation released). ';
  // Retried already, it is sent again by the next payment run (re-attack 2026-12-07-c, R-4: the words offered a retry).
  if (award.status === 'APPROVED') return 'decided: not paid (the award stays APPROVED, already retried: the next payment run sends it again; its dispute is cleared). ';
  return `decided: not paid (the award stays ${award.status}; its dispute is cleared and another officer may retry it). `;
}

type Command = { readonly exceptionId: string; readonly note: string };

/**
 * The money was paid after all: DISBURSED, from reserved (where a failed payment's amount went back) to disbursed; or,
 * when the fact was revoked while the award was disputed, CLAWBACK_DUE (reserved to clawback receivable).
 */
export function recordPaid(award: Award, principal: Principal, command: Command, context: { now: Date }): Decided {
  const refused = deciderRefusal(award, principal, command.exceptionId);
  if (refused !== null) return refused;
  const dispute = award.disputed;
  const amountFen = award.amountFen;
  assert.ok(dispute !== null && amountFen !== null && amountFen > 0, 'a disputed payment has its confirmation and an amount');
  // Only a confirmation of the payment's own amount says it was paid (fresh review S3): one kept from before that
  // rule, for another amount or none, cannot be recorded as the payment; the officer decides "not paid" and asks the bank.
  if (dispute.answer.amountFen !== amountFen) {
    return fail('CONFLICT', `${dispute.answer.messageId} confirmed ${dispute.answer.amountFen ?? 'no amount'} fen, not the ${amountFen} fen of ${award.awardId}: it is not this payment, so it cannot be recorded paid; decide "not paid" and take it up with the bank`);
  }
  const note = `paid ${formatYuan(amountFen)} after all, batch ${award.paymentId ?? '-'}: ${dispute.answer.messageId} confirmed the payment ${award.bankAnswer?.messageId ?? '-'} had failed; `
    + `recorded by ${principal.user} resolving ${command.exceptionId}: ${Array.from(redactIdNumbers(command.note)).slice(0, 500).join('')}`;
  const fields = { bankAnswer: dispute.answer, disputed: null };
  if (award.status === 'VOIDED' && award.revokedBy !== null) {
    // Its reservation was released when it was voided: the money that left is taken from available (the store refuses
    // it while available cannot carry it) and is owed back.
    const updated = next(award, 'CLAWBACK_DUE', context.now, fields);
    const clawback = andThen(note, `it had been voided, the fact was revoked: clawback of ${formatYuan(amountFen)} opened: ${award.revokedBy.reason}`);
    const entry = { type: 'CLAWBACK_OPENED' as const, actor: principal.user, eventId: award.revokedBy.eventId, note: clawback, amountFen, postings: move('available', 'receivable', amountFen) };
    return { ok: true, change: { award: updated, draft: draft(updated, entry, 'CLAWBACK_DUE'), queue: null } };
  }
  if (award.revokedBy !== null) {
    const updated = next(award, 'CLAWBACK_DUE', context.now, fields);
    const clawback = andThen(note, `the fact was revoked meanwhile, clawback of ${formatYuan(amountFen)} opened: ${award.revokedBy.reason}`);
    const entry = { type: 'CLAWBACK_OPENED' as const, actor: principal.user, eventId: award.revokedBy.eventId, note: clawback, amountFen, postings: move('reserved', 'receivable', amountFen) };
    return { ok: true, change: { award: updated, draft: draft(updated, entry, 'CLAWBACK_DUE'), queue: null } };
  }
  const updated = next(award, 'DISBURSED', context.now, fields);
  return { ok: true, change: { award: updated, draft: draft(updated, { type: 'DISBURSED', actor: principal.user, eventId: null, note, amountFen, postings: move('reserved', 'disbursed', amountFen) }, 'DISBURSED'), queue: null } };
}

/**
 * The money was not paid: the dispute is cleared and no money moves (`change` null), so the failed payment may be
 * retried; or, when the fact was revoked while the award was disputed, it is VOIDED now and its reservation released.
 */
type Cleared = { ok: true; award: Award; change: Change | null } | Failure;
export function clearDispute(award: Award, principal: Principal, command: Command, context: { now: Date }): Cleared {
  const refused = deciderRefusal(award, principal, command.exceptionId);
  if (refused !== null) return refused;
  // Whoever sent a retried award again does not also decide that the first attempt was not paid (re-attack 2, M2).
  if (award.status === 'APPROVED' && award.retriedBy === principal.user) {
    return fail('FORBIDDEN', `${principal.user} retried the payment of ${award.awardId}: another officer of ${award.jurisdiction} decides whether its first attempt was paid (dual control)`);
  }
  if (award.status === 'VOIDED') {
    // Voided already, its reservation released: the dispute is cleared and it stays voided; nothing moves.
    const cleared: Award = { ...award, disputed: null, disputeClearedBy: principal.user, updatedAt: context.now.toISOString(), version: award.version + 1 };
    return { ok: true, award: cleared, change: null };
  }
  if (award.revokedBy !== null) {
    const release = releaseBeforePayment(award);
    const updated = next(award, 'VOIDED', context.now, { disputed: null });
    const note = `not paid, as ${principal.user} found resolving ${command.exceptionId}; voided, the fact was revoked: ${award.revokedBy.reason}`;
    const entry = { type: 'VOIDED' as const, actor: principal.user, eventId: award.revokedBy.eventId, note, amountFen: release.amountFen, postings: release.postings };
    return { ok: true, award: updated, change: { award: updated, draft: draft(updated, entry, 'VOIDED'), queue: release.queue } };
  }
  const cleared: Award = { ...award, disputed: null, disputeClearedBy: principal.user, updatedAt: context.now.toISOString(), version: award.version + 1 };
  return { ok: true, award: cleared, change: null };
}

/**
 * A revocation that meets a disputed payment waits for the decision, as one meeting a PAYING award waits for the bank
 * (the money may have left): noted, and settled when the dispute is (CLAWBACK_DUE if paid, VOIDED if not).
 */
export function noteRevocation(award: Award, revokedBy: RevokedBy, context: { now: Date }): Decided {
  assert.ok(DISPUTABLE.has(award.status) && award.disputed !== null, 'a revocation is noted on a disputed payment');
  if (award.revokedBy !== null) return fail('CONFLICT', `award is disputed and already revoked by ${award.revokedBy.eventId}`);
  const updated = next(award, award.status, context.now, { revokedBy });
  const note = `revoked while its payment is disputed (${award.disputed.exceptionId}); settles when an officer decides it: ${revokedBy.reason}`;
  return { ok: true, change: { award: updated, draft: draft(updated, { type: 'REVOCATION_NOTED', actor: 'system', eventId: revokedBy.eventId, note, amountFen: 0, postings: [] }, updated.status), queue: null } };
}
