/** The Lambda entry of the simulation function, built once at cold start. */
import { CATALOG } from '../../shared/policies';
import { dynamoClients, observability, storeFromEnv } from '../runtime';
import { createSimulationHandler } from './app';
import { simulationQueueFromEnv } from './queue';

const obs = observability('simulation');
const { doc } = dynamoClients();

export const handler = createSimulationHandler({ ...obs, store: storeFromEnv(doc), catalog: CATALOG, queue: simulationQueueFromEnv() });
