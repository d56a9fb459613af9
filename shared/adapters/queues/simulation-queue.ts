/**
 * The `simulations` queue as the API and the simulation function send to it (SIMULATIONS_QUEUE_URL): one message per
 * step of a what-if, `{ simulationId, step }`. Locally the SDK is pointed at the local SQS (AWS_ENDPOINT_URL_SQS).
 */
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SimulationQueue } from '../../app/simulation';
import { SDK, requireEnv } from '../environment';

export function sqsSimulationQueue(client: Pick<SQSClient, 'send'>, queueUrl: string): SimulationQueue {
  return {
    async send(message) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
    },
  };
}

export function simulationQueueFromEnv(): SimulationQueue {
  return sqsSimulationQueue(new SQSClient(SDK), requireEnv('SIMULATIONS_QUEUE_URL'));
}
