/**
 * The functions as they are deployed: each built by infra/bundle.ts, the build the stack's assets come from (ESM,
 * minified, split, source maps without their sources, the AWS SDK left to the runtime; ADR 022). The size is what a
 * cold start loads (index.mjs and the chunks it imports statically); the chunks only an `import()` reaches (libxml2)
 * are named beside it. Cold init runs with `--enable-source-maps` (the stack's NODE_OPTIONS), against an empty handler
 * that builds the same SDK clients. The api is also measured as finance uses it every minute: a cold start followed by
 * the approval queue, an award and a decision, on DynamoDB Local, against the empty handler sending three requests.
 * Runs are interleaved (every bundle once per round) so drift in the machine's load falls on all of them alike; the
 * median of the rounds is reported.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BundleFiles, BUNDLE_ENTRY, bundleFunction } from '../infra/bundle';
import { documentClient, ensureTable, localClient, startDynamoLocal } from '../infra/local/dynamodb';
import { ingest } from '../shared/app/intake';
import { DEFAULT_APPROVAL_CONFIG } from '../shared/domain/approval';
import { fiscalYearOf } from '../shared/domain/awards';
import { PersonKey } from '../shared/domain/person';
import { CATALOG } from '../shared/policies';
import { AwardStore } from '../shared/store/store';
import { fmt, median, notes, row } from './report';
import { sized } from './scale';

const ROOT = join(import.meta.dirname, '..');
const FUNCTIONS = {
  'award-intake': 'functions/award-intake/handler.ts',
  'api': 'functions/api/handler.ts',
  'payment-run': 'functions/payment-run/handler.ts',
  'bank-inbound': 'functions/bank-inbound/handler.ts',
  'budget-sweeper': 'functions/budget-sweeper/handler.ts',
} as const;
const ROUNDS = sized(15, 1);
const PERSON_KEY_TEXT = 'bench person key: long enough to be a key, not a secret';

/** The baseline: the SDK clients every function builds; given a table, it sends three requests as the routes' do. */
const EMPTY = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const clients = [doc, new SQSClient({})];
export const handler = async (event) => {
  const TableName = event?.table;
  if (TableName !== undefined) {
    await doc.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'bench' }, Limit: 50 }));
    await doc.send(new GetCommand({ TableName, Key: { pk: 'bench', sk: 'bench' } }));
    await doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName, Item: { pk: 'bench-' + event.round, sk: 'bench' } } }] }));
  }
  return clients.length;
};
`;

/** A fresh Node process loading `file` (and running `after`, given its `handler`): the milliseconds it printed last (metrics lines come before). */
function timed(file: string, env: NodeJS.ProcessEnv, after = ''): number {
  const script = `const t=performance.now(); const { handler } = await import(${JSON.stringify(file)}); ${after} console.log(performance.now()-t)`;
  const out = execFileSync(process.execPath, ['--enable-source-maps', '--no-warnings', '--input-type=module', '-e', script], { env, cwd: ROOT }).toString().trim();
  const ms = Number(out.split('\n').at(-1));
  if (!Number.isFinite(ms)) throw new Error(`${file} printed ${out}, not a time`);
  return ms;
}

/** The approval queue, one award and its approval, as API Gateway hands them to the api (an approver of 130100). */
function hotRoutes(awardId: string): string {
  const event = (routeKey: string, more: object) => ({
    version: '2.0', routeKey, rawPath: '/', headers: {}, isBase64Encoded: false, ...more,
    requestContext: { requestId: 'bench', routeKey, authorizer: { jwt: { claims: { 'sub': 'bench', 'cognito:groups': '[approver:130100]' }, scopes: [] } } },
  });
  const events = [
    event('GET /awards', { queryStringParameters: { jurisdiction: '130100', status: 'PENDING_APPROVAL' } }),
    event('GET /awards/{awardId}', { pathParameters: { awardId } }),
    event('POST /awards/{awardId}/decisions', { pathParameters: { awardId }, body: JSON.stringify({ decision: 'approve' }) }),
  ];
  return `const context = { functionName: 'api', awsRequestId: 'bench', getRemainingTimeInMillis: () => 10000 };
for (const e of ${JSON.stringify(events)}) { const r = await handler(e, context); if (r.statusCode !== 200) throw new Error(e.routeKey + ' answered ' + r.statusCode + ': ' + r.body); }`;
}

/** award-intake's first SQS batch: one Hebei design-service event, recorded (the batch answered without a failure). */
function intakeBatch(round: number): string {
  const now = Date.now();
  const body = JSON.stringify({
    'id': `cold-intake-${round}`, 'source': 'quality.bench', 'detail-type': 'DesignServicePurchased', 'time': new Date(now).toISOString(),
    'detail': { recipient: { kind: 'enterprise', uscc: '91130600MA0CXK7L11', name: 'bench' }, occurredOn: '2025-03-01', reference: `COLD-${round}`, approvedCostFen: 10_000 + round },
  });
  const attributes = { ApproximateReceiveCount: '1', SentTimestamp: String(now), SenderId: 'bench', ApproximateFirstReceiveTimestamp: String(now) };
  const record = { messageId: `cold-intake-${round}`, receiptHandle: 'bench', body, attributes, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:intake', awsRegion: 'us-east-1' };
  return `const answer = await handler(${JSON.stringify({ Records: [record] })}, { functionName: 'award-intake', awsRequestId: 'bench', getRemainingTimeInMillis: () => 30000 });
if (answer?.batchItemFailures?.length !== 0) throw new Error('award-intake failed its batch: ' + JSON.stringify(answer));`;
}

/** bank-inbound's first file: a camt.053 of seven lines (test/fixtures), under its own message id, read, validated against its XSD and reconciled. */
function inboundFile(paymentsDir: string, round: number): string {
  const key = `inbound/cold-${round}.camt.053.xml`;
  const fixture = readFileSync(join(ROOT, 'test/fixtures/iso20022/camt.053-statement.xml'), 'utf8');
  mkdirSync(join(paymentsDir, 'inbound'), { recursive: true });
  writeFileSync(join(paymentsDir, key), fixture.replace('<MsgId>ICBC-STMT-20260507-0001</MsgId>', `<MsgId>COLD-STMT-${round}</MsgId>`));
  const event = { 'detail-type': 'Object Created', 'source': 'aws.s3', 'detail': { bucket: { name: 'payments' }, object: { key } } };
  return `const answer = await handler(${JSON.stringify(event)}, { functionName: 'bank-inbound', awsRequestId: 'bench', getRemainingTimeInMillis: () => 60000 });
if (answer?.refused !== false || answer.summary?.status !== 'DONE') throw new Error('bank-inbound did not reconcile its file: ' + JSON.stringify(answer));`;
}

/** payment-run's first run: the one award approved for it is claimed into a batch whose pain.001 is written and XSD-validated. */
const PAYMENT_RUN = `const answer = await handler({ 'detail-type': 'Scheduled Event', 'source': 'aws.events', 'detail': {} }, { functionName: 'payment-run', awsRequestId: 'bench', getRemainingTimeInMillis: () => 60000 });
if (answer?.batches?.length !== 1 || answer.batches[0].count !== 1) throw new Error('payment-run did not pay its one award: ' + JSON.stringify(answer));`;

/** One pending Shijiazhuang award per round, each its own national standard (and its provincial twin). */
async function seedPending(store: AwardStore, count: number): Promise<string[]> {
  const year = fiscalYearOf(new Date());
  for (const j of ['130000', '130100']) await store.setAllocation({ user: 'bench', groups: [`budget-admin:${j}`] }, { jurisdiction: j, fiscalYear: year, allocatedFen: 1e13 });
  const personKey = new PersonKey(Buffer.from(PERSON_KEY_TEXT, 'utf8'));
  for (let i = 0; i < count; i++) {
    const text = JSON.stringify({
      'id': `cold-${i}`, 'source': 'quality.bench', 'detail-type': 'StandardPublished', 'time': new Date().toISOString(),
      'detail': { recipient: { kind: 'enterprise', uscc: '91130102MA07AB123U', name: 'bench' }, occurredOn: '2024-05-01', reference: `GB 9${i}`, standard: { number: `GB 9${i}`, title: 't', level: 'national' }, draftingRank: 1 },
    });
    await ingest(text, `cold-${i}`, { store, catalog: CATALOG, personKey });
  }
  const pending = (await store.listAwards({ jurisdictions: ['130100'], status: 'PENDING_APPROVAL', limit: 100 })).items.map((a) => a.awardId);
  if (pending.length < count) throw new Error(`seeded ${count} awards, ${pending.length} pending approval`);
  return pending;
}

/** Cold starts with the hot routes: the api's and the empty handler's, interleaved, on a table of their own. */
async function benchHotRoutes(dir: string, env: NodeJS.ProcessEnv): Promise<{ api: number; intake: number; inbound: number; payments: number; empty: number }> {
  const dynamo = await startDynamoLocal();
  try {
    const raw = localClient(dynamo.endpoint);
    const table = 'bench-cold-routes';
    await ensureTable(raw, table);
    const store = new AwardStore({ client: documentClient(raw), tableName: table, approvalConfig: DEFAULT_APPROVAL_CONFIG });
    const awards = await seedPending(store, ROUNDS);
    const local = { ...env, TABLE_NAME: table, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
    const runs = { api: [] as number[], intake: [] as number[], inbound: [] as number[], payments: [] as number[], empty: [] as number[] };
    // Hebei's twin of each round's award is approved just before that round's payment run, its payee confirmed once.
    const twins = (await store.listAwards({ jurisdictions: ['130000'], status: 'PENDING_APPROVAL', limit: 100 })).items;
    const payee = { jurisdiction: '130000', recipientId: twins[0]?.recipientId ?? '' };
    const proposed = await store.payees.proposePayee(payee, { user: 'bench-proposer', groups: ['officer:130000'] }, { accountName: '收款单位', accountNumber: '6222020402001234567', bankCode: '102131000013', bankName: '中国工商银行' });
    if (!proposed.ok || !(await store.payees.confirmPayee(payee, { user: 'bench-confirmer', groups: ['officer:130000'] }, proposed.value.pending?.proposalId ?? '')).ok) throw new Error('the bench payee was not confirmed');
    for (let r = 0; r < ROUNDS; r++) {
      const approved = await store.decide(twins[r]?.awardId ?? '', { user: 'bench-approver', groups: ['approver:130000'] }, { decision: 'approve', comment: '' });
      if (!approved.ok) throw new Error(`round ${r}'s award for payment-run was not approved: ${approved.message}`);
      runs.payments.push(timed(join(dir, 'payment-run', BUNDLE_ENTRY), local, PAYMENT_RUN));
      runs.api.push(timed(join(dir, 'api', BUNDLE_ENTRY), local, `${hotRoutes(awards[r] as string)};`));
      runs.intake.push(timed(join(dir, 'award-intake', BUNDLE_ENTRY), local, intakeBatch(r)));
      runs.inbound.push(timed(join(dir, 'bank-inbound', BUNDLE_ENTRY), local, inboundFile(String(env.PAYMENTS_DIR), r)));
      runs.empty.push(timed(join(dir, 'empty', BUNDLE_ENTRY), local, `await handler({ table: ${JSON.stringify(table)}, round: ${r} });`));
    }
    const recorded = (await store.listAwards({ jurisdictions: ['130000'], limit: 100 })).items.filter((a) => a.reference.startsWith('COLD-')).length;
    if (recorded !== ROUNDS) throw new Error(`award-intake's first batches recorded ${recorded} awards of ${ROUNDS}`);
    return { api: median(runs.api), intake: median(runs.intake), inbound: median(runs.inbound), payments: median(runs.payments), empty: median(runs.empty) };
  } finally {
    await dynamo.stop();
  }
}

const kib = (bytes: number) => `${fmt(bytes / 1024)} KiB`;

function lazyNote(files: BundleFiles): string {
  const lazy = Object.entries(files.lazyChunks);
  if (lazy.length === 0) return '';
  // The largest by name (a chunk esbuild shares between several is `chunk`), the rest counted.
  const largest = lazy.sort(([, a], [, b]) => b - a).slice(0, 5).map(([name, bytes]) => `${name.replace(/-[A-Z0-9]+\.mjs$/, '')} ${kib(bytes)}`);
  return ` (+ ${kib(lazy.reduce((sum, [, bytes]) => sum + bytes, 0))} in ${lazy.length} chunks loaded on first use: ${largest.join(', ')}${lazy.length > 5 ? ', …' : ''})`;
}

export async function benchBundles(out: string): Promise<void> {
  const dir = join(out, 'bundles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'empty.mjs'), EMPTY);
  const entries: Record<string, string> = { empty: join(dir, 'empty.mjs'), ...FUNCTIONS };
  const files: Record<string, BundleFiles> = {};
  for (const [name, entry] of Object.entries(entries)) files[name] = bundleFunction(entry, join(dir, name));
  writeFileSync(join(dir, 'person-key'), PERSON_KEY_TEXT);
  // What each function is told by the stack (its environment), pointed at local stand-ins: a function that needs a
  // variable at import stops the bench otherwise (issue 19).
  const env = {
    ...process.env, TABLE_NAME: 't', PERSON_KEY_FILE: join(dir, 'person-key'), PAYMENTS_DIR: join(dir, 'payments'), DIGEST_DIR: join(dir, 'digests'),
    SIMULATIONS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/bench-simulations', DIGEST_FUNCTION_NAME: 'bench-ledger-digest',
    AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
  const runs: Record<string, number[]> = Object.fromEntries(Object.keys(entries).map((name) => [name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of Object.keys(entries)) runs[name]?.push(timed(join(dir, name, BUNDLE_ENTRY), env));
  }
  const empty = median(runs.empty ?? []);
  for (const name of Object.keys(FUNCTIONS)) {
    const size = files[name] as BundleFiles;
    row(`bundle size: ${name}`, `${kib(size.loadedBytes)}${lazyNote(size)}`, `the limit: ${fmt(350)} KiB`, size.loadedBytes / 1024 / 350);
    row(`cold init: ${name}`, `${fmt(median(runs[name] ?? []))} ms`, `empty handler with the same SDK clients: ${fmt(empty)} ms`, median(runs[name] ?? []) / empty);
  }
  const hot = await benchHotRoutes(dir, env);
  row('cold start with finance\'s routes: api (queue, award, approve)', `${fmt(hot.api)} ms`, `empty handler sending a Query, a GetItem and a TransactWriteItems: ${fmt(hot.empty)} ms`, hot.api / hot.empty);
  row('cold start with its first batch: award-intake (one event recorded)', `${fmt(hot.intake)} ms`, `the same empty handler and requests: ${fmt(hot.empty)} ms`, hot.intake / hot.empty);
  row('cold start with its first file: bank-inbound (a camt.053 of 7 lines, XSD-validated)', `${fmt(hot.inbound)} ms`, `the same empty handler and requests: ${fmt(hot.empty)} ms`, hot.inbound / hot.empty);
  row('cold start with its first run: payment-run (one award paid, its pain.001 XSD-validated)', `${fmt(hot.payments)} ms`, `the same empty handler and requests: ${fmt(hot.empty)} ms`, hot.payments / hot.empty);
  notes.push(
    `Bundles are built by infra/bundle.ts, the build the stack deploys (ADR 022). A bundle's size is what a cold start loads (index.mjs and the chunks it imports statically); chunks only an import() reaches are named beside it, the largest first: libxml2, loaded on the first ISO 20022 file read or written (ADR 022); the api's route groups other than finance's and the auditors' (payments, controls, reports, digests, evidence, what-if), loaded by their first request; and the store's modules off finance's path (intake's recording, payment batches, reconciliation, what-if, reports, …), loaded on their first call (ADR 024). For award-intake, payment-run and bank-inbound their own work is such a chunk (intake, payment batches, reconciliation), loaded by their first invocation: their cold init below measures the import alone, the api's cold start with finance's routes measures import and first requests together. Cold init is the median of ${ROUNDS} fresh Node processes importing the bundle with --enable-source-maps, as deployed (module load and cold-start construction, no invocation), interleaved with the empty handler's. The SDK is external, as in Lambda.`,
    `Cold start with finance's routes: a fresh process imports the api bundle and answers, as an approver of 130100, GET /awards?jurisdiction=130100&status=PENDING_APPROVAL, GET /awards/{awardId} and POST /awards/{awardId}/decisions (approve, 200) on DynamoDB Local, one pending award a round; the baseline imports the empty handler and sends one Query, one GetItem and one TransactWriteItems to the same DynamoDB Local. Cold start with its first batch: a fresh process imports the award-intake bundle and handles an SQS batch of one design-service event (validated, computed, recorded in one BatchGetItem and one TransactWriteItems; its deferred intake chunk loaded), against the same baseline; every round's award is checked recorded. Cold start with its first file: a fresh process imports the bank-inbound bundle and reconciles a camt.053 of seven lines under a new message id (libxml2 loaded, the file validated against its XSD, each line an exception: it names no award here). Cold start with its first run: a fresh process imports the payment-run bundle and runs once over every jurisdiction, with one award approved for it (a Hebei award whose payee is confirmed): claimed into a batch, its pain.001 written under PAYMENTS_DIR and validated against its XSD (libxml2 loaded). Medians of ${ROUNDS} interleaved rounds.`,
  );
}
