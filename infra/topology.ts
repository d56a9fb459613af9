/**
 * The one route table and queue list. The CDK stack builds EventBridge rules and SQS queues from these, and the
 * local stack (infra/local) routes PutEvents and drives the handlers from the same values, so the two cannot drift.
 */
import { DETAIL_TYPES, type DetailType } from '../events/contracts';
import { LIMITS } from '../shared/limits';
import { STACK_TIME_LIMITS } from '../shared/controls-config';
import type { JurisdictionControls } from '../shared/domain/controls';

export interface QueueSpec {
  /** Construct id and local queue name. */
  readonly name: string;
  /** Deliveries before a message goes to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly visibilityTimeoutSeconds: number;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /** Most concurrent handler invocations the queue drives (Lambda's SQS maximum concurrency, at least 2). */
  readonly maxConcurrency: number;
  /** The handler's timeout: a sixth of the visibility timeout, as Lambda advises for SQS sources. */
  readonly functionTimeoutSeconds: number;
}

export const QUEUES = {
  intake: {
    name: 'intake',
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 180,
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    // A jurisdiction's ledger head takes one write at a time (ADR 008): more concurrent batches only conflict, so
    // intake runs at SQS's minimum concurrency and gains throughput from batching instead.
    maxConcurrency: 2,
    functionTimeoutSeconds: 30,
  },
  simulations: {
    name: 'simulations',
    // The last delivery of a step fails its simulation with the reason (functions/simulation/app.ts).
    maxReceiveCount: LIMITS.whatif.deliveriesMax,
    visibilityTimeoutSeconds: 360,
    // One step per invocation: a step replays at most LIMITS.whatif.pageEventsMax events, then sends the next.
    batchSize: 1,
    maxBatchingWindowSeconds: 0,
    // Steps of one simulation run one at a time (each sends the next); two simulations may run side by side.
    maxConcurrency: 2,
    functionTimeoutSeconds: 60,
  },
} as const satisfies Record<string, QueueSpec>;

export type QueueName = keyof typeof QUEUES;

/**
 * The controls before payment in the stack's configuration (issue 21, CONTRACT §6): five working days of public
 * notice (公示) in each of the three jurisdictions, no annual cap per recipient; approval within 5 working days of
 * recording and payment within 3 of becoming payable (issue 22). Every function reads them as
 * AWARDS_CONTROLS (shared/controls-config.ts); `objectionsTo` null gives the notice its default sentence.
 */
export const STACK_CONTROLS: Readonly<Record<string, JurisdictionControls>> = {
  130000: { publicityWorkingDays: 5, recipientAnnualCapFen: null, objectionsTo: null, ...STACK_TIME_LIMITS },
  130100: { publicityWorkingDays: 5, recipientAnnualCapFen: null, objectionsTo: null, ...STACK_TIME_LIMITS },
  350000: { publicityWorkingDays: 5, recipientAnnualCapFen: null, objectionsTo: null, ...STACK_TIME_LIMITS },
};

/** The input of the budget sweeper's daily schedule: check the time limits (issue 22) instead of sweeping. */
export const OVERDUE_TASK = { task: 'overdue' } as const;

export interface Route {
  readonly detailType: DetailType;
  /** Events whose source starts with this prefix are routed. */
  readonly sourcePrefix: string;
  readonly queue: QueueName;
}

/** Every detail-type of the contract goes to the intake queue. */
export const ROUTES: readonly Route[] = DETAIL_TYPES.map((detailType) => ({ detailType, sourcePrefix: 'quality.', queue: 'intake' }));

/** Whether an event matches a route, exactly as the EventBridge rule built from it matches. */
export function routeOf(event: { source?: unknown; detailType?: unknown }): Route | null {
  return ROUTES.find((r) => r.detailType === event.detailType && typeof event.source === 'string' && event.source.startsWith(r.sourcePrefix)) ?? null;
}
