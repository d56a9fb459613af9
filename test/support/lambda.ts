/** Real Lambda event shapes for handler tests: SQS records and API Gateway HTTP API v2 requests with JWT claims. */
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Observability } from '../../functions/runtime';
import { lambdaContext as localLambdaContext } from '../../infra/local/stack';
import type { Principal } from '../../shared/domain/authz';

export const SAMPLES = join(import.meta.dirname, '../../events/samples');

export function sampleTexts(dir = SAMPLES): Array<{ name: string; text: string }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

export function sqsRecord(body: string, options: { messageId?: string; receiveCount?: number } = {}): SQSRecord {
  return {
    messageId: options.messageId ?? randomUUID(),
    receiptHandle: `handle-${randomUUID()}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: String(Date.now()),
      SenderId: 'AROAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: 'not-checked',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:cn-north-1:111122223333:intake',
    awsRegion: 'cn-north-1',
  };
}

export const sqsEvent = (records: SQSRecord[]): SQSEvent => ({ Records: records });

export const lambdaContext = (name = 'test'): Context => localLambdaContext(name);

export function quietObservability(): Observability {
  return {
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'AwardPipelineTest', serviceName: 'test' }),
  };
}

export interface ApiRequest {
  routeKey: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  principal?: Principal | null;
}

/** An HTTP API v2 event as API Gateway hands it over after its JWT authorizer (groups flattened as "[a b]"). */
export function apiEvent(request: ApiRequest): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method = 'GET', pathTemplate = '/'] = request.routeKey.split(' ');
  const rawPath = pathTemplate.replace(/\{(\w+)\}/g, (_, name: string) => request.pathParameters?.[name] ?? '');
  const principal = request.principal === undefined ? null : request.principal;
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: request.routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(request.query ?? {}).toString(),
    headers: { 'content-type': 'application/json' },
    ...(request.query ? { queryStringParameters: request.query } : {}),
    ...(request.pathParameters ? { pathParameters: request.pathParameters } : {}),
    ...(request.body === undefined ? {} : { body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body) }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '111122223333',
      apiId: 'api',
      domainName: 'api.example',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: request.routeKey,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      authorizer: principal === null
        ? (undefined as never)
        : {
            principalId: '',
            integrationLatency: 0,
            jwt: { claims: { 'sub': principal.user, 'cognito:groups': `[${principal.groups.join(' ')}]` }, scopes: [] },
          },
    },
  };
}
