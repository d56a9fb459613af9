/** The Lambda entry of the HTTP API, built once at cold start. */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { CATALOG } from '../../shared/policies';
import { dynamoClients, observability, requireEnv, sqsClient, storeFromEnv } from '../runtime';
import { createHandler } from './app';

const obs = observability('api');
const { doc } = dynamoClients(obs.tracer);
const sqs = sqsClient(obs.tracer);
const queueUrl = requireEnv('DISBURSEMENT_QUEUE_URL');

export const handler = createHandler({
  ...obs,
  store: storeFromEnv(doc),
  catalog: CATALOG,
  enqueueDisbursement: async (awardId) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ awardId }) }));
  },
});
