/**
 * What each function may do to the table (least privilege): the DynamoDB actions its code calls, and where. A
 * TransactWriteItems is authorised per item (Put → PutItem, Delete → DeleteItem, Update → UpdateItem, ConditionCheck
 * → ConditionCheckItem) and a TransactGetItems as GetItem; a BatchGetItem needs BatchGetItem, a BatchWriteItem
 * BatchWriteItem. test/infra/table-access.test.ts runs each function's code on DynamoDB Local, records every call it
 * makes, and fails if one falls outside this table (or if this table grants something no call needs).
 */
import { simulationKeys } from '../shared/store/simulations';
import { INDEX, keys } from '../shared/store/table';

export type TableAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'BatchWriteItem' | 'DeleteItem' | 'UpdateItem' | 'ConditionCheckItem';
export type IndexName = (typeof INDEX)[keyof typeof INDEX];

export interface TableAccess {
  readonly actions: readonly TableAction[];
  /** Whether the base table is reached (items by key, queries of a partition). */
  readonly table: boolean;
  /** The indexes queried. */
  readonly indexes: readonly IndexName[];
  /** Whether Query reaches the base table too (default: when the table is reached at all); false grants it on the indexes only. */
  readonly queriesTable?: boolean;
  /**
   * The partition key prefixes of every item the function writes, when it writes only its own kind of item: its writes
   * are then granted under a `dynamodb:LeadingKeys` condition (infra/constructs/function.ts), so they reach no other.
   */
  readonly writes?: readonly string[];
}

/** The (action, resource) pairs a grant allows: what the IAM statements say and what the access test compares. */
export function grantPairs(access: TableAccess): Array<{ action: TableAction; on: 'table' | IndexName }> {
  const places: Array<'table' | IndexName> = [...(access.table ? ['table' as const] : []), ...access.indexes];
  return access.actions.flatMap((action) =>
    places
      .filter((p) => (action === 'Query' ? p !== 'table' || access.queriesTable !== false : p === 'table'))
      .map((on) => ({ action, on })));
}

/** The kind of item a key names: its partition key up to its first `#` (`DIGEST#`, `SIM#`), as table.ts writes them. */
function prefixOf(pk: string): string {
  const at = pk.indexOf('#');
  if (at < 0) throw new Error(`${pk} is not a partition key with a kind`);
  return pk.slice(0, at + 1);
}

/** The actions that write an item: the ones a `writes` prefix bounds. */
export const WRITE_ACTIONS: readonly TableAction[] = ['PutItem', 'BatchWriteItem', 'DeleteItem', 'UpdateItem', 'ConditionCheckItem'];

export const FUNCTIONS = ['award-intake', 'api', 'payment-run', 'bank-inbound', 'budget-sweeper', 'ledger-digest', 'simulation'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export const TABLE_ACCESS: Readonly<Record<FunctionName, TableAccess>> = {
  // Records awards and revocations (fact keys, record updates), quarantines; serves the queue a revocation released;
  // keeps each accepted event in the transaction of its outcome (a Put: ADR 019, no BatchWriteItem any more).
  // Each award recorded is a condition on its recipient's credit list (ConditionCheckItem; issue 21).
  'award-intake': { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'DeleteItem', 'UpdateItem', 'ConditionCheckItem'], table: true, indexes: [] },
  // Decisions, amounts, budgets (and the queue they serve), and every read route; payment batches as payment-run.
  'api': { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'DeleteItem', 'ConditionCheckItem'], table: true, indexes: [INDEX.byJurisdiction, INDEX.byRecipient, INDEX.byReference] },
  // Claims approved awards (by jurisdiction and status) into batches, with their payees, budgets and heads, each payee's
  // version a condition of the claim (ConditionCheckItem); finds OPEN batches (gsi3) to complete their files.
  'payment-run': { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'ConditionCheckItem'], table: true, indexes: [INDEX.byJurisdiction, INDEX.byReference], queriesTable: false },
  // Reconciles bank files in steps: reads the message record, the awards a step names and its exceptions in one
  // BatchGetItem (and the budgets and heads in another), settles payments, keeps exceptions and the file's progress.
  'bank-inbound': { actions: ['GetItem', 'BatchGetItem', 'PutItem'], table: true, indexes: [] },
  // Serves waiting queues: reads budgets and queues, moves awards from the queue to a reservation; ends notice periods
  // (its publicity queue items deleted as the awards become APPROVED). Once a day it reads the awards on a step of a
  // jurisdiction (gsi1, by status) to count those past their time limit (issue 22).
  'budget-sweeper': { actions: ['GetItem', 'Query', 'PutItem', 'DeleteItem'], table: true, indexes: [INDEX.byJurisdiction] },
  // Signs the ledger (ADR 012): reads its bookmark, reads each jurisdiction's entries in sequence, moves the bookmark.
  // Its only write is its bookmark: it cannot rewrite an entry it signs, or anything else.
  'ledger-digest': { actions: ['GetItem', 'Query', 'PutItem'], table: true, indexes: [], writes: [prefixOf(keys.digestPointer('').pk)] },
  // What-if steps: read the accepted events of a period (gsi1) and a simulation's recipients (its partition), write the
  // simulation's item and its recipients' tallies. No award, budget or ledger item is ever written.
  'simulation': { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'BatchWriteItem'], table: true, indexes: [INDEX.byJurisdiction], writes: [prefixOf(simulationKeys.simulation('').pk)] },
};
