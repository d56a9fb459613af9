/**
 * Reads that do not change money: awards, budgets, quarantined events, revocations, event outcomes. Every list pages
 * with a cursor the store issued for that query (cursor.ts), and every read is bounded: a page, or a bounded number
 * of rounds where a filter can leave a page short.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Award } from '../domain/awards';
import { canonicalText } from '../domain/identity';
import type { Status } from '../domain/lifecycle';
import { LIMITS } from '../limits';
import type { StoreCore } from './core';
import { type StartKey, assertIndexIn, assertKeyIn, decodeCursor, encodeCursor } from './cursor';
import { type BudgetState, type Item, emptyBudget, parseAward, parseBudget } from './items';
import { type EventOutcome, type Rejection, type Revocation, type RevocationState, parseOutcome, parseRejection, parseRevocation } from './records';
import { INDEX, keys } from './table';

export interface Page<T> {
  readonly items: T[];
  readonly cursor: string | null;
}

export interface AwardQuery {
  /** The jurisdictions the caller may read; the query never leaves them. */
  readonly jurisdictions: readonly string[];
  readonly status?: Status;
  /** A credit code, or a person's keyed id (the API keys an identity number before it asks). */
  readonly recipientId?: string;
  readonly reference?: string;
  /** Narrow by policy and amount (a filter on what the key condition reads; the page stays bounded). */
  readonly policyId?: string;
  readonly minFen?: number;
  readonly maxFen?: number;
  /** Oldest first (a queue, the default) or newest first, within each jurisdiction and status. */
  readonly order?: 'asc' | 'desc';
  readonly limit?: number;
  readonly cursor?: string | null;
}

/** The filter expression of the narrowing fields of a query, to be joined with AND to any other. */
function narrowing(query: AwardQuery): { filters: string[]; values: Record<string, unknown> } {
  const filters: string[] = [];
  const values: Record<string, unknown> = {};
  if (query.policyId !== undefined) {
    filters.push('policyId = :policy');
    values[':policy'] = query.policyId;
  }
  if (query.minFen !== undefined) {
    filters.push('amountFen >= :minFen');
    values[':minFen'] = query.minFen;
  }
  if (query.maxFen !== undefined) {
    filters.push('amountFen <= :maxFen');
    values[':maxFen'] = query.maxFen;
  }
  return { filters, values };
}

const pageSize = (limit: number | undefined, max: number = LIMITS.store.pageSizeMax) => Math.min(Math.max(limit ?? LIMITS.store.pageSizeDefault, 1), max);
const usableKey = (id: string, max: number = LIMITS.event.idCharsMax) => id.length > 0 && id.length <= max;

export async function readBudget(core: StoreCore, jurisdiction: string, fiscalYear: number): Promise<BudgetState> {
  const item = await core.get(keys.budget(jurisdiction, fiscalYear));
  return item === null ? emptyBudget(jurisdiction, fiscalYear) : parseBudget(item);
}

/** The budgets of a jurisdiction, one per fiscal year that has one (at most `budgetYearsMax`). */
export async function listBudgets(core: StoreCore, jurisdiction: string): Promise<BudgetState[]> {
  const out = await core.client.send(
    new QueryCommand({ TableName: core.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.budgetPartition(jurisdiction) }, ConsistentRead: true, Limit: LIMITS.store.budgetYearsMax }),
  );
  return (out.Items ?? []).map((item) => parseBudget(item as Item));
}

export async function getAward(core: StoreCore, awardId: string): Promise<Award | null> {
  if (!usableKey(awardId)) return null;
  const item = await core.get(keys.award(awardId));
  return item === null ? null : parseAward(item);
}

export async function getEventOutcome(core: StoreCore, eventId: string): Promise<EventOutcome | null> {
  if (!usableKey(eventId)) return null;
  const item = await core.get(keys.event(eventId));
  return item === null ? null : parseOutcome(item);
}

export async function getRejection(core: StoreCore, rejectionId: string): Promise<Rejection | null> {
  if (!usableKey(rejectionId, LIMITS.quarantine.idCharsMax)) return null;
  const item = await core.get(keys.rejection(rejectionId));
  return item === null ? null : parseRejection(item);
}

export async function getRevocation(core: StoreCore, eventId: string): Promise<Revocation | null> {
  if (!usableKey(eventId)) return null;
  const item = await core.get(keys.revocation(eventId));
  return item === null ? null : parseRevocation(item);
}

/**
 * Up to `limit` items of one partition from `start`, reading on (a bounded number of rounds) where a filter leaves a
 * page short. Returns where the next page starts.
 */
export async function pageOf<T>(core: StoreCore, input: Omit<QueryCommandInput, 'TableName'>, limit: number, start: StartKey | null, parse: (item: Item) => T): Promise<{ items: T[]; next: StartKey | null }> {
  const items: T[] = [];
  let key = start;
  for (let round = 0; round < LIMITS.store.filteredRoundsMax && items.length < limit; round++) {
    const from = key ? { ExclusiveStartKey: key } : {};
    const out = await core.client.send(new QueryCommand({ ...input, TableName: core.table, Limit: limit - items.length, ...from }));
    items.push(...(out.Items ?? []).map((item) => parse(item as Item)));
    key = (out.LastEvaluatedKey as StartKey | undefined) ?? null;
    if (key === null) break;
  }
  return { items, next: key };
}

/** Awards by jurisdiction (and status), by recipient, or by reference; never outside `jurisdictions`. */
export async function listAwards(core: StoreCore, query: AwardQuery): Promise<Page<Award>> {
  const limit = pageSize(query.limit);
  const allowed = [...query.jurisdictions].sort();
  if (allowed.length === 0) return { items: [], cursor: null };
  const bound = {
    list: 'awards', allowed, status: query.status ?? null, recipientId: query.recipientId ?? null, reference: query.reference === undefined ? null : canonicalText(query.reference),
    policyId: query.policyId ?? null, minFen: query.minFen ?? null, maxFen: query.maxFen ?? null, order: query.order ?? 'asc',
  };
  const narrow = narrowing(query);
  const forward = { ScanIndexForward: bound.order === 'asc' };
  if (query.recipientId !== undefined || query.reference !== undefined) {
    const values: Record<string, unknown> = { ...narrow.values, ...Object.fromEntries(allowed.map((j, n) => [`:j${n}`, j])) };
    const filters = [`jurisdiction IN (${allowed.map((_, n) => `:j${n}`).join(', ')})`, ...narrow.filters];
    if (query.status !== undefined) filters.push('#status = :status');
    if (query.status !== undefined) values[':status'] = query.status;
    const byReference = query.reference !== undefined;
    if (byReference && query.recipientId !== undefined) {
      filters.push('recipientId = :rid');
      values[':rid'] = query.recipientId;
    }
    const partition = byReference ? { attribute: 'gsi3pk' as const, value: `REF#${bound.reference}` } : { attribute: 'gsi2pk' as const, value: `R#${query.recipientId}` };
    const start = decodeCursor('page', query.cursor, bound)?.key ?? null;
    assertKeyIn(start, partition);
    const page = await pageOf(
      core,
      {
        IndexName: byReference ? INDEX.byReference : INDEX.byRecipient,
        KeyConditionExpression: byReference ? 'gsi3pk = :pk' : 'gsi2pk = :pk AND begins_with(gsi2sk, :a)',
        FilterExpression: filters.join(' AND '),
        ExpressionAttributeValues: { ...values, ':pk': partition.value, ...(byReference ? {} : { ':a': 'A#' }) },
        ...(query.status === undefined ? {} : { ExpressionAttributeNames: { '#status': 'status' } }),
        ...forward,
      },
      limit,
      start,
      parseAward,
    );
    return { items: page.items, cursor: page.next === null ? null : encodeCursor('page', { key: page.next }, bound) };
  }
  // By jurisdiction: walk the allowed jurisdictions in order, one partition of the index each.
  const cursor = decodeCursor('partitions', query.cursor, bound) ?? { i: 0, key: null };
  assertIndexIn(cursor.i, allowed);
  const items: Award[] = [];
  let { i, key } = cursor;
  assertKeyIn(key, { attribute: 'gsi1pk', value: `J#${allowed[i]}` });
  while (i < allowed.length && items.length < limit) {
    const page = await pageOf(
      core,
      {
        IndexName: INDEX.byJurisdiction,
        KeyConditionExpression: query.status === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND begins_with(gsi1sk, :status)',
        ExpressionAttributeValues: { ':pk': `J#${allowed[i]}`, ...narrow.values, ...(query.status === undefined ? {} : { ':status': `${query.status}#` }) },
        ...(narrow.filters.length > 0 ? { FilterExpression: narrow.filters.join(' AND ') } : {}),
        ...forward,
      },
      limit - items.length,
      key,
      parseAward,
    );
    items.push(...page.items);
    if (page.next === null) {
      i += 1;
      key = null;
    } else key = page.next;
  }
  return { items, cursor: i < allowed.length ? encodeCursor('partitions', { i, key }, bound) : null };
}

/** One gsi1 partition by time (quarantined events, revocations), a page at a time. */
interface PageOptions {
  readonly limit?: number;
  readonly cursor?: string | null;
  readonly filter?: string;
}

export async function listByTime<T>(core: StoreCore, partition: string, options: PageOptions, parse: (item: Item) => T): Promise<Page<T>> {
  const bound = { list: partition, filter: options.filter ?? null };
  const start = decodeCursor('page', options.cursor, bound)?.key ?? null;
  assertKeyIn(start, { attribute: 'gsi1pk', value: partition });
  const page = await pageOf(
    core,
    { IndexName: INDEX.byJurisdiction, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': partition }, ...(options.filter ? { FilterExpression: options.filter } : {}) },
    pageSize(options.limit),
    start,
    parse,
  );
  return { items: page.items, cursor: page.next === null ? null : encodeCursor('page', { key: page.next }, bound) };
}

export const listRejections = (core: StoreCore, options: { limit?: number; cursor?: string | null } = {}) => listByTime(core, 'REJECTIONS', options, parseRejection);

const STATE_FILTER: Record<RevocationState, string> = {
  PENDING: 'attribute_not_exists(appliedAt) AND attribute_not_exists(refusedAt)',
  APPLIED: 'attribute_exists(appliedAt)',
  REFUSED: 'attribute_not_exists(appliedAt) AND attribute_exists(refusedAt)',
};

/** Revocations in the order they arrived, optionally of one state. */
export const listRevocations = (core: StoreCore, options: { state?: RevocationState; limit?: number; cursor?: string | null } = {}) =>
  listByTime(core, 'REVOCATIONS', { ...options, ...(options.state === undefined ? {} : { filter: STATE_FILTER[options.state] }) }, parseRevocation);
