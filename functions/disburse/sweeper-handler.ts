/** The Lambda entry of disburse-sweeper, built once at cold start. */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { CATALOG } from '../../shared/policies';
import { dynamoClients, observability, requireEnv, sqsClient, storeFromEnv } from '../runtime';
import { createSweeper } from './sweeper';

const obs = observability('disburse-sweeper');
const { doc } = dynamoClients(obs.tracer);
const sqs = sqsClient(obs.tracer);
const queueUrl = requireEnv('DISBURSEMENT_QUEUE_URL');

export const handler = createSweeper({
  ...obs,
  store: storeFromEnv(doc),
  jurisdictions: [...new Set(CATALOG.policies.map((p) => p.jurisdiction))].sort(),
  graceMs: Number(requireEnv('SWEEP_GRACE_SECONDS')) * 1_000,
  enqueue: async (awardId) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ awardId }) }));
  },
});
