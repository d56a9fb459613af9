/**
 * Lambda's SQS event source mapping, for the local stack: receive a batch, hand it to the handler as an SQS event,
 * delete what succeeded, leave the rest to come back after its visibility timeout (and, past maxReceiveCount, to the
 * dead-letter queue). Nothing a poll meets ends the process: a failed receive or delete is logged and the loop goes
 * on; an undeleted message is delivered again, which every handler takes as a repeat.
 */
import assert from 'node:assert/strict';
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
  /**
   * Shared by the pollers of a queue whose invocations must run one at a time in this process (intake: ADR 023); each
   * poller still receives and deletes on its own, so the next batch is received while one runs.
   */
  readonly gate?: Gate;
}

/** One invocation at a time among the pollers that share it, in the order they asked; a failure releases it too. */
export class Gate {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(work);
    this.tail = turn.catch(() => undefined);
    return turn;
  }
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

/** The long poll's length: stopping waits for one at most this long. */
const LONG_POLL_SECONDS = 1;

/**
 * One batch, up to the queue's batch size, handed over as soon as it is there: what is queued now (a short poll),
 * else a long poll for the first message to arrive, then more of what is queued, without waiting. SQS answers a long
 * poll as soon as a message is there; the local SQS server holds a poll it cannot fill to its end (it would keep a
 * lone event a second), so the long poll asks for one message, which it answers at once, and the rest come after.
 * Lambda's event source mapping would also wait out the batching window for more; the local stack delivers at once,
 * so a quiet queue answers quickly.
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
  const { batchSize } = options.spec;
  const messages = await receive(batchSize, 0);
  if (messages.length === 0 && !options.stopping()) messages.push(...(await receive(1, LONG_POLL_SECONDS)));
  while (messages.length > 0 && messages.length < batchSize && !options.stopping()) {
    const more = await receive(batchSize - messages.length, 0);
    if (more.length === 0) break;
    messages.push(...more);
  }
  assert.ok(messages.length <= batchSize, `a batch of ${messages.length} messages is over the queue's batch size, ${batchSize}`);
  return messages;
}

async function deliver(options: PollerOptions, messages: Message[]): Promise<void> {
  const event: SQSEvent = { Records: messages.map((m) => record(options, m)) };
  let failed: Set<string>;
  try {
    const invocation = () => options.handler(event, options.context());
    const response = await (options.gate === undefined ? invocation() : options.gate.run(invocation));
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
