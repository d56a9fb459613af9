/**
 * The bench at full size, or as a smoke (BENCH_SMOKE=1): every section once, on tiny data, writing no report. `npm
 * test` runs the smoke (test/unit/bench-smoke.test.ts), so a section that stops working is a red test, not a surprise
 * on the next full run. The smoke's figures mean nothing; only that each section ran to its end does.
 */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/** `full` for the bench, `smoke` for the smoke. */
export const sized = (full: number, smoke: number): number => (SMOKE ? smoke : full);
