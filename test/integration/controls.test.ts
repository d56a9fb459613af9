/**
 * The controls before payment (issue 21, CONTRACT §6) on DynamoDB Local: publicity (公示) and its end, objections,
 * the credit list at its three points, the annual cap under concurrent awards, an officer's hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { chinaDate } from '../../shared/domain/time';
import type { AwardStore } from '../../shared/store/store';
import { designAward, revokeAward } from '../support/awards';
import { WEEKDAYS_CALENDAR, controlsFor } from '../support/controls';
import { TEST_PERSON_KEY, RECIPIENTS } from '../support/events';
import { payAward } from '../support/payments';
import { freshStore, people } from '../support/store';

const HEBEI = '130000';
const DAY_MS = 86_400_000;
const BAODING = RECIPIENTS.baoding.uscc;
const OBJECTION = { objectorName: '李四', contact: '0311-87654321 石家庄市长安区某某路1号', text: '该企业并未实际承担此项设计服务，申报材料不实。' };

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

/** A store with Hebei's controls, on a clock the test moves (weekdays only: the test never depends on the day it runs). */
async function controlled(controls: Parameters<typeof controlsFor>[1], start = new Date()) {
  const clock = { now: start };
  const { store } = await freshStore({ controls: controlsFor([HEBEI], controls), calendar: WEEKDAYS_CALENDAR, clock: () => clock.now });
  value(await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: fiscalYearOf(clock.now), allocatedFen: yuan(10_000_000) }));
  return { store, clock };
}

async function record(store: AwardStore, amountFen: number, reference: string): Promise<Award> {
  return (await store.recordAwards(designAward(amountFen, reference))).awards[0] as Award;
}

const approve = (store: AwardStore, award: Award, who = 'approver-1') => store.decide(award.awardId, people.approver(HEBEI, who), { decision: 'approve', comment: '' });
const budgetOf = (store: AwardStore, clock: { now: Date }) => store.getBudget(HEBEI, fiscalYearOf(clock.now));
const listToday = (store: AwardStore, clock: { now: Date }, officer = 'importer') =>
  store.importCreditEntries(people.officer(HEBEI, officer), [{ recipientId: BAODING, listName: '失信被执行人名单', from: chinaDate(clock.now) }], TEST_PERSON_KEY);

describe('publicity (公示)', () => {
  it('lists an approved award for its working days, never pays it meanwhile, and makes it payable when the period ends', async () => {
    const { store, clock } = await controlled({ publicityWorkingDays: 5 });
    const award = await record(store, yuan(100_000), 'PUB-1');
    const listed = value(await approve(store, award));
    expect(listed.status).toBe('IN_PUBLICITY');
    expect(listed.publicity?.from).toBe(clock.now.toISOString());
    expect(listed.publicity?.until.endsWith('T15:59:59.999Z')).toBe(true);
    const paidDuring = await payAward(store, award.awardId);
    expect(paidDuring.status).toBe('IN_PUBLICITY');
    expect(paidDuring.paymentId).toBeNull();
    // Before the end, the sweep ends nothing; after it, the award is payable and paid.
    expect(await store.endPublicities(HEBEI)).toBe(0);
    clock.now = new Date(new Date(listed.publicity?.until ?? '').getTime() + 1);
    expect(await store.endPublicities(HEBEI)).toBe(1);
    expect((await store.getAward(award.awardId))?.status).toBe('APPROVED');
    expect((await payAward(store, award.awardId)).status).toBe('DISBURSED');
    expect((await store.entriesOfAward(award.awardId)).map((e) => e.type)).toContain('PUBLICITY_ENDED');
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });

  it('an objection upheld by another officer rejects the award and releases exactly its reservation', async () => {
    const { store, clock } = await controlled({ publicityWorkingDays: 5 });
    const before = await budgetOf(store, clock);
    const award = await record(store, yuan(250_000), 'PUB-2');
    value(await approve(store, award));
    const held = value(await store.recordObjection(award.awardId, people.officer(HEBEI, 'recorder'), OBJECTION));
    expect(held).toMatchObject({ status: 'ON_HOLD', hold: { reason: 'OBJECTION', by: 'recorder' } });
    // The objection suspends an approved award with its money: reserved, not payable.
    expect((await budgetOf(store, clock)).reservedFen).toBe(yuan(250_000));
    expect((await payAward(store, award.awardId)).status).toBe('ON_HOLD');
    const objectionId = held.objections[0]?.objectionId ?? '';
    expect(await store.decideObjection(award.awardId, people.officer(HEBEI, 'recorder'), { objectionId, outcome: 'upheld', basis: '经核查属实' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const rejected = value(await store.decideObjection(award.awardId, people.officer(HEBEI, 'decider'), { objectionId, outcome: 'upheld', basis: '经核查，申报材料不实' }));
    expect(rejected.status).toBe('REJECTED');
    const after = await budgetOf(store, clock);
    expect(after.availableFen).toBe(before.availableFen);
    expect(after.reservedFen).toBe(0);
    // The ledger names the objector masked and never their contact.
    const notes = (await store.entriesOfAward(award.awardId)).map((e) => e.note).join('\n');
    expect(notes).toContain('李*');
    expect(notes).not.toContain('87654321');
    expect(notes).not.toContain('李四');
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });

  it('an objection dismissed sends the award back to publicity, or on to APPROVED once the period is over', async () => {
    const { store, clock } = await controlled({ publicityWorkingDays: 5 });
    const [a, b] = [await record(store, yuan(10_000), 'PUB-3'), await record(store, yuan(10_000), 'PUB-4')];
    for (const award of [a, b]) value(await approve(store, award));
    const heldA = value(await store.recordObjection(a.awardId, people.officer(HEBEI, 'recorder'), OBJECTION));
    const heldB = value(await store.recordObjection(b.awardId, people.officer(HEBEI, 'recorder'), OBJECTION));
    const dismiss = { outcome: 'dismissed' as const, basis: '经核查，异议不成立' };
    const backA = value(await store.decideObjection(a.awardId, people.officer(HEBEI, 'decider'), { objectionId: heldA.objections[0]?.objectionId ?? '', ...dismiss }));
    expect(backA.status).toBe('IN_PUBLICITY');
    clock.now = new Date(clock.now.getTime() + 10 * DAY_MS);
    // An objection after the period is refused; one dismissed after it leaves the award payable.
    expect(await store.recordObjection(a.awardId, people.officer(HEBEI, 'recorder'), OBJECTION)).toMatchObject({ ok: false, code: 'CONFLICT' });
    const backB = value(await store.decideObjection(b.awardId, people.officer(HEBEI, 'decider'), { objectionId: heldB.objections[0]?.objectionId ?? '', ...dismiss }));
    expect(backB.status).toBe('APPROVED');
    expect(await store.endPublicities(HEBEI)).toBe(1);
    expect((await store.getAward(a.awardId))?.status).toBe('APPROVED');
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });

  it('refuses to count a notice period in a year the official calendar does not know, rather than guess', async () => {
    const { store } = await freshStore({ controls: controlsFor([HEBEI], { publicityWorkingDays: 5 }), clock: () => new Date('2026-12-28T02:00:00Z') });
    value(await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: 2026, allocatedFen: yuan(1_000_000) }));
    const award = await record(store, yuan(10_000), 'PUB-2027');
    const refused = await approve(store, award);
    expect(refused).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(refused.ok ? '' : refused.message).toContain('2027');
    expect((await store.getAward(award.awardId))?.status).toBe('PENDING_APPROVAL');
  });

  it('a revocation voids an award on the notice, and the sweep has nothing left to end', async () => {
    const { store, clock } = await controlled({ publicityWorkingDays: 5 });
    const award = await record(store, yuan(10_000), 'PUB-REVOKED');
    value(await approve(store, award));
    const revoked = await revokeAward(store, award.awardId, 'revoke-pub', '称号被撤销');
    expect(revoked.changed.map((c) => c.status)).toEqual(['VOIDED']);
    clock.now = new Date(clock.now.getTime() + 10 * DAY_MS);
    expect(await store.endPublicities(HEBEI)).toBe(0);
    expect((await budgetOf(store, clock)).reservedFen).toBe(0);
  });
});

describe('the credit list (失信) holds a listed recipient at each of the three points', () => {
  it('listed before recording: recorded on hold, nothing reserved', async () => {
    const { store, clock } = await controlled({});
    expect(value(await listToday(store, clock))).toMatchObject([{ outcome: 'imported' }]);
    const award = await record(store, yuan(50_000), 'CREDIT-1');
    expect(award).toMatchObject({ status: 'ON_HOLD', hold: { reason: 'CREDIT_LISTED', importedBy: ['importer'] } });
    expect((await budgetOf(store, clock)).reservedFen).toBe(0);
  });

  it('listed between recording and approval: the approval holds it and gives its reservation back', async () => {
    const { store, clock } = await controlled({});
    const award = await record(store, yuan(50_000), 'CREDIT-2');
    expect(award.status).toBe('PENDING_APPROVAL');
    value(await listToday(store, clock));
    const held = value(await approve(store, award));
    expect(held).toMatchObject({ status: 'ON_HOLD', approvals: [], hold: { reason: 'CREDIT_LISTED' } });
    expect((await budgetOf(store, clock)).reservedFen).toBe(0);
  });

  it('listed between approval and payment: the payment run holds it and pays nothing', async () => {
    const { store, clock } = await controlled({});
    const award = await record(store, yuan(50_000), 'CREDIT-3');
    expect(value(await approve(store, award)).status).toBe('APPROVED');
    value(await listToday(store, clock));
    const after = await payAward(store, award.awardId);
    expect(after).toMatchObject({ status: 'ON_HOLD', paymentId: null, hold: { reason: 'CREDIT_LISTED' } });
    const budget = await budgetOf(store, clock);
    expect([budget.reservedFen, budget.inTransitFen, budget.disbursedFen]).toEqual([0, 0, 0]);
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });

  it('is released by an officer who imported none of its entries, and that entry does not hold it again; a new listing does', async () => {
    const { store, clock } = await controlled({});
    value(await listToday(store, clock));
    const award = await record(store, yuan(50_000), 'CREDIT-4');
    expect(await store.releaseHold(award.awardId, people.officer(HEBEI, 'importer'), { basis: '已信用修复' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const released = value(await store.releaseHold(award.awardId, people.officer(HEBEI, 'reviewer'), { basis: '经核实，已完成信用修复（信用中国公示）' }));
    expect(released.status).toBe('PENDING_APPROVAL');
    expect(value(await approve(store, released)).status).toBe('APPROVED');
    // A second list names the recipient after the release: the payment run holds the award again.
    value(await store.importCreditEntries(people.officer(HEBEI, 'importer'), [{ recipientId: BAODING, listName: '重大税收违法失信主体名单', from: chinaDate(clock.now) }], TEST_PERSON_KEY));
    expect((await payAward(store, award.awardId)).status).toBe('ON_HOLD');
  });

  it('imports entries one by one: a repeat is a repeat, a bad one is refused with its reason', async () => {
    const { store } = await controlled({});
    const entries = [
      { recipientId: BAODING, listName: '失信被执行人名单', from: '2026-01-05' },
      { recipientId: BAODING, listName: '失信被执行人名单', from: '2026-01-05' },
      { recipientId: '91130600MA0CXK7L10', listName: '失信被执行人名单', from: '2026-01-05' },
      { recipientId: BAODING, listName: ' ', from: '2026-01-05' },
      { recipientId: BAODING, listName: '经营异常名录', from: '2026-02-30' },
      { recipientId: BAODING, listName: '经营异常名录', from: '2026-03-01', to: '2026-02-01' },
      { recipientId: BAODING, listName: '失信被执行人名单', from: '2026-01-05', to: '2026-06-30' },
    ];
    const results = value(await store.importCreditEntries(people.officer(HEBEI), entries, TEST_PERSON_KEY));
    expect(results.map((r) => r.outcome)).toEqual(['imported', 'repeated', 'refused', 'refused', 'refused', 'refused', 'refused']);
    expect(results.slice(2).map((r) => r.reason)).toEqual([expect.stringContaining('credit code'), expect.stringContaining('listName'), expect.stringContaining('from'), expect.stringContaining('before'), expect.stringContaining('not merged')]);
    const again = value(await store.importCreditEntries(people.officer(HEBEI), entries.slice(0, 1), TEST_PERSON_KEY));
    expect(again.map((r) => r.outcome)).toEqual(['repeated']);
    expect((await store.getCreditList(BAODING)).entries).toHaveLength(1);
    expect(await store.importCreditEntries(people.approver(HEBEI), entries.slice(0, 1), TEST_PERSON_KEY)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('the annual cap per recipient', () => {
  it('holds an award that would take the recipient above it, and never lets concurrent awards slip under it together', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 2, maxLength: 7 }), fc.integer({ min: 30, max: 120 }), async (tens, capTens) => {
        const { store, clock } = await controlled({ recipientAnnualCapFen: yuan(capTens * 10_000) });
        const awards = await Promise.all(tens.map((t, i) => record(store, yuan(t * 10_000), `CAP-${i}`)));
        const reserved = awards.filter((a) => a.status === 'PENDING_APPROVAL');
        const held = awards.filter((a) => a.status === 'ON_HOLD');
        expect(reserved.length + held.length).toBe(awards.length);
        const reservedFen = reserved.reduce((sum, a) => sum + (a.amountFen ?? 0), 0);
        expect(reservedFen).toBeLessThanOrEqual(yuan(capTens * 10_000));
        expect((await budgetOf(store, clock)).reservedFen).toBe(reservedFen);
        // Each held award would indeed have gone over the cap with what is reserved.
        for (const a of held) {
          expect(a.hold?.reason).toBe('CAP_EXCEEDED');
          expect(reservedFen + (a.amountFen ?? 0)).toBeGreaterThan(yuan(capTens * 10_000));
        }
      }),
      { numRuns: 6 },
    );
  });

  it('a payment run that holds a credit-listed award gives its reservation back to the cap too', async () => {
    const { store, clock } = await controlled({ recipientAnnualCapFen: yuan(100_000) }, new Date('2026-06-10T02:00:00Z'));
    const first = value(await approve(store, await record(store, yuan(80_000), 'CAP-CLAIM-1')));
    value(await store.importCreditEntries(people.officer(HEBEI, 'importer'), [{ recipientId: BAODING, listName: '失信被执行人名单', from: '2026-06-10', to: '2026-06-10' }], TEST_PERSON_KEY));
    expect((await payAward(store, first.awardId)).status).toBe('ON_HOLD');
    // The next day the listing is over: ¥90,000 fits under the cap, as nothing of the first is reserved or paid.
    clock.now = new Date('2026-06-11T02:00:00Z');
    expect((await record(store, yuan(90_000), 'CAP-CLAIM-2')).status).toBe('PENDING_APPROVAL');
  });

  it('a rejection gives the cap back; a release by an officer goes over it on that officer\'s word', async () => {
    const { store } = await controlled({ recipientAnnualCapFen: yuan(100_000) });
    const first = await record(store, yuan(80_000), 'CAP-A');
    const second = await record(store, yuan(50_000), 'CAP-B');
    expect([first.status, second.status]).toEqual(['PENDING_APPROVAL', 'ON_HOLD']);
    value(await store.decide(first.awardId, people.approver(HEBEI), { decision: 'reject', comment: '重复申报' }));
    expect((await record(store, yuan(90_000), 'CAP-C')).status).toBe('PENDING_APPROVAL');
    const released = value(await store.releaseHold(second.awardId, people.officer(HEBEI), { basis: '经局务会研究，同意超上限奖励' }));
    expect(released).toMatchObject({ status: 'PENDING_APPROVAL', capOverride: 'officer-130000' });
  });
});

describe('an officer\'s hold', () => {
  it('holds an award before payment and takes another officer to release it', async () => {
    const { store, clock } = await controlled({});
    const award = value(await approve(store, await record(store, yuan(20_000), 'MANUAL-1')));
    const held = value(await store.hold(award.awardId, people.officer(HEBEI, 'holder'), { note: '收到举报，待核实' }));
    expect(held).toMatchObject({ status: 'ON_HOLD', hold: { reason: 'MANUAL', by: 'holder' } });
    expect((await payAward(store, award.awardId)).status).toBe('ON_HOLD');
    expect((await budgetOf(store, clock)).reservedFen).toBe(0);
    expect(await store.releaseHold(award.awardId, people.officer(HEBEI, 'holder'), { basis: '核实无误' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await store.hold(award.awardId, people.approver(HEBEI), { note: 'x' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const released = value(await store.releaseHold(award.awardId, people.officer(HEBEI, 'reviewer'), { basis: '举报不实，核实无误' }));
    expect(released.status).toBe('PENDING_APPROVAL');
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });

  it('keeps telephone numbers and an objection\'s text out of the ledger every auditor reads (attack finding M1)', async () => {
    const { store } = await controlled({ publicityWorkingDays: 5 });
    const listed = value(await approve(store, await record(store, yuan(20_000), 'PHONE-1')));
    const text = '举报人李四，电话13912345678：该企业申报材料不实。';
    const held = value(await store.recordObjection(listed.awardId, people.officer(HEBEI, 'recorder'), { ...OBJECTION, text }));
    expect(held.objections[0]?.text).toBe(text);
    value(await store.decideObjection(listed.awardId, people.officer(HEBEI, 'reviewer'), { objectionId: held.objections[0]?.objectionId ?? '', outcome: 'dismissed', basis: '经电话0311-87654321与李四核实，材料属实' }));
    const other = value(await approve(store, await record(store, yuan(20_000), 'PHONE-2')));
    value(await store.hold(other.awardId, people.officer(HEBEI, 'holder'), { note: '举报人电话 13800138000，待核实' }));
    value(await store.releaseHold(other.awardId, people.officer(HEBEI, 'reviewer'), { basis: '已回电13800138000，举报不实' }));
    const notes = [...(await store.entriesOfAward(listed.awardId)), ...(await store.entriesOfAward(other.awardId))].map((e) => e.note).join('\n');
    for (const whole of ['13912345678', '87654321', '13800138000', '申报材料不实', '李四']) expect(notes).not.toContain(whole);
    expect(notes).toContain('138****8000');
    expect(notes).toContain('0311-****4321');
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });
});
