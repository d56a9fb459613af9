/**
 * Signed digests (ADR 012): the auditor lists them per jurisdiction and has the ledger signed now; anyone signed in
 * reads the public key(s) that verify them. Verification itself runs where the verifier is (`awards verify --digests`,
 * the console), so it trusts nothing this API says but the signatures.
 */
import * as z from 'zod';
import { catalogJurisdictions } from '../../shared/domain/catalog';
import { signDigests } from '../../shared/digests/run';
import type { ApiDeps } from './app';
import type { Handler } from './finance-routes';
import { HttpError, allow, json, parse } from './http';
import type { ApiRoute } from './routes';
import { schemas } from './schemas';

export type DigestRoute = Extract<ApiRoute, `${string} /ledger/digest${string}`>;

const DIGESTS_PAGE_MAX = 50;
const digestsQuery = () => z.strictObject({
  jurisdiction: schemas.jurisdiction,
  limit: z.coerce.number().int().min(1).max(DIGESTS_PAGE_MAX).optional(),
  cursor: z.string().max(400).regex(/^[A-Za-z0-9_=+/.-]+$/, { error: 'is not a cursor this API returned' }).optional(),
});

export function digestRoutes(deps: ApiDeps): Record<DigestRoute, Handler> {
  const { signer, log } = deps.digests;
  return {
    'GET /ledger/digests': async (event, principal) => {
      allow(principal, { kind: 'read-ledger' });
      const q = parse(digestsQuery(), event.queryStringParameters ?? {}, 'query');
      try {
        const page = await log.list(q.jurisdiction, { cursor: q.cursor ?? null, limit: q.limit ?? 20 });
        return json(200, { items: page.items, cursor: page.cursor });
      } catch (error) {
        if (error instanceof RangeError) throw new HttpError('VALIDATION', `cursor: ${error.message}`);
        throw error;
      }
    },
    'POST /ledger/digests': async (_event, principal) => {
      allow(principal, { kind: 'read-ledger' });
      const runs = await signDigests(deps.store.core, { signer, log }, catalogJurisdictions(deps.catalog), { now: new Date() });
      return json(200, { runs });
    },
    'GET /ledger/digest-key': async () => json(200, { keys: await signer.publicKeys() }),
  };
}
