/**
 * `npm run bench` runs whole (issue 19): every section once on tiny data (BENCH_SMOKE=1, bench/scale.ts), as it runs
 * from a fresh clone, with no variable set by hand. The figures of a smoke mean nothing; a section that stops (a
 * function that needs a variable at import, a store call that changed) fails here instead of on the next full run.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Each section of the bench, by the words its figures begin with. */
const SECTIONS = [
  'engine: facts computed per second',
  'what-if throughput',
  'bundle size: api',
  'cold init: api',
  'cold init: bank-inbound',
  'cold start with finance\'s routes: api',
  'cold start with its first batch: award-intake',
  'cold start with its first file: bank-inbound',
  'cold start with its first run: payment-run',
  'intake: DynamoDB requests per event',
  'auditor read:',
  'digest signing cost',
  'digest verification memory',
  'reconcile: camt.053 lines reconciled per second',
  'budget-execution report: a year of',
  'end to end: events per second',
  'end to end\'s ceiling on this storage',
  'DynamoDB Local\'s own concurrency',
];

describe('npm run bench', () => {
  it('runs every section to its end from a clean environment (the smoke)', async () => {
    // The environment of a fresh shell: nothing the local stack or another test may have set.
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', BENCH_SMOKE: '1' };
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bench/run.ts'], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024, timeout: 280_000 });
    for (const section of SECTIONS) expect(stdout, section).toContain(section);
    expect(stdout).toMatch(/bench smoke: \d+ figures from every section/);
  }, 300_000);
});
