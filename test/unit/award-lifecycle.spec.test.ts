/**
 * The award lifecycle as given/when/then specifications over the pure decider (shared/domain/award-decider.ts): every
 * status × command of the lifecycle matrix, the transitions driven by budget, publicity, objections and the bank's
 * answer to a revoked payment, and who may issue what. The DynamoDB tests keep what needs the engine (transactions,
 * races, conditional writes, the budget queue's index): test/integration/ledger.test.ts and the others.
 */
import { describe, expect, it } from 'vitest';
import { evolve } from '../../shared/domain/award-decider';
import type { Account } from '../../shared/domain/ledger';
import { STATUSES, type Status, TRANSITIONS } from '../../shared/domain/lifecycle';
import { yuan } from '../../shared/domain/money';
import { AMOUNT, HEBEI, FUJIAN, NOW, answer, apply, awardIn, budget, commands as c, given, people, publicContext } from '../support/award-specs';

type Operation = keyof typeof OPS;
/** The matrix's operations, as its DynamoDB version issued them (a second approver decides). */
const OPS = {
  'approve': c.approve(),
  'reject': c.reject(),
  'set-amount': c.setAmount(),
  'claim': c.claim(),
  'confirm': c.confirm(),
  'return': c.giveBack(),
  'retry-payment': c.retry(),
  'revoke': c.revoke('revoke-2'),
  'repay': c.repay(),
  'release': c.release(),
  'hold': c.hold(),
  'object': c.object(),
  'serve': c.serve(),
  'end-publicity': c.endPublicity(),
};

type Cell = { status: Status; entry: string; postings: Partial<Record<Account, number>> };
const cell = (status: Status, entry: string, from?: Account, to?: Account): Cell => ({
  status, entry, postings: from === undefined || to === undefined ? {} : { [from]: -AMOUNT, [to]: AMOUNT },
});

/** What each operation does from each status: the status, the entry and the money it moves; absent where it is refused. */
const EXPECTED: Record<Status, Partial<Record<Operation, Cell>>> = {
  AMOUNT_REQUIRED: {
    'reject': cell('REJECTED', 'REJECTED'), 'set-amount': cell('PENDING_APPROVAL', 'AMOUNT_SET', 'available', 'reserved'),
    'revoke': cell('VOIDED', 'VOIDED'), 'hold': cell('ON_HOLD', 'HELD'),
  },
  AWAITING_BUDGET: {
    reject: cell('REJECTED', 'REJECTED'), revoke: cell('VOIDED', 'VOIDED'), hold: cell('ON_HOLD', 'HELD'),
    serve: cell('PENDING_APPROVAL', 'BUDGET_SERVED', 'available', 'reserved'),
  },
  PENDING_APPROVAL: {
    approve: cell('APPROVED', 'APPROVAL'), reject: cell('REJECTED', 'REJECTED', 'reserved', 'available'),
    revoke: cell('VOIDED', 'VOIDED', 'reserved', 'available'), hold: cell('ON_HOLD', 'HELD', 'reserved', 'available'),
  },
  APPROVED: {
    claim: cell('PAYING', 'PAYMENT_SENT', 'reserved', 'transit'), revoke: cell('VOIDED', 'VOIDED', 'reserved', 'available'),
    hold: cell('ON_HOLD', 'HELD', 'reserved', 'available'),
  },
  // On the public notice (公示): an objection or an officer holds it; a revocation voids it; its end is not yet.
  IN_PUBLICITY: { revoke: cell('VOIDED', 'VOIDED', 'reserved', 'available'), hold: cell('ON_HOLD', 'HELD', 'reserved', 'available'), object: cell('ON_HOLD', 'OBJECTION') },
  PAYING: { confirm: cell('DISBURSED', 'DISBURSED', 'transit', 'disbursed'), return: cell('PAYMENT_FAILED', 'PAYMENT_FAILED', 'transit', 'reserved'), revoke: cell('PAYING', 'REVOCATION_NOTED') },
  PAYMENT_FAILED: { 'retry-payment': cell('APPROVED', 'PAYMENT_RETRIED'), 'revoke': cell('VOIDED', 'VOIDED', 'reserved', 'available') },
  DISBURSED: { revoke: cell('CLAWBACK_DUE', 'CLAWBACK_OPENED', 'disbursed', 'receivable') },
  CLAWBACK_DUE: { repay: cell('CLAWED_BACK', 'REPAID', 'receivable', 'available') },
  REJECTED: {},
  VOIDED: {},
  CLAWED_BACK: {},
  // A per-regulation award held (a second lead claim): released, it waits for its amount as a new one would.
  ON_HOLD: { reject: cell('REJECTED', 'REJECTED'), revoke: cell('VOIDED', 'VOIDED'), release: cell('AMOUNT_REQUIRED', 'HOLD_RELEASED') },
};

const MATRIX = STATUSES.flatMap((status) => (Object.keys(OPS) as Operation[]).map((op) => [status, op] as const));

describe('the lifecycle matrix: each command from each status', () => {
  it.each(MATRIX)('from %s, %s moves the award as the matrix says, or is refused (CONFLICT)', (status, op) => {
    const expected = EXPECTED[status][op];
    const when = given(awardIn(status)).when(OPS[op]);
    if (expected === undefined) when.thenFails('CONFLICT');
    else when.then({ status: expected.status, entries: [expected.entry], postings: expected.postings });
  });
});

describe('the transitions budget, publicity, objections and the bank drive', () => {
  it('an amount set when the budget is spoken for waits, and is served when the budget covers it', () => {
    const waiting = given(awardIn('AMOUNT_REQUIRED'), { budget: budget(AMOUNT - 1) }).when(c.setAmount()).then({ status: 'AWAITING_BUDGET', entries: ['AMOUNT_SET'], postings: {} });
    given(waiting, { budget: budget(AMOUNT - 1) }).when(c.serve()).thenFails('CONFLICT', /does not cover/);
    given(waiting).when(c.serve()).then({ status: 'PENDING_APPROVAL', entries: ['BUDGET_SERVED'], postings: { available: -AMOUNT, reserved: AMOUNT } });
  });

  it('a newcomer queues behind awards already waiting, however much is available', () => {
    given(awardIn('AMOUNT_REQUIRED'), { budget: budget(yuan(1_000_000), 1) }).when(c.setAmount()).then({ status: 'AWAITING_BUDGET', postings: {} });
  });

  it('refuses an amount larger than the whole allocation, so no award can block the queue for good', () => {
    const small = { balances: { ...budget().balances, allocatedFen: AMOUNT, availableFen: AMOUNT, reservedFen: 0 }, waitingCount: 0 };
    given(awardIn('AMOUNT_REQUIRED'), { budget: small }).when(c.setAmount(AMOUNT + 1)).thenFails('VALIDATION', /more than the whole/);
    given(awardIn('AMOUNT_REQUIRED'), { budget: small }).when(c.setAmount(AMOUNT)).then({ status: 'PENDING_APPROVAL' });
  });

  it('with publicity on, the final approval lists the award on the notice; the period over, it is payable', () => {
    const listed = given(awardIn('PENDING_APPROVAL'), publicContext()).when(c.approve()).then({ status: 'IN_PUBLICITY', entries: ['APPROVAL'], postings: {} });
    given(listed, publicContext()).when(c.endPublicity()).thenFails('CONFLICT', /not at the end of a notice period/);
    const after = new Date(new Date(listed.publicity?.until ?? '').getTime() + 1);
    given(listed, { now: after }).when(c.endPublicity()).then({ status: 'APPROVED', entries: ['PUBLICITY_ENDED'], postings: {} });
  });

  it('an objection upheld by another officer rejects the award and releases its reservation; its recorder may not decide it', () => {
    const held = apply(awardIn('IN_PUBLICITY'), c.object(people.officer(FUJIAN, 'recorder')));
    expect(held.hold?.reason).toBe('OBJECTION');
    given(held).when(c.decideObjection('upheld', people.officer(FUJIAN, 'recorder'))).thenFails('FORBIDDEN', /dual control/);
    given(held).when(c.decideObjection('upheld')).then({ status: 'REJECTED', entries: ['OBJECTION_DECIDED'], postings: { reserved: -AMOUNT, available: AMOUNT } });
    given(held).when(c.decideObjection('upheld', people.officer(FUJIAN, 'decider'), 'ob-none')).thenFails('NOT_FOUND');
  });

  it('an objection dismissed sends the award back to publicity, or on to APPROVED once the period is over', () => {
    const held = apply(awardIn('IN_PUBLICITY'), c.object(people.officer(FUJIAN, 'recorder')));
    given(held).when(c.decideObjection('dismissed')).then({ status: 'IN_PUBLICITY', postings: {} });
    const after = new Date(new Date(held.publicity?.until ?? '').getTime() + 1);
    given(held, { now: after }).when(c.decideObjection('dismissed')).then({ status: 'APPROVED', postings: {} });
    given(awardIn('IN_PUBLICITY'), { now: after }).when(c.object()).thenFails('CONFLICT', /notice period ended/);
  });

  it('a payment revoked while with the bank settles on the answer: confirmed, a clawback; returned, void', () => {
    const noted = apply(awardIn('PAYING'), c.revoke());
    given(noted).when(c.revoke('revoke-again')).thenFails('CONFLICT', /already revoked/);
    given(noted).when(c.confirm()).then({ status: 'CLAWBACK_DUE', entries: ['CLAWBACK_OPENED'], postings: { transit: -AMOUNT, receivable: AMOUNT } });
    given(noted).when(c.giveBack()).then({ status: 'VOIDED', entries: ['VOIDED'], postings: { transit: -AMOUNT, available: AMOUNT } });
  });

  // Attack 2026-12-07-c, LOW-6: an award whose payment was sent and failed was "voided before payment".
  it('a revoked award whose payment failed, retried or not, is voided naming the failed attempt; one never sent, before payment', () => {
    const failed = awardIn('PAYMENT_FAILED');
    const words = `^voided after a failed payment \\(batch ${failed.paymentId}, bank message ${failed.bankAnswer?.messageId}\\): no payment is recorded; `;
    expect(failed.paymentId).toBe('PB-SPEC-1');
    expect(failed.bankAnswer?.messageId).toMatch(/^SPEC-/);
    given(failed).when(c.revoke()).then({ status: 'VOIDED', entries: ['VOIDED'], note: new RegExp(words) });
    given(apply(failed, c.retry())).when(c.revoke()).then({ status: 'VOIDED', note: new RegExp(words) });
    given(awardIn('APPROVED')).when(c.revoke()).then({ status: 'VOIDED', note: /^voided before payment: / });
  });

  it('an award with an amount held, released by another officer, is reserved, or queued when the budget is spoken for', () => {
    const held = apply(awardIn('PENDING_APPROVAL'), c.hold(people.officer(FUJIAN, 'holder')));
    given(held).when(c.release(people.officer(FUJIAN, 'holder'))).thenFails('FORBIDDEN', /dual control/);
    given(held).when(c.release()).then({ status: 'PENDING_APPROVAL', entries: ['HOLD_RELEASED'], postings: { available: -AMOUNT, reserved: AMOUNT } });
    given(held, { budget: budget(AMOUNT - 1) }).when(c.release()).then({ status: 'AWAITING_BUDGET', postings: {} });
  });

  it('records a partial repayment, then the rest; never more than is outstanding', () => {
    const partly = given(awardIn('CLAWBACK_DUE')).when(c.repay(yuan(20_000))).then({ status: 'CLAWBACK_DUE', entries: ['REPAID'], postings: { receivable: -yuan(20_000), available: yuan(20_000) } });
    given(partly).when(c.repay(yuan(30_001))).thenFails('VALIDATION', /outstanding/);
    given(partly).when(c.repay(yuan(30_000))).then({ status: 'CLAWED_BACK' });
  });
});

describe('who may issue a command: authorized before anything is decided', () => {
  it('nobody approves an award whose amount they set; an approver elsewhere, an auditor cannot approve at all', () => {
    const both = { user: 'li', groups: [`officer:${FUJIAN}`, `approver:${FUJIAN}`] };
    given(awardIn('AMOUNT_REQUIRED')).when(c.setAmount(AMOUNT, people.officer(HEBEI))).thenFails('FORBIDDEN');
    const set = apply(awardIn('AMOUNT_REQUIRED'), c.setAmount(AMOUNT, both));
    given(set).when(c.approve(both)).thenFails('FORBIDDEN', /you set the amount/);
    given(set).when(c.approve(people.approver(HEBEI))).thenFails('FORBIDDEN');
    given(set).when(c.approve(people.auditor())).thenFails('FORBIDDEN');
    given(set).when(c.approve(people.approver())).then({ status: 'APPROVED' });
    // A rejection is not bound by dual control: whoever set the amount may still reject it.
    given(set).when(c.reject(both)).then({ status: 'REJECTED' });
  });

  it('refuses a person without the role before looking at the award: FORBIDDEN, not CONFLICT', () => {
    for (const status of ['APPROVED', 'REJECTED', 'CLAWED_BACK'] as const) {
      given(awardIn(status)).when(c.setAmount(AMOUNT, people.auditor())).thenFails('FORBIDDEN');
      given(awardIn(status)).when(c.hold(people.approver())).thenFails('FORBIDDEN');
      given(awardIn(status)).when(c.repay(AMOUNT, people.officer(HEBEI))).thenFails('FORBIDDEN');
      given(awardIn(status)).when(c.object(people.approver())).thenFails('FORBIDDEN');
      given(awardIn(status)).when(c.release(people.approver())).thenFails('FORBIDDEN');
      given(awardIn(status)).when(c.approve(people.officer())).thenFails('FORBIDDEN');
    }
    given(awardIn('PAYMENT_FAILED')).when(c.retry(people.approver())).thenFails('FORBIDDEN', `retrying a payment in ${FUJIAN} needs officer:${FUJIAN}`);
  });

  it('the same approver approving twice counts once: the second is refused by dual control', () => {
    const award = apply(awardIn('AMOUNT_REQUIRED'), c.setAmount(yuan(5_000_000)));
    expect(award.approvalsRequired).toBeGreaterThan(1);
    const once = given(award).when(c.approve(people.approver(FUJIAN, 'a'))).then({ status: 'PENDING_APPROVAL', entries: ['APPROVAL'] });
    given(once).when(c.approve(people.approver(FUJIAN, 'a'))).thenFails('FORBIDDEN', /already approved/);
  });
});

describe('evolve: the one place an award moves', () => {
  it('takes only a next state of the same award: a lifecycle transition, the version one more', () => {
    const award = awardIn('PENDING_APPROVAL');
    const decided = apply(award, c.approve());
    const change = { award: decided, draft: { type: 'APPROVAL', awardId: award.awardId, statusAfter: 'APPROVED', postings: [] }, queue: null } as never;
    expect(evolve(award, change).status).toBe('APPROVED');
    expect(() => evolve(award, { ...(change as object), award: { ...decided, version: award.version + 2 } } as never)).toThrow(/version/);
    expect(() => evolve(awardIn('REJECTED'), change)).toThrow();
    expect(() => evolve(award, { ...(change as object), draft: { awardId: award.awardId, statusAfter: 'APPROVED', postings: [{ account: 'reserved', deltaFen: 1 }] } } as never)).toThrow(/sum to zero/);
  });

  it('agrees with the lifecycle: every allowed transition is reached by a specification here, but the disputed payment\'s', () => {
    const reached = new Set<string>();
    for (const from of STATUSES) {
      for (const expected of Object.values(EXPECTED[from])) {
        expect(TRANSITIONS[from], `${from} -> ${expected.status}`).toContain(expected.status);
        reached.add(`${from}>${expected.status}`);
      }
    }
    // The specifications above that are not in the matrix.
    for (const t of ['AMOUNT_REQUIRED>AWAITING_BUDGET', 'PENDING_APPROVAL>IN_PUBLICITY', 'IN_PUBLICITY>APPROVED', 'PAYING>CLAWBACK_DUE', 'PAYING>VOIDED',
      'ON_HOLD>AWAITING_BUDGET', 'ON_HOLD>PENDING_APPROVAL', 'ON_HOLD>IN_PUBLICITY', 'ON_HOLD>APPROVED']) reached.add(t);
    const allowed = STATUSES.flatMap((from) => TRANSITIONS[from].filter((to) => to !== from).map((to) => `${from}>${to}`));
    // A disputed payment recorded paid (shared/domain/disputes.ts, not an award command yet): test/functions/payment-disputes.test.ts.
    expect(allowed.filter((t) => !reached.has(t))).toEqual(['APPROVED>DISBURSED', 'APPROVED>CLAWBACK_DUE', 'PAYMENT_FAILED>DISBURSED', 'PAYMENT_FAILED>CLAWBACK_DUE', 'VOIDED>CLAWBACK_DUE']);
  });

  it('runs the bank\'s answers only over a paying award', () => {
    given(awardIn('APPROVED')).when({ kind: 'confirm-payment', answer: answer('CONFIRMED', '2') }).thenFails('CONFLICT', /only a PAYING award/);
    expect(NOW.getUTCDay()).toBe(1);
  });
});
