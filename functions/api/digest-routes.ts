/**
 * Signed digests (ADR 012): the auditor lists them per jurisdiction and has the ledger signed now; anyone signed in
 * reads the public key(s) that verify them and the period they are signed on. Verification itself runs where the
 * verifier is (`awards verify --digests`, the console), so it trusts nothing this API says but the signatures. The API
 * never signs: "sign now" runs the ledger-digest function and answers what it signed, so that function's role is the
 * only one that may use the key (in AWS a synchronous Lambda Invoke; on this machine the local stack's Lambda endpoint).
 */
import { LOCAL_DIGEST_PERIOD_SECONDS } from '../../shared/adapters/digests/node-digest';
import type { ApiDeps } from './deps';
import { type Handler, HttpError, allow, json, parse } from './http';
import { moreSchemas } from '../../shared/contract/requests';
import type { DigestRoute } from '../../shared/contract/routes';
import type { DigestRun } from '../../shared/app/digests/run';
import type { Exact } from '../../shared/contract/common';
import type { DigestRunAnswer } from '../../shared/contract/answers/digests';

export function digestRoutes(deps: ApiDeps): Record<DigestRoute, Handler> {
  const { signer, log, signNow, periodSeconds = LOCAL_DIGEST_PERIOD_SECONDS } = deps.digests;
  return {
    'GET /ledger/digests': async (event, principal) => {
      allow(principal, { kind: 'read-ledger' });
      const q = parse(moreSchemas.digestsQuery, event.queryStringParameters ?? {}, 'query');
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
      if (signNow === undefined) throw new HttpError('UNAVAILABLE', 'this deployment cannot have the ledger signed on demand; the schedule signs it');
      return json(200, { runs: await signNow() });
    },
    'GET /ledger/digest-key': async () => json(200, { keys: await signer.publicKeys(), periodSeconds }),
  };
}

// What POST /ledger/digests answers is the contract's (shared/contract/answers/digests.ts), field for field, but for a
// refused bookmark's `lastSeq`: NaN when the table held no number, which JSON writes as null. Proved here, where the
// digest run's type loads (the contract is also the browser's). One side changed alone fails to compile.
type RunAsJson = Omit<DigestRun, 'bookmarkRefused'> & {
  readonly bookmarkRefused: (Omit<NonNullable<DigestRun['bookmarkRefused']>, 'lastSeq'> & { readonly lastSeq: number | null }) | null;
};
const _answerIsTheContracts: Exact<DigestRunAnswer, RunAsJson> = true;
