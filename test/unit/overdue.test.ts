/**
 * Time limits (issue 22) on China's real calendar (chinese-days, the State Council's notices): the due date of each
 * step and the working days late, across the 2026 Spring Festival (2月15日至23日放假；2月14日、2月28日（周六）上班)
 * and the 2026 Mid-Autumn and National Day weeks (9月25日至27日、10月1日至7日放假；9月20日（周日）、10月10日（周六）上班).
 */
import { describe, expect, it } from 'vitest';
import { type Award, newAward } from '../../shared/domain/awards';
import { OFFICIAL_CALENDAR } from '../../shared/calendar-data';
import { type JurisdictionControls, NO_CONTROLS } from '../../shared/domain/controls';
import { overdueOf, stepOf, workingDaysBetween } from '../../shared/domain/overdue';
import { chinaDayStart } from '../../shared/domain/time';
import { designAward } from '../support/awards';

const LIMITS: JurisdictionControls = { ...NO_CONTROLS, approvalWorkingDays: 5, paymentWorkingDays: 3 };

/** An instant at a China time of day: `2026-02-12 10:00`. */
const at = (date: string, hhmm = '10:00'): Date => new Date(`${date}T${hhmm}:00+08:00`);

function award(status: Award['status'], recordedOn: string, fields: Partial<Award> = {}): Award {
  const computed = designAward(10_000_00, `OVERDUE-${recordedOn}`).awards[0]!;
  return { ...newAward(computed, at(recordedOn)), status, approvalsRequired: 1, ...fields };
}

const approvedOn = (date: string) => ({ approvals: [{ by: 'approver-1', at: at(date).toISOString(), decision: 'approve' as const, comment: '' }] });

describe('approval within 5 working days of recording', () => {
  it.each([
    // Recorded Thursday 12 Feb: Fri 13, Sat 14 (worked), then the holiday to Mon 23; Tue 24 and Wed 25 are days 3 and 4; Thu 26 is the fifth.
    ['2026-02-12', '2026-02-26'],
    // Recorded on the worked Saturday 14 Feb: nothing counts until Tue 24; the fifth working day is Sat 28 (worked).
    ['2026-02-14', '2026-02-28'],
    // Recorded on the first day of the holiday: Tue 24 … Sat 28 (worked) is the fifth.
    ['2026-02-15', '2026-02-28'],
    // Recorded Friday 18 Sep: Sun 20 (worked), Mon 21 … Thu 24 are the five, before 中秋 begins on Fri 25.
    ['2026-09-18', '2026-09-24'],
    // Recorded Wed 23 Sep: Thu 24, Mon 28, Tue 29, Wed 30, then the National Day week off, Thu 8 Oct is the fifth.
    ['2026-09-23', '2026-10-08'],
    // Recorded Wed 30 Sep: Thu 8, Fri 9, Sat 10 (worked), Mon 12, Tue 13.
    ['2026-09-30', '2026-10-13'],
  ])('recorded %s: due at the end of %s', (recordedOn, due) => {
    const pending = award('PENDING_APPROVAL', recordedOn);
    // Within the limit to the last instant of the due day, overdue from the next instant on.
    expect(overdueOf(pending, LIMITS, OFFICIAL_CALENDAR, new Date(Date.parse(chinaDayStart(due, 1)) - 1))).toBeNull();
    const late = overdueOf(pending, LIMITS, OFFICIAL_CALENDAR, new Date(chinaDayStart(due, 1)));
    expect(late).toMatchObject({ step: 'approval', dueDate: due, workingDaysLate: expect.any(Number), next: { holder: 'approver:130000' } });
  });

  it('counts the working days late across the holidays, the worked Saturdays included', () => {
    const pending = award('PENDING_APPROVAL', '2026-02-05'); // due Thu 12 Feb (Fri 6, Mon 9 … Thu 12)
    expect(overdueOf(pending, LIMITS, OFFICIAL_CALENDAR, at('2026-02-13'))).toMatchObject({ dueDate: '2026-02-12', workingDaysLate: 1 });
    // Fri 13, Sat 14 (worked): 2; the nine days off add nothing; Tue 24: 3.
    expect(overdueOf(pending, LIMITS, OFFICIAL_CALENDAR, at('2026-02-22'))?.workingDaysLate).toBe(2);
    expect(overdueOf(pending, LIMITS, OFFICIAL_CALENDAR, at('2026-02-24'))?.workingDaysLate).toBe(3);
    // Fri 27 is the sixth, Sat 28 (worked) the seventh, Sun 1 March adds nothing.
    expect(overdueOf(pending, LIMITS, OFFICIAL_CALENDAR, at('2026-03-01'))?.workingDaysLate).toBe(7);
    expect(workingDaysBetween(OFFICIAL_CALENDAR, '2026-09-30', '2026-10-10')).toBe(3); // Thu 8, Fri 9, Sat 10 (worked)
  });

  it('holds every status of the step to it, with the one who holds the next step', () => {
    const now = at('2026-03-10');
    expect(overdueOf(award('AMOUNT_REQUIRED', '2026-02-12'), LIMITS, OFFICIAL_CALENDAR, now)?.next.holder).toBe('officer:130000');
    expect(overdueOf(award('AWAITING_BUDGET', '2026-02-12'), LIMITS, OFFICIAL_CALENDAR, now)?.next.holder).toBe('budget-admin:130000');
    expect(overdueOf(award('PENDING_APPROVAL', '2026-02-12', { approvalsRequired: 2, ...approvedOn('2026-02-13') }), LIMITS, OFFICIAL_CALENDAR, now)?.next.action).toContain('2/2');
    const held = award('ON_HOLD', '2026-02-12', { hold: { reason: 'MANUAL', since: at('2026-02-13').toISOString(), by: 'wang', note: '核实', released: null } });
    expect(overdueOf(held, LIMITS, OFFICIAL_CALENDAR, now)).toMatchObject({ step: 'approval', next: { holder: 'officer:130000' } });
  });
});

describe('payment within 3 working days of becoming payable', () => {
  it('counts from the final approval, across National Day', () => {
    const approved = award('APPROVED', '2026-09-21', approvedOn('2026-09-29'));
    // Tue 29 Sep: Wed 30, Thu 8 Oct, Fri 9 Oct.
    expect(overdueOf(approved, LIMITS, OFFICIAL_CALENDAR, at('2026-10-09', '23:59'))).toBeNull();
    expect(overdueOf(approved, LIMITS, OFFICIAL_CALENDAR, at('2026-10-10', '00:00'))).toMatchObject({ step: 'payment', dueDate: '2026-10-09', workingDaysLate: 1, next: { holder: 'officer:130000' } });
  });

  it('counts from the end of the notice period (公示) where there was one, and holds an objection to the payment step', () => {
    const publicity = { from: at('2026-02-09').toISOString(), until: new Date(Date.parse(chinaDayStart('2026-02-13', 1)) - 1).toISOString() };
    const approved = award('APPROVED', '2026-02-02', { ...approvedOn('2026-02-09'), publicity });
    // The period ends Fri 13 Feb: Sat 14 (worked), Tue 24, Wed 25.
    expect(overdueOf(approved, LIMITS, OFFICIAL_CALENDAR, at('2026-02-26'))).toMatchObject({ dueDate: '2026-02-25', workingDaysLate: 1 });
    const objected = { ...approved, status: 'ON_HOLD' as const, hold: { reason: 'OBJECTION' as const, since: at('2026-02-12').toISOString(), by: 'wang', note: '异议', released: null } };
    expect(stepOf(objected)?.step).toBe('payment');
    expect(overdueOf(objected, LIMITS, OFFICIAL_CALENDAR, at('2026-02-26'))?.next.action).toContain('裁决异议');
    expect(overdueOf(award('PAYING', '2026-02-02', approvedOn('2026-02-09')), LIMITS, OFFICIAL_CALENDAR, at('2026-03-02'))?.next.holder).toBe('bank');
  });
});

describe('what is never overdue', () => {
  it('an award on no step, a step without a limit, an award within its limit', () => {
    const now = at('2026-06-01');
    for (const status of ['IN_PUBLICITY', 'DISBURSED', 'REJECTED', 'VOIDED', 'CLAWBACK_DUE', 'CLAWED_BACK'] as const) {
      expect(overdueOf(award(status, '2026-02-02', approvedOn('2026-02-03')), LIMITS, OFFICIAL_CALENDAR, now), status).toBeNull();
    }
    expect(overdueOf(award('PENDING_APPROVAL', '2026-02-02'), NO_CONTROLS, OFFICIAL_CALENDAR, now)).toBeNull();
    expect(overdueOf(award('PENDING_APPROVAL', '2026-05-29'), LIMITS, OFFICIAL_CALENDAR, now)).toBeNull();
  });

  it('a due date in a year the calendar does not hold: not overdue before that year, unknown (with the reason) in it', () => {
    const pending = award('PENDING_APPROVAL', '2026-12-28');
    expect(overdueOf(pending, LIMITS, OFFICIAL_CALENDAR, at('2026-12-31', '23:00'))).toBeNull();
    const unknown = overdueOf(pending, LIMITS, OFFICIAL_CALENDAR, at('2027-01-15'));
    expect(unknown).toMatchObject({ dueDate: null, workingDaysLate: null, unknown: expect.stringContaining('2027') });
    expect(unknown?.unknown).toContain('不推算工作日');
  });

  it('days late counted up to the calendar\'s last year are a lower bound, and say so (attack review M3)', () => {
    const pending = award('PENDING_APPROVAL', '2026-12-01'); // due Tue 8 December
    const known = overdueOf(pending, LIMITS, OFFICIAL_CALENDAR, at('2026-12-31'));
    expect(known).toMatchObject({ dueDate: '2026-12-08', workingDaysLate: 17, lateAtLeast: false });
    // 9–31 December hold 17 working days; what 2027 adds is not known yet.
    expect(overdueOf(pending, LIMITS, OFFICIAL_CALENDAR, at('2027-03-01'))).toMatchObject({ dueDate: '2026-12-08', workingDaysLate: 17, lateAtLeast: true });
  });
});
