/**
 * The changes of one transaction, collected before they are written: award changes from the deciders, standalone
 * ledger entries, and the other items (keys, markers, checks) that must change with them. A running view of each
 * touched budget lets the second decision of a transaction see the effect of the first.
 */
import assert from 'node:assert/strict';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Award, BudgetView, Change } from '../domain/awards';
import { type EntryDraft, applyPostings } from '../domain/ledger';
import { isAllowed } from '../domain/lifecycle';
import type { BudgetState, Item } from './items';

export type WriteOp = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface PendingChange {
  readonly change: Change;
  /** The award as read, or null for a new award. */
  readonly before: Award | null;
}

type Key = { pk: string; sk: string };
type Values = Record<string, unknown>;

export class ChangeSet {
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

  put(item: Item, condition?: string, values?: Values): void {
    this.extra.push({ Put: { TableName: this.tableName, Item: item, ...conditionOf(condition, values) } });
  }

  /** The transaction holds only while `condition` holds of the item at `key` (it is not written). */
  check(key: Key, condition: string, values?: Values): void {
    this.extra.push({ ConditionCheck: { TableName: this.tableName, Key: key, ConditionExpression: condition, ...conditionOf(undefined, values) } });
  }

  update(key: Key, update: string, options: { condition?: string; values?: Values; names?: Record<string, string> } = {}): void {
    this.extra.push({
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: update,
        ...(options.condition ? { ConditionExpression: options.condition } : {}),
        ...(options.values ? { ExpressionAttributeValues: options.values } : {}),
        ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
      },
    });
  }
}

function conditionOf(condition: string | undefined, values: Values | undefined) {
  return { ...(condition ? { ConditionExpression: condition } : {}), ...(values ? { ExpressionAttributeValues: values } : {}) };
}
