/**
 * bank-inbound: the bank's answers (pain.002, camt.054, camt.053) dropped under `inbound/` in the payments bucket are
 * reconciled as they arrive (shared/store/reconcile.ts, ADR 010). A file that does not validate is refused with its
 * reason, logged and counted, and left where it is for finance: it is not retried, since reading it again would give
 * the same answer. Officers can post the same files to `POST /bank-files`.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import type { AwardStore, ImportSummary } from '../../shared/store/store';
import type { Observability } from '../runtime';

export interface BankInboundDeps extends Observability {
  readonly store: AwardStore;
  /** Reads an object of the bucket the event names. */
  readonly read: (bucket: string, key: string) => Promise<string>;
}

/** Reconciles one bank file's text, counting what finance must look at; null when it was refused. */
export async function reconcileText(deps: Pick<BankInboundDeps, 'store' | 'logger' | 'metrics'>, xml: string, source: string): Promise<ImportSummary | null> {
  const result = await deps.store.reconciliation.importBankFile(xml);
  if (!result.ok) {
    deps.logger.error('bank file refused', { source, reason: result.message });
    deps.metrics.addMetric('BankFilesRefused', MetricUnit.Count, 1);
    return null;
  }
  const summary = result.value;
  const { returnedAwards: _awards, ...counts } = summary;
  deps.logger.info('bank file reconciled', { source, ...counts });
  if (!summary.repeated) {
    deps.metrics.addMetric('PaymentsReturned', MetricUnit.Count, summary.returned);
    deps.metrics.addMetric('ReconciliationExceptions', MetricUnit.Count, summary.exceptions);
  }
  return summary;
}

export function createBankInbound(deps: BankInboundDeps) {
  const base = async (event: S3Event) => {
    const out: Array<ImportSummary | null> = [];
    for (const record of event.Records) {
      const bucket = record.s3.bucket.name;
      // S3 event keys are URL-encoded, with spaces as '+'.
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      out.push(await reconcileText(deps, await deps.read(bucket, key), `s3://${bucket}/${key}`));
    }
    return { files: out.length, refused: out.filter((s) => s === null).length };
  };
  return middy(base).use(injectLambdaContext(deps.logger)).use(logMetrics(deps.metrics));
}
