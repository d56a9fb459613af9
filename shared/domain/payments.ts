/**
 * What happens to an award after approval, as pure deciders like those of awards.ts: claimed into a payment batch
 * (PAYING), confirmed or returned by the bank, a failed payment sent again, the fact revoked (voided before payment,
 * noted while PAYING and settled on the bank's answer, a clawback after), and repayments against a clawback.
 */
import assert from './assert';
import type { BankAnswer } from './bank';
import { type Award, type Decided, type RevokedBy, draft, fail, next, releaseBeforePayment } from './awards';
import { type Principal, authorize } from './authz';
import { move } from './ledger';
import { BEFORE_PAYMENT, type Status } from './lifecycle';
import { formatYuan } from './money';
import { recipientNumberOf } from './person';
import { DISPUTABLE, noteRevocation, retryRefusal } from './disputes';

/** Earlier batches an award was sent in, kept on it (the most recent ones): an answer naming no batch cannot be tied. */
export const EARLIER_PAYMENTS_KEPT = 20;

/**
 * A payment run claims an approved award into a batch, before any file exists: PAYING, its amount moved from reserved
 * to in transit. From here nothing voids it; a revocation is noted and settles on the bank's answer.
 */
export function claimForPayment(award: Award, command: { batchId: string; payee: string }, context: { now: Date }): Decided {
  if (award.status !== 'APPROVED') return fail('CONFLICT', `award is ${award.status}; only an APPROVED award is paid`);
  if (award.disputed !== null) return fail('CONFLICT', `award is disputed (${award.disputed.exceptionId}): the bank confirmed an earlier attempt; an officer decides before it is paid again`);
  const amountFen = award.amountFen;
  assert.ok(amountFen !== null && amountFen > 0, 'an approved award has an amount');
  // A retried award keeps its EndToEndId: the batches it was sent in before are kept, so an answer that names no batch
  // is never applied to this attempt when it could be about an earlier one (CONTRACT §6, issue 19 finding 2).
  const earlierPaymentIds = award.paymentId === null ? award.earlierPaymentIds : [...award.earlierPaymentIds, award.paymentId].slice(-EARLIER_PAYMENTS_KEPT);
  const updated = next(award, 'PAYING', context.now, { paymentId: command.batchId, earlierPaymentIds, bankAnswer: null });
  const note = `sent to the bank in batch ${command.batchId}: ${formatYuan(amountFen)} to ${award.recipient.name} (${recipientNumberOf(award.recipient, false)}), account ${command.payee}`;
  return {
    ok: true,
    change: { award: updated, draft: draft(updated, { type: 'PAYMENT_SENT', actor: 'payment-run', eventId: null, note, amountFen, postings: move('reserved', 'transit', amountFen) }, 'PAYING'), queue: null },
  };
}

/**
 * The bank confirmed the payment: DISBURSED, in transit to disbursed; or, when the fact was revoked while the money
 * was with the bank, CLAWBACK_DUE at once (in transit to clawback receivable).
 */
export function confirmPayment(award: Award, answer: BankAnswer, context: { now: Date }): Decided {
  if (award.status !== 'PAYING') return fail('CONFLICT', `award is ${award.status}; only a PAYING award is confirmed`);
  const amountFen = award.amountFen;
  assert.ok(amountFen !== null && amountFen > 0, 'a paying award has an amount');
  const twice = award.disputed === null ? '' : `; the bank also confirmed an earlier attempt (exception ${award.disputed.exceptionId}): it may have paid twice, recover one`;
  const paid = `paid ${formatYuan(amountFen)} to ${award.recipient.name} (${recipientNumberOf(award.recipient, false)}), batch ${award.paymentId ?? '-'}, bank message ${answer.messageId}${twice}`;
  if (award.revokedBy !== null) {
    const updated = next(award, 'CLAWBACK_DUE', context.now, { bankAnswer: answer, disputed: null });
    const note = `${paid}; the fact was revoked meanwhile, clawback of ${formatYuan(amountFen)} opened: ${award.revokedBy.reason}`;
    return { ok: true, change: { award: updated, draft: draft(updated, { type: 'CLAWBACK_OPENED', actor: 'bank', eventId: award.revokedBy.eventId, note, amountFen, postings: move('transit', 'receivable', amountFen) }, 'CLAWBACK_DUE'), queue: null } };
  }
  const updated = next(award, 'DISBURSED', context.now, { bankAnswer: answer, disputed: null });
  return { ok: true, change: { award: updated, draft: draft(updated, { type: 'DISBURSED', actor: 'bank', eventId: null, note: paid, amountFen, postings: move('transit', 'disbursed', amountFen) }, 'DISBURSED'), queue: null } };
}

/**
 * The bank returned or rejected the payment: PAYMENT_FAILED with the reason, in transit back to reserved (finance
 * fixes the payee and retries, or voids); or, when the fact was revoked meanwhile, VOIDED and the amount released.
 */
export function returnPayment(award: Award, answer: BankAnswer, context: { now: Date }): Decided {
  if (award.status !== 'PAYING') return fail('CONFLICT', `award is ${award.status}; only a PAYING award is returned`);
  const amountFen = award.amountFen;
  assert.ok(amountFen !== null && amountFen > 0, 'a paying award has an amount');
  const why = `${answer.outcome === 'REJECTED' ? 'rejected' : 'returned'} by the bank (${answer.reasonCode ?? 'no code'}${answer.reason ? `: ${answer.reason}` : ''}), message ${answer.messageId}`;
  // An earlier attempt the bank confirmed waits on the award: it fails, disputed, even when revoked (an officer decides).
  if (award.revokedBy !== null && award.disputed === null) {
    const updated = next(award, 'VOIDED', context.now, { bankAnswer: answer });
    const note = `${why}; voided, the fact was revoked: ${award.revokedBy.reason}`;
    return { ok: true, change: { award: updated, draft: draft(updated, { type: 'VOIDED', actor: 'bank', eventId: award.revokedBy.eventId, note, amountFen, postings: move('transit', 'available', amountFen) }, 'VOIDED'), queue: null } };
  }
  const updated = next(award, 'PAYMENT_FAILED', context.now, { bankAnswer: answer });
  return { ok: true, change: { award: updated, draft: draft(updated, { type: 'PAYMENT_FAILED', actor: 'bank', eventId: null, note: why, amountFen, postings: move('transit', 'reserved', amountFen) }, 'PAYMENT_FAILED'), queue: null } };
}

/**
 * Finance sends a failed payment again: not the officer who imported the answer that failed it (one officer's forged
 * rejection must not be enough to pay twice), and not while the bank's confirmation of the failed attempt disputes it.
 */
export function retryPayment(award: Award, principal: Principal, context: { now: Date }): Decided {
  const allowed = authorize(principal, { kind: 'record-repayment', jurisdiction: award.jurisdiction });
  if (!allowed.ok) return fail('FORBIDDEN', `retrying a payment in ${award.jurisdiction} needs officer:${award.jurisdiction}`);
  if (award.status !== 'PAYMENT_FAILED') return fail('CONFLICT', `award is ${award.status}; only a PAYMENT_FAILED award is retried`);
  const refused = retryRefusal(award, principal);
  if (refused !== null) return refused;
  const updated = next(award, 'APPROVED', context.now, { disputeClearedBy: null, retriedBy: principal.user });
  return { ok: true, change: { award: updated, draft: draft(updated, { type: 'PAYMENT_RETRIED', actor: principal.user, eventId: null, note: 'payment sent again', amountFen: 0, postings: [] }, 'APPROVED'), queue: null } };
}

/**
 * The fact behind the award was revoked: before payment the award is voided and what it held is released; after
 * payment a clawback receivable is opened for the amount paid.
 */
export function revoke(award: Award, command: RevokedBy, context: { now: Date }): Decided {
  const revokedBy: RevokedBy = { eventId: command.eventId, reason: command.reason };
  // A failed payment the bank then confirmed may have been paid: the revocation waits for an officer's decision.
  if (DISPUTABLE.has(award.status) && award.disputed !== null) return noteRevocation(award, revokedBy, context);
  if (BEFORE_PAYMENT.has(award.status)) {
    const release = releaseBeforePayment(award);
    const updated = next(award, 'VOIDED', context.now, { waitSeq: null, revokedBy });
    // Sent before and failed (retried or not), it is not "before payment": the note names the attempt and what the bank
    // said, and claims no more than the ledger knows (a failed answer may yet be disputed).
    const note = award.paymentId !== null
      ? `voided after a failed payment (batch ${award.paymentId}, bank message ${award.bankAnswer?.messageId ?? 'none kept'}): no payment is recorded; ${command.reason}`
      : `voided before payment: ${command.reason}`;
    return {
      ok: true,
      change: { award: updated, draft: draft(updated, { type: 'VOIDED', actor: 'system', eventId: command.eventId, note, amountFen: release.amountFen, postings: release.postings }, 'VOIDED'), queue: release.queue },
    };
  }
  if (award.status === 'PAYING') {
    // The money is with the bank: nothing can stop it. The revocation waits for the bank's answer (CONTRACT §2).
    if (award.revokedBy !== null) return fail('CONFLICT', `award is PAYING and already revoked by ${award.revokedBy.eventId}`);
    const updated = next(award, 'PAYING', context.now, { revokedBy });
    const note = `revoked while with the bank (batch ${award.paymentId ?? '-'}); settles on the bank's answer: ${command.reason}`;
    return { ok: true, change: { award: updated, draft: draft(updated, { type: 'REVOCATION_NOTED', actor: 'system', eventId: command.eventId, note, amountFen: 0, postings: [] }, 'PAYING'), queue: null } };
  }
  if (award.status === 'DISBURSED') {
    const amountFen = award.amountFen;
    assert.ok(amountFen !== null && amountFen > 0, 'a disbursed award has an amount');
    const updated = next(award, 'CLAWBACK_DUE', context.now, { revokedBy });
    const note = `clawback of ${formatYuan(amountFen)} opened: ${command.reason}`;
    return {
      ok: true,
      change: { award: updated, draft: draft(updated, { type: 'CLAWBACK_OPENED', actor: 'system', eventId: command.eventId, note, amountFen, postings: move('disbursed', 'receivable', amountFen) }, 'CLAWBACK_DUE'), queue: null },
    };
  }
  return fail('CONFLICT', `award is ${award.status}; nothing to revoke`);
}

/** Finance records money paid back against a clawback; the award is CLAWED_BACK once all is repaid. */
export function recordRepayment(award: Award, principal: Principal, command: { amountFen: number }, context: { now: Date }): Decided {
  const allowed = authorize(principal, { kind: 'record-repayment', jurisdiction: award.jurisdiction });
  if (!allowed.ok) return fail('FORBIDDEN', allowed.reason);
  if (award.status !== 'CLAWBACK_DUE') return fail('CONFLICT', `award is ${award.status}; repayments are recorded against CLAWBACK_DUE awards`);
  const amountFen = award.amountFen;
  assert.ok(amountFen !== null && amountFen > 0, 'a clawback has an amount');
  const outstandingFen = amountFen - award.repaidFen;
  if (!Number.isSafeInteger(command.amountFen) || command.amountFen <= 0 || command.amountFen > outstandingFen) {
    return fail('VALIDATION', `a repayment is a whole number of fen from 1 to the ${outstandingFen} outstanding, got ${command.amountFen}`);
  }
  const repaidFen = award.repaidFen + command.amountFen;
  const to: Status = repaidFen === amountFen ? 'CLAWED_BACK' : 'CLAWBACK_DUE';
  const updated = next(award, to, context.now, { repaidFen });
  const note = `repayment of ${formatYuan(command.amountFen)} recorded by ${principal.user}; ${formatYuan(amountFen - repaidFen)} outstanding`;
  return {
    ok: true,
    change: { award: updated, draft: draft(updated, { type: 'REPAID', actor: principal.user, eventId: null, note, amountFen: command.amountFen, postings: move('receivable', 'available', command.amountFen) }, to), queue: null },
  };
}

/**
 * A payment batch's id (its pain.001 message id): PB, the China date it was made on (yyyymmdd), the jurisdiction and
 * eight hex digits (four random bytes). Reconciliation reads the date back: no bank books a payment before it was sent.
 */
const BATCH_ID = /^PB(\d{4})(\d{2})(\d{2})\d{6}[0-9A-F]{8}$/;

/** The id of a batch made on a China date (yyyy-mm-dd) by a jurisdiction, with its random part (eight hex digits). */
export function batchIdOf(jurisdiction: string, chinaDay: string, randomHex: string): string {
  const id = `PB${chinaDay.replaceAll('-', '')}${jurisdiction}${randomHex.toUpperCase()}`;
  assert(BATCH_ID.test(id), `not a batch id: ${id}`);
  return id;
}

/** The China date (yyyy-mm-dd) a batch was made on, from its id; null for what is not one of our batch ids. */
export function batchDateOf(batchId: string): string | null {
  const made = BATCH_ID.exec(batchId);
  return made === null ? null : `${made[1]}-${made[2]}-${made[3]}`;
}
