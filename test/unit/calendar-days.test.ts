import { readFileSync } from 'node:fs';
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import pkg from 'chinese-days/package.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { OFFICIAL_CALENDAR } from '../../shared/calendar-data';
import { CALENDAR_PACKAGE } from '../../shared/calendar-official';
import { calendarFrom } from '../../shared/domain/calendar';
import { decodeCalendarDays, encodeCalendarDays } from '../../shared/domain/calendar-days';
import { CALENDAR_MODULE, calendarModule } from '../../infra/write-calendar';

describe('the official calendar in its compact form', () => {
  const fromPackage = calendarFrom(data, pkg.name);

  it('is what `npm run calendar` writes from the installed chinese-days (run it after an upgrade)', () => {
    expect(readFileSync(CALENDAR_MODULE, 'utf8')).toBe(calendarModule());
    expect(CALENDAR_PACKAGE).toEqual({ name: pkg.name, version: pkg.version });
  });

  it('holds every day off and adjusted working day of the package, with its name, and no other', () => {
    expect(OFFICIAL_CALENDAR.holidays).toEqual(fromPackage.holidays);
    expect(OFFICIAL_CALENDAR.adjustedWorkdays).toEqual(fromPackage.adjustedWorkdays);
    expect(OFFICIAL_CALENDAR.years).toEqual(fromPackage.years);
    expect(OFFICIAL_CALENDAR.holidays.size).toBe(Object.keys(data.holidays).length);
    expect(OFFICIAL_CALENDAR.source).toBe(`chinese-days ${pkg.version} (State Council notices 2004–2026)`);
  });

  it('decodes what it encodes, runs across a month end and a holiday next to another included', () => {
    const days = {
      holidays: new Map([['2026-01-30', '春节'], ['2026-01-31', '春节'], ['2026-02-01', '春节'], ['2026-02-02', '元宵'], ['2026-12-31', '元旦']]),
      adjustedWorkdays: new Map([['2026-01-25', '春节']]),
    };
    const compact = encodeCalendarDays(days);
    expect(compact).toEqual({ 2026: '0130:3:春节,0202:1:元宵,1231:1:元旦|0125:春节' });
    expect(decodeCalendarDays(compact)).toEqual(days);
  });

  it('refuses a string of another shape, naming it', () => {
    expect(() => decodeCalendarDays({ 2026: '0101:x:元旦|' })).toThrow('"0101:x:元旦" is not MMDD:n:名');
    expect(() => decodeCalendarDays({ 2026: '|0104' })).toThrow('"0104" is not MMDD:名');
    expect(() => decodeCalendarDays({ 26: '|' })).toThrow('26 is not a year');
  });
});
