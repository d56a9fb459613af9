/**
 * The official calendar from chinese-days' data (the State Council's yearly holiday notices as data, ADR 015), in its
 * compact form (shared/calendar-official.ts, written by `npm run calendar` from the installed package and checked
 * against it by test/unit/calendar-days.test.ts): 5 KB, where the package's data file was 45 KiB of every bundle that
 * counts working days (issue 24).
 */
import { type OfficialCalendar, calendarOf, coveredYears } from './domain/calendar';
import { decodeCalendarDays } from './domain/calendar-days';
import { CALENDAR_DAYS, CALENDAR_PACKAGE } from './calendar-official';
import { lazy } from './lazy';

/**
 * Parsed on first use, not at cold start: most invocations never open a publicity period. The source names the
 * installed version and the years its data covers, so a refusal tells the engineer what to upgrade.
 */
const calendar = lazy((): OfficialCalendar => {
  const days = decodeCalendarDays(CALENDAR_DAYS);
  const parsed = calendarOf(days.holidays, days.adjustedWorkdays, CALENDAR_PACKAGE.name);
  return { ...parsed, source: `${CALENDAR_PACKAGE.name} ${CALENDAR_PACKAGE.version} (State Council notices ${coveredYears(parsed)})` };
});

/** China's official calendar, 2004 to the last year the installed chinese-days holds. */
export const OFFICIAL_CALENDAR: OfficialCalendar = {
  get holidays() {
    return calendar().holidays;
  },
  get adjustedWorkdays() {
    return calendar().adjustedWorkdays;
  },
  get years() {
    return calendar().years;
  },
  get source() {
    return calendar().source;
  },
};
