/** The Lambda entry of disburse, built once at cold start. The rail is the simulated one until finance's is wired. */
import { SimulatedPaymentRail } from '../../shared/app/payment-rail';
import { dynamoClients, observability, requireEnv, storeFromEnv } from '../runtime';
import { createHandler } from './app';

const obs = observability('disburse');
const { doc } = dynamoClients();

export const handler = createHandler({
  ...obs,
  store: storeFromEnv(doc),
  rail: new SimulatedPaymentRail(),
  deliveriesMax: Number(requireEnv('DELIVERIES_MAX')),
});
