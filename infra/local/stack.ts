/**
 * The whole pipeline on this machine (CONTRACT.md §4): DynamoDB Local, an SQS server with the stack's queues and
 * redrive policies, an EventBridge-compatible PutEvents endpoint that routes by the stack's route table, pollers
 * that drive the real Lambda entry modules as Lambda's SQS event source mapping does, the HTTP API as API Gateway
 * presents it (HTTP API v2 events, a JWT authorizer over the local issuer), the simulated payment rail, and the
 * sweeper. One stack per process: the Lambda modules read their environment when first imported.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { join } from 'node:path';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createSqsServer } from 'local-aws-sqs';
import { API_ROUTES, PUBLIC_ROUTES } from '../../functions/api/routes';
import { fiscalYearOf } from '../../shared/domain/awards';
import { formatYuan, yuan } from '../../shared/domain/money';
import { DEFAULT_APPROVAL_CONFIG } from '../../shared/domain/approval';
import { AwardStore } from '../../shared/store/store';
import { keys } from '../../shared/store/table';
import { QUEUES, type QueueName, type QueueSpec, routeOf } from '../topology';
import { type DynamoLocal, assertJava, documentClient, ensureTable, freePort, localClient, startDynamoLocal } from './dynamodb';
import { InvalidTokenError, verifyToken } from './issuer';

export class LocalStackError extends Error {
  override name = 'LocalStackError';
}

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
const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const LIMITS = { putEventsEntriesMax: 10, requestBytesMax: 1024 * 1024, apiBodyBytesMax: 64 * 1024 } as const;

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** The context Lambda passes a handler; the local stack and the tests build it the same way. */
export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function listen(server: Server, port: number, what: string, envName: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new LocalStackError(`port ${port} (${what}) is in use: stop what uses it, or set ${envName} to another port`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

async function readBody(req: IncomingMessage, bytesMax: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > bytesMax) throw new LocalStackError(`request body is larger than ${bytesMax} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): void {
  res.writeHead(status, headers);
  res.end(body);
}

// ------------------------------------------------------------------------------------------ the event journal

/**
 * Persisted mode only: every accepted event is appended and fsynced before PutEvents answers, so an event the bus
 * accepted survives a stop, as EventBridge's archive would keep it. At start, events with no outcome are replayed.
 */
class Journal {
  private readonly fd: number;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  append(events: readonly unknown[]): void {
    if (events.length === 0) return;
    writeSync(this.fd, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }

  static read(path: string): Array<Record<string, unknown>> {
    if (!existsSync(path)) return [];
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim().length > 0);
    const events: Array<Record<string, unknown>> = [];
    for (const [i, line] of lines.entries()) {
      try {
        events.push(JSON.parse(line) as Record<string, unknown>);
      } catch (cause) {
        // A torn last line is a write the bus never acknowledged; anything earlier is corruption.
        if (i === lines.length - 1) continue;
        throw new LocalStackError(`${path} line ${i + 1} is not JSON: the data directory is damaged (move it away or start with --in-memory)`, { cause });
      }
    }
    return events;
  }
}

// ------------------------------------------------------------------------------------------ start

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
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
  const cleanups: Array<() => Promise<void> | void> = [];
  // Stop taking requests first, then let the pollers finish their batches, then the services under them.
  const stopAll = async () => {
    await Promise.all([close(apiServer), close(eventsServer)]);
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  try {
    // DynamoDB Local, persisted under the data directory or in memory.
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
    const rawDynamo = localClient(dynamo.endpoint);
    await ensureTable(rawDynamo, TABLE);
    const doc = documentClient(rawDynamo);
    const store = new AwardStore({ client: doc, tableName: TABLE, approvalConfig: DEFAULT_APPROVAL_CONFIG });

    // The SQS server with the stack's queues, each with its dead-letter queue and redrive policy.
    const sqsPort = await freePort();
    const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
    const sqsServer = await createSqsServer({
      port: sqsPort,
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
    cleanups.push(() => close(sqsServer));
    const sqsEndpoint = `http://127.0.0.1:${sqsPort}`;
    const queueUrl = (name: QueueName) => `${sqsEndpoint}/${ACCOUNT}/${QUEUES[name].name}`;
    const sqs = new SQSClient({ endpoint: sqsEndpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

    // The Lambda entry modules read their environment on import: point the SDK at the local services first.
    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SQS: sqsEndpoint,
      TABLE_NAME: TABLE,
      DISBURSEMENT_QUEUE_URL: queueUrl('disbursement'),
      DELIVERIES_MAX: String(QUEUES.disbursement.maxReceiveCount),
      SWEEP_GRACE_SECONDS: process.env.AWARDS_SWEEP_GRACE_SECONDS ?? '60',
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    });
    const intake = (await import('../../functions/award-intake/handler')).handler as unknown as SqsHandler;
    const disburse = (await import('../../functions/disburse/handler')).handler as unknown as SqsHandler;
    const api = (await import('../../functions/api/handler')).handler as unknown as (e: unknown, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;
    const sweeper = (await import('../../functions/disburse/sweeper-handler')).handler as unknown as (e: unknown, c: Context) => Promise<{ swept: number }>;

    // A new store gets the default budgets of the current fiscal year.
    const year = fiscalYearOf(new Date());
    for (const [jurisdiction, allocatedFen] of DEFAULT_BUDGETS) {
      const budget = await store.getBudget(jurisdiction, year);
      if (budget.version === 0) {
        await store.setAllocation({ user: 'local-setup', groups: [`budget-admin:${jurisdiction}`] }, { jurisdiction, fiscalYear: year, allocatedFen });
        log(`budget ${jurisdiction} ${year}: allocated ${formatYuan(allocatedFen)}`);
      }
    }

    // Pollers: Lambda's SQS event source mapping, per queue, up to its maximum concurrency.
    let stopping = false;
    const inFlight = new Set<Promise<void>>();
    const poll = async (name: QueueName, handler: SqsHandler) => {
      const spec = QUEUES[name];
      while (!stopping) {
        let messages: Message[] = [];
        try {
          const out = await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: queueUrl(name),
              MaxNumberOfMessages: Math.min(spec.batchSize, 10),
              WaitTimeSeconds: 1,
              VisibilityTimeout: spec.visibilityTimeoutSeconds,
              MessageSystemAttributeNames: ['All'],
            }),
          );
          messages = out.Messages ?? [];
        } catch (error) {
          if (stopping) return;
          log(`poller ${name}: ${(error as Error).message}`);
          await new Promise((resolve) => setTimeout(resolve, 500));
          continue;
        }
        if (messages.length === 0) continue;
        const work = (async () => {
          const event: SQSEvent = {
            Records: messages.map((m) => ({
              messageId: m.MessageId ?? randomUUID(),
              receiptHandle: m.ReceiptHandle ?? '',
              body: m.Body ?? '',
              attributes: {
                ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
                SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
                SenderId: m.Attributes?.SenderId ?? ACCOUNT,
                ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
              },
              messageAttributes: {},
              md5OfBody: m.MD5OfBody ?? '',
              eventSource: 'aws:sqs',
              eventSourceARN: queueArn(spec.name),
              awsRegion: REGION,
            })),
          };
          let failed: Set<string>;
          try {
            const response = await handler(event, lambdaContext(name));
            failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
          } catch (error) {
            // A thrown invocation fails the whole batch: every message waits out its visibility timeout.
            log(`${name}: invocation failed: ${(error as Error).message}`);
            failed = new Set(event.Records.map((r) => r.messageId));
          }
          const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
          if (done.length > 0) {
            await sqs.send(
              new DeleteMessageBatchCommand({
                QueueUrl: queueUrl(name),
                Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
              }),
            );
          }
        })();
        inFlight.add(work);
        await work.finally(() => inFlight.delete(work));
      }
    };
    const pollers: Array<Promise<void>> = [];
    for (let i = 0; i < QUEUES.intake.maxConcurrency; i++) pollers.push(poll('intake', intake));
    for (let i = 0; i < QUEUES.disbursement.maxConcurrency; i++) pollers.push(poll('disbursement', disburse));
    cleanups.push(async () => {
      stopping = true;
      await Promise.allSettled([...inFlight, ...pollers]);
    });

    // The event journal and its replay.
    const journal = options.inMemory ? null : new Journal(join(options.dataDir, 'events.jsonl'));
    if (journal !== null) {
      cleanups.push(() => journal.close());
      let replayed = 0;
      for (const event of Journal.read(journal.path)) {
        const id = String(event.id);
        const quarantined = async () =>
          (await doc.send(new GetCommand({ TableName: TABLE, Key: keys.rejection(id), ConsistentRead: true }))).Item !== undefined;
        const accounted = (await store.getEventOutcome(id)) !== null || (await quarantined());
        if (accounted) continue;
        const route = routeOf({ source: event.source, detailType: event['detail-type'] });
        if (route === null) continue;
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(route.queue), MessageBody: JSON.stringify(event) }));
        replayed += 1;
      }
      if (replayed > 0) log(`replayed ${replayed} accepted event(s) that had not been recorded before the last stop`);
    }

    // The EventBridge endpoint: PutEvents in the JSON protocol the SDK speaks.
    eventsServer.on('request', (req, res) => {
      if (!ready) return;
      void (async () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        if (req.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
          return send(res, 400, JSON.stringify({ __type: 'UnknownOperationException', message: `only AWSEvents.PutEvents is served here, not '${target}'` }), { 'content-type': 'application/x-amz-json-1.1' });
        }
        let input: { Entries?: Array<Record<string, unknown>> };
        try {
          input = JSON.parse(await readBody(req, LIMITS.requestBytesMax)) as typeof input;
        } catch (error) {
          return send(res, 400, JSON.stringify({ __type: 'ValidationException', message: (error as Error).message }), { 'content-type': 'application/x-amz-json-1.1' });
        }
        const entries = input.Entries ?? [];
        if (entries.length === 0 || entries.length > LIMITS.putEventsEntriesMax) {
          return send(res, 400, JSON.stringify({ __type: 'ValidationException', message: `Entries must hold 1 to ${LIMITS.putEventsEntriesMax} events` }), { 'content-type': 'application/x-amz-json-1.1' });
        }
        const results: Array<Record<string, string>> = [];
        const accepted: Array<{ event: Record<string, unknown>; queue: QueueName | null }> = [];
        for (const entry of entries) {
          const detailText = entry.Detail;
          let detail: unknown;
          try {
            detail = typeof detailText === 'string' ? JSON.parse(detailText) : undefined;
          } catch {
            detail = undefined;
          }
          if (typeof entry.Source !== 'string' || typeof entry.DetailType !== 'string' || detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
            results.push({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Source, DetailType and a JSON object Detail are required' });
            continue;
          }
          const id = randomUUID();
          const time = typeof entry.Time === 'string' || entry.Time instanceof Date ? new Date(entry.Time as string).toISOString() : new Date().toISOString();
          const event = { 'version': '0', id, 'detail-type': entry.DetailType, 'source': entry.Source, 'account': ACCOUNT, time, 'region': REGION, 'resources': entry.Resources ?? [], detail };
          const route = routeOf({ source: entry.Source, detailType: entry.DetailType });
          if (route === null) log(`event ${id} (${entry.Source} ${entry.DetailType}) matches no rule: accepted and not delivered, as EventBridge does`);
          accepted.push({ event, queue: route?.queue ?? null });
          results.push({ EventId: id });
        }
        journal?.append(accepted.map((a) => a.event));
        for (const { event, queue } of accepted) {
          if (queue !== null) await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(queue), MessageBody: JSON.stringify(event) }));
        }
        const failedCount = results.filter((r) => r.ErrorCode !== undefined).length;
        send(res, 200, JSON.stringify({ FailedEntryCount: failedCount, Entries: results }), { 'content-type': 'application/x-amz-json-1.1' });
      })().catch((error: Error) => {
        log(`events endpoint: ${error.message}`);
        if (!res.headersSent) send(res, 500, JSON.stringify({ __type: 'InternalException', message: error.message }), { 'content-type': 'application/x-amz-json-1.1' });
      });
    });

    // The HTTP API as API Gateway presents it to the function.
    const routes = [...API_ROUTES, ...PUBLIC_ROUTES].map((routeKey) => {
      const [method, template] = routeKey.split(' ') as [string, string];
      const names: string[] = [];
      const pattern = new RegExp(`^${template.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`);
      return { routeKey, method, pattern, names, isPublic: (PUBLIC_ROUTES as readonly string[]).includes(routeKey) };
    });
    apiServer.on('request', (req, res) => {
      if (!ready) return;
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const route = routes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
        const error = (status: number, code: string, message: string) => send(res, status, JSON.stringify({ error: { code, message } }));
        if (route === undefined) return error(404, 'NOT_FOUND', `no route ${req.method} ${url.pathname}`);
        let claims: Record<string, unknown> | null = null;
        if (!route.isPublic) {
          const header = String(req.headers.authorization ?? '');
          const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
          if (token === undefined) return error(401, 'UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer <JWT>; `npx awards token` makes one)');
          try {
            claims = await verifyToken(token);
          } catch (e) {
            if (e instanceof InvalidTokenError) return error(401, 'UNAUTHENTICATED', e.message);
            throw e;
          }
        }
        const match = route.pattern.exec(url.pathname) ?? [];
        const pathParameters = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
        const query: Record<string, string> = {};
        for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
        const body = await readBody(req, LIMITS.apiBodyBytesMax);
        // API Gateway's JWT authorizer hands claims over as strings; an array claim becomes "[a b]".
        const flat = claims === null ? null : Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' ? JSON.stringify(v) : v]));
        const now = Date.now();
        const event = {
          version: '2.0',
          routeKey: route.routeKey,
          rawPath: url.pathname,
          rawQueryString: url.search.replace(/^\?/, ''),
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)])),
          ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
          ...(route.names.length > 0 ? { pathParameters } : {}),
          ...(body.length > 0 ? { body } : {}),
          isBase64Encoded: false,
          requestContext: {
            accountId: ACCOUNT,
            apiId: 'local',
            domainName: `127.0.0.1:${options.apiPort}`,
            domainPrefix: 'local',
            http: { method: req.method ?? 'GET', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: String(req.headers['user-agent'] ?? '') },
            requestId: randomUUID(),
            routeKey: route.routeKey,
            stage: '$default',
            time: new Date(now).toISOString(),
            timeEpoch: now,
            ...(flat === null ? {} : { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: flat, scopes: [] } } }),
          },
        };
        const response = await api(event, lambdaContext('api'));
        send(res, response.statusCode ?? 200, response.body ?? '', Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k, String(v)])));
      })().catch((error: Error) => {
        log(`api: ${error.message}`);
        if (!res.headersSent) send(res, 500, JSON.stringify({ error: { code: 'INTERNAL', message: error.message } }));
      });
    });

    // The sweeper, as its schedule would run it: once now (after a restart), then every minute.
    const sweep = async () => {
      try {
        const { swept } = await sweeper({}, lambdaContext('disburse-sweeper'));
        if (swept > 0) log(`re-queued ${swept} approved award(s) for payment`);
      } catch (error) {
        log(`sweeper: ${(error as Error).message}`);
      }
    };
    await sweep();
    const timer = setInterval(() => void sweep(), 60_000);
    cleanups.push(() => clearInterval(timer));

    ready = true;
    return { apiUrl: `http://127.0.0.1:${options.apiPort}`, eventsUrl: `http://127.0.0.1:${options.eventsPort}`, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
