/**
 * ledger-digest: on a schedule (every 5 minutes in AWS), signs each jurisdiction's ledger entries since its last digest
 * and writes the digests to write-once storage (shared/app/digests/run.ts, ADR 012). Auditors can have the same done at
 * once with `POST /ledger/digests`.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { DigestLog, DigestSigner } from '../../shared/app/digests/ports';
import { BOOKMARK_REFUSED_METRIC } from '../../shared/app/digests/bookmark';
import { type DigestRun, signDigests } from '../../shared/app/digests/run';
import type { AwardStore } from '../../shared/store/store';
import type { Observability } from '../runtime';

export interface LedgerDigestDeps extends Observability {
  readonly store: AwardStore;
  readonly digests: { readonly signer: DigestSigner; readonly log: DigestLog };
  readonly jurisdictions: readonly string[];
  readonly clock?: () => Date;
}

/**
 * One run over every jurisdiction. A failure of one does not stop the others (their entries are signed all the same);
 * it is logged and thrown at the end, so Lambda retries the run and the function's errors alarm.
 */
export async function runDigests(deps: LedgerDigestDeps): Promise<{ digests: number; entries: number; runs: DigestRun[] }> {
  const now = (deps.clock ?? (() => new Date()))();
  const runs: DigestRun[] = [];
  const failures: Error[] = [];
  for (const jurisdiction of deps.jurisdictions) {
    try {
      runs.push(...(await signDigests(deps.store, deps.digests, [jurisdiction], { now })));
    } catch (error) {
      deps.logger.error('signing digests failed for a jurisdiction; the next run signs its entries', { jurisdiction, error: error as Error });
      failures.push(error as Error);
    }
  }
  const digests = runs.reduce((n, r) => n + r.digests, 0);
  const entries = runs.reduce((n, r) => n + r.entries, 0);
  deps.logger.info('ledger digests signed', { digests, entries, runs });
  deps.metrics.addMetric('DigestsSigned', MetricUnit.Count, digests);
  // A refused bookmark is someone moving it (or a fault): the run signed on regardless, and a person must ask why.
  const refused = runs.filter((r) => r.bookmarkRefused !== null);
  for (const r of refused) deps.logger.error('digest bookmark refused: the run signed from the last signed entry instead', { jurisdiction: r.jurisdiction, ...r.bookmarkRefused });
  deps.metrics.addMetric(BOOKMARK_REFUSED_METRIC, MetricUnit.Count, refused.length);
  if (failures.length > 0) throw new AggregateError(failures, `signing digests failed for ${failures.length} jurisdiction(s)`);
  return { digests, entries, runs };
}

export function createLedgerDigest(deps: LedgerDigestDeps) {
  return middy(async () => runDigests(deps)).use(injectLambdaContext(deps.logger)).use(logMetrics(deps.metrics));
}
