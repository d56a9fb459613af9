/**
 * simulation: the `simulations` queue's consumer, one message (one step of a what-if) per invocation
 * (shared/app/simulation.ts). A step that fails is reported for redelivery; on its last delivery the simulation is
 * failed with the reason (GET /simulations/{id} says why) and the message goes to the dead-letter queue, whose alarm
 * fires. A message that is not a simulation's step can never succeed: it is logged and dropped.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { type SimulationDeps, type SimulationMessage, failSimulation, runStep } from '../../shared/app/simulation';
import { redactIdNumbers } from '../../shared/domain/person';
import { lazy } from '../../shared/lazy';
import { LIMITS } from '../../shared/limits';
import { withDeadline } from '../../shared/store/store';
import type { Observability } from '../runtime';

export interface SimulationFunctionDeps extends Observability, SimulationDeps {}

const messageSchema = lazy(() => z.strictObject({ simulationId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/), step: z.number().int().min(0) }));

function messageOf(body: string): SimulationMessage | null {
  try {
    const parsed = messageSchema().safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function createSimulationHandler(deps: SimulationFunctionDeps) {
  const { logger, metrics } = deps;
  /** One record; false when it is to be delivered again. */
  const step = async (record: SQSRecord, context: Context): Promise<boolean> => {
    const message = messageOf(record.body);
    if (message === null) {
      logger.error('not a simulation step; dropped', { body: redactIdNumbers(record.body.slice(0, 500)) });
      return true;
    }
    logger.appendKeys({ correlation_id: message.simulationId });
    try {
      const outcome = await withDeadline(context.getRemainingTimeInMillis(), () => runStep(message, deps, context.getRemainingTimeInMillis()));
      logger.info('simulation step', { step: message.step, outcome });
      if (outcome === 'failed') metrics.addMetric('SimulationsFailed', MetricUnit.Count, 1);
      return true;
    } catch (error) {
      const receives = Number(record.attributes.ApproximateReceiveCount);
      logger.error('simulation step failed; it will be delivered again', { error: error as Error, step: message.step, receives });
      if (receives >= LIMITS.whatif.deliveriesMax) {
        const reason = `step ${message.step} failed ${receives} times: ${redactIdNumbers((error as Error).message ?? String(error)).slice(0, 500)}`;
        if (await failSimulation(deps.store, message.simulationId, reason)) metrics.addMetric('SimulationsFailed', MetricUnit.Count, 1);
      }
      return false;
    } finally {
      logger.removeKeys(['correlation_id']);
    }
  };
  const base = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    // One step after another, even if a batch holds several: steps are bounded, and each saves before the next.
    for (const record of event.Records) if (!(await step(record, context))) batchItemFailures.push({ itemIdentifier: record.messageId });
    return { batchItemFailures };
  };
  return middy(base).use(injectLambdaContext(deps.logger)).use(logMetrics(deps.metrics));
}
