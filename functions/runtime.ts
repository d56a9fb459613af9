/**
 * What every function builds once per cold start, from its environment: the DynamoDB and SQS clients, the store,
 * and Powertools' logger and metrics (traces: Lambda's active tracing, ADR 008). The same code runs in Lambda and under the local stack, which points
 * the SDK at local endpoints with AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_SQS.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
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
}

export function observability(serviceName: string): Observability {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: 'AwardPipeline', serviceName }),
  };
}

/** Every SDK request has a timeout and a bounded number of attempts (STYLE 11). */
const SDK = {
  maxAttempts: LIMITS.sdk.attemptsMax,
  requestHandler: { requestTimeout: LIMITS.sdk.requestTimeoutMs, connectionTimeout: LIMITS.sdk.connectionTimeoutMs },
} as const;

export function dynamoClients(): { client: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const client = new DynamoDBClient(SDK);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, doc };
}

export function sqsClient(): SQSClient {
  return new SQSClient(SDK);
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
