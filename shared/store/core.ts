/**
 * The command handler under every store operation (STYLE 16): read the state (strongly consistent), let a pure
 * decider choose, build the change set into one conditional TransactWriteItems, and, when a race is lost (a condition
 * on a version, the head or the budget, or a transaction conflict), plan again from fresh state with jittered
 * backoff, bounded by attempts and by the invocation's remaining time. Nothing is swallowed.
 */
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ApprovalConfig } from '../domain/approval';
import type { Award } from '../domain/awards';
import type { OfficialCalendar } from '../domain/calendar';
import { type ControlsConfig, DEFAULT_CONTROLS_CONFIG, checkControls } from '../domain/controls';
import { OFFICIAL_CALENDAR } from '../calendar-data';
import { type EntryDraft, type LedgerEntry, chain, sumOfAccounts } from '../domain/ledger';
import { LIMITS } from '../limits';
import type { ChangeSet, WriteOp } from './change-set';
import { ContentionError, StaleReadError, StoreError } from './errors';
import { type Head, type Item, awardItem, budgetItem, entryItem, headItem, parseHead } from './items';
import { type Key, keyOf, keys } from './table';
import { assertFits } from './transaction-size';

export interface RetryPolicy {
  readonly attemptsMax: number;
  readonly baseDelayMs: number;
  readonly capDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attemptsMax: LIMITS.retry.attemptsMax, baseDelayMs: LIMITS.retry.baseDelayMs, capDelayMs: LIMITS.retry.capDelayMs };

export interface StoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly approvalConfig: ApprovalConfig;
  readonly clock?: () => Date;
  readonly retry?: RetryPolicy;
  /** The controls before payment per jurisdiction (publicity, the annual cap); none when absent (issue 21). */
  readonly controls?: ControlsConfig;
  /** The official calendar publicity is counted in; China's, from chinese-days, when absent (ADR 015). */
  readonly calendar?: OfficialCalendar;
}

/** What a plan writes, or that it has nothing to write. */
export type Plan<T> = { readonly write: WriteOp[]; readonly result: T } | { readonly done: T };

/**
 * The deadline of the invocation a store call runs in (epoch ms), set by the handler for the duration of one
 * invocation. Asynchronous-context storage, so invocations running side by side (the local stack's pollers) each
 * keep their own.
 */
const deadlines = new AsyncLocalStorage<number>();

export function withDeadline<T>(remainingMs: number, work: () => Promise<T>): Promise<T> {
  return deadlines.run(Date.now() + remainingMs - LIMITS.retry.deadlineMarginMs, work);
}

/** What is left of the invocation's time (less the margin), or Infinity outside an invocation: for work in steps. */
export function timeLeftMs(): number {
  const deadline = deadlines.getStore();
  return deadline === undefined ? Number.POSITIVE_INFINITY : deadline - Date.now();
}

/** The reasons a transaction was cancelled, one per item, or null when the error is not a cancellation. */
export function cancellationReasons(error: unknown): string[] | null {
  if (!(error instanceof TransactionCanceledException)) return null;
  return (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

/** A cancellation another writer caused (a lost race), which a fresh plan can win; anything else is an error. */
export const isLostRace = (codes: readonly string[]) => codes.every((c) => ['None', 'ConditionalCheckFailed', 'TransactionConflict', 'ThrottlingError', 'StaleRead'].includes(c));

export class StoreCore {
  readonly client: DynamoDBDocumentClient;
  readonly table: string;
  readonly config: ApprovalConfig;
  readonly clock: () => Date;
  readonly retry: RetryPolicy;
  readonly controls: ControlsConfig;
  readonly calendar: OfficialCalendar;

  constructor(options: StoreOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.config = options.approvalConfig;
    this.controls = checkControls(options.controls ?? DEFAULT_CONTROLS_CONFIG);
    this.calendar = options.calendar ?? OFFICIAL_CALENDAR;
    this.clock = options.clock ?? (() => new Date());
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  async get(key: Key): Promise<Item | null> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return (out.Item as Item | undefined) ?? null;
  }

  /**
   * Many items in one round trip: BatchGetItem, strongly consistent, up to 100 keys a request (requests in parallel
   * beyond that). Keys left unprocessed under load are asked again, a bounded number of times.
   */
  async getMany(wanted: readonly Key[]): Promise<Map<string, Item>> {
    const unique = [...new Map(wanted.map((k) => [keyOf(k), k])).values()];
    const found = new Map<string, Item>();
    const chunks: Key[][] = [];
    for (let i = 0; i < unique.length; i += LIMITS.store.batchGetKeysMax) chunks.push(unique.slice(i, i + LIMITS.store.batchGetKeysMax));
    await Promise.all(
      chunks.map(async (chunk) => {
        let pending: Key[] = chunk;
        for (let round = 1; pending.length > 0; round++) {
          if (round > LIMITS.store.batchGetRoundsMax) throw new StoreError(`BatchGetItem left ${pending.length} keys unprocessed after ${round - 1} rounds`);
          if (round > 1) await this.pause(round);
          const out = await this.client.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } } }));
          for (const item of (out.Responses?.[this.table] ?? []) as Item[]) found.set(keyOf(item as Key), item);
          pending = (out.UnprocessedKeys?.[this.table]?.Keys ?? []) as Key[];
        }
      }),
    );
    return found;
  }

  async readHeads(jurisdictions: Iterable<string>): Promise<Map<string, Head>> {
    const list = [...new Set(jurisdictions)];
    const items = await this.getMany(list.map((j) => keys.ledgerHead(j)));
    return new Map(list.map((j) => [j, parseHead(items.get(keyOf(keys.ledgerHead(j))) ?? null)]));
  }

  /**
   * Turns a change set into transaction items: ledger entries chained after each head, the heads, awards, queue
   * items, budgets and the set's other items. `heads` are the heads as read with the rest of the state; those not
   * given are read now. The transaction is asserted to fit DynamoDB's limits (transaction-size.ts).
   */
  async build(set: ChangeSet, now: Date, heads?: ReadonlyMap<string, Head>): Promise<{ write: WriteOp[]; awards: Award[] }> {
    const built = await this.compose(set, now, heads);
    assertFits(built.write);
    return built;
  }

  /** As build, but what does not fit is the caller's to split (intake.ts plans several events at once). */
  async compose(set: ChangeSet, now: Date, heads?: ReadonlyMap<string, Head>): Promise<{ write: WriteOp[]; awards: Award[] }> {
    const at = now.toISOString();
    const draftsBy = new Map<string, EntryDraft[]>();
    const push = (jurisdiction: string, draft: EntryDraft) => draftsBy.set(jurisdiction, [...(draftsBy.get(jurisdiction) ?? []), draft]);
    for (const { jurisdiction, draft } of set.standalone) push(jurisdiction, draft);
    for (const { change } of set.changes) push(change.award.jurisdiction, change.draft);
    const missing = [...draftsBy.keys()].filter((j) => !heads?.has(j));
    const read = missing.length > 0 ? await this.readHeads(missing) : new Map<string, Head>();

    const write: WriteOp[] = [...set.extra, ...set.controlOps()];
    const entryFor = new Map<EntryDraft, LedgerEntry>();
    for (const [jurisdiction, drafts] of draftsBy) {
      const head = heads?.get(jurisdiction) ?? read.get(jurisdiction);
      assert.ok(head, `the head of ${jurisdiction} was read`);
      const entries = chain(jurisdiction, head, drafts, at);
      entries.forEach((entry, i) => entryFor.set(drafts[i] as EntryDraft, entry));
      for (const entry of entries) write.push(this.put(entryItem(entry), 'attribute_not_exists(pk)'));
      const last = entries.at(-1) as LedgerEntry;
      write.push(this.put(headItem(jurisdiction, last, at), head.seq === 0 ? 'attribute_not_exists(pk)' : 'seq = :seq', head.seq === 0 ? undefined : { ':seq': head.seq }));
    }
    const awards = set.changes.map(({ change, before }) => {
      const entry = entryFor.get(change.draft);
      assert.ok(entry, 'every change has its entry');
      let award = change.award;
      if (change.queue === 'enqueue') {
        award = { ...award, waitSeq: entry.seq };
        write.push(this.put({ ...keys.waiting(award.jurisdiction, award.fiscalYear, entry.seq), itemType: 'waiting', awardId: award.awardId }, 'attribute_not_exists(pk)'));
      } else if (change.queue === 'dequeue') {
        assert.ok(before?.waitSeq !== null && before?.waitSeq !== undefined, 'a dequeued award had a place in the queue');
        award = { ...award, waitSeq: null };
        write.push({ Delete: { TableName: this.table, Key: keys.waiting(award.jurisdiction, award.fiscalYear, before.waitSeq), ConditionExpression: 'attribute_exists(pk)' } });
      }
      write.push(before === null ? this.put(awardItem(award), 'attribute_not_exists(pk)') : this.put(awardItem(award), 'version = :version', { ':version': before.version }));
      write.push(...this.publicityOps(before, award));
      return award;
    });
    for (const { before, after } of set.budgets.values()) {
      if (before === after) continue;
      assert.equal(sumOfAccounts(after), after.allocatedFen, 'budget accounts sum to the allocation');
      const item = budgetItem({ ...after, version: before.version + 1 });
      write.push(before.version === 0 ? this.put(item, 'attribute_not_exists(pk)') : this.put(item, 'version = :version', { ':version': before.version }));
    }
    return { write, awards };
  }

  /** An award entering the public notice joins its jurisdiction's publicity queue (by the end of its period); leaving it, it leaves. */
  private publicityOps(before: Award | null, after: Award): WriteOp[] {
    const was = before?.status === 'IN_PUBLICITY' ? before.publicity : null;
    const is = after.status === 'IN_PUBLICITY' ? after.publicity : null;
    if (was?.until === is?.until) return [];
    const ops: WriteOp[] = [];
    if (was !== null && was !== undefined) ops.push({ Delete: { TableName: this.table, Key: keys.publicity(after.jurisdiction, was.until, after.awardId), ConditionExpression: 'attribute_exists(pk)' } });
    if (is !== null) ops.push(this.put({ ...keys.publicity(after.jurisdiction, is.until, after.awardId), itemType: 'publicity', awardId: after.awardId }, 'attribute_not_exists(pk)'));
    return ops;
  }

  put(item: Item, condition?: string, values?: Record<string, unknown>): WriteOp {
    const conditions = { ...(condition ? { ConditionExpression: condition } : {}), ...(values ? { ExpressionAttributeValues: values } : {}) };
    return { Put: { TableName: this.table, Item: item, ...conditions } };
  }

  async write(items: WriteOp[]): Promise<void> {
    await this.client.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: randomUUID() }));
  }

  /**
   * Runs a plan until it is written or has nothing to write. A cancellation for a condition or a conflict means
   * another writer got there first: plan again from fresh state. Anything else is an error.
   */
  async transact<T>(name: string, plan: () => Promise<Plan<T>>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        // Reads by TransactGetItems can be cancelled by a concurrent write too: both are a lost race.
        const planned = await plan();
        if ('done' in planned) return planned.done;
        await this.write(planned.write);
        return planned.result;
      } catch (error) {
        const codes = error instanceof StaleReadError ? ['StaleRead'] : cancellationReasons(error);
        if (codes === null) throw error;
        if (!isLostRace(codes)) throw new StoreError(`${name}: transaction cancelled: ${codes.join(', ')}`, { cause: error });
        await this.backoff(name, attempt, this.retry.attemptsMax, codes, error);
      }
    }
  }

  /** Waits before the next attempt, or gives up when the attempts or the invocation's time have run out. */
  async backoff(name: string, attempt: number, attemptsMax: number, codes: readonly string[], cause: unknown): Promise<void> {
    if (attempt >= attemptsMax) throw new ContentionError(`${name}: still losing races after ${attempt} attempts (${codes.join(', ')})`, { cause });
    const delayMs = Math.random() * Math.min(this.retry.capDelayMs, this.retry.baseDelayMs * 2 ** Math.min(attempt, 16));
    const deadline = deadlines.getStore();
    if (deadline !== undefined && Date.now() + delayMs >= deadline) {
      throw new ContentionError(`${name}: still losing races after ${attempt} attempts, and the invocation's time is nearly up (${codes.join(', ')})`, { cause });
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }

  private pause(round: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(this.retry.capDelayMs, this.retry.baseDelayMs * 2 ** round)));
  }
}
