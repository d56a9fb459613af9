/**
 * The HTTP API (CONTRACT.md §3) as one function behind API Gateway's HTTP API with a JWT authorizer (ADR 004).
 * It reads the caller from the JWT claims, validates input with zod, asks the pure authorization and the store,
 * and answers JSON (or CSV for the ledger) with the contract's error shape.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Award } from '../../shared/domain/awards';
import { type Principal, readableJurisdictions } from '../../shared/domain/authz';
import { type Catalog, catalogJurisdictions } from '../../shared/domain/catalog';
import type { LedgerEntry } from '../../shared/domain/ledger';
import { type AwardStore, type BudgetState, ContentionError, CursorError, type VerifyProgress, withDeadline } from '../../shared/store/store';
import type { Observability } from '../runtime';
import { type Event, HttpError, type Response, allow, body, errorResponse, json, parse, principalOf, unwrap } from './http';
import { API_ROUTES, type ApiRoute } from './routes';
import { schemas } from './schemas';

export { groupsOf, principalOf } from './http';

export interface ApiDeps extends Observability {
  readonly store: AwardStore;
  readonly catalog: Catalog;
  /** Sends a finally approved award to the disbursement queue. */
  readonly enqueueDisbursement: (awardId: string) => Promise<void>;
}

const CSV_COLUMNS = ['jurisdiction', 'seq', 'at', 'type', 'fiscalYear', 'awardId', 'uscc', 'amountFen', 'statusAfter', 'actor', 'eventId', 'postings', 'note', 'prevHash', 'hash'] as const;

/** One CSV cell: quoted where needed, and a text a spreadsheet would run as a formula made inert. */
function csvCell(value: unknown): string {
  const raw = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const text = /^[=+@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function ledgerCsv(entries: readonly LedgerEntry[]): string {
  const rows = entries.map((e) => CSV_COLUMNS.map((c) => csvCell(c === 'postings' ? e.postings.map((p) => `${p.account}:${p.deltaFen}`).join(' ') : e[c])).join(','));
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

/** A verification step as the API answers it: CONTRACT §3's `{ ok, entries, head }` once a chain is done. */
function verification(progress: VerifyProgress, jurisdiction: string | undefined) {
  const complete = progress.cursor === null;
  if (jurisdiction !== undefined) {
    const [done] = progress.finished;
    if (done !== undefined) return { ...done, complete, cursor: progress.cursor };
    return { jurisdiction, ok: true, entries: progress.current?.entries ?? 0, head: progress.current?.head, complete, cursor: progress.cursor };
  }
  const entries = progress.finished.reduce((n, r) => n + r.entries, 0);
  return { ok: progress.ok, entries, jurisdictions: progress.finished, current: progress.current, complete, cursor: progress.cursor };
}

export function createRouter(deps: ApiDeps) {
  const { store, catalog } = deps;

  async function readableAward(principal: Principal, awardId: string): Promise<Award> {
    const award = await store.getAward(awardId);
    if (award === null) throw new HttpError('NOT_FOUND', `no award ${awardId}`);
    allow(principal, { kind: 'read-award', jurisdiction: award.jurisdiction });
    return award;
  }

  async function afterDecision(award: Award): Promise<void> {
    if (award.status === 'APPROVED') await deps.enqueueDisbursement(award.awardId);
  }

  const routes: Record<ApiRoute, (event: Event, principal: Principal) => Promise<Response>> = {
    'GET /awards': async (event, principal) => {
      const q = parse(schemas.awardsQuery, event.queryStringParameters ?? {}, 'query');
      const readable = readableJurisdictions(principal);
      const mine = readable === 'all' ? catalogJurisdictions(catalog) : readable;
      if (mine.length === 0) throw new HttpError('FORBIDDEN', 'listing awards needs an approver, officer or auditor group');
      if (q.jurisdiction !== undefined && readable !== 'all' && !mine.includes(q.jurisdiction)) {
        throw new HttpError('FORBIDDEN', `reading awards of ${q.jurisdiction} needs approver:${q.jurisdiction}, officer:${q.jurisdiction} or auditor`);
      }
      const jurisdictions = q.jurisdiction !== undefined ? [q.jurisdiction] : mine;
      const page = await store.listAwards({ jurisdictions, status: q.status, uscc: q.uscc, reference: q.reference, limit: q.limit, cursor: q.cursor ?? null });
      return json(200, { items: page.items, cursor: page.cursor });
    },
    'GET /awards/{awardId}': async (event, principal) => {
      const award = await readableAward(principal, event.pathParameters?.awardId ?? '');
      return json(200, { ...award, ledger: await store.entriesOfAward(award.awardId) });
    },
    'POST /awards/{awardId}/decisions': async (event, principal) => {
      const b = parse(schemas.decisionBody, body(event), 'body');
      const award = awardIdOf(event);
      const decided = unwrap(await store.decide(award, principal, { decision: b.decision, comment: b.comment?.trim() ?? '' }));
      await afterDecision(decided);
      deps.metrics.addMetric(b.decision === 'approve' ? 'Approvals' : 'Rejections', MetricUnit.Count, 1);
      return json(200, decided);
    },
    'POST /awards/{awardId}/amount': async (event, principal) => {
      const b = parse(schemas.amountBody, body(event), 'body');
      return json(200, unwrap(await store.setAmount(awardIdOf(event), principal, b)));
    },
    'POST /awards/{awardId}/repayments': async (event, principal) => {
      const b = parse(schemas.repaymentBody, body(event), 'body');
      return json(200, unwrap(await store.recordRepayment(awardIdOf(event), principal, b)));
    },
    'POST /awards/{awardId}/payment-retry': async (event, principal) => {
      const retried = unwrap(await store.retryPayment(awardIdOf(event), principal));
      await afterDecision(retried);
      return json(200, retried);
    },
    'GET /ledger': async (event, principal) => {
      allow(principal, { kind: 'read-ledger' });
      const q = parse(schemas.ledgerQuery, event.queryStringParameters ?? {}, 'query');
      const jurisdictions = q.jurisdiction !== undefined ? [q.jurisdiction] : catalogJurisdictions(catalog);
      const page = await store.listLedger({ jurisdictions, uscc: q.uscc, from: q.from, to: q.to, limit: q.limit, cursor: q.cursor ?? null });
      if (q.format === 'csv') {
        // One page per request, as JSON: the next page's cursor travels in a header, beside the CSV.
        const headers = { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="ledger.csv"', ...(page.cursor ? { 'x-next-cursor': page.cursor } : {}) };
        return { statusCode: 200, headers, body: ledgerCsv(page.items) };
      }
      return json(200, { items: page.items, cursor: page.cursor });
    },
    'GET /ledger/verify': async (event, principal) => {
      allow(principal, { kind: 'read-ledger' });
      const q = parse(schemas.verifyQuery, event.queryStringParameters ?? {}, 'query');
      const jurisdictions = q.jurisdiction !== undefined ? [q.jurisdiction] : catalogJurisdictions(catalog);
      return json(200, verification(await store.verifyStep(jurisdictions, q.cursor ?? null), q.jurisdiction));
    },
    'GET /budgets/{jurisdiction}/{year}': async (event, principal) => {
      const j = parse(schemas.jurisdiction, event.pathParameters?.jurisdiction, 'jurisdiction');
      const year = parse(schemas.yearParam, event.pathParameters?.year, 'year');
      allow(principal, { kind: 'read-budget', jurisdiction: j });
      return json(200, budgetView(await store.getBudget(j, year)));
    },
    'PUT /budgets/{jurisdiction}/{year}': async (event, principal) => {
      const j = parse(schemas.jurisdiction, event.pathParameters?.jurisdiction, 'jurisdiction');
      const year = parse(schemas.yearParam, event.pathParameters?.year, 'year');
      const b = parse(schemas.budgetBody, body(event), 'body');
      return json(200, budgetView(unwrap(await store.setAllocation(principal, { jurisdiction: j, fiscalYear: year, allocatedFen: b.allocatedFen }))));
    },
    'GET /rejections': async (event, principal) => {
      allow(principal, { kind: 'read-rejections' });
      const q = parse(schemas.pageQuery, event.queryStringParameters ?? {}, 'query');
      const page = await store.listRejections({ limit: q.limit, cursor: q.cursor ?? null });
      return json(200, { items: page.items, cursor: page.cursor });
    },
    'GET /events/{eventId}': async (event, principal) => {
      allow(principal, { kind: 'read-rejections' });
      const eventId = event.pathParameters?.eventId ?? '';
      const outcome = await store.getEventOutcome(eventId);
      if (outcome?.kind === 'revocation') return json(200, { eventId, outcome, revocation: await store.getRevocation(eventId) });
      if (outcome !== null) return json(200, { eventId, outcome });
      const rejection = await store.getRejection(eventId);
      if (rejection !== null) return json(200, { eventId, outcome: { kind: 'rejected', eventId, reason: rejection.reason, receivedAt: rejection.receivedAt } });
      throw new HttpError('NOT_FOUND', `no outcome for event ${eventId} (not received, or not yet recorded)`);
    },
    'GET /revocations': async (event, principal) => {
      allow(principal, { kind: 'read-revocations' });
      const q = parse(schemas.revocationsQuery, event.queryStringParameters ?? {}, 'query');
      const page = await store.listRevocations({ state: q.state, limit: q.limit, cursor: q.cursor ?? null });
      return json(200, { items: page.items, cursor: page.cursor });
    },
    'GET /policies': async (_event, principal) => {
      allow(principal, { kind: 'read-policies' });
      return json(200, { policies: catalog.policies });
    },
  };

  /** The award id of a write route; the store answers NOT_FOUND (404) before it checks who may act (403). */
  const awardIdOf = (event: Event): string => event.pathParameters?.awardId ?? '';

  async function answer(event: Event): Promise<Response> {
    try {
      if (event.routeKey === 'GET /health') return json(200, { status: 'ok' });
      const handler = (API_ROUTES as readonly string[]).includes(event.routeKey) ? routes[event.routeKey as ApiRoute] : undefined;
      if (handler === undefined) return errorResponse('NOT_FOUND', `no route ${event.routeKey}`);
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
  return async function route(event: Event): Promise<Response> {
    const response = await answer(event);
    if ((response.statusCode ?? 200) >= 500) deps.metrics.addMetric('ServerErrors', MetricUnit.Count, 1);
    return response;
  };
}

function budgetView(b: BudgetState) {
  const { jurisdiction: j, fiscalYear, allocatedFen, reservedFen, disbursedFen, availableFen, receivableFen, waitingCount } = b;
  return { jurisdiction: j, fiscalYear, allocatedFen, reservedFen, disbursedFen, availableFen, clawbackReceivableFen: receivableFen, waitingCount };
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
