/**
 * budget-sweeper: on a schedule, serves awards left waiting for budget that is available, and ends the notice periods
 * (公示) that are over (shared/app/sweep.ts).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { endPublicities, serveWaitingQueues } from '../../shared/app/sweep';
import type { AwardStore } from '../../shared/store/store';
import type { Observability } from '../runtime';

export interface BudgetSweeperDeps extends Observability {
  readonly store: AwardStore;
  readonly jurisdictions: readonly string[];
}

export function createBudgetSweeper(deps: BudgetSweeperDeps) {
  const base = async (): Promise<{ served: number; publicityEnded: number }> => {
    const byJurisdiction = await serveWaitingQueues(deps.store, deps.jurisdictions);
    const served = Object.values(byJurisdiction).reduce((sum, n) => sum + n, 0);
    if (served > 0) deps.logger.warn('served awards left waiting for budget that was available', { byJurisdiction });
    deps.metrics.addMetric('WaitingAwardsServed', MetricUnit.Count, served);
    // The same schedule ends notice periods (公示) that are over: those awards become payable.
    const ended = await endPublicities(deps.store, deps.jurisdictions);
    const publicityEnded = Object.values(ended).reduce((sum, n) => sum + n, 0);
    if (publicityEnded > 0) deps.logger.info('notice periods ended', { ended });
    deps.metrics.addMetric('PublicityEnded', MetricUnit.Count, publicityEnded);
    return { served, publicityEnded };
  };
  return middy(base).use(injectLambdaContext(deps.logger)).use(logMetrics(deps.metrics));
}
