/** The Lambda entry of award-intake: its dependencies are built once, at cold start, from the environment. */
import { catalogWithRulesOff, rulesOffFrom } from '../../shared/policies';
import { dynamoClients, observability, personKeyFromEnv, storeFromEnv } from '../runtime';
import { createHandler } from './app';

/** The catalog as this deployment pays it (AWARDS_RULES_OFF: rules it does not pay through the pipeline, ADR 002). */
const catalog = catalogWithRulesOff(rulesOffFrom(process.env.AWARDS_RULES_OFF));

const obs = observability('award-intake');
const { doc } = dynamoClients();

export const handler = createHandler({ ...obs, store: storeFromEnv(doc), catalog, personKey: await personKeyFromEnv() });
