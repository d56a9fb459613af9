/**
 * The HTTP API's routes (CONTRACT.md §3, plus repayments and payment retry): the stack, the router and the contract's
 * schemas (shared/contract/index.ts) are keyed by them.
 */
/** Routes anyone may call: the health check, and the contract itself (OpenAPI 3.1, shared/contract/openapi.ts). */
export const PUBLIC_ROUTES = ['GET /health', 'GET /openapi.json'] as const;
export type PublicRoute = (typeof PUBLIC_ROUTES)[number];
export const isPublicRoute = (key: string): key is PublicRoute => (PUBLIC_ROUTES as readonly string[]).includes(key);

export const API_ROUTES = [
  'GET /awards',
  'GET /awards/{awardId}',
  'POST /awards/{awardId}/decisions',
  'POST /awards/{awardId}/amount',
  'POST /awards/{awardId}/repayments',
  'POST /awards/{awardId}/payment-retry',
  // Version 3: an award on hold released (CONTRACT §6).
  'POST /awards/{awardId}/release',
  // Version 3 (issue 21): the controls before payment: the public notice, objections, an officer's hold, the credit list.
  'GET /publicity',
  'POST /awards/{awardId}/objections',
  'POST /awards/{awardId}/objections/{objectionId}/decision',
  'POST /awards/{awardId}/hold',
  'POST /credit-lists',
  'GET /credit-lists',
  // Version 3 (issue 22): what finance reports upward.
  'GET /reports/budget-execution',
  'GET /reports/overdue',
  'GET /ledger',
  'GET /ledger/verify',
  'GET /budgets/{jurisdiction}/{year}',
  'PUT /budgets/{jurisdiction}/{year}',
  'GET /rejections',
  'GET /events/{eventId}',
  'GET /revocations',
  'GET /policies',
  // Version 2: payees, payment batches, bank files, reconciliation exceptions (ADR 010).
  'PUT /payees/{jurisdiction}/{recipientId}',
  'POST /payees/{jurisdiction}/{recipientId}/confirm',
  'GET /payees/{jurisdiction}/{recipientId}',
  'POST /payment-batches',
  'GET /payment-batches',
  'GET /payment-batches/{batchId}/file',
  'POST /bank-files',
  // Version 3: a bank file's progress and counts (issue 19: large files are reconciled in steps by bank-inbound).
  'GET /bank-files/{messageId}',
  'GET /reconciliation/exceptions',
  'POST /reconciliation/exceptions/{exceptionId}/resolve',
  // Version 2: signed digests (ADR 012), the evidence pack of an award, what-if simulations.
  'GET /ledger/digests',
  'POST /ledger/digests',
  'GET /ledger/digest-key',
  'GET /awards/{awardId}/evidence',
  'POST /simulations',
  'GET /simulations/{simulationId}',
] as const;

export type ApiRoute = (typeof API_ROUTES)[number];
export type AnyRoute = ApiRoute | PublicRoute;

/**
 * The routes each module of the API function answers (functions/api/*-routes.ts), derived from the table here, so the
 * route modules need nothing of each other: every route is in exactly one group, the audit routes being the rest.
 */
export type EvidenceRoute = Extract<ApiRoute, `${string}/evidence`>;
const CONTROLS_ROUTES = [
  'GET /publicity', 'POST /awards/{awardId}/objections', 'POST /awards/{awardId}/objections/{objectionId}/decision', 'POST /awards/{awardId}/hold',
  'POST /credit-lists', 'GET /credit-lists',
] as const satisfies readonly ApiRoute[];
export type ControlsRoute = (typeof CONTROLS_ROUTES)[number];
export type FinanceRoute = Exclude<Extract<ApiRoute, `${string} /awards${string}` | `${string} /budgets${string}`>, EvidenceRoute | ControlsRoute>;
export type PaymentRoute = Extract<ApiRoute, `${string} /payees${string}` | `${string} /payment-batches${string}` | `${string} /bank-files${string}` | `${string} /reconciliation${string}`>;
export type DigestRoute = Extract<ApiRoute, `${string} /ledger/digest${string}`>;
export type SimulationRoute = Extract<ApiRoute, `${string} /simulations${string}`>;
export type ReportRoute = Extract<ApiRoute, `GET /reports/${string}`>;
export type AuditRoute = Exclude<ApiRoute, FinanceRoute | PaymentRoute | DigestRoute | EvidenceRoute | SimulationRoute | ControlsRoute | ReportRoute>;

/** The route modules of the API function, one per group above. */
export type RouteGroup = 'finance' | 'audit' | 'payments' | 'controls' | 'reports' | 'digests' | 'evidence' | 'simulations';

/**
 * The group of a route, as the types above put it (the router loads a group's module on its first request):
 * test/unit/cold-start.test.ts checks that each group's module answers exactly the routes this names for it.
 */
export function routeGroupOf(route: ApiRoute): RouteGroup {
  const path = route.slice(route.indexOf(' ') + 1);
  if (path.endsWith('/evidence')) return 'evidence';
  if ((CONTROLS_ROUTES as readonly ApiRoute[]).includes(route)) return 'controls';
  if (path.startsWith('/awards') || path.startsWith('/budgets')) return 'finance';
  if (['/payees', '/payment-batches', '/bank-files', '/reconciliation'].some((p) => path.startsWith(p))) return 'payments';
  if (path.startsWith('/ledger/digest')) return 'digests';
  if (path.startsWith('/simulations')) return 'simulations';
  if (route.startsWith('GET /reports/')) return 'reports';
  return 'audit';
}
