/**
 * Money out: the disbursement queue the API fills when an award is approved, disburse (one payment per award, its
 * failure recorded on the last delivery), and the sweeper that re-queues awards left approved without a payment
 * (the API enqueues after the approval commits; a crash between the two is caught here).
 */
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { QUEUES } from '../topology';
import type { Alarms } from './alarms';
import { pipelineFunction } from './function';
import { type WorkingQueue, workingQueue } from './queue';
import { every } from './schedule';

export interface DisbursementProps {
  readonly table: dynamodb.ITableV2;
  readonly alarms: Alarms;
}

export class Disbursement extends Construct {
  readonly queue: WorkingQueue;

  constructor(scope: Construct, id: string, props: DisbursementProps) {
    super(scope, id);
    const { table, alarms } = props;
    this.queue = workingQueue(this, 'disbursement', alarms);
    const disburse = pipelineFunction(this, {
      name: 'disburse',
      entry: 'functions/disburse/handler.ts',
      timeout: Duration.seconds(QUEUES.disbursement.functionTimeoutSeconds),
      table,
      alarms,
      environment: { DELIVERIES_MAX: String(QUEUES.disbursement.maxReceiveCount) },
    });
    const { batchSize, maxConcurrency } = QUEUES.disbursement;
    disburse.addEventSource(new SqsEventSource(this.queue.queue, { batchSize, maxConcurrency, reportBatchItemFailures: true }));
    const sweeper = pipelineFunction(this, {
      name: 'disburse-sweeper',
      entry: 'functions/disburse/sweeper-handler.ts',
      timeout: Duration.seconds(60),
      table,
      alarms,
      environment: { DISBURSEMENT_QUEUE_URL: this.queue.queue.queueUrl, SWEEP_GRACE_SECONDS: '600' },
    });
    this.queue.queue.grantSendMessages(sweeper);
    every(this, 'sweep-schedule', Duration.minutes(10), sweeper, 'Every 10 minutes: re-queue awards approved over 10 minutes ago and not yet paid');
    alarms.count('disburse-contention', 'disburse', 'ContentionExhausted', 'disburse lost races on one ledger past its retry budget: the write was not made and will be retried');
  }
}
