/**
 * Writes shared/calendar-official.ts, the official calendar's days in their compact form (shared/domain/calendar-days.ts),
 * from the installed chinese-days' data file: run `npm run calendar` after upgrading chinese-days (a new year's State
 * Council notice); test/unit/calendar-days.test.ts fails until it is run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import pkg from 'chinese-days/package.json' with { type: 'json' };
import { calendarFrom } from '../shared/domain/calendar';
import { encodeCalendarDays } from '../shared/domain/calendar-days';

/** The module's text: the package and version the days come from, and the days by year. */
export function calendarModule(): string {
  const calendar = calendarFrom(data, pkg.name);
  const years = Object.entries(encodeCalendarDays(calendar)).map(([year, days]) => `  ${year}: '${days}',`);
  return `/**
 * Written by \`npm run calendar\` (infra/write-calendar.ts) from ${pkg.name} ${pkg.version}'s data file: do not edit.
 * China's official calendar, the State Council's yearly holiday notices, in the form of shared/domain/calendar-days.ts.
 */
export const CALENDAR_PACKAGE = { name: '${pkg.name}', version: '${pkg.version}' } as const;

export const CALENDAR_DAYS: Readonly<Record<string, string>> = {
${years.join('\n')}
};
`;
}

export const CALENDAR_MODULE = join(import.meta.dirname, '../shared/calendar-official.ts');

if (process.argv[1] === import.meta.filename) {
  writeFileSync(CALENDAR_MODULE, calendarModule());
  console.log(`wrote ${CALENDAR_MODULE}`);
}
