/** The evidence pack of one award (CONTRACT §3, version 2): everything that justifies its payment, in one answer. */
import type { ApiDeps } from './app';
import type { Handler } from './finance-routes';
import { HttpError } from './http';
import type { ApiRoute } from './routes';

export type EvidenceRoute = Extract<ApiRoute, `${string}/evidence`>;

export function evidenceRoutes(_deps: ApiDeps): Record<EvidenceRoute, Handler> {
  return {
    'GET /awards/{awardId}/evidence': async () => {
      throw new HttpError('UNAVAILABLE', 'the evidence pack is being built');
    },
  };
}
