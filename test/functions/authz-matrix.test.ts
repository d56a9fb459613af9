import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createApi } from '../../functions/api/app';
import { API_ROUTES, PUBLIC_ROUTES } from '../../shared/contract/routes';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import type { Principal } from '../../shared/domain/authz';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import { AwardStore } from '../../shared/store/store';
import { DEFAULT_APPROVAL_CONFIG } from '../../shared/domain/approval';
import { WEEKDAYS_CALENDAR, controlsFor } from '../support/controls';
import { designAward, fact, heldAward, perRegulationAward, revokeAward } from '../support/awards';
import { apiEvent, lambdaContext, quietObservability } from '../support/lambda';
import { freshStore, people } from '../support/store';
import { TEST_PERSON_KEY, uscc } from '../support/events';
import { writePain001 } from '../../shared/adapters/iso20022/pain001';
import { simulateBank } from '../../shared/adapters/iso20022/simulated-bank';
import { claim, confirm, confirmedPayee, giveBack, memoryFiles } from '../support/payments';
import { apiDigests } from '../support/digests';
import { paymentBatches } from '../../shared/app/payments/run';
import { reconciliation } from '../../shared/app/reconciliation/bank-files';

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
  if (route === 'GET /health' || route === 'GET /openapi.json') return 200;
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
    case 'POST /awards/{awardId}/release':
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
    case 'PUT /payees/{jurisdiction}/{recipientId}':
    case 'POST /payees/{jurisdiction}/{recipientId}/confirm':
    case 'POST /payment-batches':
    case 'POST /reconciliation/exceptions/{exceptionId}/resolve':
      return role === 'officer' && own ? 200 : 403;
    case 'GET /payees/{jurisdiction}/{recipientId}':
    case 'GET /payment-batches':
      return role === 'auditor' || ((role === 'approver' || role === 'officer') && own) ? 200 : 403;
    case 'GET /payment-batches/{batchId}/file':
    case 'GET /reconciliation/exceptions':
      return role === 'auditor' || (role === 'officer' && own) ? 200 : 403;
    case 'POST /bank-files':
      // A bank file names awards of any jurisdiction: any officer may import one; what it matches is the bank's word.
      return role === 'officer' ? 200 : 403;
    case 'GET /bank-files/{messageId}':
      // Its progress, likewise: any officer, and auditors (issue 19 finding 10).
      return role === 'officer' || role === 'auditor' ? 200 : 403;
    case 'GET /ledger/digests':
    case 'POST /ledger/digests':
      return role === 'auditor' ? 200 : 403;
    case 'GET /ledger/digest-key':
      return 200;
    case 'GET /awards/{awardId}/evidence':
      return role === 'auditor' || ((role === 'approver' || role === 'officer') && own) ? 200 : 403;
    case 'POST /simulations':
      return role === 'auditor' || (role !== 'no-role' && own) ? 200 : 403;
    case 'GET /simulations/{simulationId}':
      // Read by whoever started it (the case's own caller starts one first) or an auditor.
      return role === 'auditor' || (role !== 'no-role' && own) ? 200 : 403;
    // Version 3 (issue 21): the public notice is for any signed-in user; the controls are an officer's of the award's
    // jurisdiction (an objection recorded answers 201); the credit list is any officer's, read by officers and auditors.
    case 'GET /publicity':
      return 200;
    case 'POST /awards/{awardId}/objections':
      return role === 'officer' && own ? 201 : 403;
    case 'POST /awards/{awardId}/objections/{objectionId}/decision':
    case 'POST /awards/{awardId}/hold':
      return role === 'officer' && own ? 200 : 403;
    case 'POST /credit-lists':
      return role === 'officer' ? 200 : 403;
    case 'GET /credit-lists':
      return role === 'officer' || role === 'auditor' ? 200 : 403;
    // Version 3 (issue 22): the reports of a jurisdiction, for its approvers, officers and budget admins, and auditors.
    case 'GET /reports/budget-execution':
    case 'GET /reports/overdue':
      return role === 'auditor' || (role !== 'no-role' && own) ? 200 : 403;
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

let store: AwardStore;
/** The same table with publicity on (5 working days): where awards go IN_PUBLICITY at their final approval. */
let publicStore: AwardStore;
const files = memoryFiles();
let api: ReturnType<typeof createApi>;
let n = 0;

beforeAll(async () => {
  let doc;
  ({ store, doc } = await freshStore());
  const controls = controlsFor([OWN, OTHER], { publicityWorkingDays: 5 });
  publicStore = new AwardStore({ client: doc, tableName: store.core.table, approvalConfig: DEFAULT_APPROVAL_CONFIG, controls, calendar: WEEKDAYS_CALENDAR });
  for (const j of [OWN, OTHER]) await store.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: YEAR, allocatedFen: yuan(100_000_000) });
  // Simulations are started, not run: their messages go nowhere.
  const simulations = { send: async () => undefined };
  // "Sign now" runs the ledger-digest handler, as the stacks do: the API itself holds no signer.
  const digests = apiDigests(store);
  api = createApi({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: files, digests, simulations });
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
  const inPublicity = async () => value(await publicStore.decide((await pending()).awardId, people.approver(jurisdiction, 'first'), { decision: 'approve', comment: '' }));
  const objected = async () => {
    const objection = { objectorName: '李四', contact: '0311-12345678', text: '该项目并非其主持制定' };
    return value(await publicStore.recordObjection((await inPublicity()).awardId, people.officer(jurisdiction, 'recorder'), objection));
  };
  switch (route) {
    case 'POST /awards/{awardId}/amount':
      return amountRequired();
    case 'POST /awards/{awardId}/release':
      return heldAward(store, jurisdiction === OWN ? designAward(yuan(10_000), reference) : perRegulationAward(reference));
    case 'POST /awards/{awardId}/payment-retry': {
      const id = (await approved()).awardId;
      value(await claim(store, id));
      return value(await giveBack(store, id));
    }
    case 'POST /awards/{awardId}/objections':
      return inPublicity();
    case 'POST /awards/{awardId}/objections/{objectionId}/decision':
      return objected();
    case 'POST /awards/{awardId}/repayments': {
      const id = (await approved()).awardId;
      value(await claim(store, id));
      const paid = value(await confirm(store, id));
      return (await revokeAward(store, paid.awardId, `revoke-${n}`, 'r')).changed[0] as Award;
    }
    default:
      return pending();
  }
}

/** A recipient of its own for each case: a payee proposed (and confirmed, where asked) for it, with its proposal's id. */
async function payeeFor(jurisdiction: string, confirmIt: boolean): Promise<{ recipientId: string; proposalId: string }> {
  n += 1;
  const recipientId = uscc(`91130600MA0C${String(n).padStart(5, '0')}`);
  const key = { jurisdiction, recipientId };
  const proposed = value(await store.payees.proposePayee(key, people.officer(jurisdiction, 'proposer'), { accountName: '某某公司', accountNumber: '6222020402001234567', bankCode: '102131000013', bankName: '工商银行' }));
  const proposalId = proposed.pending?.proposalId ?? '';
  if (confirmIt) value(await store.payees.confirmPayee(key, people.officer(jurisdiction, 'confirmer'), proposalId));
  return { recipientId, proposalId };
}

/** A batch filed in `jurisdiction`: an approved award paid to a confirmed payee. */
async function batchIn(jurisdiction: string): Promise<string> {
  const award = await awardFor('POST /awards/{awardId}/decisions', jurisdiction);
  const approved = value(await store.decide(award.awardId, people.approver(jurisdiction, 'first'), { decision: 'approve', comment: '' }));
  await confirmedPayee(store, approved);
  const run = await paymentBatches(store, files).run(jurisdiction, 'matrix');
  const batch = run.batches.find((b) => b.payments.some((p) => p.awardId === approved.awardId));
  if (batch === undefined) throw new Error('no batch');
  return batch.batchId;
}

/** A bank file that confirms an award of `jurisdiction` that is not with the bank: one NOT_PAYING exception. */
async function bankFileAbout(jurisdiction: string): Promise<string> {
  const award = await awardFor('POST /awards/{awardId}/decisions', jurisdiction);
  n += 1;
  const payment = { endToEndId: award.awardId, amountFen: award.amountFen ?? 1, creditor: { name: '某某', accountNumber: '6222020402001234567', bankCode: '102131000013', bankName: '工商银行' }, remittance: 'x' };
  const pain001 = writePain001({ messageId: `MATRIX${n}`, paymentInfoId: `MATRIX${n}`, createdAt: new Date(), requestedExecutionDate: '2026-01-05', initiatingParty: '财政厅', debtor: payment.creditor, payments: [payment] });
  return (await simulateBank(pain001, { now: new Date(), bankMessagePrefix: `M${n}` })).camt054;
}

async function exceptionIn(jurisdiction: string): Promise<string> {
  const imported = value(await reconciliation(store).importBankFile(await bankFileAbout(jurisdiction)));
  expect(imported.exceptions).toBe(1);
  const page = await reconciliation(store).listExceptions(jurisdiction, { status: 'OPEN', limit: 100 });
  const open = page.items.find((e) => e.messageId === imported.messageId);
  if (open === undefined) throw new Error('no exception');
  return open.exceptionId;
}

/** What a payment route acts on, set up for `jurisdiction`. */
type Request = { pathParameters?: Record<string, string>; query?: Record<string, string>; body?: unknown };

/** A simulation to read: the caller's own where it may start one in `jurisdiction`, else someone else's there. */
async function simulationOf(role: Role, jurisdiction: string): Promise<string> {
  const own = jurisdiction === OWN && role !== 'anonymous' && role !== 'no-role';
  const starter = own ? (principal(role) as Principal) : jurisdiction === OWN ? people.auditor('matrix-starter') : people.approver(jurisdiction, 'matrix-starter');
  const response = await api(apiEvent({ routeKey: 'POST /simulations', principal: starter, body: simulationBody(jurisdiction) }), lambdaContext('api'));
  if (response.statusCode !== 200) throw new Error(`starting a simulation: ${response.body}`);
  return (JSON.parse(response.body ?? '{}') as { simulationId: string }).simulationId;
}

const simulationBody = (jurisdiction: string) => ({ catalog: CATALOG.policies, from: '2026-01-01', to: '2026-12-31', jurisdictions: [jurisdiction] });

async function paymentRequest(route: RouteKey, jurisdiction: string, role: Role): Promise<Request> {
  switch (route) {
    case 'PUT /payees/{jurisdiction}/{recipientId}':
      return { pathParameters: { jurisdiction, recipientId: uscc('91130600MA0CY0001') }, body: { accountName: '某某公司', accountNumber: '6222020402001234567', bankCode: '102131000013', bankName: '工商银行' } };
    case 'POST /payees/{jurisdiction}/{recipientId}/confirm': {
      const { recipientId, proposalId } = await payeeFor(jurisdiction, false);
      return { pathParameters: { jurisdiction, recipientId }, body: { proposalId } };
    }
    case 'GET /payees/{jurisdiction}/{recipientId}':
      return { pathParameters: { jurisdiction, recipientId: (await payeeFor(jurisdiction, true)).recipientId } };
    case 'POST /payment-batches':
      return { body: { jurisdiction } };
    case 'GET /payment-batches':
    case 'GET /reconciliation/exceptions':
      return { query: { jurisdiction } };
    case 'GET /payment-batches/{batchId}/file':
      return { pathParameters: { batchId: await batchIn(jurisdiction) } };
    case 'POST /bank-files':
      return { body: await bankFileAbout(jurisdiction) };
    case 'GET /bank-files/{messageId}':
      return { pathParameters: { messageId: value(await reconciliation(store).importBankFile(await bankFileAbout(jurisdiction))).messageId } };
    case 'POST /reconciliation/exceptions/{exceptionId}/resolve':
      return { pathParameters: { exceptionId: await exceptionIn(jurisdiction) }, body: { note: '已核对' } };
    case 'GET /ledger/digests':
      return { query: { jurisdiction } };
    case 'POST /simulations':
      return { body: simulationBody(jurisdiction) };
    case 'GET /simulations/{simulationId}':
      return { pathParameters: { simulationId: await simulationOf(role, jurisdiction) } };
    case 'GET /publicity':
      return { query: { jurisdiction } };
    case 'POST /credit-lists':
      n += 1;
      return { body: { entries: [{ recipientId: uscc(`91130600MA0D${String(n).padStart(5, '0')}`), listName: '失信被执行人名单', from: '2026-01-01' }] } };
    case 'GET /credit-lists':
      return { query: {} };
    case 'GET /reports/budget-execution':
      return { query: { jurisdiction, year: String(YEAR) } };
    case 'GET /reports/overdue':
      return { query: { jurisdiction } };
    default:
      return {};
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
    case 'POST /awards/{awardId}/release':
      return { basis: '经核实，该企业为实际主持单位' };
    case 'POST /awards/{awardId}/objections':
      return { objectorName: '王五', contact: '13800000000', text: '该企业未实际参与' };
    case 'POST /awards/{awardId}/objections/{objectionId}/decision':
      return { outcome: 'dismissed', basis: '经核查，异议不成立' };
    case 'POST /awards/{awardId}/hold':
      return { note: '待核实申报材料' };
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
    const payment = await paymentRequest(route, jurisdiction, role);
    Object.assign(pathParameters, payment.pathParameters ?? {});
    Object.assign(query, payment.query ?? {});
    if (route.includes('{awardId}')) {
      const award = await awardFor(route, jurisdiction);
      pathParameters.awardId = award.awardId;
      if (route.includes('{objectionId}')) pathParameters.objectionId = award.objections[0]?.objectionId ?? '';
    }
    if (route.includes('{eventId}')) pathParameters.eventId = (await awardFor(route, jurisdiction)).eventId ?? '';
    if (route.includes('{jurisdiction}/{year}')) Object.assign(pathParameters, { jurisdiction, year: String(YEAR) });
    if (route === 'GET /awards' || route === 'GET /ledger' || route === 'GET /ledger/verify') query.jurisdiction = jurisdiction;
    const response = await api(
      apiEvent({
        routeKey: route,
        principal: principal(role),
        ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
        ...(Object.keys(query).length > 0 ? { query } : {}),
        ...(payment.body !== undefined ? { body: payment.body } : body(route) === undefined ? {} : { body: body(route) }),
      }),
      lambdaContext('api'),
    );
    expect(response.statusCode, response.body).toBe(expected(role, route, scope));
  });
});
