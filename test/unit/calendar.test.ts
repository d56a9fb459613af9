/**
 * China's official working-day calendar on the real data of chinese-days (ADR 015). Every expected date below was
 * read from the State Council's notices (国务院办公厅关于2025年/2026年部分节假日安排的通知), not from the code:
 *
 * - 2025 春节: 1月28日至2月4日放假调休，共8天；1月26日（周日）、2月8日（周六）上班.
 * - 2025 国庆节、中秋节: 10月1日至8日放假调休，共8天；9月28日（周日）、10月11日（周六）上班.
 * - 2026 春节: 2月15日至23日放假调休，共9天；2月14日（周六）、2月28日（周六）上班.
 * - 2026 中秋节: 9月25日至27日放假，共3天. 国庆节: 10月1日至7日放假调休，共7天；9月20日（周日）、10月10日（周六）上班.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { OFFICIAL_CALENDAR } from '../../shared/calendar-data';
import { calendarFrom, isWorkingDay, publicityPeriod, workingDaysAfter } from '../../shared/domain/calendar';

const require = createRequire(import.meta.url);
const packageJson = JSON.parse(readFileSync(require.resolve('chinese-days/package.json'), 'utf8')) as { version: string };
const realData = JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

const cal = OFFICIAL_CALENDAR;

describe('which days are working days (the notices of 2025 and 2026)', () => {
  it.each([
    // 2025 Spring Festival.
    ['2025-01-25', 'Saturday before the adjusted Sunday', false],
    ['2025-01-26', 'Sunday worked for the Spring Festival', true],
    ['2025-01-27', 'Monday', true],
    ['2025-01-28', 'first day off (除夕)', false],
    ['2025-01-29', '春节', false],
    ['2025-02-01', 'Saturday inside the holiday', false],
    ['2025-02-03', 'Monday off in lieu', false],
    ['2025-02-04', 'last day off', false],
    ['2025-02-05', 'Wednesday after', true],
    ['2025-02-08', 'Saturday worked for the Spring Festival', true],
    ['2025-02-09', 'Sunday after', false],
    // 2025 National Day and Mid-Autumn.
    ['2025-09-27', 'Saturday', false],
    ['2025-09-28', 'Sunday worked for National Day', true],
    ['2025-09-30', 'Tuesday', true],
    ['2025-10-01', '国庆节', false],
    ['2025-10-06', '中秋 inside the National Day holiday', false],
    ['2025-10-08', 'last day off', false],
    ['2025-10-09', 'Thursday after', true],
    ['2025-10-11', 'Saturday worked for National Day', true],
    ['2025-10-12', 'Sunday after', false],
    // 2026 Spring Festival.
    ['2026-02-13', 'Friday', true],
    ['2026-02-14', 'Saturday worked for the Spring Festival', true],
    ['2026-02-15', 'first day off', false],
    ['2026-02-17', '春节', false],
    ['2026-02-20', 'Friday off in lieu', false],
    ['2026-02-23', 'Monday off in lieu, the last day off', false],
    ['2026-02-24', 'Tuesday after', true],
    ['2026-02-28', 'Saturday worked for the Spring Festival', true],
    ['2026-03-01', 'Sunday after', false],
    // 2026 Mid-Autumn and National Day.
    ['2026-09-19', 'Saturday', false],
    ['2026-09-20', 'Sunday worked for National Day', true],
    ['2026-09-25', 'Friday of 中秋', false],
    ['2026-09-28', 'Monday after 中秋', true],
    ['2026-10-01', '国庆节', false],
    ['2026-10-07', 'last day off', false],
    ['2026-10-08', 'Thursday after', true],
    ['2026-10-10', 'Saturday worked for National Day', true],
    ['2026-10-11', 'Sunday after', false],
    // Ordinary weeks.
    ['2026-03-02', 'an ordinary Monday', true],
    ['2026-03-07', 'an ordinary Saturday', false],
  ] as const)('%s (%s) is a working day: %s', (date, _what, working) => {
    expect(isWorkingDay(cal, date)).toBe(working);
  });

  it('names each day off and each adjusted working day by its holiday, in Chinese', () => {
    expect(cal.holidays.get('2025-01-29')).toBe('春节');
    expect(cal.holidays.get('2025-10-01')).toBe('国庆节');
    expect(cal.holidays.get('2026-09-25')).toBe('中秋');
    expect(cal.adjustedWorkdays.get('2025-09-28')).toBe('国庆节');
    expect(cal.adjustedWorkdays.get('2026-02-14')).toBe('春节');
    expect(cal.holidays.has('2026-03-02')).toBe(false);
  });

  it('refuses to say whether a day of 2027 is a working day: its notice is not in the data', () => {
    const gap = isWorkingDay(cal, '2027-03-01');
    expect(gap).toMatchObject({ kind: 'gap', year: 2027 });
    expect(typeof gap === 'object' && gap.reason).toContain('2027 年的法定节假日安排尚未纳入日历');
    expect(isWorkingDay(cal, '2003-12-31')).toMatchObject({ kind: 'gap', year: 2003 });
  });

  it('asserts that a date is a calendar date', () => {
    expect(() => isWorkingDay(cal, '2025-02-30')).toThrow(/not a date/);
    expect(() => isWorkingDay(cal, '2025/10/01')).toThrow(/not a date/);
  });
});

describe('the Nth working day after a date', () => {
  it.each([
    ['2025-01-24', 1, '2025-01-26', 'a Friday: the next working day is the adjusted Sunday'],
    ['2025-01-27', 1, '2025-02-05', 'across the eight days off of the 2025 Spring Festival'],
    ['2025-02-07', 1, '2025-02-08', 'a Friday: the next working day is the adjusted Saturday'],
    ['2025-09-26', 5, '2025-10-10', '09-28 (Sun), 09-29, 09-30, 10-09, 10-10'],
    ['2025-09-26', 6, '2025-10-11', 'the sixth is the adjusted Saturday 10-11'],
    ['2026-02-13', 2, '2026-02-24', '02-14 (Sat), then 02-24 after nine days off'],
    ['2026-09-30', 5, '2026-10-13', '10-08, 10-09, 10-10 (Sat), 10-12, 10-13'],
    ['2026-09-18', 1, '2026-09-20', 'a Friday: the adjusted Sunday'],
    ['2026-09-24', 1, '2026-09-28', 'the day before 中秋: the Monday after it'],
    ['2026-03-02', 5, '2026-03-09', 'an ordinary week: the day itself never counts'],
    ['2026-12-28', 3, '2026-12-31', 'the last working day of 2026 needs nothing of 2027'],
  ] as const)('%s + %i working days is %s (%s)', (date, n, expected, _why) => {
    expect(workingDaysAfter(cal, date, n)).toEqual({ ok: true, date: expected });
  });

  it('refuses a count that reaches into 2027, naming the year and the source', () => {
    const result = workingDaysAfter(cal, '2026-12-28', 5);
    expect(result).toMatchObject({ ok: false, year: 2027 });
    const reason = result.ok ? '' : result.reason;
    expect(reason).toContain('2027 年的法定节假日安排尚未纳入日历');
    expect(reason).toContain('覆盖 2004–2026 年');
    expect(reason).toContain('不推算工作日（公示期、办理时限）');
    expect(reason).toContain('the official calendar for 2027 is not known');
    expect(reason).toContain('chinese-days 1.5.7 (State Council notices 2004–2026)');
  });

  it('refuses a count from a date in 2027 or before 2004', () => {
    expect(workingDaysAfter(cal, '2027-06-01', 1)).toMatchObject({ ok: false, year: 2027 });
    expect(workingDaysAfter(cal, '2003-12-30', 1)).toMatchObject({ ok: false, year: 2003 });
  });

  it.each([0, -1, 1.5, 61, Number.NaN])('asserts that %s is not a count of working days', (n) => {
    expect(() => workingDaysAfter(cal, '2025-03-03', n)).toThrow(/working days must be an integer from 1 to 60/);
  });

  it('accepts sixty working days', () => {
    expect(workingDaysAfter(cal, '2025-03-03', 60).ok).toBe(true);
  });
});

describe('the publicity period an approval opens', () => {
  it.each([
    ['2025-09-26T02:00:00.000Z', 5, '2025-09-26', '2025-10-10', 'a Friday-morning approval before National Day'],
    ['2026-09-30T01:00:00.000Z', 5, '2026-09-30', '2026-10-13', 'the day before National Day'],
    ['2026-02-13T15:30:00.000Z', 2, '2026-02-13', '2026-02-24', '23:30 CST on Friday: the adjusted Saturday counts'],
    ['2026-02-13T16:30:00.000Z', 2, '2026-02-14', '2026-02-25', '00:30 CST on the adjusted Saturday: that day does not count'],
    ['2026-02-13T16:00:00.000Z', 1, '2026-02-14', '2026-02-24', 'midnight CST begins the Saturday'],
    ['2026-02-13T15:59:59.999Z', 1, '2026-02-13', '2026-02-14', 'the last millisecond of the Friday in China'],
  ] as const)('approved at %s for %i working days: %s to the end of %s (%s)', (approvedAt, days, fromDate, untilDate, _why) => {
    expect(publicityPeriod(cal, new Date(approvedAt), days)).toEqual({
      ok: true,
      from: approvedAt,
      fromDate,
      untilDate,
      until: `${untilDate}T15:59:59.999Z`,
    });
  });

  it('ends at the last millisecond of its last day in China Standard Time', () => {
    const period = publicityPeriod(cal, new Date('2025-09-26T02:00:00.000Z'), 5);
    expect(period.ok && period.until).toBe('2025-10-10T15:59:59.999Z');
    expect(period.ok && Date.parse(period.until) + 1).toBe(new Date('2025-10-11T00:00:00.000+08:00').getTime());
  });

  it('refuses a period that would end in 2027, with the calendar’s reason', () => {
    const period = publicityPeriod(cal, new Date('2026-12-28T02:00:00.000Z'), 5);
    expect(period).toMatchObject({ ok: false, year: 2027 });
    expect(period.ok ? '' : period.reason).toMatch(/^2027 年的法定节假日安排尚未纳入日历.* \/ the official calendar for 2027 is not known .*: working days \(a notice period, a time limit\) are not guessed$/);
  });

  it('asserts a valid instant and a count from 1 to 60', () => {
    expect(() => publicityPeriod(cal, new Date('not a date'), 5)).toThrow(/valid instant/);
    expect(() => publicityPeriod(cal, new Date('2025-09-26T02:00:00.000Z'), 0)).toThrow(/from 1 to 60/);
    expect(() => publicityPeriod(cal, new Date('2025-09-26T02:00:00.000Z'), 61)).toThrow(/from 1 to 60/);
  });
});

describe('the calendar data', () => {
  it('covers 2004 to 2026, the years of the State Council notices chinese-days holds, and no other', () => {
    expect([...cal.years].sort()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
  });

  it('names the installed chinese-days and the years it covers as its source', () => {
    expect(packageJson.version).toBe('1.5.7');
    expect(cal.source).toBe(`chinese-days ${packageJson.version} (State Council notices 2004–2026)`);
  });

  it('counts a year as covered only when it holds both 元旦 and 国庆节 (each notice sets both)', () => {
    const without = (names: Record<string, string>, year: string, name: string) =>
      Object.fromEntries(Object.entries(names).filter(([date, value]) => !(date.startsWith(year) && value.split(',')[1] === name)));
    const noNationalDay2026 = calendarFrom({ holidays: without(realData.holidays, '2026', '国庆节'), workdays: realData.workdays }, 'test');
    expect(noNationalDay2026.years.has(2026)).toBe(false);
    expect(noNationalDay2026.years.has(2025)).toBe(true);
    const noNewYear2025 = calendarFrom({ holidays: without(realData.holidays, '2025', '元旦'), workdays: realData.workdays }, 'test');
    expect(noNewYear2025.years.has(2025)).toBe(false);
    // New Year's Day of 2027 falling in the data alone does not make 2027 known.
    const newYear2027Only = calendarFrom({ holidays: { ...realData.holidays, '2027-01-01': 'New Year\'s Day,元旦,1' }, workdays: realData.workdays }, 'test');
    expect(newYear2027Only.years.has(2027)).toBe(false);
  });

  it('asserts the package’s value format and that an adjusted working day is a weekend day', () => {
    expect(() => calendarFrom({ holidays: { '2026-10-01': '国庆节' }, workdays: {} }, 'test')).toThrow(/English,中文,days/);
    expect(() => calendarFrom({ holidays: {}, workdays: { '2026-10-09': 'National Day,国庆节,3' } }, 'test')).toThrow(/not a Saturday or Sunday/);
    expect(() => calendarFrom({ holidays: { '2026-10-10': 'National Day,国庆节,3' }, workdays: { '2026-10-10': 'National Day,国庆节,3' } }, 'test'))
      .toThrow(/both a holiday and an adjusted working day/);
  });
});
