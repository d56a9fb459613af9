/** A working queue of the topology (infra/topology.ts) with its dead-letter queue, and an alarm on that queue's depth. */
import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { QUEUES, type QueueName } from '../topology';
import type { Alarms } from './alarms';

export interface WorkingQueue {
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;
}

export function workingQueue(scope: Construct, name: QueueName, alarms: Alarms): WorkingQueue {
  const spec = QUEUES[name];
  const dlq = new sqs.Queue(scope, `${name}-dlq`, { retentionPeriod: Duration.days(14), enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
  const queue = new sqs.Queue(scope, `${name}-queue`, {
    visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
    retentionPeriod: Duration.days(14),
    deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
    enforceSSL: true,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
  });
  alarms.alarm(`${name}-dlq-depth`, dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }), `Messages in the ${name} dead-letter queue`);
  return { queue, dlq };
}
