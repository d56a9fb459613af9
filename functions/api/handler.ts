/** The Lambda entry of the HTTP API, built once at cold start. */
import { catalogWithRulesOff, rulesOffFrom } from '../../shared/policies';
import { apiDigestsFromEnv } from '../../shared/adapters/digests/from-env';
import { paymentFilesFromEnv } from '../../shared/adapters/files/payment-files';
import { dynamoClients, observability, personKeyFromEnv, storeFromEnv } from '../runtime';
import { simulationQueueFromEnv } from '../../shared/adapters/queues/simulation-queue';
import { createHandler } from './app';
import { sealCursorsWith } from '../../shared/store/store';

/** The catalog as this deployment pays it (AWARDS_RULES_OFF: rules it does not pay through the pipeline, ADR 002). */
const catalog = catalogWithRulesOff(rulesOffFrom(process.env.AWARDS_RULES_OFF));

const obs = observability('api');
const { doc } = dynamoClients();

const personKey = await personKeyFromEnv();
// Every instance seals and opens the cursors it hands out with the same key (attack review of issue 23, M1).
sealCursorsWith(personKey.derivedKey('cursors-v1'));

export const handler = createHandler({
  ...obs,
  store: storeFromEnv(doc),
  catalog, personKey,
  paymentFiles: paymentFilesFromEnv(),
  digests: await apiDigestsFromEnv(),
  simulations: simulationQueueFromEnv(),
});
