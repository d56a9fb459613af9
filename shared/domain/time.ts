/** Time as the policies read it: China Standard Time (UTC+8, no daylight saving). */

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The date in China Standard Time of an instant, `YYYY-MM-DD`. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as a person in China reads it: `YYYY-MM-DD HH:MM:SS`, China Standard Time. */
export function chinaTime(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** The instant (ISO, UTC) a China Standard Time date begins, `days` later: where a date range starts or ends. */
export function chinaDayStart(date: string, days = 0): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days) - CHINA_OFFSET_MS).toISOString();
}

/** A calendar date `YYYY-MM-DD` that exists (no 2023-02-29, no 2024-13-01). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
