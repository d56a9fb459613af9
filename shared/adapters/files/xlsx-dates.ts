/** Dates and instants as Excel's day serials in the 1900 date system, for xlsx.ts: refused before 1900-03-01. */

const DAY_MS = 86_400_000;
/** Excel's day 0 in the 1900 date system, as it counts from 1900-03-01 on (day 61). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const FIRST_EXACT_SERIAL = 61;

/** A `YYYY-MM-DD` date as Excel's day serial: 2024-03-15 → 45366. */
export function dateSerial(value: unknown, ref: string): number {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  const serial = (ms - EXCEL_EPOCH_MS) / DAY_MS;
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== value || serial < FIRST_EXACT_SERIAL) {
    throw new RangeError(`the date cell ${ref} needs a calendar date YYYY-MM-DD from 1900-03-01 on, not ${JSON.stringify(value)}`);
  }
  return serial;
}

/** China Standard Time is UTC+8 all year (no summer time since 1991). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * An ISO instant as Excel's serial of its China Standard Time date and time, to the second, truncated as the CSV's text
 * is (rounded, 23:59:59.6 on 31 December would show as the next year: attack review of issue 22, M1).
 */
export function dateTimeSerial(value: unknown, ref: string): number {
  const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  const serial = (Math.floor((ms + CHINA_OFFSET_MS) / 1000) * 1000 - EXCEL_EPOCH_MS) / DAY_MS;
  if (!Number.isFinite(ms) || serial < FIRST_EXACT_SERIAL) throw new RangeError(`the date-time cell ${ref} needs an ISO instant from 1900-03-01 on, not ${JSON.stringify(value)}`);
  return serial;
}
