/**
 * The budget-execution report (issue 22) on a year of 100,000 awards of one jurisdiction (BENCH_REPORT_AWARDS), against
 * reading the same items alone: the report's own queries (the awards of the year from the jurisdiction's index, the
 * chain's entries up to its head) with nothing done with what they answer. The ratio says what building, attributing
 * and checking the report costs above the reads it cannot avoid, so its cost stays tied to the data it must read.
 *
 * The year is written straight into the table (BatchWriteItem), as a consistent ledger: an allocation, then for each
 * award its recording (available → reserved) and approval, and for three in five its payment (reserved → transit →
 * disbursed); the budget and the head are what those entries make. Hashes are not a chain's (the report does not verify
 * them; GET /ledger/verify does).
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ensureTable } from '../infra/local/dynamodb';
import { DEFAULT_APPROVAL_CONFIG } from '../shared/domain/approval';
import type { LedgerEntry, Posting } from '../shared/domain/ledger';
import { budgetItem, entryItem, headItem, type Item } from '../shared/store/items';
import { AwardStore } from '../shared/store/store';
import { INDEX, keys, seqKey } from '../shared/store/table';
import { fmt, median, notes, row } from './report';
import { sized } from './scale';

const AWARDS = sized(Number(process.env.BENCH_REPORT_AWARDS ?? 100_000), 200);
const ROUNDS = sized(3, 1);
const J = '130000';
const YEAR = 2026;
const HASH = '0'.repeat(64);
const START = Date.parse('2026-01-01T01:00:00Z');
const AMOUNT = 100_000_00;
const RULES = [['hebei-2022', 'hebei-2022/design-services', '(九)'], ['hebei-2022', 'hebei-2022/standard-lead-drafting', '(二)'], ['hebei-2016', 'hebei-2016/brand-zone', '(十六)']] as const;
const REGIONS = ['130102', '130104', '130600', '130200', '131100'];

function* yearOf(): Generator<Item> {
  let seq = 0;
  const balances = { allocatedFen: AWARDS * AMOUNT, availableFen: AWARDS * AMOUNT, reservedFen: 0, inTransitFen: 0, disbursedFen: 0, receivableFen: 0 };
  const entry = (awardId: string | null, type: LedgerEntry['type'], postings: Posting[], amountFen: number, statusAfter: LedgerEntry['statusAfter'], at: number): Item => {
    seq += 1;
    return entryItem({
      jurisdiction: J, seq, prevHash: HASH, at: new Date(at).toISOString(), type, fiscalYear: YEAR, awardId, recipientId: awardId === null ? null : `91130000BENCH${awardId.slice(-5)}`,
      amountFen, postings, statusAfter, actor: 'bench', eventId: null, note: 'bench', hash: HASH,
    });
  };
  const move = (from: Posting['account'], to: Posting['account'], fen: number): Posting[] => [{ account: from, deltaFen: -fen }, { account: to, deltaFen: fen }];
  yield entry(null, 'ALLOCATED', move('funding', 'available', balances.allocatedFen), balances.allocatedFen, null, START);
  const minute = Math.floor((300 * 86_400_000) / AWARDS);
  for (let i = 0; i < AWARDS; i++) {
    const awardId = `aw-${String(i).padStart(32, '0')}`;
    const [policyId, ruleId, clause] = RULES[i % RULES.length]!;
    const at = START + i * minute;
    const paid = i % 5 < 3;
    yield {
      ...keys.award(awardId), gsi1pk: `J#${J}`, gsi1sk: `${paid ? 'DISBURSED' : 'APPROVED'}#${new Date(at).toISOString()}#${awardId}`, itemType: 'award',
      awardId, jurisdiction: J, policyId, ruleId, clause, fiscalYear: YEAR, amountFen: AMOUNT, status: paid ? 'DISBURSED' : 'APPROVED',
      recipient: { kind: 'enterprise', uscc: `91130000BENCH${String(i).slice(-5)}`, name: '某某企业', regionCode: REGIONS[i % REGIONS.length]! },
    };
    yield entry(awardId, 'RECORDED', move('available', 'reserved', AMOUNT), AMOUNT, 'PENDING_APPROVAL', at);
    yield entry(awardId, 'APPROVAL', [], 0, 'APPROVED', at + 1_000);
    balances.availableFen -= AMOUNT;
    if (paid) {
      yield entry(awardId, 'PAYMENT_SENT', move('reserved', 'transit', AMOUNT), AMOUNT, 'PAYING', at + 2_000);
      yield entry(awardId, 'DISBURSED', move('transit', 'disbursed', AMOUNT), AMOUNT, 'DISBURSED', at + 3_000);
      balances.disbursedFen += AMOUNT;
    } else balances.reservedFen += AMOUNT;
  }
  yield headItem(J, { seq, hash: HASH }, new Date().toISOString());
  yield budgetItem({ jurisdiction: J, fiscalYear: YEAR, ...balances, waitingCount: 0, version: 1 });
}

async function load(raw: DynamoDBClient, table: string): Promise<number> {
  const items = yearOf();
  let written = 0;
  let done = false;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (!done) {
      const batch: Item[] = [];
      for (let k = 0; k < 25; k++) {
        const next = items.next();
        if (next.done) {
          done = true;
          break;
        }
        batch.push(next.value);
      }
      let pending = batch.map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } }));
      while (pending.length > 0) {
        const out = await raw.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
        pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
      written += batch.length;
    }
  }));
  return written;
}

/** The report's own reads (shared/store/reports.ts), each page answered and dropped. */
async function readAlone(doc: DynamoDBDocumentClient, table: string): Promise<number> {
  let items = 0;
  const pages = async (input: ConstructorParameters<typeof QueryCommand>[0]) => {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(new QueryCommand({ ...input, Limit: 1_000, ...(start ? { ExclusiveStartKey: start } : {}) }));
      items += out.Items?.length ?? 0;
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
  };
  const names = (fields: readonly string[]) => Object.fromEntries(fields.map((f, i) => [`#f${i}`, f]));
  const awardFields = ['awardId', 'policyId', 'ruleId', 'clause', 'recipient', 'amountFen'];
  await pages({
    TableName: table, IndexName: INDEX.byJurisdiction, KeyConditionExpression: 'gsi1pk = :pk', FilterExpression: '#fy = :fy',
    ProjectionExpression: awardFields.map((_, i) => `#f${i}`).join(', '), ExpressionAttributeNames: { ...names(awardFields), '#fy': 'fiscalYear' },
    ExpressionAttributeValues: { ':pk': `J#${J}`, ':fy': YEAR },
  });
  const entryFields = ['jurisdiction', 'seq', 'at', 'type', 'fiscalYear', 'awardId', 'amountFen', 'postings', 'statusAfter'];
  await pages({
    TableName: table, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', FilterExpression: '#fy = :fy', ConsistentRead: true,
    ProjectionExpression: entryFields.map((_, i) => `#f${i}`).join(', '), ExpressionAttributeNames: { ...names(entryFields), '#fy': 'fiscalYear' },
    ExpressionAttributeValues: { ':pk': keys.ledgerPartition(J), ':from': `SEQ#${seqKey(1)}`, ':to': 'SEQ#~', ':fy': YEAR },
  });
  return items;
}

export async function benchReports(raw: DynamoDBClient, doc: DynamoDBDocumentClient): Promise<void> {
  const table = `bench-reports-${randomUUID()}`;
  await ensureTable(raw, table);
  const t = Date.now();
  const written = await load(raw, table);
  const loadS = (Date.now() - t) / 1000;
  const store = new AwardStore({ client: doc, tableName: table, approvalConfig: DEFAULT_APPROVAL_CONFIG });
  const reportMs: number[] = [];
  const readMs: number[] = [];
  let read = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let t0 = performance.now();
    read = await readAlone(doc, table);
    readMs.push(performance.now() - t0);
    t0 = performance.now();
    const report = await store.budgetExecution(J, YEAR);
    reportMs.push(performance.now() - t0);
    const paid = Array.from({ length: AWARDS }, (_, i) => i % 5 < 3).filter(Boolean).length;
    if (report.awards !== AWARDS || report.total.flows.paid.count !== paid) throw new Error(`the report counted ${report.awards} awards and ${report.total.flows.paid.count} payments, not ${AWARDS} and ${paid}`);
  }
  const [r, b] = [median(reportMs), median(readMs)];
  row(`budget-execution report: a year of ${fmt(AWARDS, 0)} awards (${fmt(read, 0)} items read)`, `${fmt(r / 1000, 2)} s`, `${fmt(b / 1000, 2)} s reading the same items alone`, r / b);
  notes.push(
    `Budget-execution report: ${fmt(AWARDS, 0)} awards of one jurisdiction-year and their ${fmt(written - AWARDS - 2, 0)} ledger entries written straight into DynamoDB Local (${fmt(loadS, 0)} s); `
    + `the report (store.budgetExecution: a consistent read of head and budget, the awards from the jurisdiction's index, the chain up to the head, every entry attributed and summed five ways, the result checked against the budget to the fen) `
    + `against the same queries with their pages dropped, medians of ${ROUNDS} rounds.`,
  );
}
