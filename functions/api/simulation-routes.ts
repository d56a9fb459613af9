/** What-if simulations (CONTRACT §3, version 2): replay the facts of a period under a draft catalog. */
import type { ApiDeps } from './app';
import type { Handler } from './finance-routes';
import { HttpError } from './http';
import type { ApiRoute } from './routes';

export type SimulationRoute = Extract<ApiRoute, `${string} /simulations${string}`>;

export function simulationRoutes(_deps: ApiDeps): Record<SimulationRoute, Handler> {
  const pending = async () => {
    throw new HttpError('UNAVAILABLE', 'what-if is being built');
  };
  return { 'POST /simulations': pending, 'GET /simulations/{simulationId}': pending };
}
