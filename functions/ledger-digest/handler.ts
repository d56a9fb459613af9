/** The Lambda entry of ledger-digest, built once at cold start. */
import { catalogJurisdictions } from '../../shared/domain/catalog';
import { CATALOG } from '../../shared/policies';
import { digestsFromEnv } from '../../shared/adapters/digests/from-env';
import { dynamoClients, observability, storeFromEnv } from '../runtime';
import { createLedgerDigest } from './app';

const obs = observability('ledger-digest');
const { doc } = dynamoClients();

export const handler = createLedgerDigest({ ...obs, store: storeFromEnv(doc), digests: await digestsFromEnv(), jurisdictions: catalogJurisdictions(CATALOG) });
