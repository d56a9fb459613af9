/**
 * The HTTP API (CONTRACT.md §3) as one function behind API Gateway's HTTP API with a JWT authorizer (ADR 004).
 * It reads the caller from the JWT claims, validates input with zod, asks the pure authorization and the store,
 * and answers JSON (or CSV for the ledger) with the contract's error shape.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { chinaDate } from '../../events/contracts';
import type { Award, Failure, FailureCode } from '../../shared/domain/awards';
import { type Action, type Principal, authorize, readableJurisdictions } from '../../shared/domain/authz';
import { type Catalog, catalogJurisdictions } from '../../shared/domain/catalog';
import type { LedgerEntry } from '../../shared/domain/ledger';
import { STATUSES } from '../../shared/domain/lifecycle';
import { REGION_CODE } from '../../shared/domain/region';
import { type AwardStore, type BudgetState, ContentionError, CursorError, REVOCATION_STATES, type Result } from '../../shared/store/store';
import type { Observability } from '../runtime';
import { API_ROUTES, type ApiRoute } from './routes';

export interface ApiDeps extends Observability {
  readonly store: AwardStore;
  readonly catalog: Catalog;
  /** Sends a finally approved award to the disbursement queue. */
  readonly enqueueDisbursement: (awardId: string) => Promise<void>;
}

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Response = APIGatewayProxyStructuredResultV2;

const LIMITS = { bodyBytesMax: 16 * 1024, ledgerEntriesMax: 10_000 } as const;

const STATUS_OF: Record<FailureCode | 'UNAUTHENTICATED' | 'PAYLOAD_TOO_LARGE' | 'UNAVAILABLE', number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
};

class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly code: keyof typeof STATUS_OF,
    message: string,
  ) {
    super(message);
  }
}

const json = (statusCode: number, body: unknown): Response => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});

const errorResponse = (code: keyof typeof STATUS_OF, message: string): Response => json(STATUS_OF[code], { error: { code, message } });

function unwrap<T>(result: Result<T> | Failure): T {
  if (!result.ok) throw new HttpError(result.code, result.message);
  return result.value;
}

function allow(principal: Principal, action: Action): void {
  const decision = authorize(principal, action);
  if (!decision.ok) throw new HttpError('FORBIDDEN', decision.reason);
}

/**
 * The caller, from the claims API Gateway's JWT authorizer verified. `cognito:groups` arrives as an array, or (HTTP
 * API's flattening of array claims) as one string "[a b c]". Cognito group names hold no white space, so that string
 * is split on spaces only, after its one outer pair of brackets: a name with a comma, bracket or quote in it stays one
 * (unknown) group and is never read as several roles.
 */
export function principalOf(event: Event): Principal {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (claims === undefined) throw new HttpError('UNAUTHENTICATED', 'a bearer token is required');
  const user = String(claims.sub ?? claims.username ?? '');
  if (user.length === 0) throw new HttpError('UNAUTHENTICATED', 'the token names no user (sub)');
  return { user, groups: groupsOf(claims['cognito:groups']) };
}

export function groupsOf(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === 'string');
  if (typeof raw !== 'string' || raw.length === 0) return [];
  const inner = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  return inner.split(' ').filter((g) => g.length > 0);
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError('VALIDATION', `${what}: ${result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
  }
  return result.data;
}

function body(event: Event): unknown {
  const text = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text, 'utf8') > LIMITS.bodyBytesMax) throw new HttpError('PAYLOAD_TOO_LARGE', `body is larger than ${LIMITS.bodyBytesMax} bytes`);
  if (text.trim() === '') throw new HttpError('VALIDATION', 'a JSON body is required');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError('VALIDATION', 'body is not valid JSON');
  }
}

const jurisdiction = z.string().regex(REGION_CODE, { error: 'must be a 6-digit division code' });
const fen = z.number({ error: 'must be a number of fen' }).int({ error: 'must be a whole number of fen' }).min(0).max(Number.MAX_SAFE_INTEGER);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be YYYY-MM-DD' });

const awardsQuery = z.strictObject({
  status: z.enum(STATUSES).optional(),
  jurisdiction: jurisdiction.optional(),
  uscc: z.string().min(1).max(18).optional(),
  reference: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(2_000).optional(),
});
const ledgerQuery = z.strictObject({
  jurisdiction: jurisdiction.optional(),
  uscc: z.string().min(1).max(18).optional(),
  from: date.optional(),
  to: date.optional(),
  format: z.enum(['json', 'csv']).optional(),
});
const decisionBody = z
  .strictObject({ decision: z.enum(['approve', 'reject']), comment: z.string().max(2_000).optional() })
  .refine((b) => b.decision === 'approve' || (b.comment ?? '').trim().length > 0, { error: 'a rejection needs a comment', path: ['comment'] });
const amountBody = z.strictObject({ amountFen: fen.refine((n) => n > 0, { error: 'must be greater than zero' }), basis: z.string().trim().min(1).max(2_000) });
const repaymentBody = z.strictObject({ amountFen: fen.refine((n) => n > 0, { error: 'must be greater than zero' }) });
const budgetBody = z.strictObject({ allocatedFen: fen });
const pageQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).optional(), cursor: z.string().max(2_000).optional() });
const revocationsQuery = pageQuery.extend({ state: z.enum(REVOCATION_STATES).optional() });
const yearParam = z.coerce.number().int().min(2000).max(2999);

const CSV_COLUMNS = ['jurisdiction', 'seq', 'at', 'type', 'fiscalYear', 'awardId', 'uscc', 'amountFen', 'statusAfter', 'actor', 'eventId', 'postings', 'note', 'prevHash', 'hash'] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function ledgerCsv(entries: readonly LedgerEntry[]): string {
  const rows = entries.map((e) => CSV_COLUMNS.map((c) => csvCell(c === 'postings' ? e.postings.map((p) => `${p.account}:${p.deltaFen}`).join(' ') : e[c])).join(','));
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
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
      const q = parse(awardsQuery, event.queryStringParameters ?? {}, 'query');
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
      const ledger = (await store.ledgerOfRecipient(award.recipient.uscc)).filter((e) => e.awardId === award.awardId);
      return json(200, { ...award, ledger });
    },
    'POST /awards/{awardId}/decisions': async (event, principal) => {
      const b = parse(decisionBody, body(event), 'body');
      const award = awardIdOf(event);
      const decided = unwrap(await store.decide(award, principal, { decision: b.decision, comment: b.comment?.trim() ?? '' }));
      await afterDecision(decided);
      deps.metrics.addMetric(b.decision === 'approve' ? 'Approvals' : 'Rejections', MetricUnit.Count, 1);
      return json(200, decided);
    },
    'POST /awards/{awardId}/amount': async (event, principal) => {
      const b = parse(amountBody, body(event), 'body');
      return json(200, unwrap(await store.setAmount(awardIdOf(event), principal, b)));
    },
    'POST /awards/{awardId}/repayments': async (event, principal) => {
      const b = parse(repaymentBody, body(event), 'body');
      return json(200, unwrap(await store.recordRepayment(awardIdOf(event), principal, b)));
    },
    'POST /awards/{awardId}/payment-retry': async (event, principal) => {
      const retried = unwrap(await store.retryPayment(awardIdOf(event), principal));
      await afterDecision(retried);
      return json(200, retried);
    },
    'GET /ledger': async (event, principal) => {
      allow(principal, { kind: 'read-ledger' });
      const q = parse(ledgerQuery, event.queryStringParameters ?? {}, 'query');
      const jurisdictions = q.jurisdiction !== undefined ? [q.jurisdiction] : catalogJurisdictions(catalog);
      const entries: LedgerEntry[] = [];
      for (const j of jurisdictions) {
        for (const entry of await store.ledger(j)) {
          const day = chinaDate(new Date(entry.at));
          if (q.uscc !== undefined && entry.uscc !== q.uscc) continue;
          if ((q.from !== undefined && day < q.from) || (q.to !== undefined && day > q.to)) continue;
          entries.push(entry);
        }
        if (entries.length > LIMITS.ledgerEntriesMax) {
          throw new HttpError('VALIDATION', `more than ${LIMITS.ledgerEntriesMax} entries match; narrow by jurisdiction, from and to`);
        }
      }
      if (q.format === 'csv') {
        return { statusCode: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="ledger.csv"' }, body: ledgerCsv(entries) };
      }
      return json(200, { items: entries });
    },
    'GET /ledger/verify': async (event, principal) => {
      allow(principal, { kind: 'read-ledger' });
      const q = parse(z.strictObject({ jurisdiction: jurisdiction.optional() }), event.queryStringParameters ?? {}, 'query');
      const verify = async (j: string) => {
        const v = await store.verify(j);
        return v.ok
          ? { jurisdiction: j, ok: true, entries: v.entries, head: v.head }
          : { jurisdiction: j, ok: false, entries: v.entries, badSeq: v.badSeq, reason: v.reason };
      };
      if (q.jurisdiction !== undefined) return json(200, await verify(q.jurisdiction));
      const results = [];
      for (const j of catalogJurisdictions(catalog)) results.push(await verify(j));
      return json(200, { ok: results.every((r) => r.ok), entries: results.reduce((n, r) => n + r.entries, 0), jurisdictions: results });
    },
    'GET /budgets/{jurisdiction}/{year}': async (event, principal) => {
      const j = parse(jurisdiction, event.pathParameters?.jurisdiction, 'jurisdiction');
      const year = parse(yearParam, event.pathParameters?.year, 'year');
      allow(principal, { kind: 'read-budget', jurisdiction: j });
      return json(200, budgetView(await store.getBudget(j, year)));
    },
    'PUT /budgets/{jurisdiction}/{year}': async (event, principal) => {
      const j = parse(jurisdiction, event.pathParameters?.jurisdiction, 'jurisdiction');
      const year = parse(yearParam, event.pathParameters?.year, 'year');
      const b = parse(budgetBody, body(event), 'body');
      return json(200, budgetView(unwrap(await store.setAllocation(principal, { jurisdiction: j, fiscalYear: year, allocatedFen: b.allocatedFen }))));
    },
    'GET /rejections': async (event, principal) => {
      allow(principal, { kind: 'read-rejections' });
      const q = parse(pageQuery, event.queryStringParameters ?? {}, 'query');
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
      const q = parse(revocationsQuery, event.queryStringParameters ?? {}, 'query');
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
  const base = async (event: Event, _context: Context): Promise<Response> => {
    deps.logger.appendKeys({ correlation_id: event.requestContext.requestId });
    deps.metrics.addMetric('ApiRequests', MetricUnit.Count, 1);
    try {
      return await route(event);
    } finally {
      deps.logger.removeKeys(['correlation_id']);
    }
  };
  return middy(base)
    .use(captureLambdaHandler(deps.tracer))
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics));
}
