/**
 * What every function builds once per cold start, from its environment: the DynamoDB and SQS clients, the store,
 * and Powertools' logger, metrics and tracer. The same code runs in Lambda and under the local stack, which points
 * the SDK at local endpoints with AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_SQS.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DEFAULT_APPROVAL_CONFIG } from '../shared/domain/approval';
import { LIMITS } from '../shared/limits';
import { AwardStore } from '../shared/store/store';

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new ConfigurationError(`environment variable ${name} is not set`);
  return value;
}

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
}

export function observability(serviceName: string): Observability {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: 'AwardPipeline', serviceName }),
    tracer: new Tracer({ serviceName }),
  };
}

/** Every SDK request has a timeout and a bounded number of attempts (STYLE 11). */
const SDK = {
  maxAttempts: LIMITS.sdk.attemptsMax,
  requestHandler: { requestTimeout: LIMITS.sdk.requestTimeoutMs, connectionTimeout: LIMITS.sdk.connectionTimeoutMs },
} as const;

export function dynamoClients(tracer?: Tracer): { client: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const raw = new DynamoDBClient(SDK);
  const client = tracer ? tracer.captureAWSv3Client(raw) : raw;
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, doc };
}

export function sqsClient(tracer?: Tracer): SQSClient {
  const client = new SQSClient(SDK);
  return tracer ? tracer.captureAWSv3Client(client) : client;
}

export function storeFromEnv(doc: DynamoDBDocumentClient): AwardStore {
  return new AwardStore({ client: doc, tableName: requireEnv('TABLE_NAME'), approvalConfig: DEFAULT_APPROVAL_CONFIG });
}

/** Sends `{ awardId }` to the disbursement queue named by DISBURSEMENT_QUEUE_URL. */
export function disbursementEnqueuer(sqs: SQSClient): (awardId: string) => Promise<void> {
  const queueUrl = requireEnv('DISBURSEMENT_QUEUE_URL');
  return async (awardId) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ awardId }) }));
  };
}
