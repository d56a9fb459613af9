/** The engine's speed, and what intake costs DynamoDB: requests and capacity per event, alone and in a batch. */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type FactEvent, parseEvent } from '../events/contracts';
import { ingest, ingestBatch } from '../shared/app/intake';
import { DEFAULT_APPROVAL_CONFIG } from '../shared/domain/approval';
import { fiscalYearOf } from '../shared/domain/awards';
import { computeAwards } from '../shared/domain/engine';
import { CATALOG } from '../shared/policies';
import { AwardStore } from '../shared/store/store';
import { ensureTable } from '../infra/local/dynamodb';
import { fmt, notes, row } from './report';
import { PersonKey } from '../shared/domain/person';
import { sized } from './scale';

/** The bench's own person key: its data is thrown away. */
const PERSON_KEY = new PersonKey(randomBytes(32));

const ROOT = join(import.meta.dirname, '..');

function samples(): unknown[] {
  const dir = join(ROOT, 'events/samples');
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown);
}

export function benchEngine(): void {
  const raw = samples();
  const facts = raw.map((r) => parseEvent(r)).flatMap((p) => (p.ok && p.event.detailType !== 'AchievementRevoked' ? [p.event as FactEvent] : []));
  const n = sized(200_000, 2_000);
  const time = (f: (i: number) => void) => {
    for (let i = 0; i < 2_000; i++) f(i); // warm up
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f(i);
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  const engineS = time((i) => computeAwards(facts[i % facts.length] as FactEvent, CATALOG, PERSON_KEY));
  const parseS = time((i) => parseEvent(raw[i % raw.length]));
  row('engine: facts computed per second, one core', `${fmt(n / engineS, 0)}/s`, `validating the same events: ${fmt(n / parseS, 0)}/s`, n / engineS / (n / parseS));
}

/** Counts requests and sums consumed capacity, asking DynamoDB to report it on every request. */
function metering(doc: DynamoDBDocumentClient) {
  const meter = { requests: 0, capacity: 0, transactions: 0, transactionCapacity: 0 };
  const client = {
    send: async (command: { input: Record<string, unknown> }) => {
      command.input.ReturnConsumedCapacity = 'TOTAL';
      meter.requests += 1;
      const out = (await doc.send(command as never)) as { ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }> };
      const units = [out.ConsumedCapacity ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      meter.capacity += units;
      if (command instanceof TransactWriteCommand) {
        meter.transactions += 1;
        meter.transactionCapacity += units;
      }
      return out;
    },
  };
  return { meter, client: client as unknown as DynamoDBDocumentClient };
}

/** A Shijiazhuang national standard led by the enterprise: two awards, two ledgers, two budgets. */
const standard = (i: number) =>
  JSON.stringify({
    'id': `intake-${i}`,
    'source': 'quality.bench',
    'detail-type': 'StandardPublished',
    'time': new Date().toISOString(),
    'detail': {
      recipient: { kind: 'enterprise', uscc: '91130102MA07AB123U', name: 'bench' },
      occurredOn: '2024-05-01',
      reference: `GB ${i}`,
      standard: { number: `GB ${i}`, title: 't', level: 'national' },
      draftingRank: 1,
    },
  });

export async function benchIntake(raw: DynamoDBClient, doc: DynamoDBDocumentClient): Promise<void> {
  const table = `bench-intake-${randomUUID()}`;
  await ensureTable(raw, table);
  const { meter, client } = metering(doc);
  const store = new AwardStore({ client, tableName: table, approvalConfig: DEFAULT_APPROVAL_CONFIG });
  const year = fiscalYearOf(new Date());
  for (const j of ['130000', '130100']) await store.setAllocation({ user: 'bench', groups: [`budget-admin:${j}`] }, { jurisdiction: j, fiscalYear: year, allocatedFen: 1e13 });
  const reset = () => Object.assign(meter, { requests: 0, capacity: 0, transactions: 0, transactionCapacity: 0 });
  const n = sized(200, 20);
  reset();
  for (let i = 0; i < n; i++) await ingest(standard(i), `m-${i}`, { store, catalog: CATALOG, personKey: PERSON_KEY });
  const alone = meter.requests / n;
  row('intake: DynamoDB requests per event, one at a time (2 awards, 2 ledgers, 2 budgets)', fmt(alone), 'the minimum: 1 TransactWriteItems', alone);
  const perEvent = meter.capacity / n;
  const minimum = meter.transactionCapacity / meter.transactions;
  row('intake: capacity units consumed per event, one at a time', fmt(perEvent), `its one transaction alone: ${fmt(minimum)}`, perEvent / minimum);
  reset();
  for (let i = n; i < 2 * n; i += 10) {
    await ingestBatch(Array.from({ length: 10 }, (_, k) => ({ text: standard(i + k), deliveryId: `m-${i + k}` })), { store, catalog: CATALOG, personKey: PERSON_KEY });
  }
  row('intake: DynamoDB requests per event, in SQS batches of 10', fmt(meter.requests / n, 2), `one at a time: ${fmt(alone)}`, meter.requests / n / alone);
  notes.push(
    'Intake reads everything an event needs in one BatchGetItem (its fact key with any revocations waiting for it, the budgets and ledger heads; its event key when alone), then writes one TransactWriteItems that holds the event as accepted (for what-if, ADR 013) beside its outcome (ADR 019). An SQS batch is recorded in one transaction per 100 items (and 4 MB), each ledger head and budget once (ADR 008).',
  );
}
