/**
 * Reading what the reports need (issue 22): a jurisdiction-year's budget execution from its ledger, and the awards on
 * a step that may be overdue. Both bounded (LIMITS.reports), neither writes.
 *
 * Budget execution reads one consistent instant of the ledger: the head and the year's budget together
 * (TransactGetItems is serialisable), then the chain's entries up to that head, filtered by fiscal year, each
 * attributed to its award (the awards of the year from the jurisdiction's index, and any the index has not caught up
 * with by a consistent read of the base table). The report built from the entries must equal the budget read with the
 * head, to the fen (execution.ts checks it).
 */
import { AssertionError } from '../domain/assert';
import { QueryCommand, TransactGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Award } from '../domain/awards';
import { type AwardKey, type Execution, ExecutionBuilder } from '../domain/execution';
import type { LedgerEntry } from '../domain/ledger';
import type { Status } from '../domain/lifecycle';
import { LIMITS } from '../limits';
import { type StoreCore, timeLeftMs } from './core';
import { chinaDayStart } from '../domain/time';
import { ReportTooLargeError, StoreError } from './errors';

export { ReportTooLargeError };
import { type Item, emptyBudget, parseAward, parseBudget, parseHead } from './items';
import { INDEX, keys, seqKey } from './table';

/** A report stops reading with this much of the invocation left, rather than be cut off by its timeout. */
const RESERVE_MS = 2_000;

function inTime(what: string): void {
  if (timeLeftMs() < RESERVE_MS) throw new ReportTooLargeError(`${what} could not be read within one request: ask for it again later, or for a narrower report`, 'time');
}

/**
 * The first entry of a jurisdiction on or after a day (China), by the ledger's time index; a day earlier than asked, so
 * that writers whose clocks disagree by less than a day cannot put an entry of the year before it. Null when none.
 */
async function firstSeqFrom(core: StoreCore, jurisdiction: string, date: string): Promise<number | null> {
  const out = await core.client.send(new QueryCommand({
    TableName: core.table,
    IndexName: INDEX.byJurisdiction,
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :from',
    ExpressionAttributeValues: { ':pk': keys.ledgerByTime(jurisdiction), ':from': chinaDayStart(date, -1) },
    ProjectionExpression: 'seq',
    Limit: 1,
  }));
  const seq = out.Items?.[0]?.seq;
  return typeof seq === 'number' ? seq : null;
}

const AWARD_FIELDS = ['awardId', 'policyId', 'ruleId', 'clause', 'recipient', 'amountFen'] as const;
const ENTRY_FIELDS = ['jurisdiction', 'seq', 'at', 'type', 'fiscalYear', 'awardId', 'amountFen', 'postings', 'statusAfter'] as const;

function awardKeyOf(item: Item): AwardKey {
  const recipient = item.recipient as { regionCode?: unknown } | undefined;
  const fields = [item.awardId, item.policyId, item.ruleId, item.clause, recipient?.regionCode];
  if (!fields.every((f) => typeof f === 'string')) throw new StoreError(`an award item read for a report lacks its policy, rule, clause or region: ${String(item.awardId)}`);
  const [awardId, policyId, ruleId, clause, regionCode] = fields as string[];
  const amountFen = item.amountFen ?? null;
  if (amountFen !== null && !Number.isSafeInteger(amountFen)) throw new StoreError(`an award item read for a report has an amount that is not fen: ${awardId}`);
  return { awardId: awardId!, policyId: policyId!, ruleId: ruleId!, clause: clause!, regionCode: regionCode!, amountFen: amountFen as number | null };
}

/** The fields of an entry the report sums, checked as far as the sums depend on them (the chain's verifier checks the rest). */
function entryOf(item: Item): LedgerEntry {
  const { seq, amountFen, postings, at, fiscalYear } = item as Record<string, unknown>;
  const ok = Number.isSafeInteger(seq) && Number.isSafeInteger(amountFen) && Number.isSafeInteger(fiscalYear) && typeof at === 'string' && Array.isArray(postings)
    && postings.every((p: { account?: unknown; deltaFen?: unknown }) => typeof p.account === 'string' && Number.isSafeInteger(p.deltaFen));
  if (!ok) throw new StoreError(`a ledger entry read for a report is not well formed: ${String(item.pk)} ${String(item.sk)}`);
  return item as unknown as LedgerEntry;
}

const projection = (fields: readonly string[]) => ({
  ProjectionExpression: fields.map((_, i) => `#f${i}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(fields.map((f, i) => [`#f${i}`, f])),
});

/** Whether any entry of the jurisdiction falls within a year's days (China time, a day either side), by the time index. */
async function entriesWithin(core: StoreCore, jurisdiction: string, fiscalYear: number): Promise<boolean> {
  const out = await core.client.send(new QueryCommand({
    TableName: core.table,
    IndexName: INDEX.byJurisdiction,
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.ledgerByTime(jurisdiction), ':from': chinaDayStart(`${fiscalYear}-01-01`, -1), ':to': chinaDayStart(`${fiscalYear + 1}-01-01`, 1) },
    ProjectionExpression: 'seq',
    Limit: 1,
  }));
  return (out.Items ?? []).length > 0;
}

/** The awards of a jurisdiction-year, by the jurisdiction's index: what their entries are attributed to. */
async function awardKeysOf(core: StoreCore, jurisdiction: string, fiscalYear: number): Promise<Map<string, AwardKey>> {
  const found = new Map<string, AwardKey>();
  let start: Record<string, unknown> | undefined;
  do {
    const p = projection(AWARD_FIELDS);
    const out = await core.client.send(new QueryCommand({
      TableName: core.table,
      IndexName: INDEX.byJurisdiction,
      KeyConditionExpression: 'gsi1pk = :pk',
      FilterExpression: '#fy = :fy',
      ProjectionExpression: p.ProjectionExpression,
      ExpressionAttributeNames: { ...p.ExpressionAttributeNames, '#fy': 'fiscalYear' },
      ExpressionAttributeValues: { ':pk': `J#${jurisdiction}`, ':fy': fiscalYear },
      Limit: LIMITS.reports.executionPageItems,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }));
    for (const item of (out.Items ?? []) as Item[]) found.set(item.awardId as string, awardKeyOf(item));
    inTime(`the awards of ${jurisdiction} ${fiscalYear}`);
    if (found.size > LIMITS.reports.executionAwardsMax) {
      throw new ReportTooLargeError(`${jurisdiction} has more than ${LIMITS.reports.executionAwardsMax} awards in ${fiscalYear}: the budget-execution report cannot read them in one answer`);
    }
    start = out.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start !== undefined);
  return found;
}

/** Awards an entry names that the index did not list yet (it is eventually consistent): read from the table itself. */
async function readMissing(core: StoreCore, ids: readonly string[], into: Map<string, AwardKey>): Promise<void> {
  if (ids.length === 0) return;
  const items = await core.getMany(ids.map((id) => keys.award(id)));
  for (const item of items.values()) into.set(item.awardId as string, awardKeyOf(item));
}

/**
 * A jurisdiction-year's budget execution (execution.ts), as of the head read with the budget. Refused
 * (ReportTooLargeError) where it would read more than LIMITS.reports allows.
 */
export async function budgetExecution(core: StoreCore, jurisdiction: string, fiscalYear: number): Promise<Execution> {
  try {
    return await executionFrom(core, jurisdiction, fiscalYear, 'first-day');
  } catch (error) {
    // The time index is eventually consistent: an entry of the year's first days not yet in it would make the report
    // start too late and disagree with the budget. Read once more from the chain's start before calling it an error.
    if (!(error instanceof AssertionError)) throw error;
    return executionFrom(core, jurisdiction, fiscalYear, 'chain-start');
  }
}

async function executionFrom(core: StoreCore, jurisdiction: string, fiscalYear: number, from: 'first-day' | 'chain-start'): Promise<Execution> {
  const out = await core.client.send(new TransactGetCommand({
    TransactItems: [keys.ledgerHead(jurisdiction), keys.budget(jurisdiction, fiscalYear)].map((Key) => ({ Get: { TableName: core.table, Key } })),
  }));
  const [headItem, budgetItem] = (out.Responses ?? []).map((r) => (r.Item as Item | undefined) ?? null);
  const head = parseHead(headItem ?? null);
  const budget = budgetItem ? parseBudget(budgetItem) : emptyBudget(jurisdiction, fiscalYear);
  // A year without a budget whose first days hold no entry had no award recorded (an award's first entry is written on
  // its year's days) and no allocation (which writes the budget): nothing to read, not even the awards (re-check H3).
  if (budget.version === 0 && !(await entriesWithin(core, jurisdiction, fiscalYear))) {
    return new ExecutionBuilder(jurisdiction, fiscalYear, new Map()).finish(head.seq, budget);
  }
  const awards = await awardKeysOf(core, jurisdiction, fiscalYear);
  const builder = new ExecutionBuilder(jurisdiction, fiscalYear, awards);
  // An award's entries come on or after the first day of its year (China time): the chain is read from there, not
  // from its start; allocations of the year made before are what the budget holds beyond those read.
  // None on or after that day: a year whose only entries are allocations made before it (what the budget holds), or an
  // index not caught up (then the sums disagree, and the whole chain is read once more).
  const firstSeq = from === 'chain-start' || head.seq === 0 ? 1 : await firstSeqFrom(core, jurisdiction, `${fiscalYear}-01-01`);
  const fromSeq = firstSeq ?? head.seq + 1;
  let read = 0;
  let start: Record<string, unknown> | undefined;
  while (head.seq >= fromSeq) {
    const p = projection(ENTRY_FIELDS);
    const page = await core.client.send(new QueryCommand({
      TableName: core.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      FilterExpression: '#fy = :fy',
      ProjectionExpression: p.ProjectionExpression,
      ExpressionAttributeNames: { ...p.ExpressionAttributeNames, '#fy': 'fiscalYear' },
      ExpressionAttributeValues: { ':pk': keys.ledgerPartition(jurisdiction), ':from': `SEQ#${seqKey(fromSeq)}`, ':to': `SEQ#${seqKey(head.seq)}`, ':fy': fiscalYear },
      ConsistentRead: true,
      Limit: LIMITS.reports.executionPageItems,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }));
    read += page.ScannedCount ?? 0;
    if (read > LIMITS.reports.executionEntriesReadMax) {
      throw new ReportTooLargeError(`the ledger of ${jurisdiction} has more than ${LIMITS.reports.executionEntriesReadMax} entries: the budget-execution report cannot read them in one answer`);
    }
    const entries = ((page.Items ?? []) as Item[]).map(entryOf);
    await readMissing(core, [...new Set(entries.flatMap((e) => (e.awardId !== null && !awards.has(e.awardId) ? [e.awardId] : [])))], awards);
    for (const entry of entries) builder.add(entry);
    start = page.LastEvaluatedKey as Record<string, unknown> | undefined;
    if (start === undefined) break;
    inTime(`the ledger of ${jurisdiction} ${fiscalYear}`);
  }
  return builder.finish(head.seq, budget, { readFromFirstEntry: fromSeq <= 1 });
}

/**
 * The awards of one status of a jurisdiction, oldest recorded first, up to `max`, for the overdue check; `stop` ends
 * the read early (the rest are younger, so none of them is overdue for a limit counted from the recording).
 */
export async function awardsOnStep(
  core: StoreCore,
  jurisdiction: string,
  status: Status,
  max: number,
  stop: (award: Award) => boolean,
): Promise<{ awards: Award[]; complete: boolean }> {
  const awards: Award[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await core.client.send(new QueryCommand({
      TableName: core.table,
      IndexName: INDEX.byJurisdiction,
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :status)',
      ExpressionAttributeValues: { ':pk': `J#${jurisdiction}`, ':status': `${status}#` },
      Limit: Math.min(LIMITS.store.pageSizeMax, max - awards.length),
      ...(start ? { ExclusiveStartKey: start } : {}),
    }));
    for (const item of (out.Items ?? []) as Item[]) {
      const award = parseAward(item);
      if (stop(award)) return { awards, complete: true };
      awards.push(award);
    }
    start = out.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start !== undefined && awards.length < max);
  return { awards, complete: start === undefined };
}
