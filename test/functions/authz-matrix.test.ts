import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createApi } from '../../functions/api/app';
import { API_ROUTES, PUBLIC_ROUTES } from '../../functions/api/routes';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import type { Principal } from '../../shared/domain/authz';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import type { AwardStore } from '../../shared/store/store';
import { designAward, fact, perRegulationAward, revokeAward } from '../support/awards';
import { apiEvent, lambdaContext, quietObservability } from '../support/lambda';
import { freshStore, people } from '../support/store';
import { TEST_PERSON_KEY } from '../support/events';

/**
 * Every role × every route × the caller's own or another jurisdiction → the exact status code. The caller's roles
 * are in 130000 (Hebei); "other" targets 350000 (Fujian). An allowed call gets an award in the state the route
 * needs, so 200 means the action happened, not that validation failed first.
 */
const YEAR = fiscalYearOf(new Date());
const OWN = '130000';
const OTHER = '350000';

type Role = 'anonymous' | 'no-role' | 'approver' | 'officer' | 'budget-admin' | 'auditor';
const ROLES: Role[] = ['anonymous', 'no-role', 'approver', 'officer', 'budget-admin', 'auditor'];
type Scope = 'own' | 'other';
type RouteKey = (typeof API_ROUTES)[number] | (typeof PUBLIC_ROUTES)[number];

function principal(role: Role): Principal | null {
  switch (role) {
    case 'anonymous':
      return null;
    case 'no-role':
      return { user: 'zhang', groups: [] };
    case 'approver':
      return people.approver(OWN, 'matrix-approver');
    case 'officer':
      return people.officer(OWN, 'matrix-officer');
    case 'budget-admin':
      return people.budgetAdmin(OWN, 'matrix-admin');
    case 'auditor':
      return people.auditor('matrix-auditor');
    default: {
      const unreachable: never = role;
      return unreachable;
    }
  }
}

/** The status CONTRACT §2–§3 gives each caller. */
function expected(role: Role, route: RouteKey, scope: Scope): number {
  if (route === 'GET /health') return 200;
  if (role === 'anonymous') return 401;
  const own = scope === 'own';
  switch (route) {
    case 'GET /awards':
    case 'GET /awards/{awardId}':
      return role === 'auditor' || ((role === 'approver' || role === 'officer') && own) ? 200 : 403;
    case 'POST /awards/{awardId}/decisions':
      return role === 'approver' && own ? 200 : 403;
    case 'POST /awards/{awardId}/amount':
    case 'POST /awards/{awardId}/repayments':
    case 'POST /awards/{awardId}/payment-retry':
      return role === 'officer' && own ? 200 : 403;
    case 'GET /ledger':
    case 'GET /ledger/verify':
    case 'GET /rejections':
    case 'GET /events/{eventId}':
    case 'GET /revocations':
      return role === 'auditor' ? 200 : 403;
    case 'GET /budgets/{jurisdiction}/{year}':
      return role === 'auditor' || ((role === 'approver' || role === 'budget-admin') && own) ? 200 : 403;
    case 'PUT /budgets/{jurisdiction}/{year}':
      return role === 'budget-admin' && own ? 200 : 403;
    case 'GET /policies':
      return 200;
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

let store: AwardStore;
let api: ReturnType<typeof createApi>;
let n = 0;

beforeAll(async () => {
  ({ store } = await freshStore());
  for (const j of [OWN, OTHER]) await store.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: YEAR, allocatedFen: yuan(100_000_000) });
  api = createApi({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY, enqueueDisbursement: async () => undefined });
});

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

/** A fresh award of `jurisdiction` in the state a route acts on. */
async function awardFor(route: RouteKey, jurisdiction: string): Promise<Award> {
  n += 1;
  const reference = `MATRIX-${n}`;
  const amountRequired = async () =>
    (
      await store.recordAwards(
        jurisdiction === OWN ? fact('HonourConferred', { honour: 'famous-brand-product' }, { recipient: 'baoding', reference }) : perRegulationAward(reference),
      )
    ).awards[0] as Award;
  const pending = async () => {
    if (jurisdiction === OWN) return (await store.recordAwards(designAward(yuan(10_000), reference))).awards[0] as Award;
    const award = await amountRequired();
    return value(await store.setAmount(award.awardId, people.officer(OTHER, 'setter'), { amountFen: yuan(10_000), basis: 'b' }));
  };
  const approved = async () => value(await store.decide((await pending()).awardId, people.approver(jurisdiction, 'first'), { decision: 'approve', comment: '' }));
  switch (route) {
    case 'POST /awards/{awardId}/amount':
      return amountRequired();
    case 'POST /awards/{awardId}/payment-retry':
      return value(await store.recordPaymentFailure((await approved()).awardId, { reason: 'rail down' }));
    case 'POST /awards/{awardId}/repayments': {
      const paid = value(await store.recordDisbursement((await approved()).awardId, { paymentId: `p-${n}` }));
      return (await revokeAward(store, paid.awardId, `revoke-${n}`, 'r')).changed[0] as Award;
    }
    default:
      return pending();
  }
}

function body(route: RouteKey): unknown {
  switch (route) {
    case 'POST /awards/{awardId}/decisions':
      return { decision: 'approve', comment: 'ok' };
    case 'POST /awards/{awardId}/amount':
      return { amountFen: yuan(1_000), basis: '奖励办法' };
    case 'POST /awards/{awardId}/repayments':
      return { amountFen: 100 };
    case 'PUT /budgets/{jurisdiction}/{year}':
      return { allocatedFen: yuan(100_000_000) };
    default:
      return undefined;
  }
}

const ALL_ROUTES: RouteKey[] = [...API_ROUTES, ...PUBLIC_ROUTES];
const CASES = ALL_ROUTES.flatMap((route) => ROLES.flatMap((role) => (['own', 'other'] as Scope[]).map((scope) => [route, role, scope] as const)));

describe('authorization matrix: every role × every route × own or other jurisdiction', () => {
  it('covers every route of the API', () => {
    expect(CASES).toHaveLength(ALL_ROUTES.length * ROLES.length * 2);
  });

  it.each(CASES)('%s as %s, %s jurisdiction', async (route, role, scope) => {
    const jurisdiction = scope === 'own' ? OWN : OTHER;
    const pathParameters: Record<string, string> = {};
    const query: Record<string, string> = {};
    if (route.includes('{awardId}')) pathParameters.awardId = (await awardFor(route, jurisdiction)).awardId;
    if (route.includes('{eventId}')) pathParameters.eventId = (await awardFor(route, jurisdiction)).eventId ?? '';
    if (route.includes('{jurisdiction}')) Object.assign(pathParameters, { jurisdiction, year: String(YEAR) });
    if (route === 'GET /awards' || route === 'GET /ledger' || route === 'GET /ledger/verify') query.jurisdiction = jurisdiction;
    const response = await api(
      apiEvent({
        routeKey: route,
        principal: principal(role),
        ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
        ...(Object.keys(query).length > 0 ? { query } : {}),
        ...(body(route) === undefined ? {} : { body: body(route) }),
      }),
      lambdaContext('api'),
    );
    expect(response.statusCode, response.body).toBe(expected(role, route, scope));
  });
});
