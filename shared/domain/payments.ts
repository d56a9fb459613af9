/**
 * What happens to an award after approval, as pure deciders like those of awards.ts: the payment confirmed or
 * failed, a failed payment sent again, the fact revoked (voided before payment, a clawback after), and repayments
 * against a clawback.
 */
import assert from 'node:assert/strict';
import { type Award, type Decided, type RevokedBy, draft, fail, next, releaseBeforePayment } from './awards';
import { type Principal, authorize } from './authz';
import { move } from './ledger';
import { BEFORE_PAYMENT, type Status } from './lifecycle';
import { formatYuan } from './money';
import { recipientNumberOf } from './person';

/** The payment rail confirmed the payment. */
export function recordDisbursement(award: Award, command: { paymentId: string }, context: { now: Date }): Decided {
  if (award.status === 'DISBURSED' && award.paymentId === command.paymentId) return fail('CONFLICT', 'already disbursed by this payment');
  if (award.status !== 'APPROVED' && award.status !== 'PAYMENT_FAILED') {
    return fail('CONFLICT', `award is ${award.status}; only an APPROVED award is disbursed`);
  }
  const amountFen = award.amountFen;
  assert.ok(amountFen !== null && amountFen > 0, 'an approved award has an amount');
  const updated = next(award, 'DISBURSED', context.now, { paymentId: command.paymentId });
  const note = `paid ${formatYuan(amountFen)} to ${award.recipient.name} (${recipientNumberOf(award.recipient, false)}), payment ${command.paymentId}`;
  return {
    ok: true,
    change: { award: updated, draft: draft(updated, { type: 'DISBURSED', actor: 'payment-rail', eventId: null, note, amountFen, postings: move('reserved', 'disbursed', amountFen) }, 'DISBURSED'), queue: null },
  };
}

/** The payment failed after its retries: the award keeps its reservation and waits for finance. */
export function recordPaymentFailure(award: Award, command: { reason: string }, context: { now: Date }): Decided {
  if (award.status !== 'APPROVED') return fail('CONFLICT', `award is ${award.status}; only an APPROVED award can fail payment`);
  const updated = next(award, 'PAYMENT_FAILED', context.now, {});
  return { ok: true, change: { award: updated, draft: draft(updated, { type: 'PAYMENT_FAILED', actor: 'payment-rail', eventId: null, note: command.reason, amountFen: 0, postings: [] }, 'PAYMENT_FAILED'), queue: null } };
}

/** Finance sends a failed payment again. */
export function retryPayment(award: Award, principal: Principal, context: { now: Date }): Decided {
  const allowed = authorize(principal, { kind: 'record-repayment', jurisdiction: award.jurisdiction });
  if (!allowed.ok) return fail('FORBIDDEN', `retrying a payment in ${award.jurisdiction} needs officer:${award.jurisdiction}`);
  if (award.status !== 'PAYMENT_FAILED') return fail('CONFLICT', `award is ${award.status}; only a PAYMENT_FAILED award is retried`);
  const updated = next(award, 'APPROVED', context.now, {});
  return { ok: true, change: { award: updated, draft: draft(updated, { type: 'PAYMENT_RETRIED', actor: principal.user, eventId: null, note: 'payment sent again', amountFen: 0, postings: [] }, 'APPROVED'), queue: null } };
}

/**
 * The fact behind the award was revoked: before payment the award is voided and what it held is released; after
 * payment a clawback receivable is opened for the amount paid.
 */
export function revoke(award: Award, command: RevokedBy, context: { now: Date }): Decided {
  const revokedBy: RevokedBy = { eventId: command.eventId, reason: command.reason };
  if (BEFORE_PAYMENT.has(award.status)) {
    const release = releaseBeforePayment(award);
    const updated = next(award, 'VOIDED', context.now, { waitSeq: null, revokedBy });
    const note = `voided before payment: ${command.reason}`;
    return {
      ok: true,
      change: { award: updated, draft: draft(updated, { type: 'VOIDED', actor: 'system', eventId: command.eventId, note, amountFen: release.amountFen, postings: release.postings }, 'VOIDED'), queue: release.queue },
    };
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
