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
      const line = job.report?.(await job.run({}, deps.context(job.name))) ?? null;
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
