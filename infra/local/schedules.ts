/**
 * What runs on a schedule on this machine, as EventBridge schedules run the functions in AWS: the budget sweeper every
 * minute and the ledger-digest run every AWARDS_DIGEST_SECONDS (60; five minutes in AWS). Each runs once at start
 * (after a restart), then on its period; a run never overlaps the one before, and a failure is logged and retried at
 * the next tick, as Lambda would. Also where the payment files and the digest key and files live.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import type { BookmarkRefusal } from '../../shared/app/digests/bookmark';
import { LOCAL_DIGEST_PERIOD_SECONDS } from '../../shared/adapters/digests/node-digest';
import { LocalStackError } from './http';
import { OVERDUE_TASK } from '../topology';

export interface LocalDirs {
  readonly payments: string;
  /** The digest key (`digest-key.pem`) and the append-only digest files (`log/`), ADR 012. */
  readonly digests: string;
}

export function localDirs(options: { readonly inMemory: boolean; readonly dataDir: string }): LocalDirs {
  if (options.inMemory) return { payments: mkdtempSync(join(tmpdir(), 'awards-payments-')), digests: mkdtempSync(join(tmpdir(), 'awards-digests-')) };
  return { payments: join(options.dataDir, 'payments'), digests: join(options.dataDir, 'digests') };
}

export interface Scheduled {
  readonly name: string;
  readonly run: (event: unknown, context: Context) => Promise<unknown>;
  readonly everyMs: number;
  /** The event each run is given, as the EventBridge rule's input in AWS; `{}` when not set. */
  readonly event?: unknown;
  /** A line worth printing about a run's result, or null. */
  readonly report?: (result: unknown) => string | null;
}

/** Runs `job` once now, then every `everyMs`; answers the stop. */
export async function schedule(job: Scheduled, deps: { context: (name: string) => Context; log: (line: string) => void }): Promise<() => void> {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // The run comes first, on its own line: inside `job.report?.(…)` it would be skipped, with the report, for every
      // job that has none (ledger-digest, which therefore never ran on this machine: issue 19, finding 6).
      const result = await job.run(job.event ?? {}, deps.context(job.name));
      const line = job.report === undefined ? null : job.report(result);
      if (line !== null) deps.log(line);
    } catch (error) {
      deps.log(`${job.name}: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  await tick();
  const timer = setInterval(() => void tick(), job.everyMs);
  return () => clearInterval(timer);
}

/** How often ledger-digest runs here: AWARDS_DIGEST_SECONDS, 60 when unset (the API tells verifiers the same). */
export function digestPeriodSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.AWARDS_DIGEST_SECONDS;
  if (value === undefined || value === '') return LOCAL_DIGEST_PERIOD_SECONDS;
  const seconds = Number(value);
  if (!Number.isSafeInteger(seconds) || seconds < 1) throw new LocalStackError(`AWARDS_DIGEST_SECONDS=${value} is not a whole number of seconds`);
  return seconds;
}

type Job = Scheduled['run'];
type Deps = { context: (name: string) => Context; log: (line: string) => void };

function served(r: unknown): string | null {
  const { served: n = 0, publicityEnded = 0 } = r as { served?: number; publicityEnded?: number };
  const lines = [...(n > 0 ? [`served ${n} award(s) left waiting for budget`] : []), ...(publicityEnded > 0 ? [`${publicityEnded} award(s) at the end of their notice period (公示) are now payable`] : [])];
  return lines.length === 0 ? null : lines.join('\n');
}

/** A refused digest bookmark is printed here as the function logs it (and counts it) in AWS. */
function refusedBookmarks(result: unknown): string | null {
  const runs = (result as { runs?: Array<{ jurisdiction: string; bookmarkRefused: BookmarkRefusal | null }> }).runs ?? [];
  const lines = runs.filter((r) => r.bookmarkRefused !== null).map((r) => `ledger-digest: the digest bookmark of ${r.jurisdiction} was refused (${r.bookmarkRefused?.reason}); signed from entry ${(r.bookmarkRefused?.resumedAfter ?? 0) + 1}`);
  return lines.length === 0 ? null : lines.join('\n');
}

/** The daily check of the time limits, as the function logs it (and counts it, for the alarm) in AWS. */
function overdueLine(result: unknown): string | null {
  const { overdue = 0, byJurisdiction = {} } = result as { overdue?: number; byJurisdiction?: Record<string, { overdue: number; oldestDue: string | null }> };
  if (overdue === 0) return null;
  const parts = Object.entries(byJurisdiction).filter(([, j]) => j.overdue > 0).map(([code, j]) => `${code}: ${j.overdue} (oldest due ${j.oldestDue ?? 'unknown'})`);
  return `overdue check: ${overdue} award(s) past their time limit (超期未办) — ${parts.join(', ')}; see GET /reports/overdue`;
}

/** How often the overdue check runs here: AWARDS_OVERDUE_CHECK_SECONDS, once a day when unset (as in AWS). */
export function overdueCheckSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.AWARDS_OVERDUE_CHECK_SECONDS;
  if (value === undefined || value === '') return 86_400;
  const seconds = Number(value);
  if (!Number.isSafeInteger(seconds) || seconds < 1) throw new LocalStackError(`AWARDS_OVERDUE_CHECK_SECONDS=${value} is not a whole number of seconds`);
  return seconds;
}

/**
 * The budget sweeper every `sweepEveryMs`, its overdue check once a day (AWARDS_OVERDUE_CHECK_SECONDS), and
 * ledger-digest every digest period, each run once now; answers their stops.
 */
export async function startSchedules(jobs: { budgetSweeper: Job; ledgerDigest: Job }, sweepEveryMs: number, deps: Deps): Promise<Array<() => void>> {
  return [
    await schedule({ name: 'budget-sweeper', run: jobs.budgetSweeper, everyMs: sweepEveryMs, report: served }, deps),
    await schedule({ name: 'overdue-check', run: jobs.budgetSweeper, everyMs: 1000 * overdueCheckSeconds(), event: OVERDUE_TASK, report: overdueLine }, deps),
    await schedule({ name: 'ledger-digest', run: jobs.ledgerDigest, everyMs: 1000 * digestPeriodSeconds(), report: refusedBookmarks }, deps),
  ];
}
