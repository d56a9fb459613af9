/**
 * bank-inbound: the bank's answers (pain.002, camt.054, camt.053) dropped under `inbound/` in the payments bucket are
 * reconciled as they arrive (S3 tells EventBridge, a rule invokes this) (shared/app/reconciliation/bank-files.ts, ADR 010). A file
 * that does not validate is refused with its reason, logged and counted, and left where it is for finance: it is not
 * retried, since reading it again would give the same answer; so is a file whose message id another file already
 * holds (BankMessageConflicts, alarmed). A large file is reconciled in bounded steps while the invocation has time;
 * when it runs out, the file's place is kept and the invocation fails, so Lambda retries it and the retry goes on from
 * there (BankFilesUnfinished). Officers post files to `POST /bank-files`: the API reconciles a small one itself and
 * queues a larger one under `inbound/officers/`, which this reconciles as that officer's import.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { type AwardStore, type ImportSummary, withDeadline } from '../../shared/store/store';
import { redactIdNumbers } from '../../shared/domain/person';
import { redactAccountNumbers } from '../../shared/domain/payees';
import type { Observability } from '../runtime';
import { reconciliation } from '../../shared/app/reconciliation/bank-files';
import { isOfficerFile } from '../../shared/payment-layout';
import { FileRefusedError } from '../../shared/adapters/text-files';

export type ObjectCreated = EventBridgeEvent<'Object Created', { bucket: { name: string }; object: { key: string; size?: number } }>;

export interface BankInboundDeps extends Observability {
  readonly store: AwardStore;
  /** Reads an object of the bucket the event names. */
  readonly read: (bucket: string, key: string) => Promise<string>;
}

/** A file reconciled only in part when the invocation's time ran out: thrown so that Lambda retries the event. */
export class BankFileUnfinishedError extends Error {
  override name = 'BankFileUnfinishedError';
}

/** What bank-inbound did with a file: reconciled (its summary), or refused with the reason it logged. */
export type InboundResult
  = | { readonly refused: false; readonly summary: ImportSummary }
    | { readonly refused: true; readonly reason: string; readonly summary: null };

const refusal = (reason: string): InboundResult => ({ refused: true, reason, summary: null });

/**
 * Reconciles one bank file's text, counting what finance must look at; refused with the reason when it is. The bank's own drop is
 * the bank's import (every jurisdiction); a file under inbound/officers/ is an officer's, queued by the API: reconciled
 * only as that import, with the officer's name and jurisdictions recorded then (review H3), or refused.
 */
export async function reconcileText(deps: Pick<BankInboundDeps, 'store' | 'logger' | 'metrics'>, xml: string, source: string, queued = false): Promise<InboundResult> {
  const rec = reconciliation(deps.store);
  const result = queued ? await rec.importQueuedFile(xml) : await rec.importBankFile(xml);
  if (!result.ok) {
    const conflict = result.code === 'CONFLICT';
    // libxml2 quotes a refused value whole: an account number in it is masked too, as in every text that leaves the pipeline.
    const reason = redactAccountNumbers(redactIdNumbers(result.message));
    deps.logger.error(conflict ? 'bank message id already held by another file: refused' : 'bank file refused', { source, reason });
    deps.metrics.addMetric(conflict ? 'BankMessageConflicts' : 'BankFilesRefused', MetricUnit.Count, 1);
    return refusal(reason);
  }
  const summary = result.value;
  deps.logger.info(summary.status === 'DONE' ? 'bank file reconciled' : 'bank file reconciled in part', { source, ...summary });
  if (summary.status === 'RUNNING') {
    deps.metrics.addMetric('BankFilesUnfinished', MetricUnit.Count, 1);
    throw new BankFileUnfinishedError(
      `bank file ${summary.messageId}: ${summary.processed} entries of ${summary.entries} reconciled before the invocation's time ran out; its place is kept and a retry goes on from there`,
    );
  }
  // Counted once, when the file is done: a retry that finishes a file reports the whole file's counts, a repeat none.
  if (!summary.repeated) {
    deps.metrics.addMetric('PaymentsReturned', MetricUnit.Count, summary.returned);
    deps.metrics.addMetric('ReconciliationExceptions', MetricUnit.Count, summary.exceptions);
  }
  return { refused: false, summary };
}

export function createBankInbound(deps: BankInboundDeps) {
  // S3's "Object Created" event, as EventBridge delivers it (one object per event).
  const base = async (event: ObjectCreated, context: Context): Promise<InboundResult> => {
    const { bucket, object } = event.detail;
    let xml: string;
    try {
      xml = await deps.read(bucket.name, object.key);
    } catch (error) {
      // A file too large, or whose bytes are not text in their encoding, reads the same every time: refused, not retried.
      if (!(error instanceof FileRefusedError)) throw error;
      const reason = `the file ${error.message}`;
      deps.logger.error('bank file refused', { source: `s3://${bucket.name}/${object.key}`, reason });
      deps.metrics.addMetric('BankFilesRefused', MetricUnit.Count, 1);
      return refusal(reason);
    }
    // Steps start only while the invocation has time for them (shared/store/core.ts, withDeadline).
    return await withDeadline(context.getRemainingTimeInMillis(), () => reconcileText(deps, xml, `s3://${bucket.name}/${object.key}`, isOfficerFile(object.key)));
  };
  return middy(base).use(injectLambdaContext(deps.logger)).use(logMetrics(deps.metrics));
}
