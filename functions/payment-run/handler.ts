/** The Lambda entry of payment-run, built once at cold start. */
import { catalogJurisdictions } from '../../shared/domain/catalog';
import { CATALOG } from '../../shared/policies';
import { paymentFilesFromEnv } from '../../shared/adapters/files/payment-files';
import { dynamoClients, observability, storeFromEnv } from '../runtime';
import { createPaymentRun } from './app';

const obs = observability('payment-run');
const { doc } = dynamoClients();

export const handler = createPaymentRun({ ...obs, store: storeFromEnv(doc), files: paymentFilesFromEnv(), jurisdictions: catalogJurisdictions(CATALOG) });
