/**
 * `npm run bench`: the speed of the pipeline on this machine, each figure a ratio to a baseline measured in the same
 * run (absolute numbers vary between machines; ratios travel). Writes bench/REPORT.md. Not part of `npm test`.
 *
 * BENCH_LARGE (default 1,000,000) sets the large ledger of the auditor-query figure.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { parseEvent, type FactEvent } from '../events/contracts';
import { ingest } from '../shared/app/intake';
import { DEFAULT_APPROVAL_CONFIG } from '../shared/domain/approval';
import { fiscalYearOf } from '../shared/domain/awards';
import { computeAwards } from '../shared/domain/engine';
import { CATALOG } from '../shared/policies';
import { AwardStore } from '../shared/store/store';
import { keys } from '../shared/store/table';
import { documentClient, ensureTable, freePort, localClient, startDynamoLocal } from '../infra/local/dynamodb';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const LARGE = Number(process.env.BENCH_LARGE ?? 1_000_000);
const rows: Array<{ figure: string; value: string; baseline: string; ratio: string }> = [];
const notes: string[] = [];

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;
function row(figure: string, value: string, baseline: string, ratio: number) {
  rows.push({ figure, value, baseline, ratio: `${fmt(ratio, 2)}×` });
  console.log(`${figure}: ${value} vs ${baseline} → ${fmt(ratio, 2)}×`);
}

function samples(): unknown[] {
  const dir = join(ROOT, 'events/samples');
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown);
}

// ------------------------------------------------------------------------------------------ 1. the engine

function benchEngine(): void {
  const raw = samples();
  const facts = raw.map((r) => parseEvent(r)).flatMap((p) => (p.ok && p.event.detailType !== 'AchievementRevoked' ? [p.event as FactEvent] : []));
  const n = 200_000;
  const time = (f: (i: number) => void) => {
    for (let i = 0; i < 2_000; i++) f(i); // warm up
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f(i);
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  const engineS = time((i) => computeAwards(facts[i % facts.length] as FactEvent, CATALOG));
  const parseS = time((i) => parseEvent(raw[i % raw.length]));
  row('engine: facts computed per second, one core', `${fmt(n / engineS, 0)}/s`, `validating the same events: ${fmt(n / parseS, 0)}/s`, n / engineS / (n / parseS));
}

// ------------------------------------------------------------------------------------------ 2. intake cost

/** Counts requests and sums consumed capacity, asking DynamoDB to report it on every request. */
function metering(doc: DynamoDBDocumentClient) {
  const meter = { requests: 0, capacity: 0, transactions: 0, transactionCapacity: 0 };
  const client = {
    send: async (command: { input: Record<string, unknown>; constructor: { name: string } }) => {
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

async function benchIntake(raw: DynamoDBClient, doc: DynamoDBDocumentClient): Promise<void> {
  const table = `bench-intake-${randomUUID()}`;
  await ensureTable(raw, table);
  const { meter, client } = metering(doc);
  const store = new AwardStore({ client, tableName: table, approvalConfig: DEFAULT_APPROVAL_CONFIG });
  const year = fiscalYearOf(new Date());
  for (const j of ['130000', '130100']) await store.setAllocation({ user: 'bench', groups: [`budget-admin:${j}`] }, { jurisdiction: j, fiscalYear: year, allocatedFen: 1e13 });
  Object.assign(meter, { requests: 0, capacity: 0, transactions: 0, transactionCapacity: 0 });
  const n = 200;
  for (let i = 0; i < n; i++) {
    const event = {
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
    };
    await ingest(JSON.stringify(event), `m-${i}`, { store, catalog: CATALOG });
  }
  row('intake: DynamoDB requests per event (2 awards, 2 ledgers, 2 budgets)', fmt(meter.requests / n), 'the minimum: 1 TransactWriteItems', meter.requests / n);
  const perEvent = meter.capacity / n;
  const minimum = meter.transactionCapacity / meter.transactions;
  row('intake: capacity units consumed per event', fmt(perEvent), `its one transaction alone: ${fmt(minimum)}`, perEvent / minimum);
  notes.push(
    'Intake reads before it writes: the event and fact keys (a repeat writes nothing), the budget of each jurisdiction-year and the award/budget snapshot, each ledger head, then one TransactWriteItems. The reads are strongly consistent.',
  );
}

// ------------------------------------------------------------------------------------------ 3. end to end

async function benchEndToEnd(): Promise<void> {
  const { startLocalStack } = await import('../infra/local/stack');
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const stack = await startLocalStack({ inMemory: true, dataDir: join(OUT, 'unused'), apiPort: await freePort(), eventsPort: await freePort() });
  try {
    const eb = new EventBridgeClient({ endpoint: stack.eventsUrl, region: 'us-east-1', credentials: { accessKeyId: 'b', secretAccessKey: 'b' } });
    const raw = localClient(process.env.AWS_ENDPOINT_URL_DYNAMODB as string);
    const doc = documentClient(raw);
    const n = 500;
    const sentAt = new Map<string, number>();
    const start = Date.now();
    for (let i = 0; i < n; i += 10) {
      const entries = Array.from({ length: 10 }, (_, j) => ({
        Source: 'quality.bench',
        DetailType: 'DesignServicePurchased',
        Detail: JSON.stringify({ recipient: { kind: 'enterprise', uscc: '91130600MA0CXK7L11', name: 'bench' }, occurredOn: '2025-03-01', reference: `E2E-${i + j}`, approvedCostFen: 10_000 + i + j }),
      }));
      const before = Date.now();
      const out = await eb.send(new PutEventsCommand({ Entries: entries }));
      for (const e of out.Entries ?? []) if (e.EventId) sentAt.set(e.EventId, before);
    }
    const latencies: number[] = [];
    let last = 0;
    const deadline = Date.now() + 300_000;
    for (const [id, sent] of sentAt) {
      for (;;) {
        if (Date.now() > deadline) throw new Error(`event ${id} was not recorded within 5 minutes`);
        const item = (await doc.send(new GetCommand({ TableName: 'awards', Key: keys.event(id), ConsistentRead: true }))).Item;
        if (item) {
          const received = Date.parse((item.outcome as { receivedAt: string }).receivedAt);
          latencies.push(received - sent);
          last = Math.max(last, received);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const rate = n / ((last - start) / 1000);

    // The raw rate: the same number of TransactWriteItems (two puts each) to the same DynamoDB Local, five at a time.
    await ensureTable(raw, 'bench-raw');
    let next = 0;
    const rawStart = Date.now();
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        while (next < n) {
          const i = next++;
          await doc.send(
            new TransactWriteCommand({
              TransactItems: [
                { Put: { TableName: 'bench-raw', Item: { pk: `A#${i}`, sk: 'A', v: i }, ConditionExpression: 'attribute_not_exists(pk)' } },
                { Put: { TableName: 'bench-raw', Item: { pk: `L#${i}`, sk: 'L', v: i }, ConditionExpression: 'attribute_not_exists(pk)' } },
              ],
            }),
          );
        }
      }),
    );
    const rawRate = n / ((Date.now() - rawStart) / 1000);
    row('end to end: events per second, PutEvents → recorded award', `${fmt(rate)}/s`, `raw TransactWriteItems: ${fmt(rawRate)}/s`, rate / rawRate);
    row('end to end: p50 latency, PutEvents → recorded award', `${fmt(percentile(latencies, 50), 0)} ms`, `p99 ${fmt(percentile(latencies, 99), 0)} ms`, percentile(latencies, 99) / Math.max(1, percentile(latencies, 50)));
    notes.push(
      `End to end: ${n} Hebei design-service events sent as fast as PutEvents answers, all into one jurisdiction's ledger, whose head serialises writes (ADR 003); five intake pollers. The p50/p99 row's ratio is p99 ÷ p50.`,
    );
  } finally {
    await stack.stop();
  }
}

// ------------------------------------------------------------------------------------------ 4. bundles

async function benchBundles(): Promise<void> {
  const dir = join(OUT, 'bundles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const empty = join(dir, 'empty.ts');
  writeFileSync(
    empty,
    'import { DynamoDBClient } from \'@aws-sdk/client-dynamodb\';\nimport { SQSClient } from \'@aws-sdk/client-sqs\';\nimport { DynamoDBDocumentClient } from \'@aws-sdk/lib-dynamodb\';\nconst clients = [DynamoDBDocumentClient.from(new DynamoDBClient({})), new SQSClient({})];\nexport const handler = async () => clients.length;\n',
  );
  const entries: Record<string, string> = {
    empty,
    'award-intake': join(ROOT, 'functions/award-intake/handler.ts'),
    'api': join(ROOT, 'functions/api/handler.ts'),
    'disburse': join(ROOT, 'functions/disburse/handler.ts'),
  };
  const sizes: Record<string, number> = {};
  const inits: Record<string, number> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const outfile = join(dir, `${name}.mjs`);
    // The options NodejsFunction uses in the stack: ESM, minified, node22, the AWS SDK left to the runtime.
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*'],
      banner: { js: 'import { createRequire as topLevelCreateRequire } from \'module\'; const require = topLevelCreateRequire(import.meta.url);' },
      logLevel: 'silent',
    });
    sizes[name] = statSync(outfile).size;
    const env = { ...process.env, TABLE_NAME: 't', DISBURSEMENT_QUEUE_URL: 'http://127.0.0.1:1/q', DELIVERIES_MAX: '5', AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT' };
    const runs = Array.from({ length: 7 }, () =>
      Number(
        execFileSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', `const t=performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now()-t)`], { env, cwd: ROOT })
          .toString()
          .trim(),
      ),
    );
    inits[name] = median(runs);
  }
  for (const name of ['award-intake', 'api', 'disburse']) {
    row(`bundle size: ${name}`, `${fmt((sizes[name] ?? 0) / 1024)} KiB`, `empty handler with the same clients: ${fmt((sizes.empty ?? 0) / 1024)} KiB`, (sizes[name] ?? 0) / (sizes.empty ?? 1));
    row(`cold init: ${name}`, `${fmt(inits[name] ?? 0)} ms`, `empty handler: ${fmt(inits.empty ?? 0)} ms`, (inits[name] ?? 0) / (inits.empty ?? 1));
  }
  notes.push('Cold init is the median of 7 fresh Node processes importing the bundle (module load and cold-start construction, no invocation). The SDK is external, as in Lambda.');
}

// ------------------------------------------------------------------------------------------ 5. auditor queries

async function load(raw: DynamoDBClient, table: string, from: number, to: number): Promise<void> {
  const items = (i: number) => ({
    PutRequest: {
      Item: {
        pk: { S: 'LEDGER#130000' },
        sk: { S: `SEQ#${String(i).padStart(12, '0')}` },
        gsi2pk: { S: `USCC#RECIPIENT${i % 50_000}` },
        gsi2sk: { S: `L#2026-01-01T00:00:00.000Z#130000#${String(i).padStart(12, '0')}` },
        seq: { N: String(i) },
        amountFen: { N: '100' },
        type: { S: 'RECORDED' },
      },
    },
  });
  let next = from;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < to) {
        const start = next;
        next += 25;
        const batch = Array.from({ length: Math.min(25, to - start) }, (_, k) => items(start + k));
        let pending: typeof batch | undefined = batch;
        while (pending && pending.length > 0) {
          const out = await raw.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
          pending = out.UnprocessedItems?.[table] as typeof batch | undefined;
        }
      }
    }),
  );
}

async function queryTimes(doc: DynamoDBDocumentClient, table: string, size: number): Promise<{ recipient: number; page: number }> {
  const recipient: number[] = [];
  const page: number[] = [];
  for (let i = 0; i < 60; i++) {
    const uscc = `RECIPIENT${(i * 7919) % Math.min(size, 50_000)}`;
    let t = performance.now();
    await doc.send(new QueryCommand({ TableName: table, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': `USCC#${uscc}` }, Limit: 100 }));
    recipient.push(performance.now() - t);
    const from = Math.floor((size - 100) * ((i * 0.618) % 1));
    t = performance.now();
    await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :p AND sk >= :s',
        ExpressionAttributeValues: { ':p': 'LEDGER#130000', ':s': `SEQ#${String(from).padStart(12, '0')}` },
        Limit: 100,
        ConsistentRead: true,
      }),
    );
    page.push(performance.now() - t);
  }
  return { recipient: median(recipient.slice(10)), page: median(page.slice(10)) };
}

async function benchQueries(raw: DynamoDBClient, doc: DynamoDBDocumentClient): Promise<void> {
  const table = `bench-audit-${randomUUID()}`;
  await ensureTable(raw, table);
  const small = 10_000;
  const t = Date.now();
  await load(raw, table, 0, small);
  const atSmall = await queryTimes(doc, table, small);
  await load(raw, table, small, LARGE);
  const loadS = (Date.now() - t) / 1000;
  const atLarge = await queryTimes(doc, table, LARGE);
  row(`auditor query: ledger entries of one credit code, ${fmt(LARGE, 0)} vs ${fmt(small, 0)} entries`, `${fmt(atLarge.recipient, 2)} ms`, `${fmt(atSmall.recipient, 2)} ms`, atLarge.recipient / atSmall.recipient);
  row(`auditor query: a ledger page of 100, ${fmt(LARGE, 0)} vs ${fmt(small, 0)} entries`, `${fmt(atLarge.page, 2)} ms`, `${fmt(atSmall.page, 2)} ms`, atLarge.page / atSmall.page);
  notes.push(
    `Auditor queries: medians of 50 queries after 10 warm-ups. At ${fmt(LARGE, 0)} entries each of the 50,000 recipients holds ${Math.ceil(LARGE / 50_000)} entr${LARGE > 50_000 ? 'ies' : 'y'} (at 10,000: one each for 10,000 of them), so the credit-code ratio includes a larger result; a ratio near 1 for the page shows cost follows the result, not the table. Loading took ${fmt(loadS, 0)} s.`,
  );
}

// ------------------------------------------------------------------------------------------ run

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const started = Date.now();
  benchEngine();
  const dynamo = await startDynamoLocal();
  const raw = localClient(dynamo.endpoint);
  const doc = documentClient(raw);
  try {
    await benchIntake(raw, doc);
    await benchBundles();
    await benchQueries(raw, doc);
  } finally {
    await dynamo.stop();
  }
  await benchEndToEnd();
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
  const report = `# Benchmark report

Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpu}, DynamoDB Local (in memory) on the same machine. Run time ${fmt((Date.now() - started) / 1000, 0)} s.

Each figure is measured against a baseline in the same run; the ratio is the figure to compare between machines.

| figure | measured | baseline | ratio |
|---|---|---|---|
${rows.map((r) => `| ${r.figure} | ${r.value} | ${r.baseline} | ${r.ratio} |`).join('\n')}

${notes.map((n) => `- ${n}`).join('\n')}
`;
  writeFileSync(join(ROOT, 'bench', 'REPORT.md'), report);
  console.log(`\nwrote bench/REPORT.md in ${fmt((Date.now() - started) / 1000, 0)} s`);
  process.exit(0);
}

void main();
