/**
 * Lambda's SQS event source mapping, for the local stack: receive a batch, hand it to the handler as an SQS event,
 * delete what succeeded, leave the rest to come back after its visibility timeout (and, past maxReceiveCount, to the
 * dead-letter queue). Nothing a poll meets ends the process: a failed receive or delete is logged and the loop goes
 * on; an undeleted message is delivered again, which every handler takes as a repeat.
 */
import { randomUUID } from 'node:crypto';
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { QueueSpec } from '../topology';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface PollerOptions {
  readonly sqs: Pick<SQSClient, 'send'>;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly spec: QueueSpec;
  readonly handler: SqsHandler;
  readonly context: () => Context;
  readonly region: string;
  readonly account: string;
  readonly log: (line: string) => void;
  readonly stopping: () => boolean;
  /** Pause after a failed receive, so a service that is down is not hammered. */
  readonly retryDelayMs?: number;
}

/** Polls until `stopping()`; resolves then, and never rejects. */
export async function poll(options: PollerOptions): Promise<void> {
  while (!options.stopping()) {
    let messages: Message[];
    try {
      messages = await gather(options);
    } catch (error) {
      if (options.stopping()) return;
      options.log(`poller ${options.spec.name}: receive failed: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 500));
      continue;
    }
    if (messages.length > 0) await deliver(options, messages);
  }
}

/**
 * One batch, up to the queue's batch size: a long poll for the first messages (SQS gives ten at most), then more of
 * what is already queued, without waiting. Lambda's event source mapping would also wait out the batching window for
 * more; the local stack delivers at once, so a quiet queue answers quickly.
 */
async function gather(options: PollerOptions): Promise<Message[]> {
  const receive = async (max: number, waitSeconds: number) => {
    const out = await options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: Math.min(max, 10),
        WaitTimeSeconds: waitSeconds,
        VisibilityTimeout: options.spec.visibilityTimeoutSeconds,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    return out.Messages ?? [];
  };
  const messages = await receive(options.spec.batchSize, 1);
  while (messages.length > 0 && messages.length < options.spec.batchSize && !options.stopping()) {
    const more = await receive(options.spec.batchSize - messages.length, 0);
    if (more.length === 0) break;
    messages.push(...more);
  }
  return messages;
}

async function deliver(options: PollerOptions, messages: Message[]): Promise<void> {
  const event: SQSEvent = { Records: messages.map((m) => record(options, m)) };
  let failed: Set<string>;
  try {
    const response = await options.handler(event, options.context());
    failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  } catch (error) {
    // A thrown invocation fails the whole batch: every message waits out its visibility timeout.
    options.log(`${options.spec.name}: invocation failed: ${(error as Error).message}`);
    failed = new Set(event.Records.map((r) => r.messageId));
  }
  const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
  if (done.length === 0) return;
  try {
    const out = await options.sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })) }),
    );
    for (const failure of out.Failed ?? []) options.log(`${options.spec.name}: message not deleted (${failure.Code ?? 'unknown'}): it will be delivered again`);
  } catch (error) {
    options.log(`${options.spec.name}: ${done.length} message(s) not deleted (${(error as Error).message}): they will be delivered again`);
  }
}

function record(options: PollerOptions, m: Message): SQSEvent['Records'][number] {
  const now = String(Date.now());
  return {
    messageId: m.MessageId ?? randomUUID(),
    receiptHandle: m.ReceiptHandle ?? '',
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: m.Attributes?.SentTimestamp ?? now,
      SenderId: m.Attributes?.SenderId ?? options.account,
      ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? now,
    },
    messageAttributes: {},
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: options.queueArn,
    awsRegion: options.region,
  };
}
