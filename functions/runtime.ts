/**
 * What every function builds once per cold start, from its environment: the DynamoDB client, the store, the person
 * key (ADR 009), where payment files live, and Powertools' logger and metrics (traces: Lambda's active tracing, ADR 008).
 * The same code runs in Lambda and under the local stack, which points
 * the SDK at local endpoints (AWS_ENDPOINT_URL_DYNAMODB) and payments at a directory (PAYMENTS_DIR).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readFile } from 'node:fs/promises';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DEFAULT_APPROVAL_CONFIG } from '../shared/domain/approval';
import { controlsFromEnv } from '../shared/controls-config';
import { PersonKey, redactIdNumbers } from '../shared/domain/person';
import { IDENTIFIERS } from '../shared/domain/redaction';
import { AwardStore } from '../shared/store/store';
import { ConfigurationError, SDK, requireEnv } from '../shared/adapters/environment';

export { ConfigurationError, SDK, requireEnv } from '../shared/adapters/environment';

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * Every string a log line holds passes here as it is serialised (error messages and stacks included): an identity
 * number in it is masked, whoever wrote it (an upstream name, a bank's reason, a validator's message). Identifiers and
 * hashes are left as they are (shared/domain/redaction.ts).
 */
export function redactingReplacer(key: string, value: unknown): unknown {
  return typeof value === 'string' && !IDENTIFIERS.has(key) ? redactIdNumbers(value) : value;
}

export function observability(serviceName: string): Observability {
  return {
    logger: new Logger({ serviceName, jsonReplacerFn: redactingReplacer }),
    metrics: new Metrics({ namespace: 'AwardPipeline', serviceName }),
  };
}

export function dynamoClients(): { client: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const client = new DynamoDBClient(SDK);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, doc };
}

export function storeFromEnv(doc: DynamoDBDocumentClient): AwardStore {
  return new AwardStore({ client: doc, tableName: requireEnv('TABLE_NAME'), approvalConfig: DEFAULT_APPROVAL_CONFIG, controls: controlsFromEnv() });
}

/**
 * The deployment secret that keys a person's id (shared/domain/person.ts, ADR 009), read once per cold start: from
 * AWS Secrets Manager (PERSON_KEY_SECRET_ARN) in the stack, from a file (PERSON_KEY_FILE) under the local stack.
 * The Secrets Manager client is loaded here, when it is asked for: a function that needs no person key (payment-run,
 * bank-inbound, the sweeper) no longer loads it at every cold start (ADR 022).
 */
export async function personKeyFromEnv(): Promise<PersonKey> {
  const file = process.env.PERSON_KEY_FILE;
  if (file !== undefined && file !== '') return new PersonKey(Buffer.from((await readFile(file, 'utf8')).trim(), 'utf8'));
  const secretId = requireEnv('PERSON_KEY_SECRET_ARN');
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient(SDK);
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (out.SecretString === undefined) throw new ConfigurationError(`secret ${secretId} holds no string`);
  return new PersonKey(Buffer.from(out.SecretString, 'utf8'));
}
