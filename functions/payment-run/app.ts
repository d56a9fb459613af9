/**
 * payment-run: on a schedule (every 5 minutes in AWS, every AWARDS_PAYMENT_RUN_SECONDS under the local stack), for
 * each jurisdiction, claims the approved awards whose recipients have a confirmed payee account into payment batches
 * and writes their pain.001 files (shared/app/payments/run.ts, ADR 010). Officers can run the same thing at once
 * with `POST /payment-batches`.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { PaymentFiles } from '../../shared/app/payments/ports';
import { paymentBatches } from '../../shared/app/payments/run';
import { type AwardStore, ContentionError, type PaymentBatch, batchSummary } from '../../shared/store/store';
import type { Observability } from '../runtime';

export interface PaymentRunDeps extends Observability {
  readonly store: AwardStore;
  readonly files: PaymentFiles;
  readonly jurisdictions: readonly string[];
}

/** One run over every jurisdiction; a failure of one does not stop the others (it is logged and thrown at the end). */
export async function runPayments(deps: PaymentRunDeps): Promise<{ batches: PaymentBatch[]; blocked: number; unpayable: number; leftOut: number }> {
  const batches = paymentBatches(deps.store, deps.files);
  const filed: PaymentBatch[] = [];
  let blocked = 0;
  let unpayable = 0;
  let leftOut = 0;
  const failures: Error[] = [];
  for (const jurisdiction of deps.jurisdictions) {
    try {
      const run = await batches.run(jurisdiction, 'payment-run');
      filed.push(...run.batches);
      blocked += run.blocked;
      unpayable += run.unpayable.length;
      // A payee name or a reference a payment file cannot carry: the award stays APPROVED until finance fixes it.
      for (const u of run.unpayable) deps.logger.error('approved award left unpaid: its payment cannot be written into a valid file', { jurisdiction, ...u });
      // Settled by an answer before its batch's file was written (the bank never had the file): a person must look.
      leftOut += run.leftOut.length;
      for (const l of run.leftOut) deps.logger.error('payment left out of its batch\'s file: an answer settled it before the file was written', { jurisdiction, ...l });
    } catch (error) {
      deps.logger.error('payment run failed for a jurisdiction; the next run completes it', { jurisdiction, error: error as Error });
      if (error instanceof ContentionError) deps.metrics.addMetric('ContentionExhausted', MetricUnit.Count, 1);
      failures.push(error as Error);
    }
  }
  for (const b of filed) deps.logger.info('payment batch filed', { batch: batchSummary(b) });
  deps.metrics.addMetric('BatchesFiled', MetricUnit.Count, filed.length);
  deps.metrics.addMetric('AwardsSentToBank', MetricUnit.Count, filed.reduce((n, b) => n + b.count, 0));
  deps.metrics.addMetric('AwardsBlockedByPayee', MetricUnit.Count, blocked);
  deps.metrics.addMetric('AwardsUnpayable', MetricUnit.Count, unpayable);
  deps.metrics.addMetric('PaymentsLeftOutOfFile', MetricUnit.Count, leftOut);
  if (failures.length > 0) throw new AggregateError(failures, `payment run failed for ${failures.length} jurisdiction(s)`);
  return { batches: filed, blocked, unpayable, leftOut };
}

export function createPaymentRun(deps: PaymentRunDeps) {
  const base = async () => {
    const { batches, blocked, unpayable, leftOut } = await runPayments(deps);
    return { batches: batches.map(batchSummary), blocked, unpayable, leftOut };
  };
  return middy(base).use(injectLambdaContext(deps.logger)).use(logMetrics(deps.metrics));
}
