/**
 * The official calendar's days, written compactly (issue 24: the data file of chinese-days is 45 KiB of every bundle
 * that counts working days; this is 5 KB). One string a year: the days off as runs of consecutive days of
 * one holiday, `MMDD:n:名`, then `|`, then the adjusted working days, `MMDD:名`, each list comma-separated. Written by
 * `npm run calendar` (infra/write-calendar.ts) from the installed chinese-days and checked against it in
 * test/unit/calendar-days.test.ts, so the two cannot drift apart.
 */
import assert from './assert';

export interface CalendarDays {
  /** Date → the holiday's Chinese name, days off and adjusted working days (调休). */
  readonly holidays: ReadonlyMap<string, string>;
  readonly adjustedWorkdays: ReadonlyMap<string, string>;
}

function nextDate(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** The compact strings of the days, by year. */
export function encodeCalendarDays(days: CalendarDays): Record<string, string> {
  const years = new Map<string, { off: string[]; on: string[] }>();
  const yearOf = (date: string) => {
    const year = date.slice(0, 4);
    let lists = years.get(year);
    if (lists === undefined) years.set(year, (lists = { off: [], on: [] }));
    return lists;
  };
  const off = [...days.holidays].sort(([a], [b]) => (a < b ? -1 : 1));
  for (let i = 0; i < off.length;) {
    const [first, name] = off[i] as [string, string];
    let n = 1;
    const continues = (k: number) => off[k]![1] === name && off[k]![0] === nextDate(off[k - 1]![0]) && off[k]![0].slice(0, 4) === first.slice(0, 4);
    while (i + n < off.length && continues(i + n)) n++;
    yearOf(first).off.push(`${first.slice(5, 7)}${first.slice(8, 10)}:${n}:${name}`);
    i += n;
  }
  for (const [date, name] of [...days.adjustedWorkdays].sort(([a], [b]) => (a < b ? -1 : 1))) yearOf(date).on.push(`${date.slice(5, 7)}${date.slice(8, 10)}:${name}`);
  return Object.fromEntries([...years].sort(([a], [b]) => (a < b ? -1 : 1)).map(([year, { off: o, on }]) => [year, `${o.join(',')}|${on.join(',')}`]));
}

/** The days from their compact strings; a string of any other shape stops the calendar from being built. */
export function decodeCalendarDays(compact: Readonly<Record<string, string>>): CalendarDays {
  const holidays = new Map<string, string>();
  const adjustedWorkdays = new Map<string, string>();
  for (const [year, text] of Object.entries(compact)) {
    assert.ok(/^\d{4}$/.test(year), `calendar days: ${year} is not a year`);
    const [off = '', on = '', ...rest] = text.split('|');
    assert.equal(rest.length, 0, `calendar days of ${year}: more than one |`);
    for (const run of off === '' ? [] : off.split(',')) {
      const [mmdd = '', count = '', name = ''] = run.split(':');
      assert.ok(/^\d{4}$/.test(mmdd) && /^[1-9]\d?$/.test(count) && name.length > 0, `calendar days of ${year}: "${run}" is not MMDD:n:名`);
      let date = `${year}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`;
      for (let k = 0; k < Number(count); k++, date = nextDate(date)) holidays.set(date, name);
    }
    for (const day of on === '' ? [] : on.split(',')) {
      const [mmdd = '', name = ''] = day.split(':');
      assert.ok(/^\d{4}$/.test(mmdd) && name.length > 0, `calendar days of ${year}: "${day}" is not MMDD:名`);
      adjustedWorkdays.set(`${year}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`, name);
    }
  }
  return { holidays, adjustedWorkdays };
}
