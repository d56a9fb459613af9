/**
 * Fault injection for the store: a crash before or after any chosen DynamoDB call (the process dies there: before,
 * nothing was sent; after, the write landed but nobody saw the answer), and throttling or cancelled transactions at
 * a seeded rate on the wire.
 */
import { type DynamoDBClient, ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export class CrashError extends Error {
  override name = 'CrashError';
}

export interface FaultPlan {
  /** Crash at this call number (1-based), before or after sending it. */
  crashAt?: { call: number; when: 'before' | 'after' };
}

export class FaultyClient {
  calls = 0;

  constructor(
    private readonly inner: DynamoDBDocumentClient,
    private plan: FaultPlan = {},
  ) {}

  /** Replaces the plan (and resets the call count): the next delivery runs under new faults. */
  reset(plan: FaultPlan = {}): void {
    this.plan = plan;
    this.calls = 0;
  }

  async send(command: Parameters<DynamoDBDocumentClient['send']>[0]): Promise<unknown> {
    this.calls += 1;
    const { crashAt } = this.plan;
    if (crashAt?.call === this.calls && crashAt.when === 'before') throw new CrashError(`crash before call ${this.calls}`);
    const result = await this.inner.send(command as never);
    if (crashAt?.call === this.calls && crashAt.when === 'after') throw new CrashError(`crash after call ${this.calls}`);
    return result;
  }

  asClient(): DynamoDBDocumentClient {
    return this as unknown as DynamoDBDocumentClient;
  }
}

/**
 * Faults at the wire, inside the SDK's retry loop (the deserialize step): a throttled request is retried by the SDK
 * as in production; a cancelled transaction reaches the store, which plans it again. Returns a counter of faults.
 */
export function injectWireFaults(client: DynamoDBClient, rate: number, seed: number): { injected: number } {
  const counter = { injected: 0 };
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (random() < rate) {
        counter.injected += 1;
        if (context.commandName === 'TransactWriteItemsCommand') {
          throw new TransactionCanceledException({ message: 'injected: transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] });
        }
        throw new ProvisionedThroughputExceededException({ message: 'injected: throttled', $metadata: { httpStatusCode: 400 } });
      }
      return next(args);
    },
    { step: 'deserialize', name: 'injectWireFaults' },
  );
  return counter;
}
