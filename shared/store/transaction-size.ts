/**
 * DynamoDB's limits on one TransactWriteItems, measured before it is sent: at most LIMITS.store.transactItemsMax
 * items, each item at most LIMITS.store.itemBytesMax, and the items' sizes added up at most
 * LIMITS.store.transactBytesMax. A plan that breaks one would be refused by DynamoDB as a ValidationException, which
 * a retry cannot cure: the planner splits a plan of several events that does not fit (intake.ts) and asserts that
 * every plan it sends does (STYLE 6 and 7).
 *
 * Sizes follow DynamoDB's rules (the developer guide, "Item sizes and formats"), rounded up: a string is its UTF-8
 * bytes, a number about one byte per two significant digits plus one (at most 21), a boolean or null one byte, a list
 * or map 3 bytes plus one a member and the members (a map's names too), an attribute its name's bytes plus its value.
 */
import assert from 'node:assert/strict';
import { LIMITS } from '../limits';
import type { WriteOp } from './change-set';

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** A number's size: its significant digits, two a byte, plus one; DynamoDB stores at most 38 digits in 21 bytes. */
function numberBytes(value: number | bigint): number {
  const digits = String(value).replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.min(21, Math.ceil(Math.max(digits.length, 1) / 2) + 1);
}

/** The size of one attribute value as the document client marshals it. */
export function valueBytes(value: unknown): number {
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberBytes(value);
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...(value as Set<unknown>)].reduce((sum: number, member) => sum + valueBytes(member), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, member) => sum + 1 + valueBytes(member), 0);
  if (typeof value === 'object') return 3 + Object.entries(value).reduce((sum, [name, member]) => sum + 1 + utf8(name) + valueBytes(member), 0);
  throw new TypeError(`a ${typeof value} is not an attribute value`);
}

/** An item's size: each attribute's name and value. */
export function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueBytes(value), 0);
}

/** What one transaction item counts towards the transaction's size: the item put, or the key and values it names. */
function opBytes(op: WriteOp): number {
  if (op.Put !== undefined) return itemBytes(op.Put.Item as Record<string, unknown>);
  const named = op.Update ?? op.Delete ?? op.ConditionCheck;
  assert.ok(named !== undefined, 'a transaction item is a Put, an Update, a Delete or a ConditionCheck');
  return itemBytes(named.Key as Record<string, unknown>) + itemBytes((named.ExpressionAttributeValues ?? {}) as Record<string, unknown>);
}

/** Why a transaction does not fit DynamoDB's limits, or null when it does. */
export function transactionProblem(write: readonly WriteOp[]): string | null {
  const { transactItemsMax, itemBytesMax, transactBytesMax } = LIMITS.store;
  if (write.length > transactItemsMax) return `a transaction holds at most ${transactItemsMax} items, got ${write.length}`;
  let total = 0;
  for (const op of write) {
    const bytes = opBytes(op);
    if (bytes > itemBytesMax) return `an item is at most ${itemBytesMax} bytes, got ${bytes} (${String((op.Put?.Item as { pk?: unknown } | undefined)?.pk ?? 'an update')})`;
    total += bytes;
  }
  return total > transactBytesMax ? `a transaction's items add up to at most ${transactBytesMax} bytes, got ${total}` : null;
}

/** Asserts that a transaction fits DynamoDB's limits: a plan that does not is a broken invariant, not a lost race. */
export function assertFits(write: readonly WriteOp[]): void {
  const problem = transactionProblem(write);
  assert.equal(problem, null, problem ?? '');
}
