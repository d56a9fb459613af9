/**
 * The HTTP API (CONTRACT.md §3) as one function behind API Gateway's HTTP API with a JWT authorizer (ADR 004).
 * It reads the caller from the JWT claims and hands the request to its route (finance-routes.ts, audit-routes.ts),
 * which validates input with zod and asks the pure authorization and the store; every error answers the contract's
 * error shape, and every 5xx is counted.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ContentionError, CursorError, withDeadline } from '../../shared/store/store';
import type { ApiDeps } from './deps';
import { type Event, type Handler, HttpError, type Response, errorResponse, json, principalOf } from './http';
import { auditRoutes } from './audit-routes';
import { financeRoutes } from './finance-routes';
import { API_ROUTES, type ApiRoute, type PublicRoute, type RouteGroup, isPublicRoute, routeGroupOf } from '../../shared/contract/routes';
import type { AnyRoute } from '../../shared/contract';
import { type OffContract, answerCheckMode, checkedAnswer } from './answer-check';
import { LIMITS } from '../../shared/limits';
import { DependencyUnavailableError } from '../../shared/adapters/environment';

export { groupsOf, principalOf } from './http';

type Routes = Partial<Record<ApiRoute, Handler>>;

/**
 * The route modules, by the group the route table puts each route in (shared/contract/routes.ts). Finance's and the
 * auditors' every-minute routes (the queue, an award, a decision, the ledger) are loaded with the function; the others
 * (payments and bank files, controls, reports, digests, evidence, what-if) are chunks of their own, loaded by the first
 * request that needs them, so a cold start does not parse what most invocations never run (issue 24, ADR 024).
 */
export const GROUPS: Record<RouteGroup, (deps: ApiDeps) => Routes | Promise<Routes>> = {
  finance: financeRoutes,
  audit: auditRoutes,
  payments: async (deps) => (await import('./later')).paymentRoutes(deps),
  controls: async (deps) => (await import('./later')).controlsRoutes(deps),
  reports: async (deps) => (await import('./later')).reportRoutes(deps),
  digests: async (deps) => (await import('./later')).digestRoutes(deps),
  evidence: async (deps) => (await import('./later')).evidenceRoutes(deps),
  simulations: async (deps) => (await import('./later')).simulationRoutes(deps),
};

/** Each group's handlers, built once, on the first request of the group (a failed load is tried again next time). */
function routeGroups(deps: ApiDeps): (route: ApiRoute) => Promise<Handler> {
  const built = new Map<RouteGroup, Promise<Routes>>();
  return async (route) => {
    const group = routeGroupOf(route);
    let routes = built.get(group);
    if (routes === undefined) {
      routes = Promise.resolve(GROUPS[group](deps));
      built.set(group, routes);
      routes.catch(() => built.delete(group));
    }
    const handler = (await routes)[route];
    // The route table and the modules agree on every route (test/unit/cold-start.test.ts); this holds it in code too.
    if (handler === undefined) throw new Error(`the ${group} routes do not answer ${route}`);
    return handler;
  };
}

export function createRouter(deps: ApiDeps) {
  const handlerOf = routeGroups(deps);

  const publicAnswers: Record<PublicRoute, () => Response | Promise<Response>> = {
    'GET /health': () => json(200, { status: 'ok' }),
    // Generated on request, with the other routes loaded later (later.ts): not a cold start's work (issue 24).
    'GET /openapi.json': async () => json(200, (await import('./later')).openApiDocument(), { 'cache-control': 'public, max-age=300' }),
  };

  async function answer(event: Event): Promise<Response> {
    try {
      if (isPublicRoute(event.routeKey)) return await publicAnswers[event.routeKey]();
      if (!(API_ROUTES as readonly string[]).includes(event.routeKey)) return errorResponse('NOT_FOUND', `no route ${event.routeKey}`);
      // Before any lookup, and never echoed: an id of 5,000 characters came back whole in a 404 (review of issue 23, L5).
      const tooLong = Object.entries(event.pathParameters ?? {}).find(([, v]) => (v ?? '').length > LIMITS.api.pathParameterCharsMax);
      if (tooLong !== undefined) return errorResponse('VALIDATION', `${tooLong[0]} is longer than ${LIMITS.api.pathParameterCharsMax} characters`);
      const handler = await handlerOf(event.routeKey as ApiRoute);
      return await handler(event, principalOf(event));
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error.code, error.message);
      if (error instanceof CursorError) return errorResponse('VALIDATION', `cursor: ${error.message}`);
      if (error instanceof ContentionError) {
        deps.logger.error('lost races past the retry budget', { error });
        deps.metrics.addMetric('ContentionExhausted', MetricUnit.Count, 1);
        return errorResponse('UNAVAILABLE', 'too many concurrent changes to this ledger; retry shortly');
      }
      if (error instanceof DependencyUnavailableError) {
        deps.logger.error('a dependency is unavailable', { error });
        return errorResponse('UNAVAILABLE', error.publicMessage);
      }
      deps.logger.error('unhandled error', { error: error as Error });
      return json(500, { error: { code: 'INTERNAL', message: 'internal error' } });
    }
  }

  /** Every 5xx is counted, caught or not: a caught error is still an error, and an alarm watches the count. */
  const mode = answerCheckMode();
  const offContract: OffContract = (found) => {
    deps.logger.warn('an answer breaks the contract', found);
    deps.metrics.addMetric('AnswersOffContract', MetricUnit.Count, 1);
  };
  return async function route(event: Event): Promise<Response> {
    const answered = await answer(event);
    const known = isPublicRoute(event.routeKey) || (API_ROUTES as readonly string[]).includes(event.routeKey);
    const response = known ? checkedAnswer(event.routeKey as AnyRoute, answered, mode, offContract) : answered;
    if ((response.statusCode ?? 200) >= 500) deps.metrics.addMetric('ServerErrors', MetricUnit.Count, 1);
    return response;
  };
}

export function createHandler(deps: ApiDeps) {
  const route = createRouter(deps);
  const base = async (event: Event, context: Context): Promise<Response> => {
    deps.logger.appendKeys({ correlation_id: event.requestContext.requestId });
    deps.metrics.addMetric('ApiRequests', MetricUnit.Count, 1);
    try {
      // The store's retries end before the invocation does (ADR 008).
      return await withDeadline(context.getRemainingTimeInMillis(), () => route(event));
    } finally {
      deps.logger.removeKeys(['correlation_id']);
    }
  };
  return middy(base)
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics));
}
