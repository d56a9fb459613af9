/**
 * Reading the ledger, a page at a time (DESIGN "Bounded work"): a jurisdiction's entries in sequence (the base
 * table), a date range of them (gsi1 by time, the dates as key conditions), one recipient's (gsi2 by time), and one
 * award's own (gsi3). None reads more than a page.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerEntry } from '../domain/ledger';
import { chinaDayStart } from '../domain/time';
import { LIMITS } from '../limits';
import type { StoreCore } from './core';
import { assertIndexIn, assertKeyIn, decodeCursor, encodeCursor } from './cursor';
import { type Item, parseEntry } from './items';
import { type Page, pageOf } from './queries';
import { INDEX, keys, seqKey } from './table';

export interface LedgerQuery {
  /** The jurisdictions to read, in order; a page may span the end of one and the start of the next. */
  readonly jurisdictions: readonly string[];
  /** A credit code, or a person's keyed id. */
  readonly recipientId?: string;
  /** China Standard Time dates, inclusive. */
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly cursor?: string | null;
}

const limitOf = (limit: number | undefined) => Math.min(Math.max(limit ?? LIMITS.store.pageSizeDefault, 1), LIMITS.store.ledgerPageMax);

/** The instants a date range covers: from the first date's start to the start of the day after the last. */
function range(query: LedgerQuery): { lo: string; hi: string } {
  // Before every instant ('0' sorts before any ISO year), and after every instant.
  return { lo: query.from === undefined ? '0' : chinaDayStart(query.from, 0), hi: query.to === undefined ? '\uffff' : chinaDayStart(query.to, 1) };
}

/** Entries of a jurisdiction in sequence order, from a sequence number: what verification walks. */
export interface SequencePage {
  readonly entries: LedgerEntry[];
  readonly nextSeq: number | null;
}

export async function ledgerPage(core: StoreCore, jurisdiction: string, options: { fromSeq?: number; limit?: number } = {}): Promise<SequencePage> {
  const limit = limitOf(options.limit);
  const out = await core.client.send(
    new QueryCommand({
      TableName: core.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.ledgerPartition(jurisdiction), ':from': `SEQ#${seqKey(options.fromSeq ?? 1)}`, ':to': 'SEQ#~' },
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  const entries = (out.Items ?? []).map((item) => parseEntry(item as Item));
  const last = entries.at(-1);
  return { entries, nextSeq: out.LastEvaluatedKey && last ? last.seq + 1 : null };
}

/** The ledger page GET /ledger answers: by recipient, by date range, or in sequence, across `jurisdictions`. */
export async function listLedger(core: StoreCore, query: LedgerQuery): Promise<Page<LedgerEntry>> {
  const limit = limitOf(query.limit);
  const allowed = [...query.jurisdictions];
  const bound = { list: 'ledger', allowed, recipientId: query.recipientId ?? null, from: query.from ?? null, to: query.to ?? null };
  const { lo, hi } = range(query);
  if (query.recipientId !== undefined) {
    // One recipient across jurisdictions, by time: the dates are key conditions on the index's sort key.
    const partition = `R#${query.recipientId}`;
    const start = decodeCursor('page', query.cursor, bound)?.key ?? null;
    assertKeyIn(start, { attribute: 'gsi2pk', value: partition });
    const page = await pageOf(
      core,
      {
        IndexName: INDEX.byRecipient,
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :lo AND :hi',
        FilterExpression: `jurisdiction IN (${allowed.map((_, n) => `:j${n}`).join(', ')})`,
        ExpressionAttributeValues: { ':pk': partition, ':lo': `L#${lo}`, ':hi': `L#${hi}`, ...Object.fromEntries(allowed.map((j, n) => [`:j${n}`, j])) },
      },
      limit,
      start,
      parseEntry,
    );
    return { items: page.items, cursor: page.next === null ? null : encodeCursor('page', { key: page.next }, bound) };
  }
  if (query.from !== undefined || query.to !== undefined) {
    // A date range, one jurisdiction after another, each by time.
    const cursor = decodeCursor('partitions', query.cursor, bound) ?? { i: 0, key: null };
    const items: LedgerEntry[] = [];
    let { i, key } = cursor;
    if (query.cursor) assertIndexIn(i, allowed);
    assertKeyIn(key, { attribute: 'gsi1pk', value: keys.ledgerByTime(allowed[i] as string) });
    while (i < allowed.length && items.length < limit) {
      const page = await pageOf(
        core,
        { IndexName: INDEX.byJurisdiction, KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :lo AND :hi', ExpressionAttributeValues: { ':pk': keys.ledgerByTime(allowed[i] as string), ':lo': lo, ':hi': hi } },
        limit - items.length,
        key,
        parseEntry,
      );
      items.push(...page.items);
      if (page.next === null) [i, key] = [i + 1, null];
      else key = page.next;
    }
    return { items, cursor: i < allowed.length ? encodeCursor('partitions', { i, key }, bound) : null };
  }
  // Everything, in sequence order, one jurisdiction after another.
  const cursor = decodeCursor('sequence', query.cursor, bound) ?? { i: 0, nextSeq: 1 };
  if (query.cursor) assertIndexIn(cursor.i, allowed);
  const items: LedgerEntry[] = [];
  let { i, nextSeq } = cursor;
  while (i < allowed.length && items.length < limit) {
    const page = await ledgerPage(core, allowed[i] as string, { fromSeq: nextSeq, limit: limit - items.length });
    items.push(...page.entries);
    if (page.nextSeq === null) [i, nextSeq] = [i + 1, 1];
    else nextSeq = page.nextSeq;
  }
  return { items, cursor: i < allowed.length ? encodeCursor('sequence', { i, nextSeq }, bound) : null };
}

/** One award's own entries, by an award-keyed query (not the recipient's whole ledger). */
export async function entriesOfAward(core: StoreCore, awardId: string): Promise<LedgerEntry[]> {
  const page = await pageOf(
    core,
    { IndexName: INDEX.byReference, KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': keys.entriesOfAward(awardId) } },
    LIMITS.store.awardEntriesMax,
    null,
    parseEntry,
  );
  return page.items;
}
