/**
 * The bench's end-to-end ceiling replays intake's own transactions on a fresh table (bench/e2e-ceiling.ts): each
 * condition is taken out with the names and values only it used, and what is written is kept as sent.
 */
import { describe, expect, it } from 'vitest';
import { forFreshTable } from '../../bench/e2e-ceiling';

describe('forFreshTable', () => {
  it('takes a Put\'s condition out with its names and values, and keeps its item and the new table', () => {
    const item = { pk: 'HEAD#130000', sk: 'HEAD', seq: 7, note: ':v is text, not a value' };
    const put = { Put: { TableName: 'awards', Item: item, ConditionExpression: '#s = :v', ExpressionAttributeNames: { '#s': 'seq' }, ExpressionAttributeValues: { ':v': 6 } } };
    expect(forFreshTable(put, 'fresh')).toEqual({ Put: { TableName: 'fresh', Item: item } });
  });

  it('keeps what an Update\'s expression uses and drops what only its condition used', () => {
    const update = {
      Update: {
        TableName: 'awards',
        Key: { pk: 'BUDGET#130000#2026', sk: 'BUDGET' },
        UpdateExpression: 'SET #a = :a1, #r = :r',
        ConditionExpression: '#a >= :a AND version = :v',
        ExpressionAttributeNames: { '#a': 'availableFen', '#r': 'reservedFen' },
        ExpressionAttributeValues: { ':a': 10, ':a1': 5, ':r': 5, ':v': 3 },
      },
    };
    expect(forFreshTable(update, 'fresh')).toEqual({
      Update: {
        TableName: 'fresh',
        Key: { pk: 'BUDGET#130000#2026', sk: 'BUDGET' },
        UpdateExpression: 'SET #a = :a1, #r = :r',
        ExpressionAttributeNames: { '#a': 'availableFen', '#r': 'reservedFen' },
        ExpressionAttributeValues: { ':a1': 5, ':r': 5 },
      },
    });
  });

  it('keeps a ConditionCheck reading its item, with a condition a fresh table meets', () => {
    const check = { ConditionCheck: { TableName: 'awards', Key: { pk: 'CREDIT#x', sk: 'LIST' }, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': 2 } } };
    expect(forFreshTable(check, 'fresh')).toEqual({ ConditionCheck: { TableName: 'fresh', Key: { pk: 'CREDIT#x', sk: 'LIST' }, ConditionExpression: 'attribute_not_exists(pk)' } });
  });
});
