/**
 * China's official working-day calendar, as the publicity (公示) period of an award reads it: "`until` is the end of
 * the Nth working day after the final approval, in China's official calendar (public holidays and adjusted working
 * days, 调休)". Each year's days off and adjusted working days are set by the State Council's notice for that year
 * (国务院办公厅关于某年部分节假日安排的通知), so they cannot be computed: they are data, and a year the data does not
 * hold is refused, never guessed (ADR 015).
 */
import assert from './assert';
import { chinaDate, chinaDayStart, isCalendarDate } from './time';
import { LIMITS } from '../limits';

export interface OfficialCalendar {
  /** Days off by notice, weekends among them: date → the holiday's Chinese name (国庆节). */
  readonly holidays: ReadonlyMap<string, string>;
  /** Weekend days that are working days by notice (调休): date → the holiday they make up for. */
  readonly adjustedWorkdays: ReadonlyMap<string, string>;
  /** The years whose notice the data holds. */
  readonly years: ReadonlySet<number>;
  /** Where the data comes from, named in every refusal. */
  readonly source: string;
}

/** A date in a year whose notice the calendar does not hold: whether it is a working day is not known. */
export interface CalendarGap {
  readonly kind: 'gap';
  readonly year: number;
  readonly reason: string;
}

/** An answer the calendar cannot give: the year it would need is not covered. */
export interface CalendarRefusal {
  readonly ok: false;
  readonly reason: string;
  readonly year: number;
}

export type WorkingDaysResult = { readonly ok: true; readonly date: string } | CalendarRefusal;

/** A publicity period: ISO instants (UTC) from the approval to the end of its last day, and both China dates. */
export interface PublicityPeriod {
  readonly ok: true;
  readonly from: string;
  readonly until: string;
  readonly untilDate: string;
  readonly fromDate: string;
}

export type PublicityPeriodResult = PublicityPeriod | CalendarRefusal;

/**
 * Every State Council notice sets both New Year's Day (元旦) and National Day (国庆节), so a year whose data holds
 * days off under both names was read from its notice. A year with only one of them is a year the data holds in part
 * (New Year's Day of the next year can fall in its last days), and is not covered.
 */
const NOTICE_HOLIDAYS = ['元旦', '国庆节'] as const;

/**
 * The Chinese name of a holiday, from the package's `"English,中文,days"` value. A value of any other shape means
 * the package changed its format, which must stop the build of the calendar rather than be read wrongly.
 */
function chineseName(date: string, value: string): string {
  assert.ok(isCalendarDate(date), `calendar data: ${date} is not a date`);
  const fields = value.split(',');
  assert.equal(fields.length, 3, `calendar data: ${date} has "${value}", not "English,中文,days"`);
  const name = fields[1]?.trim() ?? '';
  assert.ok(name.length > 0, `calendar data: ${date} has no Chinese name in "${value}"`);
  return name;
}

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** The covered years as ranges, `2004–2026` (or `2004–2010、2012–2026` if one were missing), for a reason. */
export function coveredYears(cal: OfficialCalendar): string {
  const years = [...cal.years].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < years.length; i++) {
    const first = years[i] as number;
    while (i + 1 < years.length && years[i + 1] === (years[i] as number) + 1) i++;
    const last = years[i] as number;
    ranges.push(first === last ? `${first}` : `${first}–${last}`);
  }
  return ranges.length === 0 ? '无 / none' : ranges.join('、');
}

/** The calendar from chinese-days' data file (`holidays` and `workdays`, date → "English,中文,days"). */
export function calendarFrom(data: { holidays: Record<string, string>; workdays: Record<string, string> }, source: string): OfficialCalendar {
  const holidays = new Map(Object.entries(data.holidays).map(([date, value]) => [date, chineseName(date, value)] as const));
  const adjustedWorkdays = new Map(Object.entries(data.workdays).map(([date, value]) => [date, chineseName(date, value)] as const));
  return calendarOf(holidays, adjustedWorkdays, source);
}

/** The calendar from its days off and adjusted working days (date → the holiday's Chinese name), checked. */
export function calendarOf(holidays: ReadonlyMap<string, string>, adjustedWorkdays: ReadonlyMap<string, string>, source: string): OfficialCalendar {
  assert.ok(source.trim().length > 0, 'a calendar names its source');
  for (const date of [...holidays.keys(), ...adjustedWorkdays.keys()]) assert.ok(isCalendarDate(date), `calendar data: ${date} is not a date`);
  for (const date of adjustedWorkdays.keys()) {
    // An adjusted working day replaces a weekend day; a weekday in the list, or a day both off and working, is a
    // data error that would otherwise be read one way or the other without anyone noticing.
    assert.ok(isWeekend(date), `calendar data: the adjusted working day ${date} is not a Saturday or Sunday`);
    assert.ok(!holidays.has(date), `calendar data: ${date} is both a holiday and an adjusted working day`);
  }
  const namesByYear = new Map<number, Set<string>>();
  for (const [date, name] of holidays) {
    const names = namesByYear.get(yearOf(date)) ?? new Set<string>();
    names.add(name);
    namesByYear.set(yearOf(date), names);
  }
  const years = new Set([...namesByYear].filter(([, names]) => NOTICE_HOLIDAYS.every((n) => names.has(n))).map(([year]) => year));
  return { holidays, adjustedWorkdays, years, source };
}

function gapReason(cal: OfficialCalendar, year: number): string {
  return `${year} 年的法定节假日安排尚未纳入日历（日历来源 ${cal.source}，覆盖 ${coveredYears(cal)} 年）：不推算工作日（公示期、办理时限）`
    + ` / the official calendar for ${year} is not known (${cal.source}): working days (a notice period, a time limit) are not guessed`;
}

/**
 * Whether a date is a working day: a weekend day is a day of rest unless a notice makes it a working day (调休), a
 * weekday is a working day unless a notice gives it off. A date in a year the calendar does not cover is a gap.
 */
export function isWorkingDay(cal: OfficialCalendar, date: string): boolean | CalendarGap {
  assert.ok(isCalendarDate(date), `not a date: ${date}`);
  const year = yearOf(date);
  if (!cal.years.has(year)) return { kind: 'gap', year, reason: gapReason(cal, year) };
  return isWeekend(date) ? cal.adjustedWorkdays.has(date) : !cal.holidays.has(date);
}

function assertWorkingDays(n: number): void {
  assert.ok(Number.isInteger(n) && n >= 1 && n <= LIMITS.calendar.workingDaysMax, `working days must be an integer from 1 to ${LIMITS.calendar.workingDaysMax}, not ${n}`);
}

/**
 * The Nth working day strictly after a date: the day of the date itself never counts, whatever the hour. Every day
 * the count passes must be known, so a count that reaches into an uncovered year is refused, naming the year.
 */
export function workingDaysAfter(cal: OfficialCalendar, date: string, n: number): WorkingDaysResult {
  assertWorkingDays(n);
  assert.ok(isCalendarDate(date), `not a date: ${date}`);
  let day = date;
  let found = 0;
  for (let step = 1; step <= LIMITS.calendar.daysAheadMax; step++) {
    day = chinaDate(new Date(chinaDayStart(day, 1)));
    const working = isWorkingDay(cal, day);
    if (typeof working !== 'boolean') return { ok: false, reason: working.reason, year: working.year };
    if (working) found++;
    if (found === n) return { ok: true, date: day };
  }
  assert.fail(`${n} working days after ${date} not found within ${LIMITS.calendar.daysAheadMax} days: the calendar is broken`);
}

/**
 * The publicity period that an approval opens: from the instant of the approval to the end, in China Standard Time,
 * of the Nth working day after the approval's China date. An approval at 00:30 CST on Saturday is a Saturday
 * approval, though its UTC date is Friday, since the days are counted as people in China live them.
 */
export function publicityPeriod(cal: OfficialCalendar, approvedAt: Date, workingDays: number): PublicityPeriodResult {
  assert.ok(!Number.isNaN(approvedAt.getTime()), 'the approval has a valid instant');
  assertWorkingDays(workingDays);
  const fromDate = chinaDate(approvedAt);
  const after = workingDaysAfter(cal, fromDate, workingDays);
  if (!after.ok) return after;
  // The period ends with the last millisecond of its last day in China: the instant the next China day begins, less one.
  const until = new Date(Date.parse(chinaDayStart(after.date, 1)) - 1).toISOString();
  assert.ok(until.endsWith('T15:59:59.999Z'), `the end of a China day is 15:59:59.999 UTC, not ${until}`);
  return { ok: true, from: approvedAt.toISOString(), until, untilDate: after.date, fromDate };
}
