/**
 * The official calendar from chinese-days' data file, the State Council's yearly holiday notices as data (ADR 015).
 * Only the JSON is imported, never the package's JavaScript, which would bring a lunar calendar and solar terms into
 * every bundle that counts working days. The import attribute is what Node's own ESM loader requires of JSON; tsx,
 * vitest and esbuild read it too, and esbuild inlines the file into the bundle.
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import pkg from 'chinese-days/package.json' with { type: 'json' };
import { type OfficialCalendar, calendarFrom, coveredYears } from './domain/calendar';
import { lazy } from './lazy';

/**
 * Parsed on first use, not at cold start: most invocations never open a publicity period. The source names the
 * installed version and the years its data covers, so a refusal tells the engineer what to upgrade.
 */
const calendar = lazy((): OfficialCalendar => {
  const parsed = calendarFrom(data, pkg.name);
  return { ...parsed, source: `${pkg.name} ${pkg.version} (State Council notices ${coveredYears(parsed)})` };
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
