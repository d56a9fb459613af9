/**
 * The award store on DynamoDB. Every step that changes money runs as: read the state (strongly consistent), call a
 * pure decider (shared/domain/awards.ts), then write the award, its ledger entries, the ledger head, the budget
 * counters and the idempotency keys in one conditional TransactWriteItems. A transaction cancelled by a lost race
 * (a condition on a version, the head or the budget, or a transaction conflict) is planned again from fresh state,
 * with jittered backoff, up to a limit; the fresh plan either succeeds, finds the work already done, or reports a
 * conflict. Nothing is swallowed.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactGetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ApprovalConfig } from '../domain/approval';
import type { Principal } from '../domain/authz';
import {
  type Award,
  type BudgetView,
  type Change,
  type Decided,
  type Failure,
  allocate,
  decide,
  fail,
  fiscalYearOf,
  recordAward,
  recordDisbursement,
  recordPaymentFailure,
  recordRepayment,
  retryPayment,
  revoke,
  serveFromQueue,
  setAmount,
} from '../domain/awards';
import type { ComputedAward } from '../domain/engine';
import { canonicalReference } from '../domain/identity';
import {
  type Balances,
  type EntryDraft,
  GENESIS_HASH,
  type LedgerEntry,
  type Verification,
  ZERO_BALANCES,
  applyPostings,
  chain,
  sumOfAccounts,
  verifyChain,
} from '../domain/ledger';
import { STATUSES, type Status, isAllowed } from '../domain/lifecycle';
import { isFen } from '../domain/money';
import { INDEX, keys, seqKey } from './table';

export class StoreError extends Error {
  override name = 'StoreError';
}

/** A transaction kept losing races until its attempts ran out: retry later; nothing was written. */
export class ContentionError extends StoreError {
  override name = 'ContentionError';
}

/** An item read back breaks an invariant: the table was altered outside the store, or the store has a bug. */
export class CorruptItemError extends StoreError {
  override name = 'CorruptItemError';
}

export type Result<T> = { readonly ok: true; readonly value: T } | Failure;

export interface RetryPolicy {
  readonly attemptsMax: number;
  readonly baseDelayMs: number;
  readonly capDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attemptsMax: 80, baseDelayMs: 4, capDelayMs: 200 };

export interface StoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly approvalConfig: ApprovalConfig;
  readonly clock?: () => Date;
  readonly retry?: RetryPolicy;
}

export interface BudgetState extends Balances {
  readonly jurisdiction: string;
  readonly fiscalYear: number;
  readonly waitingCount: number;
  readonly version: number;
}

export type EventOutcome
  = | { readonly kind: 'awards'; readonly eventId: string; readonly awardIds: readonly string[]; readonly receivedAt: string }
    | {
      readonly kind: 'duplicate';
      readonly eventId: string;
      readonly awardIds: readonly string[];
      readonly firstEventId: string;
      /** The repeat computes other awards than the first arrival did: the upstream facts disagree. */
      readonly conflicting: boolean;
      readonly receivedAt: string;
    }
    | { readonly kind: 'no-award'; readonly eventId: string; readonly reason: string; readonly receivedAt: string }
    | { readonly kind: 'revocation'; readonly eventId: string; readonly awardIds: readonly string[]; readonly receivedAt: string };

export interface Rejection {
  readonly rejectionId: string;
  readonly eventId: string | null;
  readonly detailType: string | null;
  readonly reason: string;
  readonly receivedAt: string;
  /** The event as received (its text), kept for audit. */
  readonly event: string;
}

export type RejectionInput = Omit<Rejection, 'receivedAt'>;

export interface Page<T> {
  readonly items: T[];
  readonly cursor: string | null;
}

export interface AwardQuery {
  /** The jurisdictions the caller may read; the query never leaves them. */
  readonly jurisdictions: readonly string[];
  readonly status?: Status;
  readonly uscc?: string;
  readonly reference?: string;
  readonly limit?: number;
  readonly cursor?: string | null;
}

type Item = Record<string, unknown>;
type WriteOp = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What a plan writes, or that it has nothing to write. */
type Plan<T> = { readonly write: WriteOp[]; readonly result: T } | { readonly done: T };

const LIMITS = { transactItemsMax: 100, pageSizeMax: 100, ledgerPageMax: 1000, rejectionChars: 300_000 } as const;

/** The fact identity: the same (detail-type, credit code, reference) is the same fact, whatever the event id. */
export function factIdOf(detailType: string, uscc: string, reference: string): string {
  return `${detailType}#${uscc}#${canonicalReference(reference)}`;
}

// ------------------------------------------------------------------------------------------ items, both ways

function awardItem(award: Award): Item {
  return {
    ...keys.award(award.awardId),
    gsi1pk: `J#${award.jurisdiction}`,
    gsi1sk: `${award.status}#${award.createdAt}#${award.awardId}`,
    gsi2pk: `USCC#${award.recipient.uscc}`,
    gsi2sk: `A#${award.createdAt}#${award.awardId}`,
    gsi3pk: `REF#${canonicalReference(award.reference)}`,
    gsi3sk: award.awardId,
    itemType: 'award',
    ...award,
  };
}

function str(item: Item, field: string): string {
  const value = item[field];
  if (typeof value !== 'string') throw new CorruptItemError(`${String(item.pk)}: ${field} is not a string`);
  return value;
}

function int(item: Item, field: string): number {
  const value = item[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new CorruptItemError(`${String(item.pk)}: ${field} is not an integer`);
  return value;
}

/** Reads an award item back, asserting what must hold of every stored award (STYLE 7). */
export function parseAward(item: Item): Award {
  const status = str(item, 'status') as Status;
  if (!STATUSES.includes(status)) throw new CorruptItemError(`${String(item.pk)}: unknown status ${status}`);
  const amountFen = item.amountFen ?? null;
  if (amountFen !== null && (!isFen(amountFen) || amountFen === 0)) throw new CorruptItemError(`${String(item.pk)}: amountFen is not positive fen`);
  if (amountFen === null && !['AMOUNT_REQUIRED', 'REJECTED', 'VOIDED'].includes(status)) {
    throw new CorruptItemError(`${String(item.pk)}: a ${status} award must have an amount`);
  }
  const approvals = item.approvals;
  if (!Array.isArray(approvals)) throw new CorruptItemError(`${String(item.pk)}: approvals is not a list`);
  const required = item.approvalsRequired ?? null;
  const approved = approvals.filter((a: { decision?: string }) => a.decision === 'approve');
  if (required !== null && approved.length > (required as number)) throw new CorruptItemError(`${String(item.pk)}: more approvals than required`);
  if (new Set(approved.map((a: { by?: string }) => a.by)).size !== approved.length) {
    throw new CorruptItemError(`${String(item.pk)}: one approver approved twice`);
  }
  int(item, 'version');
  int(item, 'fiscalYear');
  const { pk: _pk, sk: _sk, gsi1pk: _1, gsi1sk: _2, gsi2pk: _3, gsi2sk: _4, gsi3pk: _5, gsi3sk: _6, itemType: _t, ...award } = item;
  return award as unknown as Award;
}

function entryItem(entry: LedgerEntry): Item {
  return {
    ...keys.ledgerEntry(entry.jurisdiction, entry.seq),
    ...(entry.uscc === null ? {} : { gsi2pk: `USCC#${entry.uscc}`, gsi2sk: `L#${entry.at}#${entry.jurisdiction}#${seqKey(entry.seq)}` }),
    itemType: 'ledger-entry',
    ...entry,
  };
}

export function parseEntry(item: Item): LedgerEntry {
  int(item, 'seq');
  str(item, 'hash');
  str(item, 'prevHash');
  if (!Array.isArray(item.postings)) throw new CorruptItemError(`${String(item.pk)} ${String(item.sk)}: postings is not a list`);
  const { pk: _pk, sk: _sk, gsi2pk: _a, gsi2sk: _b, itemType: _t, ...entry } = item;
  return entry as unknown as LedgerEntry;
}

function budgetItem(state: BudgetState): Item {
  return { ...keys.budget(state.jurisdiction, state.fiscalYear), itemType: 'budget', ...state };
}

export function parseBudget(item: Item): BudgetState {
  const state: BudgetState = {
    jurisdiction: str(item, 'jurisdiction'),
    fiscalYear: int(item, 'fiscalYear'),
    allocatedFen: int(item, 'allocatedFen'),
    availableFen: int(item, 'availableFen'),
    reservedFen: int(item, 'reservedFen'),
    disbursedFen: int(item, 'disbursedFen'),
    receivableFen: int(item, 'receivableFen'),
    waitingCount: int(item, 'waitingCount'),
    version: int(item, 'version'),
  };
  for (const [field, value] of Object.entries(state)) {
    if (typeof value === 'number' && value < 0) throw new CorruptItemError(`budget ${state.jurisdiction}/${state.fiscalYear}: ${field} below zero`);
  }
  if (sumOfAccounts(state) !== state.allocatedFen) throw new CorruptItemError(`budget ${state.jurisdiction}/${state.fiscalYear}: accounts do not sum to the allocation`);
  return state;
}

const emptyBudget = (jurisdiction: string, fiscalYear: number): BudgetState => ({
  jurisdiction,
  fiscalYear,
  ...ZERO_BALANCES,
  waitingCount: 0,
  version: 0,
});

const encodeCursor = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function decodeCursor<T>(cursor: string | null | undefined): T | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch (cause) {
    throw new StoreError('cursor is not one this API returned', { cause });
  }
}

// ------------------------------------------------------------------------------------------ change sets

interface PendingChange {
  readonly change: Change;
  /** The award as read, or null for a new award. */
  readonly before: Award | null;
}

/**
 * Collects the changes of one transaction, keeping a running view of each touched budget so that the second
 * decision of a transaction sees the effect of the first.
 */
class ChangeSet {
  readonly changes: PendingChange[] = [];
  readonly budgets = new Map<string, { before: BudgetState; after: BudgetState }>();
  readonly standalone: Array<{ jurisdiction: string; draft: EntryDraft }> = [];
  readonly extra: WriteOp[] = [];

  constructor(private readonly tableName: string) {}

  trackBudget(budget: BudgetState): void {
    const key = `${budget.jurisdiction}#${budget.fiscalYear}`;
    if (!this.budgets.has(key)) this.budgets.set(key, { before: budget, after: budget });
  }

  view(jurisdiction: string, fiscalYear: number): BudgetView {
    const tracked = this.budgets.get(`${jurisdiction}#${fiscalYear}`);
    assert.ok(tracked, `budget ${jurisdiction}/${fiscalYear} must be read before deciding`);
    return { balances: tracked.after, waitingCount: tracked.after.waitingCount };
  }

  private applyToBudget(jurisdiction: string, draft: EntryDraft, queueDelta: number): void {
    const key = `${jurisdiction}#${draft.fiscalYear}`;
    const tracked = this.budgets.get(key);
    assert.ok(tracked, `budget ${key} must be read before it changes`);
    const balances = applyPostings(tracked.after, draft.postings);
    assert.ok(!('negative' in balances), `a ${draft.type} entry would take ${'negative' in balances ? balances.negative : ''} below zero`);
    const waitingCount = tracked.after.waitingCount + queueDelta;
    assert.ok(waitingCount >= 0, 'the waiting count cannot go below zero');
    tracked.after = { ...tracked.after, ...balances, waitingCount };
  }

  add(change: Change, before: Award | null): void {
    if (before !== null) {
      assert.equal(change.award.version, before.version + 1, 'a change increments the version by one');
      assert.ok(isAllowed(before.status, change.award.status), `transition ${before.status} -> ${change.award.status}`);
    }
    this.applyToBudget(change.award.jurisdiction, change.draft, change.queue === 'enqueue' ? 1 : change.queue === 'dequeue' ? -1 : 0);
    this.changes.push({ change, before });
  }

  addEntry(jurisdiction: string, draft: EntryDraft): void {
    this.applyToBudget(jurisdiction, draft, 0);
    this.standalone.push({ jurisdiction, draft });
  }

  put(item: Item, condition?: string): void {
    this.extra.push({ Put: { TableName: this.tableName, Item: item, ...(condition ? { ConditionExpression: condition } : {}) } });
  }
}

// ------------------------------------------------------------------------------------------ the store

export class AwardStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly config: ApprovalConfig;
  private readonly clock: () => Date;
  private readonly retry: RetryPolicy;

  constructor(options: StoreOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.config = options.approvalConfig;
    this.clock = options.clock ?? (() => new Date());
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  // ---------------------------------------------------------------------------------------- plumbing

  private async get(key: { pk: string; sk: string }): Promise<Item | null> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return (out.Item as Item | undefined) ?? null;
  }

  private async readAward(awardId: string): Promise<Award | null> {
    const item = await this.get(keys.award(awardId));
    return item === null ? null : parseAward(item);
  }

  private async readBudget(jurisdiction: string, fiscalYear: number): Promise<BudgetState> {
    const item = await this.get(keys.budget(jurisdiction, fiscalYear));
    return item === null ? emptyBudget(jurisdiction, fiscalYear) : parseBudget(item);
  }

  private async readHead(jurisdiction: string): Promise<{ seq: number; hash: string }> {
    const item = await this.get(keys.ledgerHead(jurisdiction));
    return item === null ? { seq: 0, hash: GENESIS_HASH } : { seq: int(item, 'seq'), hash: str(item, 'hash') };
  }

  /**
   * An award and its budget as of one instant (TransactGetItems is serialisable), so a plan never pairs an award
   * with a budget that already reflects a later change of that award.
   */
  private async snapshot(awardId: string): Promise<{ award: Award; budget: BudgetState } | null> {
    const first = await this.readAward(awardId);
    if (first === null) return null;
    const budgetKey = keys.budget(first.jurisdiction, first.fiscalYear);
    const out = await this.client.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: this.table, Key: keys.award(awardId) } },
          { Get: { TableName: this.table, Key: budgetKey } },
        ],
      }),
    );
    const [awardItem, budgetRead] = (out.Responses ?? []).map((r) => (r.Item as Item | undefined) ?? null);
    if (awardItem === null || awardItem === undefined) return null;
    return {
      award: parseAward(awardItem),
      budget: budgetRead === null || budgetRead === undefined ? emptyBudget(first.jurisdiction, first.fiscalYear) : parseBudget(budgetRead),
    };
  }

  /** Turns a change set into transaction items: ledger entries chained after each head, awards, queue, budgets. */
  private async build(set: ChangeSet, now: Date): Promise<{ write: WriteOp[]; awards: Award[] }> {
    const at = now.toISOString();
    const draftsBy = new Map<string, EntryDraft[]>();
    const push = (jurisdiction: string, draft: EntryDraft) => draftsBy.set(jurisdiction, [...(draftsBy.get(jurisdiction) ?? []), draft]);
    for (const { jurisdiction, draft } of set.standalone) push(jurisdiction, draft);
    for (const { change } of set.changes) push(change.award.jurisdiction, change.draft);

    const write: WriteOp[] = [...set.extra];
    const entryFor = new Map<EntryDraft, LedgerEntry>();
    for (const [jurisdiction, drafts] of draftsBy) {
      const head = await this.readHead(jurisdiction);
      const entries = chain(jurisdiction, head, drafts, at);
      entries.forEach((entry, i) => entryFor.set(drafts[i] as EntryDraft, entry));
      for (const entry of entries) {
        write.push({ Put: { TableName: this.table, Item: entryItem(entry), ConditionExpression: 'attribute_not_exists(pk)' } });
      }
      const last = entries.at(-1) as LedgerEntry;
      write.push({
        Put: {
          TableName: this.table,
          Item: { ...keys.ledgerHead(jurisdiction), itemType: 'ledger-head', jurisdiction, seq: last.seq, hash: last.hash, updatedAt: at },
          ConditionExpression: head.seq === 0 ? 'attribute_not_exists(pk)' : 'seq = :seq',
          ...(head.seq === 0 ? {} : { ExpressionAttributeValues: { ':seq': head.seq } }),
        },
      });
    }

    const awards: Award[] = [];
    for (const { change, before } of set.changes) {
      let award = change.award;
      const entry = entryFor.get(change.draft);
      assert.ok(entry, 'every change has its entry');
      if (change.queue === 'enqueue') {
        award = { ...award, waitSeq: entry.seq };
        write.push({
          Put: {
            TableName: this.table,
            Item: { ...keys.waiting(award.jurisdiction, award.fiscalYear, entry.seq), itemType: 'waiting', awardId: award.awardId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
      } else if (change.queue === 'dequeue') {
        assert.ok(before?.waitSeq !== null && before?.waitSeq !== undefined, 'a dequeued award had a place in the queue');
        award = { ...award, waitSeq: null };
        write.push({
          Delete: { TableName: this.table, Key: keys.waiting(award.jurisdiction, award.fiscalYear, before.waitSeq), ConditionExpression: 'attribute_exists(pk)' },
        });
      }
      write.push({
        Put: {
          TableName: this.table,
          Item: awardItem(award),
          ConditionExpression: before === null ? 'attribute_not_exists(pk)' : 'version = :version',
          ...(before === null ? {} : { ExpressionAttributeValues: { ':version': before.version } }),
        },
      });
      awards.push(award);
    }

    for (const { before, after } of set.budgets.values()) {
      if (before === after) continue;
      assert.equal(sumOfAccounts(after), after.allocatedFen, 'budget accounts sum to the allocation');
      write.push({
        Put: {
          TableName: this.table,
          Item: budgetItem({ ...after, version: before.version + 1 }),
          ConditionExpression: before.version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
          ...(before.version === 0 ? {} : { ExpressionAttributeValues: { ':version': before.version } }),
        },
      });
    }
    assert.ok(write.length <= LIMITS.transactItemsMax, `a transaction holds at most ${LIMITS.transactItemsMax} items, got ${write.length}`);
    return { write, awards };
  }

  /**
   * Runs a plan until it is written or has nothing to write. A cancellation for a condition or a conflict means
   * another writer got there first: plan again from fresh state. Anything else is an error.
   */
  private async transact<T>(name: string, plan: () => Promise<Plan<T>>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        // Reads by TransactGetItems can be cancelled by a concurrent write too: both are a lost race.
        const planned = await plan();
        if ('done' in planned) return planned.done;
        await this.client.send(new TransactWriteCommand({ TransactItems: planned.write, ClientRequestToken: randomUUID() }));
        return planned.result;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
        const retryable = codes.every((c) => ['None', 'ConditionalCheckFailed', 'TransactionConflict', 'ThrottlingError'].includes(c));
        if (!retryable) throw new StoreError(`${name}: transaction cancelled: ${codes.join(', ')}`, { cause: error });
        if (attempt >= this.retry.attemptsMax) {
          throw new ContentionError(`${name}: still losing races after ${attempt} attempts (${codes.join(', ')})`, { cause: error });
        }
        const ceiling = Math.min(this.retry.capDelayMs, this.retry.baseDelayMs * 2 ** Math.min(attempt, 16));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
      }
    }
  }

  // ---------------------------------------------------------------------------------------- intake

  /**
   * Records the awards the engine computed for one event, with their ledger entries, reservations and the permanent
   * fact and event keys. The same event again, or the same fact under another event id, writes nothing (but the
   * event's own outcome) and reports the awards that exist.
   */
  async recordAwards(input: {
    eventId: string;
    detailType: string;
    uscc: string;
    reference: string;
    awards: readonly ComputedAward[];
  }): Promise<{ outcome: EventOutcome; awards: Award[]; repeated: boolean }> {
    assert.ok(input.awards.length > 0, 'recordAwards needs at least one award; use recordNoAward');
    const factId = factIdOf(input.detailType, input.uscc, input.reference);
    const computedIds = input.awards.map((a) => a.awardId).sort();
    return this.transact<{ outcome: EventOutcome; awards: Award[]; repeated: boolean }>('recordAwards', async () => {
      const now = this.clock();
      const receivedAt = now.toISOString();
      const seen = await this.get(keys.event(input.eventId));
      if (seen !== null) {
        const outcome = seen.outcome as EventOutcome;
        return { done: { outcome, awards: await this.awardsOf(outcomeAwardIds(outcome)), repeated: true } };
      }
      const fact = await this.get(keys.fact(factId));
      if (fact !== null) {
        const awardIds = (fact.awardIds as string[]).slice().sort();
        const outcome: EventOutcome = {
          kind: 'duplicate',
          eventId: input.eventId,
          awardIds,
          firstEventId: str(fact, 'eventId'),
          conflicting: awardIds.join() !== computedIds.join(),
          receivedAt,
        };
        const write: WriteOp[] = [{ Put: { TableName: this.table, Item: { ...keys.event(input.eventId), itemType: 'event', outcome }, ConditionExpression: 'attribute_not_exists(pk)' } }];
        return { write, result: { outcome, awards: await this.awardsOf(awardIds), repeated: true } };
      }
      const set = new ChangeSet(this.table);
      for (const jurisdiction of new Set(input.awards.map((a) => a.jurisdiction))) {
        set.trackBudget(await this.readBudget(jurisdiction, fiscalYearOf(now)));
      }
      for (const computed of input.awards) {
        const change = recordAward(computed, {
          now,
          budget: set.view(computed.jurisdiction, fiscalYearOf(now)),
          config: this.config,
          actor: 'award-intake',
        });
        set.add(change, null);
      }
      const outcome: EventOutcome = { kind: 'awards', eventId: input.eventId, awardIds: computedIds, receivedAt };
      set.put({ ...keys.fact(factId), itemType: 'fact', factId, eventId: input.eventId, awardIds: computedIds, createdAt: receivedAt }, 'attribute_not_exists(pk)');
      set.put({ ...keys.event(input.eventId), itemType: 'event', outcome }, 'attribute_not_exists(pk)');
      const { write, awards } = await this.build(set, now);
      return { write, result: { outcome, awards, repeated: false } };
    });
  }

  /** Accounts for a valid event that earns nothing, with the reason. */
  async recordNoAward(input: { eventId: string; detailType: string; reason: string }): Promise<{ outcome: EventOutcome; repeated: boolean }> {
    return this.transact<{ outcome: EventOutcome; repeated: boolean }>('recordNoAward', async () => {
      const seen = await this.get(keys.event(input.eventId));
      if (seen !== null) return { done: { outcome: seen.outcome as EventOutcome, repeated: true } };
      const receivedAt = this.clock().toISOString();
      const outcome: EventOutcome = { kind: 'no-award', eventId: input.eventId, reason: input.reason, receivedAt };
      const item = { ...keys.event(input.eventId), itemType: 'event', detailType: input.detailType, outcome, gsi1pk: 'NO_AWARD', gsi1sk: `${receivedAt}#${input.eventId}` };
      return { write: [{ Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }], result: { outcome, repeated: false } };
    });
  }

  /** Quarantines a rejected event with its reason and its text, for audit; never retried, never lost. */
  async recordRejection(input: RejectionInput): Promise<{ rejection: Rejection; repeated: boolean }> {
    return this.transact<{ rejection: Rejection; repeated: boolean }>('recordRejection', async () => {
      const seen = await this.get(keys.rejection(input.rejectionId));
      if (seen !== null) return { done: { rejection: parseRejection(seen), repeated: true } };
      const receivedAt = this.clock().toISOString();
      const text = input.event.length > LIMITS.rejectionChars
        ? `${input.event.slice(0, LIMITS.rejectionChars)}…[truncated from ${input.event.length} characters]`
        : input.event;
      const rejection: Rejection = { ...input, receivedAt, event: text };
      const item = { ...keys.rejection(input.rejectionId), itemType: 'rejection', gsi1pk: 'REJECTIONS', gsi1sk: `${receivedAt}#${input.rejectionId}`, ...rejection };
      return { write: [{ Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }], result: { rejection, repeated: false } };
    });
  }

  /**
   * A revocation: each named award that exists is voided (before payment) or gets a clawback (after). One
   * transaction per award; the event's outcome is written last, so a redelivery finishes what a crash left.
   */
  async recordRevocation(input: {
    eventId: string;
    awardIds: readonly string[];
    reason: string;
  }): Promise<{ outcome: EventOutcome; changed: Award[]; repeated: boolean }> {
    const seen = await this.get(keys.event(input.eventId));
    if (seen !== null) return { outcome: seen.outcome as EventOutcome, changed: [], repeated: true };
    const changed: Award[] = [];
    for (const awardId of input.awardIds) {
      const result = await this.mutate('revoke', awardId, (award, now) => revoke(award, { eventId: input.eventId, reason: input.reason }, { now }));
      if (result.ok) changed.push(result.value);
    }
    const affected = (await this.awardsOf(input.awardIds)).map((a) => a.awardId);
    const outcome: EventOutcome = { kind: 'revocation', eventId: input.eventId, awardIds: affected, receivedAt: this.clock().toISOString() };
    await this.transact<null>('recordRevocation', async () => {
      if ((await this.get(keys.event(input.eventId))) !== null) return { done: null };
      return { write: [{ Put: { TableName: this.table, Item: { ...keys.event(input.eventId), itemType: 'event', outcome }, ConditionExpression: 'attribute_not_exists(pk)' } }], result: null };
    });
    for (const award of changed) await this.serveWaiting(award.jurisdiction, award.fiscalYear);
    return { outcome, changed, repeated: false };
  }

  // ---------------------------------------------------------------------------------------- finance

  /** Runs a decider over one award in one transaction; retried from fresh state when a race is lost. */
  private async mutate(name: string, awardId: string, decider: (award: Award, now: Date, budget: BudgetView) => Decided): Promise<Result<Award>> {
    return this.transact<Result<Award>>(name, async () => {
      const now = this.clock();
      const read = await this.snapshot(awardId);
      if (read === null) return { done: fail('NOT_FOUND', `no award ${awardId}`) };
      const { award } = read;
      const set = new ChangeSet(this.table);
      set.trackBudget(read.budget);
      const decided = decider(award, now, set.view(award.jurisdiction, award.fiscalYear));
      if (!decided.ok) return { done: decided };
      set.add(decided.change, award);
      const { write, awards } = await this.build(set, now);
      return { write, result: { ok: true, value: awards[0] as Award } };
    });
  }

  async decide(awardId: string, principal: Principal, command: { decision: 'approve' | 'reject'; comment: string }): Promise<Result<Award>> {
    const result = await this.mutate('decide', awardId, (award, now) => decide(award, principal, command, { now }));
    if (result.ok && result.value.status === 'REJECTED') await this.serveWaiting(result.value.jurisdiction, result.value.fiscalYear);
    return result;
  }

  async setAmount(awardId: string, principal: Principal, command: { amountFen: number; basis: string }): Promise<Result<Award>> {
    return this.mutate('setAmount', awardId, (award, now, budget) => setAmount(award, principal, command, { now, budget, config: this.config }));
  }

  async recordDisbursement(awardId: string, command: { paymentId: string }): Promise<Result<Award>> {
    return this.mutate('recordDisbursement', awardId, (award, now) => recordDisbursement(award, command, { now }));
  }

  async recordPaymentFailure(awardId: string, command: { reason: string }): Promise<Result<Award>> {
    return this.mutate('recordPaymentFailure', awardId, (award, now) => recordPaymentFailure(award, command, { now }));
  }

  async retryPayment(awardId: string, principal: Principal): Promise<Result<Award>> {
    return this.mutate('retryPayment', awardId, (award, now) => retryPayment(award, principal, { now }));
  }

  async recordRepayment(awardId: string, principal: Principal, command: { amountFen: number }): Promise<Result<Award>> {
    return this.mutate('recordRepayment', awardId, (award, now) => recordRepayment(award, principal, command, { now }));
  }

  /** Sets a jurisdiction-year's allocation, then serves waiting awards first come, first served. */
  async setAllocation(principal: Principal, command: { jurisdiction: string; fiscalYear: number; allocatedFen: number }): Promise<Result<BudgetState>> {
    const result = await this.transact<Result<null>>('setAllocation', async () => {
      const now = this.clock();
      const set = new ChangeSet(this.table);
      const budget = await this.readBudget(command.jurisdiction, command.fiscalYear);
      set.trackBudget(budget);
      const decided = allocate(principal, command, set.view(command.jurisdiction, command.fiscalYear));
      if (!decided.ok) return { done: decided };
      if (decided.draft.postings.length === 0 && budget.version > 0) return { done: { ok: true, value: null } };
      set.addEntry(command.jurisdiction, decided.draft);
      const { write } = await this.build(set, now);
      return { write, result: { ok: true, value: null } };
    });
    if (!result.ok) return result;
    await this.serveWaiting(command.jurisdiction, command.fiscalYear);
    return { ok: true, value: await this.readBudget(command.jurisdiction, command.fiscalYear) };
  }

  /**
   * Reserves budget for the awards at the head of a jurisdiction-year's queue, in the order they began to wait,
   * until the next one does not fit. Returns how many were served.
   */
  async serveWaiting(jurisdiction: string, fiscalYear: number): Promise<number> {
    let served = 0;
    for (;;) {
      const head = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.waitingPartition(jurisdiction, fiscalYear) },
          ConsistentRead: true,
          Limit: 1,
        }),
      );
      const first = head.Items?.[0];
      if (first === undefined) return served;
      const awardId = str(first, 'awardId');
      const result = await this.transact<'served' | 'blocked' | 'moved'>('serveWaiting', async () => {
        const now = this.clock();
        const read = await this.snapshot(awardId);
        const award = read?.award ?? null;
        if (read === null || award === null || award.status !== 'AWAITING_BUDGET' || award.waitSeq !== Number(first.sk)) {
          // Another writer (a rejection, a revocation, another server) moved the award after the queue was read:
          // a lost race if its queue item is gone too, corruption if the item stays behind.
          const stillQueued = await this.get({ pk: String(first.pk), sk: String(first.sk) });
          if (stillQueued === null) return { done: 'moved' };
          throw new CorruptItemError(`queue ${jurisdiction}/${fiscalYear} holds ${awardId}, which is not waiting there`);
        }
        const set = new ChangeSet(this.table);
        set.trackBudget(read.budget);
        const change = serveFromQueue(award, { now, budget: set.view(jurisdiction, fiscalYear) });
        if (change === null) return { done: 'blocked' };
        set.add(change, award);
        const { write } = await this.build(set, now);
        return { write, result: 'served' };
      });
      if (result === 'blocked') return served;
      if (result === 'served') served += 1;
    }
  }

  // ---------------------------------------------------------------------------------------- reads

  async getAward(awardId: string): Promise<Award | null> {
    return this.readAward(awardId);
  }

  private async awardsOf(awardIds: readonly string[]): Promise<Award[]> {
    const awards = await Promise.all(awardIds.map((id) => this.readAward(id)));
    return awards.filter((a): a is Award => a !== null);
  }

  async getEventOutcome(eventId: string): Promise<EventOutcome | null> {
    const item = await this.get(keys.event(eventId));
    return item === null ? null : (item.outcome as EventOutcome);
  }

  async getBudget(jurisdiction: string, fiscalYear: number): Promise<BudgetState> {
    return this.readBudget(jurisdiction, fiscalYear);
  }

  /** Awards by jurisdiction (and status), by credit code, or by reference; never outside `jurisdictions`. */
  async listAwards(query: AwardQuery): Promise<Page<Award>> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), LIMITS.pageSizeMax);
    const allowed = [...query.jurisdictions].sort();
    if (allowed.length === 0) return { items: [], cursor: null };
    const cursor = decodeCursor<{ i: number; key: Item | null }>(query.cursor) ?? { i: 0, key: null };
    const filters: string[] = [];
    const values: Item = {};
    const names: Record<string, string> = {};
    allowed.forEach((j, n) => (values[`:j${n}`] = j));
    filters.push(`jurisdiction IN (${allowed.map((_, n) => `:j${n}`).join(', ')})`);
    if (query.status !== undefined) {
      filters.push('#status = :status');
      values[':status'] = query.status;
      names['#status'] = 'status';
    }
    const byIndex = (input: Omit<QueryCommandInput, 'TableName'>) => this.pageOfAwards({ ...input, TableName: this.table }, limit, cursor.key);
    if (query.uscc !== undefined || query.reference !== undefined) {
      const [index, pk, value, extra]
        = query.reference !== undefined
          ? [INDEX.byReference, 'gsi3pk', `REF#${canonicalReference(query.reference)}`, query.uscc]
          : [INDEX.byRecipient, 'gsi2pk', `USCC#${query.uscc}`, undefined];
      if (extra !== undefined) {
        filters.push('recipient.uscc = :uscc');
        values[':uscc'] = extra;
      }
      const keyCondition = index === INDEX.byRecipient ? `${pk} = :pk AND begins_with(gsi2sk, :a)` : `${pk} = :pk`;
      if (index === INDEX.byRecipient) values[':a'] = 'A#';
      const page = await byIndex({
        IndexName: index,
        KeyConditionExpression: keyCondition,
        FilterExpression: filters.join(' AND '),
        ExpressionAttributeValues: { ...values, ':pk': value },
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      });
      return { items: page.items, cursor: page.next === null ? null : encodeCursor({ i: 0, key: page.next }) };
    }
    // By jurisdiction: walk the allowed jurisdictions in order, one partition of the index each.
    const items: Award[] = [];
    let i = cursor.i;
    let key = cursor.key;
    while (i < allowed.length && items.length < limit) {
      const page = await this.pageOfAwards(
        {
          TableName: this.table,
          IndexName: INDEX.byJurisdiction,
          KeyConditionExpression: query.status === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND begins_with(gsi1sk, :status)',
          ExpressionAttributeValues: { ':pk': `J#${allowed[i]}`, ...(query.status === undefined ? {} : { ':status': `${query.status}#` }) },
        },
        limit - items.length,
        key,
      );
      items.push(...page.items);
      if (page.next === null) {
        i += 1;
        key = null;
      } else key = page.next;
    }
    return { items, cursor: i < allowed.length ? encodeCursor({ i, key }) : null };
  }

  private async pageOfAwards(input: QueryCommandInput, limit: number, start: Item | null): Promise<{ items: Award[]; next: Item | null }> {
    const items: Award[] = [];
    let key = start;
    // A filter can leave a page short: keep reading until the page is full or the partition ends (bounded).
    for (let round = 0; round < 20 && items.length < limit; round++) {
      const out = await this.client.send(new QueryCommand({ ...input, Limit: limit - items.length, ...(key ? { ExclusiveStartKey: key } : {}) }));
      items.push(...(out.Items ?? []).map((item) => parseAward(item as Item)));
      key = (out.LastEvaluatedKey as Item | undefined) ?? null;
      if (key === null) break;
    }
    return { items, next: key };
  }

  /** Ledger entries of a jurisdiction in sequence order, from a sequence number, a page at a time. */
  async ledgerPage(jurisdiction: string, options: { fromSeq?: number; limit?: number } = {}): Promise<{ entries: LedgerEntry[]; nextSeq: number | null }> {
    const limit = Math.min(Math.max(options.limit ?? 500, 1), LIMITS.ledgerPageMax);
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk >= :from',
        ExpressionAttributeValues: { ':pk': keys.ledgerPartition(jurisdiction), ':from': `SEQ#${seqKey(options.fromSeq ?? 1)}` },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    const entries = (out.Items ?? []).filter((item) => String(item.sk).startsWith('SEQ#')).map((item) => parseEntry(item as Item));
    const last = entries.at(-1);
    return { entries, nextSeq: out.LastEvaluatedKey && last ? last.seq + 1 : null };
  }

  /** Every entry of a jurisdiction, in order. */
  async ledger(jurisdiction: string): Promise<LedgerEntry[]> {
    const all: LedgerEntry[] = [];
    let fromSeq: number | null = 1;
    while (fromSeq !== null) {
      const page = await this.ledgerPage(jurisdiction, { fromSeq, limit: LIMITS.ledgerPageMax });
      all.push(...page.entries);
      fromSeq = page.nextSeq;
    }
    return all;
  }

  /** Ledger entries of one recipient, across jurisdictions, in time order. */
  async ledgerOfRecipient(uscc: string): Promise<LedgerEntry[]> {
    const entries: LedgerEntry[] = [];
    let key: Item | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEX.byRecipient,
          KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :l)',
          ExpressionAttributeValues: { ':pk': `USCC#${uscc}`, ':l': 'L#' },
          ...(key ? { ExclusiveStartKey: key } : {}),
        }),
      );
      entries.push(...(out.Items ?? []).map((item) => parseEntry(item as Item)));
      key = out.LastEvaluatedKey as Item | undefined;
    } while (key !== undefined);
    return entries;
  }

  async listRejections(options: { limit?: number; cursor?: string | null } = {}): Promise<Page<Rejection>> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), LIMITS.pageSizeMax);
    const start = decodeCursor<Item>(options.cursor);
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: INDEX.byJurisdiction,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'REJECTIONS' },
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return { items: (out.Items ?? []).map((item) => parseRejection(item as Item)), cursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : null };
  }

  /**
   * Verifies a jurisdiction: the hash chain and balances of its entries, that the head names the last entry, and
   * that the budget counters equal the balances the ledger implies.
   */
  async verify(jurisdiction: string): Promise<Verification> {
    const entries = await this.ledger(jurisdiction);
    const chainResult = verifyChain(jurisdiction, entries);
    if (!chainResult.ok) return chainResult;
    const head = await this.readHead(jurisdiction);
    if (head.seq !== entries.length || head.hash !== chainResult.head) {
      return { ok: false, entries: entries.length, badSeq: Math.min(head.seq, entries.length) + 1, reason: `the head names entry ${head.seq} but the chain ends at ${entries.length} (an entry was removed)` };
    }
    for (const [fiscalYear, balances] of chainResult.balances) {
      const budget = await this.readBudget(jurisdiction, fiscalYear);
      const fields = ['allocatedFen', 'availableFen', 'reservedFen', 'disbursedFen', 'receivableFen'] as const;
      const differ = fields.filter((f) => budget[f] !== balances[f]);
      if (differ.length > 0) {
        return { ok: false, entries: entries.length, badSeq: entries.length, reason: `budget counters of ${fiscalYear} (${differ.join(', ')}) differ from the ledger` };
      }
    }
    return chainResult;
  }
}

function parseRejection(item: Item): Rejection {
  return {
    rejectionId: str(item, 'rejectionId'),
    eventId: (item.eventId as string | null) ?? null,
    detailType: (item.detailType as string | null) ?? null,
    reason: str(item, 'reason'),
    receivedAt: str(item, 'receivedAt'),
    event: str(item, 'event'),
  };
}

function outcomeAwardIds(outcome: EventOutcome): readonly string[] {
  switch (outcome.kind) {
    case 'awards':
    case 'duplicate':
    case 'revocation':
      return outcome.awardIds;
    case 'no-award':
      return [];
    default: {
      const unreachable: never = outcome;
      throw new CorruptItemError(`unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
