/**
 * What-if simulations (issue 14): the `simulations` queue with its dead-letter queue and alarm, and the simulation
 * function that runs one step per message and sends the next (shared/app/simulation.ts). It reads accepted events
 * and writes only simulation items (infra/access.ts); the API may send a simulation's first message, nothing more.
 * A step that fails on every delivery is dead-lettered (the queue's alarm) and counted as an error of the function
 * (its alarm); a simulation refused for its size is the caller's answer, not an alarm.
 */
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { QUEUES } from '../topology';
import type { Alarms } from './alarms';
import { pipelineFunction } from './function';
import { type WorkingQueue, workingQueue } from './queue';

export interface SimulationsProps {
  readonly table: dynamodb.ITableV2;
  readonly alarms: Alarms;
}

export class Simulations extends Construct {
  readonly queue: WorkingQueue;

  constructor(scope: Construct, id: string, props: SimulationsProps) {
    super(scope, id);
    const { table, alarms } = props;
    const spec = QUEUES.simulations;
    this.queue = workingQueue(this, 'simulations', alarms);
    const fn = pipelineFunction(this, {
      name: 'simulation',
      entry: 'functions/simulation/handler.ts',
      timeout: Duration.seconds(spec.functionTimeoutSeconds),
      table,
      alarms,
      environment: { SIMULATIONS_QUEUE_URL: this.queue.queue.queueUrl },
    });
    // Each step sends the next one's message.
    this.allowSend(fn);
    fn.addEventSource(
      new SqsEventSource(this.queue.queue, {
        batchSize: spec.batchSize,
        maxConcurrency: spec.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
  }

  /** Lets the API start simulations: the queue's address, and SendMessage on that queue alone. */
  allowStart(fn: lambda.Function): void {
    fn.addEnvironment('SIMULATIONS_QUEUE_URL', this.queue.queue.queueUrl);
    this.allowSend(fn);
  }

  private allowSend(fn: lambda.IFunction): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queue.queueArn] }));
  }
}
