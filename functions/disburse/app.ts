/**
 * disburse: SQS messages `{ "awardId" }` sent when an award is finally approved. Pays through the payment-rail
 * port (idempotent by instruction id = award id) and records the disbursement. A rail failure is retried by
 * redelivery; on the queue's last delivery the award is recorded PAYMENT_FAILED instead, so it is never lost.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { PaymentRail } from '../../shared/app/payment-rail';
import { type AwardStore, ContentionError, withDeadline } from '../../shared/store/store';
import type { Observability } from '../runtime';

export interface DisburseDeps extends Observability {
  readonly store: AwardStore;
  readonly rail: PaymentRail;
  /** The queue's maxReceiveCount: on this delivery a failing payment is recorded, not retried. */
  readonly deliveriesMax: number;
}

export interface DisbursementMessage {
  readonly awardId: string;
}

/** Only this pipeline writes to the queue: a message that is not `{ "awardId" }` is a bug, and thrown. */
export function parseDisbursementMessage(body: string): DisbursementMessage {
  const message = JSON.parse(body) as unknown;
  const awardId = typeof message === 'object' && message !== null && Object.keys(message).length === 1 ? (message as { awardId?: unknown }).awardId : undefined;
  if (typeof awardId !== 'string' || !/^aw-[0-9a-f]{32}$/.test(awardId)) throw new Error('a disbursement message is { "awardId": "aw-…" }');
  return { awardId };
}

/** Pays one approved award once, and records the payment or, on the last delivery, its failure. */
async function payAward(deps: DisburseDeps, awardId: string, delivery: number): Promise<void> {
  const { store, rail, logger, metrics } = deps;
  const award = await store.getAward(awardId);
  if (award === null) {
    logger.error('disbursement for an award that does not exist', { awardId });
    return;
  }
  if (award.status !== 'APPROVED') {
    // Already paid (a redelivery), voided meanwhile, or waiting for finance after a failure: nothing to pay.
    logger.info('nothing to pay', { status: award.status });
    return;
  }
  const amountFen = award.amountFen;
  if (amountFen === null) throw new Error(`approved award ${award.awardId} has no amount`);
  let paymentId: string;
  try {
    const payee = { recipientId: award.recipientId, name: award.recipient.name };
    ({ paymentId } = await rail.pay({ instructionId: award.awardId, amountFen, payee, payer: award.jurisdiction }));
  } catch (error) {
    if (delivery < deps.deliveriesMax) throw error;
    logger.error('payment failed on the last delivery; recording PAYMENT_FAILED', { error: error as Error, delivery });
    const failed = await store.recordPaymentFailure(award.awardId, { reason: `payment failed after ${delivery} attempts: ${(error as Error).message}` });
    if (!failed.ok) logger.warn('could not record the payment failure', { code: failed.code, message: failed.message });
    metrics.addMetric('PaymentsFailed', MetricUnit.Count, 1);
    return;
  }
  const recorded = await store.recordDisbursement(award.awardId, { paymentId });
  if (!recorded.ok) {
    // The rail paid but the award moved (voided between the read and the payment): a person must reconcile.
    logger.error('paid an award that could not be recorded as disbursed', { code: recorded.code, message: recorded.message, paymentId });
    metrics.addMetric('PaymentsToReconcile', MetricUnit.Count, 1);
    return;
  }
  const single = metrics.singleMetric();
  single.addDimension('jurisdiction', award.jurisdiction);
  single.addMetric('AwardsDisbursed', MetricUnit.Count, 1);
  single.addMetric('DisbursedAmountFen', MetricUnit.Count, amountFen);
}

export function createHandler(deps: DisburseDeps) {
  const { logger, metrics } = deps;

  const recordHandler = async (record: SQSRecord): Promise<void> => {
    let message: DisbursementMessage;
    try {
      message = parseDisbursementMessage(record.body);
    } catch (error) {
      // Only this pipeline writes to the queue: a malformed message is a bug, dead-lettered for a person to read.
      logger.error('malformed disbursement message', { error: error as Error, body: record.body.slice(0, 1_000) });
      throw error;
    }
    logger.appendKeys({ correlation_id: message.awardId });
    try {
      await payAward(deps, message.awardId, Number(record.attributes.ApproximateReceiveCount));
    } catch (error) {
      if (error instanceof ContentionError) metrics.addMetric('ContentionExhausted', MetricUnit.Count, 1);
      throw error;
    } finally {
      logger.removeKeys(['correlation_id']);
    }
  };

  const base = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    deps.metrics.addMetric('RecordsReceived', MetricUnit.Count, event.Records.length);
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    // Each record on its own; a failed one is reported for redelivery and the others are done.
    await withDeadline(context.getRemainingTimeInMillis(), async () => {
      for (const record of event.Records) {
        try {
          await recordHandler(record);
        } catch {
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      }
    });
    return { batchItemFailures };
  };
  return middy(base)
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics));
}
