/** The Lambda entry of budget-sweeper, built once at cold start. */
import { catalogJurisdictions } from '../../shared/domain/catalog';
import { CATALOG } from '../../shared/policies';
import { dynamoClients, observability, storeFromEnv } from '../runtime';
import { createBudgetSweeper } from './app';

const obs = observability('budget-sweeper');
const { doc } = dynamoClients();

export const handler = createBudgetSweeper({ ...obs, store: storeFromEnv(doc), jurisdictions: catalogJurisdictions(CATALOG) });
