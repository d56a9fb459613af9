/**
 * The local poller hands a batch over as soon as it is there, and pollers sharing a gate invoke one at a time (issue
 * 24, part 4; ADR 023). The queue here behaves as the local SQS server does: a long poll that asks for more messages
 * than are queued is held to its end (a second), and answers only then with what it gathered; a short poll answers
 * with what is queued (the server takes 40 ms to, not modelled here).
 */
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { Gate, type PollerOptions, poll } from '../../infra/local/poller';
import { QUEUES } from '../../infra/topology';
import { lambdaContext } from '../support/lambda';

/** A queue that answers a long poll at once only when it can fill it; a long poll it cannot fill is held, and counted. */
function holdingQueue(bodies: readonly string[]) {
  const queued: Message[] = bodies.map((body, i) => ({ MessageId: `m-${i}`, ReceiptHandle: `h-${i}`, Body: body }));
  const state = { held: 0, deleted: [] as string[] };
  const send = async (command: unknown) => {
    if (command instanceof ReceiveMessageCommand) {
      const max = command.input.MaxNumberOfMessages ?? 1;
      const taken = queued.splice(0, max);
      // Held to the end of the poll (a second, for a long poll): answered on the next turn here, and counted.
      if (taken.length < max && (command.input.WaitTimeSeconds ?? 0) > 0) {
        state.held += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { Messages: taken };
    }
    if (command instanceof DeleteMessageBatchCommand) {
      state.deleted.push(...(command.input.Entries ?? []).map((e) => e.ReceiptHandle ?? ''));
      return { Failed: [] };
    }
    throw new Error('unexpected command');
  };
  return { sqs: { send }, state };
}

const options = (sqs: { send: (command: unknown) => Promise<unknown> }, handler: PollerOptions['handler'], stopping: () => boolean): PollerOptions => ({
  sqs: sqs as never,
  queueUrl: 'http://sqs/intake',
  queueArn: 'arn:aws:sqs:us-east-1:0:intake',
  spec: QUEUES.intake,
  handler,
  context: () => lambdaContext('intake'),
  region: 'us-east-1',
  account: '0',
  log: () => undefined,
  stopping,
});

describe('the local poller', () => {
  it('hands a lone message over without holding a poll for the rest of a batch', async () => {
    const { sqs, state } = holdingQueue(['{}']);
    const handled: string[] = [];
    let heldWhenHandled = -1;
    await poll(options(sqs, async (event: SQSEvent) => {
      handled.push(...event.Records.map((r) => r.messageId));
      heldWhenHandled = state.held;
      return { batchItemFailures: [] };
    }, () => handled.length > 0));
    expect(handled).toEqual(['m-0']);
    // The old poller's first receive was a long poll for ten: held to its end before the lone message was handed over.
    expect(heldWhenHandled).toBe(0);
    expect(state.deleted).toEqual(['h-0']);
  });

  it('fills a batch from what is queued, up to the batch size', async () => {
    const { sqs } = holdingQueue(Array.from({ length: 25 }, () => '{}'));
    const batches: number[] = [];
    await poll(options(sqs, async (event: SQSEvent) => (batches.push(event.Records.length), { batchItemFailures: [] }), () => batches.length >= 3));
    expect(batches).toEqual([10, 10, 5]);
  });

  it('runs the invocations of pollers sharing a gate one at a time, each batch delivered and deleted', async () => {
    const { sqs, state } = holdingQueue(Array.from({ length: 40 }, (_, i) => `{"n":${i}}`));
    const gate = new Gate();
    let running = 0;
    let most = 0;
    const handled: string[] = [];
    const handler = async (event: SQSEvent) => {
      running += 1;
      most = Math.max(most, running);
      // Give the other poller every chance to invoke meanwhile.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      handled.push(...event.Records.map((r) => r.messageId));
      running -= 1;
      return { batchItemFailures: [] };
    };
    const stopping = () => handled.length >= 40;
    await Promise.all([poll({ ...options(sqs, handler, stopping), gate }), poll({ ...options(sqs, handler, stopping), gate })]);
    expect(most).toBe(1);
    expect(new Set(handled).size).toBe(40);
    expect(state.deleted).toHaveLength(40);
  });

  it('releases the gate when an invocation throws, and leaves that batch to come back', async () => {
    const { sqs, state } = holdingQueue(Array.from({ length: 20 }, () => '{}'));
    const gate = new Gate();
    let calls = 0;
    const handler = async (event: SQSEvent) => {
      calls += 1;
      if (calls === 1) throw new Error('cold start failed');
      return { batchItemFailures: event.Records.slice(0, 1).map((r) => ({ itemIdentifier: r.messageId })) };
    };
    await Promise.all([poll({ ...options(sqs, handler, () => calls >= 2), gate }), poll({ ...options(sqs, handler, () => calls >= 2), gate })]);
    expect(calls).toBe(2);
    // The thrown batch is not deleted (its visibility timeout brings it back); of the other, all but the failure are.
    expect(state.deleted).toHaveLength(9);
  });
});
