/**
 * Controls for tests that are not about the calendar: a calendar of weekdays (no holidays) over every year a test
 * can run in, so a test of publicity or objections never depends on the day it runs (the real calendar refuses a
 * year it does not know: test/unit/calendar.test.ts).
 */
import type { OfficialCalendar } from '../../shared/domain/calendar';
import type { ControlsConfig, JurisdictionControls } from '../../shared/domain/controls';

const YEARS = Array.from({ length: 200 }, (_, i) => 1950 + i);

export const WEEKDAYS_CALENDAR: OfficialCalendar = { holidays: new Map(), adjustedWorkdays: new Map(), years: new Set(YEARS), source: 'test calendar: weekdays only' };

/** The same controls for each of `jurisdictions`. */
export function controlsFor(jurisdictions: readonly string[], controls: Partial<JurisdictionControls>): ControlsConfig {
  const full: JurisdictionControls = {
    publicityWorkingDays: 0,
    recipientAnnualCapFen: null,
    objectionsTo: null,
    approvalWorkingDays: 0,
    paymentWorkingDays: 0,
    ...controls,
  };
  return { byJurisdiction: Object.fromEntries(jurisdictions.map((j) => [j, full])) };
}
