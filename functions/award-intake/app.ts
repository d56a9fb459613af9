/**
 * award-intake: SQS batches of EventBridge events, recorded together (shared/app/intake.ts: one read and one
 * transaction per chunk of the batch, ADR 008). An event that fails (a transient fault: throttling, a lost race past
 * its retries) is reported in the partial batch response and redelivered, up to the queue's maxReceiveCount, then
 * dead-lettered; the others of its batch are recorded. A rejected event is not a failure: it is quarantined with its
 * reason and never retried.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Catalog } from '../../shared/domain/catalog';
import { type Delivery, deliveryOf } from '../../shared/app/delivery';
import { type IntakeResult, ingestDeliveries } from '../../shared/app/intake';
import { type AwardStore, ContentionError, withDeadline } from '../../shared/store/store';
import type { PersonKey } from '../../shared/domain/person';
import type { Observability } from '../runtime';

export interface IntakeDeps extends Observability {
  readonly store: AwardStore;
  readonly catalog: Catalog;
  readonly personKey: PersonKey;
}

/** The edge: an SQS record read into a delivery, its body parsed the one time it is (shared/app/delivery.ts). */
function deliveryFrom(sqsRecord: SQSRecord): Delivery {
  const { ApproximateReceiveCount, SentTimestamp } = sqsRecord.attributes;
  return deliveryOf(sqsRecord.body, sqsRecord.messageId, { receiveCount: count(ApproximateReceiveCount), ...receivedAt(SentTimestamp) });
}

/** SQS's ApproximateReceiveCount as a number; null when absent or not a count. */
function count(attribute: string | undefined): number | null {
  const n = Number(attribute);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** When the message reached the queue: the same on every redelivery of it, so the accepted event is kept unchanged. */
function receivedAt(sentTimestamp: string | undefined): { receivedAt?: string } {
  const ms = Number(sentTimestamp);
  return Number.isSafeInteger(ms) && ms > 0 ? { receivedAt: new Date(ms).toISOString() } : {};
}

function record(result: IntakeResult, deps: IntakeDeps): void {
  const { logger, metrics } = deps;
  switch (result.kind) {
    case 'rejected':
      logger.warn('event quarantined', { reason: result.reason.slice(0, 500), repeated: result.repeated });
      if (!result.repeated) metrics.addMetric('EventsRejected', MetricUnit.Count, 1);
      return;
    case 'no-award':
      logger.info('no award applies', { reason: result.reason, repeated: result.repeated });
      if (!result.repeated) metrics.addMetric('EventsWithoutAward', MetricUnit.Count, 1);
      return;
    case 'revocation':
      if (result.state === 'REFUSED' && !result.repeated) {
        // A money anomaly: someone tried to revoke a fact another source sent (or too many revocations wait for it).
        logger.error('revocation refused', { refusedReason: result.refusedReason });
        metrics.addMetric('RevocationsRefused', MetricUnit.Count, 1);
        return;
      }
      logger.info('revocation recorded', { state: result.state, changed: result.changed.map((a) => [a.awardId, a.status]), repeated: result.repeated });
      return;
    case 'awards':
      logger.info('awards recorded', { awards: result.awards.map((a) => [a.awardId, a.status, a.amountFen]), repeated: result.repeated });
      if (result.conflicting) {
        // The same fact again, computing other awards: the upstream systems disagree about it. Nothing was paid again.
        logger.error('a repeat of a fact computes other awards than its first arrival', { awards: result.awards.map((a) => a.awardId) });
        metrics.addMetric('ConflictingRepeats', MetricUnit.Count, 1);
      }
      if (result.revocations.refused.length > 0) {
        logger.error('revocations from another source refused on the fact\'s arrival', { revocations: result.revocations.refused });
        metrics.addMetric('RevocationsRefused', MetricUnit.Count, result.revocations.refused.length);
      }
      if (result.repeated) return;
      for (const award of result.awards) {
        const single = metrics.singleMetric();
        single.addDimension('jurisdiction', award.jurisdiction);
        single.addMetric('AwardsRecorded', MetricUnit.Count, 1);
        if (award.amountFen !== null) single.addMetric('AwardAmountFen', MetricUnit.Count, award.amountFen);
      }
      return;
    default: {
      const unreachable: never = result;
      throw new Error(`unknown intake result ${JSON.stringify(unreachable)}`);
    }
  }
}

export function createHandler(deps: IntakeDeps) {
  const base = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    deps.metrics.addMetric('RecordsReceived', MetricUnit.Count, event.Records.length);
    const deliveries = event.Records.map(deliveryFrom);
    // The store's retries end before the invocation does, so a failed record is reported rather than timed out.
    const outcomes = await withDeadline(context.getRemainingTimeInMillis(), () => ingestDeliveries(deliveries, deps));
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    deliveries.forEach((delivery, i) => {
      const outcome = outcomes[i];
      deps.logger.appendKeys({ correlation_id: delivery.eventId ?? delivery.messageId, message_id: delivery.messageId });
      try {
        if (outcome?.ok) return record(outcome.result, deps);
        const error = outcome?.error ?? new Error('no outcome');
        deps.logger.error('event not recorded; it will be redelivered', { error: error as Error, receiveCount: delivery.receiveCount });
        deps.metrics.addMetric('IntakeFailures', MetricUnit.Count, 1);
        if (error instanceof ContentionError) deps.metrics.addMetric('ContentionExhausted', MetricUnit.Count, 1);
        batchItemFailures.push({ itemIdentifier: delivery.messageId });
      } finally {
        deps.logger.removeKeys(['correlation_id', 'message_id']);
      }
    });
    return { batchItemFailures };
  };
  return middy(base).use(injectLambdaContext(deps.logger)).use(logMetrics(deps.metrics));
}
