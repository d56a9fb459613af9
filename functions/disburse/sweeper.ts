/** disburse-sweeper: on a schedule, re-queues awards left APPROVED without a payment (shared/app/sweep.ts). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { sweepApproved } from '../../shared/app/sweep';
import type { AwardStore } from '../../shared/store/store';
import type { Observability } from '../runtime';

export interface SweeperDeps extends Observability {
  readonly store: AwardStore;
  readonly jurisdictions: readonly string[];
  readonly graceMs: number;
  readonly enqueue: (awardId: string) => Promise<void>;
  readonly clock?: () => Date;
}

export function createSweeper(deps: SweeperDeps) {
  const base = async (): Promise<{ swept: number }> => {
    const now = (deps.clock ?? (() => new Date()))();
    const approvedBefore = new Date(now.getTime() - deps.graceMs);
    const swept = await sweepApproved(deps.store, { jurisdictions: deps.jurisdictions, approvedBefore, limit: 500 }, deps.enqueue);
    if (swept.length > 0) deps.logger.warn('re-queued approved awards without a payment', { awardIds: swept });
    deps.metrics.addMetric('ApprovedAwardsRequeued', MetricUnit.Count, swept.length);
    return { swept: swept.length };
  };
  return middy(base).use(injectLambdaContext(deps.logger)).use(logMetrics(deps.metrics));
}
