/** The Lambda entry of the HTTP API, built once at cold start. */
import { CATALOG } from '../../shared/policies';
import { apiDigestsFromEnv } from '../digests';
import { paymentFilesFromEnv } from '../payment-files';
import { dynamoClients, observability, personKeyFromEnv, storeFromEnv } from '../runtime';
import { simulationQueueFromEnv } from '../simulation/queue';
import { createHandler } from './app';

const obs = observability('api');
const { doc } = dynamoClients();

export const handler = createHandler({
  ...obs,
  store: storeFromEnv(doc),
  catalog: CATALOG, personKey: await personKeyFromEnv(),
  paymentFiles: paymentFilesFromEnv(),
  digests: await apiDigestsFromEnv(),
  simulations: simulationQueueFromEnv(),
});
