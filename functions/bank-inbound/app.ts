/**
 * bank-inbound: the bank's answers (pain.002, camt.054, camt.053) dropped under `inbound/` in the payments bucket are
 * reconciled as they arrive (S3 tells EventBridge, a rule invokes this) (shared/store/reconcile.ts, ADR 010). A file that does not validate is refused with its
 * reason, logged and counted, and left where it is for finance: it is not retried, since reading it again would give
 * the same answer. Officers can post the same files to `POST /bank-files`.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import type { AwardStore, ImportSummary } from '../../shared/store/store';
import { redactIdNumbers } from '../../shared/domain/person';
import type { Observability } from '../runtime';
import { reconciliation } from '../../shared/store/reconcile';

export type ObjectCreated = EventBridgeEvent<'Object Created', { bucket: { name: string }; object: { key: string; size?: number } }>;

export interface BankInboundDeps extends Observability {
  readonly store: AwardStore;
  /** Reads an object of the bucket the event names. */
  readonly read: (bucket: string, key: string) => Promise<string>;
}

/** Reconciles one bank file's text, counting what finance must look at; null when it was refused. */
export async function reconcileText(deps: Pick<BankInboundDeps, 'store' | 'logger' | 'metrics'>, xml: string, source: string): Promise<ImportSummary | null> {
  const result = await reconciliation(deps.store.core).importBankFile(xml);
  if (!result.ok) {
    deps.logger.error('bank file refused', { source, reason: redactIdNumbers(result.message) });
    deps.metrics.addMetric('BankFilesRefused', MetricUnit.Count, 1);
    return null;
  }
  const summary = result.value;
  deps.logger.info('bank file reconciled', { source, ...summary });
  if (!summary.repeated) {
    deps.metrics.addMetric('PaymentsReturned', MetricUnit.Count, summary.returned);
    deps.metrics.addMetric('ReconciliationExceptions', MetricUnit.Count, summary.exceptions);
  }
  return summary;
}

export function createBankInbound(deps: BankInboundDeps) {
  // S3's "Object Created" event, as EventBridge delivers it (one object per event).
  const base = async (event: ObjectCreated) => {
    const { bucket, object } = event.detail;
    const summary = await reconcileText(deps, await deps.read(bucket.name, object.key), `s3://${bucket.name}/${object.key}`);
    return { refused: summary === null, summary };
  };
  return middy(base).use(injectLambdaContext(deps.logger)).use(logMetrics(deps.metrics));
}
