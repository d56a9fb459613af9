import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits';
import type { WriteOp } from '../../shared/store/change-set';
import { assertFits, itemBytes, transactionProblem, valueBytes } from '../../shared/store/transaction-size';
import { acceptedItem } from '../../shared/store/accepted-events';

const put = (item: Record<string, unknown>): WriteOp => ({ Put: { TableName: 't', Item: item } });
/** An item of exactly `bytes` by itemBytes: a key and one string attribute padded to the size. */
const sized = (n: number, bytes: number) => {
  const base = { pk: `P#${n}`, sk: 'S', pad: '' };
  return { ...base, pad: 'x'.repeat(bytes - itemBytes(base)) };
};

describe('the size of a transaction, measured as DynamoDB measures it', () => {
  it('counts a string in UTF-8 bytes, a number by its significant digits, a boolean or null as one byte', () => {
    expect(valueBytes('abc')).toBe(3);
    expect(valueBytes('河北省')).toBe(9);
    expect(valueBytes(7)).toBe(2);
    expect(valueBytes(1_000_000)).toBe(2);
    expect(valueBytes(123_456_789)).toBe(6);
    expect(valueBytes(true)).toBe(1);
    expect(valueBytes(null)).toBe(1);
  });

  it('counts a list or a map as 3 bytes, one a member, and the members (a map\'s names too)', () => {
    expect(valueBytes(['ab', 'c'])).toBe(3 + (1 + 2) + (1 + 1));
    expect(valueBytes({ ab: 'c' })).toBe(3 + 1 + 2 + 1);
    expect(itemBytes({ pk: 'A#1', sk: 'B' })).toBe(2 + 3 + 2 + 1);
  });

  it('lets a transaction of 100 items, each at most 400 KB, adding up to at most 4 MB, through', () => {
    expect(transactionProblem(Array.from({ length: LIMITS.store.transactItemsMax }, (_, n) => put(sized(n, 1_000))))).toBeNull();
    expect(transactionProblem([put(sized(0, LIMITS.store.itemBytesMax))])).toBeNull();
    const tenAtTheLimit = Array.from({ length: 10 }, (_, n) => put(sized(n, LIMITS.store.itemBytesMax)));
    expect(transactionProblem(tenAtTheLimit)).toBeNull();
  });

  it('refuses the 101st item, an item over 400 KB and items adding up to more than 4 MB, each naming why', () => {
    expect(transactionProblem(Array.from({ length: 101 }, (_, n) => put(sized(n, 100))))).toBe('a transaction holds at most 100 items, got 101');
    expect(transactionProblem([put(sized(7, LIMITS.store.itemBytesMax + 1))])).toBe(`an item is at most ${LIMITS.store.itemBytesMax} bytes, got ${LIMITS.store.itemBytesMax + 1} (P#7)`);
    const over = Array.from({ length: 11 }, (_, n) => put(sized(n, LIMITS.store.itemBytesMax)));
    expect(transactionProblem(over)).toBe(`a transaction's items add up to at most ${LIMITS.store.transactBytesMax} bytes, got ${11 * LIMITS.store.itemBytesMax}`);
    expect(() => assertFits(over)).toThrow(/add up to at most/);
  });

  it('counts an update, a delete or a condition by the key and the values it names', () => {
    const update: WriteOp = { Update: { TableName: 't', Key: { pk: 'A', sk: 'B' }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': 'x'.repeat(10) } } };
    const check: WriteOp = { ConditionCheck: { TableName: 't', Key: { pk: 'A', sk: 'B' }, ConditionExpression: 'attribute_exists(pk)' } };
    expect(transactionProblem([update, check])).toBeNull();
    const huge: WriteOp = { Update: { TableName: 't', Key: { pk: 'A', sk: 'B' }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': 'x'.repeat(LIMITS.store.itemBytesMax) } } };
    expect(transactionProblem([huge])).toMatch(/^an item is at most/);
  });

  it('keeps an accepted event cut at its limit, of three-byte characters, well inside one item, and ten of them inside half a transaction', () => {
    const detail = '冀'.repeat(LIMITS.store.acceptedDetailCharsMax);
    const item = acceptedItem({ eventId: 'e'.repeat(LIMITS.event.idCharsMax), source: 's', detailType: 'StandardPublished', receivedAt: new Date(0).toISOString(), recipientId: 'r', detail, truncated: true });
    expect(itemBytes(item)).toBeLessThan(LIMITS.store.itemBytesMax);
    expect(10 * itemBytes(item)).toBeLessThan(LIMITS.store.transactBytesMax / 2);
  });
});
