/** The Lambda entry of disburse-sweeper, built once at cold start. */
import { catalogJurisdictions } from '../../shared/domain/catalog';
import { CATALOG } from '../../shared/policies';
import { disbursementEnqueuer, dynamoClients, observability, requireEnv, sqsClient, storeFromEnv } from '../runtime';
import { createSweeper } from './sweeper';

const obs = observability('disburse-sweeper');
const { doc } = dynamoClients();

export const handler = createSweeper({
  ...obs,
  store: storeFromEnv(doc),
  jurisdictions: catalogJurisdictions(CATALOG),
  graceMs: Number(requireEnv('SWEEP_GRACE_SECONDS')) * 1_000,
  enqueue: disbursementEnqueuer(sqsClient()),
});
