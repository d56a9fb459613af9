/**
 * End to end's ceiling on this storage (ADR 025): the very transactions a round's intake wrote, replayed back to back
 * by one writer (the ledger head takes one write at a time) on a fresh table of the same DynamoDB Local, with nothing
 * else running: no SQS, no pollers, no reads, no handler. No change to the pipeline's machinery can record events
 * faster than its own writes alone; only fewer or smaller items could.
 *
 * A fresh table holds none of the items the conditions test (the head's sequence, the budget's balance, a fact key's
 * absence), so each condition is taken out, with the expression names and values only it used; what is written (every
 * Put's item, every Update's expression, every Delete's key) is as the pipeline sent it, and a ConditionCheck still
 * reads its item.
 */
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Operation = Record<string, unknown> & {
  TableName?: string;
  ConditionExpression?: string;
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
};

/** Keeps the names and values `expressions` use; drops the properties when none are left. */
function onlyUsed(op: Operation, expressions: readonly string[]): Operation {
  const text = expressions.join(' ');
  const used = (token: string) => new RegExp(`${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`).test(text);
  const { ExpressionAttributeNames: names, ExpressionAttributeValues: values, ...rest } = op;
  const keptNames = Object.fromEntries(Object.entries(names ?? {}).filter(([k]) => used(k)));
  const keptValues = Object.fromEntries(Object.entries(values ?? {}).filter(([k]) => used(k)));
  return {
    ...rest,
    ...(Object.keys(keptNames).length > 0 ? { ExpressionAttributeNames: keptNames } : {}),
    ...(Object.keys(keptValues).length > 0 ? { ExpressionAttributeValues: keptValues } : {}),
  };
}

/** One of a transaction's operations, for a fresh table: its condition taken out, what it writes kept. */
export function forFreshTable(entry: Record<string, Operation>, table: string): Record<string, Operation> {
  const [[kind, op]] = Object.entries(entry) as [[string, Operation]];
  const { ConditionExpression: _condition, ...rest } = { ...op, TableName: table };
  // A ConditionCheck must keep a condition: it still reads its item, which a fresh table does not hold.
  if (kind === 'ConditionCheck') return { ConditionCheck: { ...onlyUsed(rest, []), ConditionExpression: 'attribute_not_exists(pk)' } };
  return { [kind]: onlyUsed(rest, rest.UpdateExpression === undefined ? [] : [rest.UpdateExpression]) };
}

/** Milliseconds the transactions take, replayed one after another on `table` (created empty by the caller). */
export async function replay(doc: DynamoDBDocumentClient, table: string, transactions: readonly unknown[]): Promise<number> {
  const fresh = transactions.map((t) => ({
    TransactItems: (t as { TransactItems: Record<string, Operation>[] }).TransactItems.map((e) => forFreshTable(e, table)),
  }));
  const start = performance.now();
  for (const input of fresh) await doc.send(new TransactWriteCommand(input as never));
  return performance.now() - start;
}
