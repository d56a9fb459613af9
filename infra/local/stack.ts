/**
 * The whole pipeline on this machine (CONTRACT.md §4): DynamoDB Local, an SQS server with the stack's queues and
 * redrive policies, an EventBridge-compatible PutEvents endpoint that routes by the stack's route table, pollers
 * that drive the real Lambda entry modules as Lambda's SQS event source mapping does, the HTTP API as API Gateway
 * presents it, the payment run and a simulated bank answering its ISO 20022 files (bank.ts), and the budget sweeper.
 * One stack per process: the Lambda modules read their environment when first imported.
 */
import { redactIdNumbers } from '../../shared/domain/person';
import { mkdirSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { join } from 'node:path';
import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { createSqsServer } from 'local-aws-sqs';
import { fiscalYearOf } from '../../shared/domain/awards';
import { DEFAULT_APPROVAL_CONFIG } from '../../shared/domain/approval';
import { controlsFromEnv } from '../../shared/controls-config';
import { formatYuan, yuan } from '../../shared/domain/money';
import { AwardStore } from '../../shared/store/store';
import { keys } from '../../shared/store/table';
import { QUEUES, type QueueName, type QueueSpec, routeOf } from '../topology';
import { type ApiHandler, apiGatewayListener } from './api-gateway';
import { assertDataScheme } from './data-scheme';
import { type DynamoLocal, assertJava, documentClient, ensureTable, freePort, localClient, startDynamoLocal } from './dynamodb';
import { consoleSite } from './console-site';
import { putEventsListener } from './events-endpoint';
import { LocalStackError, close, listen, send } from './http';
import { Journal } from './journal';
import { startPaymentRuns } from './bank';
import { type LocalDirs, digestPeriodSeconds, localDirs, startSchedules } from './schedules';
import { LOCAL_ACCOUNT as ACCOUNT, LOCAL_REGION as REGION, lambdaContext, startLambdaEndpoint } from './lambda-endpoint';
import { preparePersonKey } from './person-key';
import { Gate, type SqsHandler, poll } from './poller';
import { LIMITS } from '../../shared/limits';
import { validatedCatalog } from '../../shared/policies';

export { LocalStackError } from './http';
export { lambdaContext } from './lambda-endpoint';

/** The budgets a new store starts with (CONTRACT §4), in fen. */
export const DEFAULT_BUDGETS: ReadonlyArray<[string, number]> = [
  ['130000', yuan(100_000_000)],
  ['130100', yuan(20_000_000)],
  ['350000', yuan(50_000_000)],
];

export interface LocalStackOptions {
  /** Keep nothing: DynamoDB in memory, no event journal. */
  readonly inMemory: boolean;
  /** Where persisted data lives (default `.data/`). */
  readonly dataDir: string;
  readonly apiPort: number;
  readonly eventsPort: number;
  readonly log?: (line: string) => void;
}

export interface LocalStack {
  readonly apiUrl: string;
  readonly eventsUrl: string;
  stop(): Promise<void>;
}

const TABLE = 'awards';

type Cleanups = Array<() => Promise<void> | void>;
type Log = (line: string) => void;
type Enqueue = (queue: QueueName, events: ReadonlyArray<Record<string, unknown>>) => Promise<void>;
type Functions = Awaited<ReturnType<typeof loadFunctions>>;
type Scheduled = (event: unknown, context: Context) => Promise<unknown>;

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // What it prints comes from its parts' messages (a schedule's error, a bank file's name): an identity number is masked.
  const print = options.log ?? (() => undefined);
  const log = (line: string) => print(redactIdNumbers(line));
  // The catalog is validated where it is built and run from (npm start, the tests, the bench), not at each cold start.
  validatedCatalog();
  assertJava();

  // Claim the public ports first, so a port in use fails fast with its name. Until the pipeline is up, both answer
  // 503 rather than leave a request hanging.
  let ready = false;
  const starting = (_req: IncomingMessage, res: ServerResponse) => {
    if (!ready) send(res, 503, JSON.stringify({ status: 'starting' }));
  };
  const apiServer = createServer(starting);
  const eventsServer = createServer(starting);
  await listen(apiServer, options.apiPort, 'HTTP API', 'AWARDS_API_PORT');
  try {
    await listen(eventsServer, options.eventsPort, 'EventBridge endpoint', 'AWARDS_EVENTS_PORT');
  } catch (error) {
    await close(apiServer);
    throw error;
  }
  const cleanups: Cleanups = [];
  // Stop taking requests first, then let the pollers finish their batches, then the services under them.
  const stopAll = async () => {
    await Promise.all([close(apiServer), close(eventsServer)]);
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  try {
    const { store, doc } = await startDynamo(options, cleanups);
    const { sqs, queueUrl, queueArn } = await startSqs(cleanups);
    preparePersonKey(options.inMemory ? null : options.dataDir);
    const dirs = localDirs(options);
    const lambda = await startLambdaEndpoint({ context: lambdaContext, log });
    cleanups.push(() => lambda.stop());
    const fns = await loadFunctions(dirs, lambda.url);
    lambda.serve('ledger-digest', fns.ledgerDigest);
    await allocateDefaults(store, log);
    startPollers({ sqs, queueUrl, queueArn, fns, log }, cleanups);
    const enqueue: Enqueue = async (queue, events) => {
      // SendMessageBatch takes ten at a time, as PutEvents does.
      for (let i = 0; i < events.length; i += 10) {
        const entries = events.slice(i, i + 10).map((event, n) => ({ Id: String(n), MessageBody: JSON.stringify(event) }));
        const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl(queue), Entries: entries }));
        if ((out.Failed ?? []).length > 0) throw new LocalStackError(`the ${queue} queue refused ${out.Failed?.length} event(s): ${out.Failed?.[0]?.Message ?? ''}`);
      }
    };
    const journal = options.inMemory ? null : await openJournal(options.dataDir, { store, doc, enqueue, log }, cleanups);

    const events = putEventsListener({ journal, enqueue, account: ACCOUNT, region: REGION, log });
    eventsServer.on('request', (req, res) => {
      if (ready) events(req, res);
    });
    const api = apiGatewayListener({ handler: fns.api, context: () => lambdaContext('api'), port: options.apiPort, account: ACCOUNT, bodyBytesMax: LIMITS.local.apiBodyBytesMax, log });
    const site = consoleSite({ log });
    apiServer.on('request', (req, res) => ready && !site(req, res) && api(req, res));
    cleanups.push(...(await startSchedules(fns, LIMITS.local.sweepEveryMs, { context: lambdaContext, log })));
    const everyMs = 1000 * Number(process.env.AWARDS_PAYMENT_RUN_SECONDS ?? 5);
    const payments = { paymentsDir: dirs.payments, paymentRun: fns.paymentRun, bankInbound: fns.bankInbound };
    cleanups.push(startPaymentRuns({ ...payments, context: lambdaContext, log, everyMs }));

    ready = true;
    return { apiUrl: `http://127.0.0.1:${options.apiPort}`, eventsUrl: `http://127.0.0.1:${options.eventsPort}`, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** DynamoDB Local, persisted under the data directory or in memory, with the table and a store over it. */
async function startDynamo(options: LocalStackOptions, cleanups: Cleanups) {
  let dynamo: DynamoLocal;
  const dbPath = join(options.dataDir, 'dynamodb');
  if (!options.inMemory) mkdirSync(dbPath, { recursive: true });
  try {
    dynamo = await startDynamoLocal(options.inMemory ? {} : { path: dbPath });
  } catch (cause) {
    throw new LocalStackError(
      options.inMemory
        ? `DynamoDB Local did not start: ${(cause as Error).message}`
        : `DynamoDB Local could not open ${dbPath}: ${(cause as Error).message}. If the data is damaged, move ${options.dataDir} away or start with --in-memory.`,
      { cause },
    );
  }
  cleanups.push(() => dynamo.stop());
  const raw = localClient(dynamo.endpoint);
  await ensureTable(raw, TABLE);
  const doc = documentClient(raw);
  await assertDataScheme(doc, TABLE, DEFAULT_BUDGETS.map(([j]) => j), options.inMemory ? 'the in-memory store' : options.dataDir);
  // The Lambda modules read these when first imported.
  Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, TABLE_NAME: TABLE });
  return { store: new AwardStore({ client: doc, tableName: TABLE, approvalConfig: DEFAULT_APPROVAL_CONFIG, controls: controlsFromEnv() }), doc };
}

/** The SQS server with the stack's queues, each with its dead-letter queue and redrive policy. */
async function startSqs(cleanups: Cleanups) {
  const port = await freePort();
  const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
  const server = await createSqsServer({
    port,
    hostname: '127.0.0.1',
    region: REGION,
    accountId: ACCOUNT,
    emulateQueueCreationLifecycle: false,
    queues: (Object.values(QUEUES) as QueueSpec[]).flatMap((spec) => [
      { QueueName: `${spec.name}-dlq`, Attributes: { MessageRetentionPeriod: 14 * 86_400 } },
      {
        QueueName: spec.name,
        Attributes: {
          VisibilityTimeout: spec.visibilityTimeoutSeconds,
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queueArn(`${spec.name}-dlq`), maxReceiveCount: spec.maxReceiveCount }),
        },
      },
    ]),
  });
  cleanups.push(() => close(server));
  const endpoint = `http://127.0.0.1:${port}`;
  Object.assign(process.env, { AWS_ENDPOINT_URL_SQS: endpoint, SIMULATIONS_QUEUE_URL: `${endpoint}/${ACCOUNT}/${QUEUES.simulations.name}` });
  const sqs = new SQSClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return { sqs, queueUrl: (name: QueueName) => `${endpoint}/${ACCOUNT}/${QUEUES[name].name}`, queueArn: (name: QueueName) => queueArn(QUEUES[name].name) };
}

/** The Lambda entry modules, imported once their environment points at the local services (Lambda's Invoke too). */
async function loadFunctions(dirs: LocalDirs, lambdaUrl: string) {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_LAMBDA: lambdaUrl,
    DIGEST_FUNCTION_NAME: 'ledger-digest',
    DIGEST_PERIOD_SECONDS: String(digestPeriodSeconds()),
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    PAYMENTS_DIR: dirs.payments,
    DIGEST_DIR: dirs.digests,
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  });
  return {
    intake: (await import('../../functions/award-intake/handler')).handler as unknown as SqsHandler,
    api: (await import('../../functions/api/handler')).handler as unknown as ApiHandler,
    paymentRun: (await import('../../functions/payment-run/handler')).handler as unknown as Scheduled,
    bankInbound: (await import('../../functions/bank-inbound/handler')).handler as unknown as Scheduled,
    budgetSweeper: (await import('../../functions/budget-sweeper/handler')).handler as unknown as Scheduled,
    simulation: (await import('../../functions/simulation/handler')).handler as unknown as SqsHandler,
    ledgerDigest: (await import('../../functions/ledger-digest/handler')).handler as unknown as Scheduled,
  };
}

/** A new store gets the default budgets of the current fiscal year. */
async function allocateDefaults(store: AwardStore, log: Log): Promise<void> {
  const year = fiscalYearOf(new Date());
  for (const [jurisdiction, allocatedFen] of DEFAULT_BUDGETS) {
    const budget = await store.getBudget(jurisdiction, year);
    if (budget.version > 0) continue;
    await store.setAllocation({ user: 'local-setup', groups: [`budget-admin:${jurisdiction}`] }, { jurisdiction, fiscalYear: year, allocatedFen });
    log(`budget ${jurisdiction} ${year}: allocated ${formatYuan(allocatedFen)}`);
  }
}

/** Lambda's SQS event source mapping, per queue, up to its maximum concurrency of pollers. */
function startPollers(
  deps: { sqs: SQSClient; queueUrl: (name: QueueName) => string; queueArn: (name: QueueName) => string; fns: Functions; log: Log },
  cleanups: Cleanups,
): void {
  let stopping = false;
  const pollers: Array<Promise<void>> = [];
  // Intake's pollers take turns to invoke (each receiving its next batch meanwhile) rather than race for the ledger
  // heads, which take one write at a time (ADR 008, ADR 023); simulation steps share nothing and run side by side.
  const gates = { intake: new Gate(), simulations: undefined };
  for (const [name, handler] of [['intake', deps.fns.intake], ['simulations', deps.fns.simulation]] as const) {
    const [spec, gate] = [QUEUES[name], gates[name]];
    for (let i = 0; i < spec.maxConcurrency; i++) {
      pollers.push(
        poll({
          ...{ sqs: deps.sqs, queueUrl: deps.queueUrl(name), queueArn: deps.queueArn(name), spec, handler, log: deps.log, ...(gate ? { gate } : {}) },
          ...{ context: () => lambdaContext(name), region: REGION, account: ACCOUNT, stopping: () => stopping },
        }),
      );
    }
  }
  cleanups.push(async () => {
    stopping = true;
    await Promise.allSettled(pollers);
  });
}

/** The event journal: repaired if its last append was torn, then events with no outcome are replayed. */
async function openJournal(
  dataDir: string,
  deps: { store: AwardStore; doc: ReturnType<typeof documentClient>; enqueue: Enqueue; log: Log },
  cleanups: Cleanups,
): Promise<Journal> {
  const { journal, repair, events } = Journal.open(join(dataDir, 'events.jsonl'));
  cleanups.push(() => journal.close());
  if (repair.tornBytes > 0) deps.log(`the event journal ended in a torn write (${repair.tornBytes} bytes, never acknowledged): cut off and kept in ${journal.path}.torn`);
  if (repair.damagedLines > 0) deps.log(`the event journal had ${repair.damagedLines} damaged line(s): kept in ${journal.path}.torn, the events around them replayed`);
  let replayed = 0;
  for (const event of events) {
    const id = String(event.id);
    const accounted = (await deps.store.getEventOutcome(id)) !== null
      || (await deps.doc.send(new GetCommand({ TableName: TABLE, Key: keys.rejection(id), ConsistentRead: true }))).Item !== undefined;
    const route = routeOf({ source: event.source, detailType: event['detail-type'] });
    if (accounted || route === null) continue;
    await deps.enqueue(route.queue, [event]);
    replayed += 1;
  }
  if (replayed > 0) deps.log(`replayed ${replayed} accepted event(s) that had not been recorded before the last stop`);
  return journal;
}
