/**
 * The changes of one transaction, collected before they are written: award changes from the deciders, standalone
 * ledger entries, and the other items (keys, markers, checks) that must change with them. A running view of each
 * touched budget lets the second decision of a transaction see the effect of the first.
 */
import assert from 'node:assert/strict';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Award, BudgetView, Change } from '../domain/awards';
import { applyControls, reservedBy } from '../domain/controls';
import { type EntryDraft, applyPostings } from '../domain/ledger';
import { isAllowed } from '../domain/lifecycle';
import type { CapState, CreditListState } from './controls';
import { capItem } from './controls';
import type { BudgetState, Item } from './items';
import { keys } from './table';

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
  /** Credit lists read for the set's recipients, by recipient id, and whether a change was decided over one. */
  private readonly credit = new Map<string, { state: CreditListState; used: boolean }>();
  /** Cap totals read, by jurisdiction, year and recipient: before, and after the set's changes. */
  private readonly caps = new Map<string, { before: CapState; after: CapState }>();

  constructor(private readonly tableName: string) {}

  /** What the controls need of a recipient, as read with the rest: its credit list and (if capped) its year's total. */
  trackRecipient(credit: CreditListState, cap: CapState | null): void {
    if (!this.credit.has(credit.recipientId)) this.credit.set(credit.recipientId, { state: credit, used: false });
    if (cap !== null) {
      const key = capKey(cap.jurisdiction, cap.fiscalYear, cap.recipientId);
      if (!this.caps.has(key)) this.caps.set(key, { before: cap, after: cap });
    }
  }

  private recipientView(award: Award) {
    const credit = this.credit.get(award.recipientId);
    if (credit === undefined) return null;
    const cap = this.caps.get(capKey(award.jurisdiction, award.fiscalYear, award.recipientId));
    return { credit: credit.state.entries, cap: cap === undefined ? null : { capFen: cap.after.capFen, totalFen: cap.after.totalFen } };
  }

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

  /**
   * Adds an award's change, through the controls first (controls.ts): the change as decided, or the award held
   * instead. Returns what is written. A change decided over a credit list makes the write conditional on that list
   * as read; a reservation moves the recipient's cap total, written once with the set.
   */
  add(decided: Change, before: Award | null): Change {
    const view = this.recipientView(decided.award);
    const change = applyControls(before, decided, view, new Date(decided.award.updatedAt));
    if (before !== null) {
      assert.equal(change.award.version, before.version + 1, 'a change increments the version by one');
      assert.ok(isAllowed(before.status, change.award.status), `transition ${before.status} -> ${change.award.status}`);
    }
    this.applyToBudget(change.award.jurisdiction, change.draft, change.queue === 'enqueue' ? 1 : change.queue === 'dequeue' ? -1 : 0);
    if (view !== null) {
      const credit = this.credit.get(change.award.recipientId);
      if (credit !== undefined && checksCredit(decided)) credit.used = true;
      const cap = this.caps.get(capKey(change.award.jurisdiction, change.award.fiscalYear, change.award.recipientId));
      const delta = reservedBy(change) - releasedBy(change);
      if (cap !== undefined && delta !== 0) {
        // A reservation made before the cap was configured was never counted: releasing it takes the total to zero at
        // most (the cap counts what was reserved while it applied; ADR 016).
        cap.after = { ...cap.after, totalFen: Math.max(0, cap.after.totalFen + delta) };
      }
    }
    this.changes.push({ change, before });
    return change;
  }

  /** The items the controls add to the write: a condition on each credit list decided over, each cap total moved. */
  controlOps(): WriteOp[] {
    const ops: WriteOp[] = [];
    for (const { state, used } of this.credit.values()) {
      if (!used) continue;
      const condition = state.version === 0 ? 'attribute_not_exists(pk)' : 'version = :v';
      ops.push({ ConditionCheck: { TableName: this.tableName, Key: keys.creditList(state.recipientId), ConditionExpression: condition, ...(state.version === 0 ? {} : { ExpressionAttributeValues: { ':v': state.version } }) } });
    }
    for (const { before, after } of this.caps.values()) {
      if (before.totalFen === after.totalFen) continue;
      const item = capItem({ ...after, version: before.version + 1 });
      const condition = before.version === 0 ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } };
      ops.push({ Put: { TableName: this.tableName, Item: item, ...condition } });
    }
    return ops;
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

const capKey = (jurisdiction: string, fiscalYear: number, recipientId: string) => `${jurisdiction}#${fiscalYear}#${recipientId}`;

/** What a change gives back to available from its reservation, in fen (a hold, a rejection, a void). */
function releasedBy(change: Change): number {
  const reserved = change.draft.postings.find((p) => p.account === 'reserved' && p.deltaFen < 0);
  const available = change.draft.postings.find((p) => p.account === 'available' && p.deltaFen > 0);
  return reserved !== undefined && available !== undefined ? -reserved.deltaFen : 0;
}

/** Whether the credit list was consulted for a change: a recording, an approval, a payment claimed. */
function checksCredit(change: Change): boolean {
  return change.draft.type === 'RECORDED' || change.draft.type === 'APPROVAL' || change.draft.type === 'PAYMENT_SENT';
}

function conditionOf(condition: string | undefined, values: Values | undefined) {
  return { ...(condition ? { ConditionExpression: condition } : {}), ...(values ? { ExpressionAttributeValues: values } : {}) };
}
