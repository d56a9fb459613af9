/** Time as the policies read it: China Standard Time (UTC+8, no daylight saving). */

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The date in China Standard Time of an instant, `YYYY-MM-DD`. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant (ISO, UTC) a China Standard Time date begins, `days` later: where a date range starts or ends. */
export function chinaDayStart(date: string, days = 0): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days) - CHINA_OFFSET_MS).toISOString();
}
