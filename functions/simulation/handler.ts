/** The Lambda entry of the simulation function, built once at cold start. */
import { catalogWithRulesOff, rulesOffFrom } from '../../shared/policies';
import { dynamoClients, observability, storeFromEnv } from '../runtime';
import { createSimulationHandler } from './app';
import { simulationQueueFromEnv } from '../../shared/adapters/queues/simulation-queue';

/** The catalog as this deployment pays it (AWARDS_RULES_OFF: rules it does not pay through the pipeline, ADR 002). */
const catalog = catalogWithRulesOff(rulesOffFrom(process.env.AWARDS_RULES_OFF));

const obs = observability('simulation');
const { doc } = dynamoClients();

export const handler = createSimulationHandler({ ...obs, store: storeFromEnv(doc), catalog, queue: simulationQueueFromEnv() });
