/** The Lambda entry of award-intake: its dependencies are built once, at cold start, from the environment. */
import { CATALOG } from '../../shared/policies';
import { dynamoClients, observability, personKeyFromEnv, storeFromEnv } from '../runtime';
import { createHandler } from './app';

const obs = observability('award-intake');
const { doc } = dynamoClients();

export const handler = createHandler({ ...obs, store: storeFromEnv(doc), catalog: CATALOG, personKey: await personKeyFromEnv() });
