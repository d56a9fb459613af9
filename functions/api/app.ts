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
import { digestRoutes } from './digest-routes';
import { evidenceRoutes } from './evidence-routes';
import { simulationRoutes } from './simulation-routes';
import { paymentRoutes } from './payment-routes';
import { controlsRoutes } from './controls-routes';
import { reportRoutes } from './report-routes';
import { financeRoutes } from './finance-routes';
import { API_ROUTES, type ApiRoute, type PublicRoute, isPublicRoute } from '../../shared/contract/routes';
import { type AnyRoute, openApiDocument } from '../../shared/contract';
import { type OffContract, answerCheckMode, checkedAnswer } from './answer-check';
import { LIMITS } from '../../shared/limits';

export { groupsOf, principalOf } from './http';

export function createRouter(deps: ApiDeps) {
  const routes: Record<ApiRoute, Handler> = {
    ...financeRoutes(deps), ...auditRoutes(deps), ...paymentRoutes(deps), ...digestRoutes(deps), ...evidenceRoutes(deps), ...simulationRoutes(deps),
    ...controlsRoutes(deps), ...reportRoutes(deps),
  };

  const publicAnswers: Record<PublicRoute, () => Response> = {
    'GET /health': () => json(200, { status: 'ok' }),
    'GET /openapi.json': () => json(200, openApiDocument(), { 'cache-control': 'public, max-age=300' }),
  };

  async function answer(event: Event): Promise<Response> {
    try {
      if (isPublicRoute(event.routeKey)) return publicAnswers[event.routeKey]();
      const handler = (API_ROUTES as readonly string[]).includes(event.routeKey) ? routes[event.routeKey as ApiRoute] : undefined;
      if (handler === undefined) return errorResponse('NOT_FOUND', `no route ${event.routeKey}`);
      // Before any lookup, and never echoed: an id of 5,000 characters came back whole in a 404 (review of issue 23, L5).
      const tooLong = Object.entries(event.pathParameters ?? {}).find(([, v]) => (v ?? '').length > LIMITS.api.pathParameterCharsMax);
      if (tooLong !== undefined) return errorResponse('VALIDATION', `${tooLong[0]} is longer than ${LIMITS.api.pathParameterCharsMax} characters`);
      return await handler(event, principalOf(event));
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error.code, error.message);
      if (error instanceof CursorError) return errorResponse('VALIDATION', `cursor: ${error.message}`);
      if (error instanceof ContentionError) {
        deps.logger.error('lost races past the retry budget', { error });
        deps.metrics.addMetric('ContentionExhausted', MetricUnit.Count, 1);
        return errorResponse('UNAVAILABLE', 'too many concurrent changes to this ledger; retry shortly');
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
