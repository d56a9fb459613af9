/**
 * Where the end-to-end time goes (issue 24, part 4), measured from outside the stack so that nothing in it changes to
 * be measured: every SQS and DynamoDB request of this process (the SDK clients' `send`, wrapped once) and every wait of
 * the store's retry loop, timed while a round runs. The local stack's functions run in this process, so their
 * requests are among them; the bench's own reads (GetItem of the head it watches) are not counted.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StoreCore } from '../shared/store/core';

/** One kind of request (or wait): how many, and their time in flight, added up. */
export interface Stage {
  readonly count: number;
  readonly ms: number;
}

export type Stages = ReadonlyMap<string, Stage>;

export const STAGE = {
  written: 'TransactWriteItems (written)',
  lost: 'TransactWriteItems (lost a race)',
  read: 'BatchGetItem',
  receive: 'SQS ReceiveMessage',
  remove: 'SQS DeleteMessageBatch',
  enqueue: 'SQS SendMessageBatch',
  backoff: 'retry waits',
} as const;

type Send = (this: unknown, ...args: unknown[]) => Promise<unknown>;

let current: Map<string, { count: number; ms: number }> | null = null;
let itemsWritten = 0;
/** The transactions written while metering, as sent: the ceiling replays them (bench/e2e-ceiling.ts). */
let written: unknown[] = [];
let installed = false;

function count(stage: string, ms: number): void {
  if (current === null) return;
  const s = current.get(stage) ?? { count: 0, ms: 0 };
  current.set(stage, { count: s.count + 1, ms: s.ms + ms });
}

function wrap(proto: { send: Send }, stageOf: (command: { constructor: { name: string }; input?: unknown }, failed: boolean) => string | null): void {
  const send = proto.send;
  proto.send = async function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    let failed = false;
    try {
      return await send.apply(this, args);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      const stage = current === null ? null : stageOf(args[0] as { constructor: { name: string } }, failed);
      if (stage !== null) count(stage, performance.now() - started);
    }
  };
}

/** Wraps the clients' `send` and the store's backoff, once per process; they count only between start and stop. */
export function installMeter(): void {
  if (installed) return;
  installed = true;
  const sqs: Record<string, string> = { ReceiveMessageCommand: STAGE.receive, DeleteMessageBatchCommand: STAGE.remove, SendMessageBatchCommand: STAGE.enqueue };
  wrap(SQSClient.prototype as unknown as { send: Send }, (command) => sqs[command.constructor.name] ?? null);
  wrap(DynamoDBDocumentClient.prototype as unknown as { send: Send }, (command, failed) => {
    if (command.constructor.name === 'BatchGetCommand') return STAGE.read;
    if (command.constructor.name !== 'TransactWriteCommand') return null;
    if (!failed && current !== null) {
      itemsWritten += (command.input as { TransactItems: unknown[] }).TransactItems.length;
      // Kept as sent, not copied: copying 53 items would be work inside the round measured. Nothing changes an input once sent.
      written.push(command.input);
    }
    return failed ? STAGE.lost : STAGE.written;
  });
  const backoff = StoreCore.prototype.backoff;
  StoreCore.prototype.backoff = async function (this: StoreCore, ...args: Parameters<typeof backoff>) {
    const started = performance.now();
    try {
      return await backoff.apply(this, args);
    } finally {
      count(STAGE.backoff, performance.now() - started);
    }
  };
}

export function startMeter(): void {
  current = new Map();
  itemsWritten = 0;
  written = [];
}

/** What was counted since startMeter, the items the transactions written held, and those transactions' inputs. */
export function stopMeter(): { stages: Stages; itemsWritten: number; transactions: readonly unknown[] } {
  const stages: Stages = current ?? new Map();
  current = null;
  const transactions = written;
  written = [];
  return { stages, itemsWritten, transactions };
}
