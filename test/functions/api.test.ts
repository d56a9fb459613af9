import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createApi } from '../../functions/api/app';
import { createHandler as createIntake } from '../../functions/award-intake/app';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import type { Principal } from '../../shared/domain/authz';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import { type AwardStore, ContentionError } from '../../shared/store/store';
import { type ApiRequest, SAMPLES, apiEvent, lambdaContext, quietObservability, sampleTexts, sqsEvent, sqsRecord } from '../support/lambda';
import { revokeAward } from '../support/awards';
import { freshStore, people } from '../support/store';
import { TEST_PERSON_KEY } from '../support/events';
import { memoryFiles, payAward, testDigests } from '../support/payments';

const YEAR = fiscalYearOf(new Date());

let store: AwardStore;
let api: ReturnType<typeof createApi>;
const files = memoryFiles();
let hebeiAward: Award;
let fujianAmountRequired: Award;

async function call(request: ApiRequest) {
  const response = await api(apiEvent(request), lambdaContext('api'));
  const contentType = String(response.headers?.['content-type'] ?? '');
  return { status: response.statusCode, contentType, body: contentType.startsWith('application/json') ? JSON.parse(response.body ?? 'null') : response.body };
}

beforeAll(async () => {
  ({ store } = await freshStore());
  for (const [j, amount] of [['130000', yuan(100_000_000)], ['130100', yuan(20_000_000)], ['350000', yuan(50_000_000)]] as const) {
    await store.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: YEAR, allocatedFen: amount });
  }
  const intake = createIntake({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
  const texts = [...sampleTexts(), ...sampleTexts(`${SAMPLES}/invalid`)].filter((s) => s.name !== 'achievement-revoked.json');
  await intake(sqsEvent(texts.map((s) => sqsRecord(s.text))), lambdaContext());
  api = createApi({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: files, digests: testDigests() });
  const awards = (await store.listAwards({ jurisdictions: ['130000', '350000'], limit: 100 })).items;
  hebeiAward = awards.find((a) => a.ruleId === 'hebei-2022/standard-leader') as Award;
  fujianAmountRequired = awards.find((a) => a.ruleId === 'fujian-2021/provincial-quality-award') as Award;
  expect(hebeiAward?.status).toBe('PENDING_APPROVAL');
  expect(fujianAmountRequired?.status).toBe('AMOUNT_REQUIRED');
});

const approverH = people.approver('130000');
const approverF = people.approver('350000');
const officerF = people.officer('350000');
const officerH = people.officer('130000');
const adminH = people.budgetAdmin('130000');
const adminF = people.budgetAdmin('350000');
const auditor = people.auditor();

describe('HTTP API: who may call what', () => {
  it('answers /health without a token', async () => {
    expect(await call({ routeKey: 'GET /health' })).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it.each<[string, ApiRequest, number]>([
    ['no token', { routeKey: 'GET /awards' }, 401],
    ['an approver lists their jurisdiction', { routeKey: 'GET /awards', principal: approverH }, 200],
    ['an approver asks for another jurisdiction', { routeKey: 'GET /awards', principal: approverH, query: { jurisdiction: '350000' } }, 403],
    ['an officer lists their jurisdiction', { routeKey: 'GET /awards', principal: officerF, query: { status: 'AMOUNT_REQUIRED' } }, 200],
    ['an auditor lists everything', { routeKey: 'GET /awards', principal: auditor }, 200],
    ['a budget-admin lists awards', { routeKey: 'GET /awards', principal: adminH }, 403],
    ['an unknown status', { routeKey: 'GET /awards', principal: auditor, query: { status: 'PAID' } }, 400],
    ['a limit out of range', { routeKey: 'GET /awards', principal: auditor, query: { limit: '1000' } }, 400],
    ['an unknown query field', { routeKey: 'GET /awards', principal: auditor, query: { colour: 'red' } }, 400],
    ['the ledger, for an approver', { routeKey: 'GET /ledger', principal: approverH }, 403],
    ['the ledger, for an auditor', { routeKey: 'GET /ledger', principal: auditor, query: { jurisdiction: '130000' } }, 200],
    ['verify, for an officer', { routeKey: 'GET /ledger/verify', principal: officerH }, 403],
    ['a budget, for its approver', { routeKey: 'GET /budgets/{jurisdiction}/{year}', principal: approverH, pathParameters: { jurisdiction: '130000', year: String(YEAR) } }, 200],
    ['a budget, for its budget-admin', { routeKey: 'GET /budgets/{jurisdiction}/{year}', principal: adminH, pathParameters: { jurisdiction: '130000', year: String(YEAR) } }, 200],
    ['a budget, for an auditor', { routeKey: 'GET /budgets/{jurisdiction}/{year}', principal: auditor, pathParameters: { jurisdiction: '350000', year: String(YEAR) } }, 200],
    ['a budget, for an officer', { routeKey: 'GET /budgets/{jurisdiction}/{year}', principal: officerH, pathParameters: { jurisdiction: '130000', year: String(YEAR) } }, 403],
    ['another jurisdiction’s budget', { routeKey: 'GET /budgets/{jurisdiction}/{year}', principal: approverF, pathParameters: { jurisdiction: '130000', year: String(YEAR) } }, 403],
    ['a budget of a bad year', { routeKey: 'GET /budgets/{jurisdiction}/{year}', principal: auditor, pathParameters: { jurisdiction: '130000', year: 'next' } }, 400],
    ['setting a budget, by an auditor', { routeKey: 'PUT /budgets/{jurisdiction}/{year}', principal: auditor, pathParameters: { jurisdiction: '130000', year: String(YEAR) }, body: { allocatedFen: 1 } }, 403],
    ['setting another jurisdiction’s budget', { routeKey: 'PUT /budgets/{jurisdiction}/{year}', principal: adminF, pathParameters: { jurisdiction: '130000', year: String(YEAR) }, body: { allocatedFen: 1 } }, 403],
    ['setting a budget in yuan', { routeKey: 'PUT /budgets/{jurisdiction}/{year}', principal: adminH, pathParameters: { jurisdiction: '130000', year: String(YEAR) }, body: { allocatedFen: 1.5 } }, 400],
    ['rejections, for an auditor', { routeKey: 'GET /rejections', principal: auditor }, 200],
    ['rejections, for an approver', { routeKey: 'GET /rejections', principal: approverH }, 403],
    ['policies, for anyone signed in', { routeKey: 'GET /policies', principal: { user: 'someone', groups: [] } }, 200],
    ['policies, without a token', { routeKey: 'GET /policies' }, 401],
    ['a route that does not exist', { routeKey: 'DELETE /awards/{awardId}', principal: auditor, pathParameters: { awardId: 'x' } }, 404],
  ])('%s → %i', async (_name, request, status) => {
    const response = await call(request);
    expect(response.status).toBe(status);
    if (status >= 400) expect(response.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  });
});

describe('HTTP API: awards', () => {
  it('lists only the caller’s jurisdiction, with the contract’s fields', async () => {
    const { body } = await call({ routeKey: 'GET /awards', principal: approverH });
    expect(body.items.length).toBeGreaterThan(5);
    expect(new Set(body.items.map((a: Award) => a.jurisdiction))).toEqual(new Set(['130000']));
    for (const field of ['awardId', 'jurisdiction', 'policyId', 'ruleId', 'clause', 'recipient', 'reference', 'eventId', 'amountFen', 'status', 'approvalsRequired', 'approvals', 'fiscalYear', 'createdAt', 'basis']) {
      expect(body.items[0]).toHaveProperty(field);
    }
  });

  it('narrows the queue by policy and amount range, and orders it oldest or newest first (the console\'s filters)', async () => {
    const all = (await call({ routeKey: 'GET /awards', principal: auditor, query: { jurisdiction: '130000', status: 'PENDING_APPROVAL', limit: '100' } })).body.items as Award[];
    const everything = (await call({ routeKey: 'GET /awards', principal: auditor, query: { jurisdiction: '130000', limit: '100' } })).body.items as Award[];
    const byPolicy = await call({ routeKey: 'GET /awards', principal: auditor, query: { jurisdiction: '130000', policy: 'hebei-2016', limit: '100' } });
    expect(byPolicy.body.items.map((a: Award) => a.awardId)).toEqual(everything.filter((a) => a.policyId === 'hebei-2016').map((a) => a.awardId));
    expect(byPolicy.body.items.length).toBeGreaterThan(0);
    expect(byPolicy.body.items.length).toBeLessThan(everything.length);
    const [min, max] = [yuan(200_000), yuan(1_000_000)];
    const ranged = await call({ routeKey: 'GET /awards', principal: auditor, query: { jurisdiction: '130000', status: 'PENDING_APPROVAL', minFen: String(min), maxFen: String(max), limit: '100' } });
    const expected = all.filter((a) => a.amountFen !== null && a.amountFen >= min && a.amountFen <= max).map((a) => a.awardId);
    expect(ranged.body.items.map((a: Award) => a.awardId)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    const newest = await call({ routeKey: 'GET /awards', principal: auditor, query: { jurisdiction: '130000', status: 'PENDING_APPROVAL', order: 'desc', limit: '100' } });
    expect(newest.body.items.map((a: Award) => a.awardId)).toEqual(all.map((a) => a.awardId).reverse());
    // A narrowed list pages like any other: its cursor carries the filters, and another filter cannot reuse it.
    const page = await call({ routeKey: 'GET /awards', principal: auditor, query: { jurisdiction: '130000', status: 'PENDING_APPROVAL', minFen: String(min), limit: '1' } });
    const reused = await call({ routeKey: 'GET /awards', principal: auditor, query: { jurisdiction: '130000', status: 'PENDING_APPROVAL', limit: '1', cursor: page.body.cursor } });
    expect(reused.status).toBe(400);
    const refused = await call({ routeKey: 'GET /awards', principal: auditor, query: { minFen: '500', maxFen: '100' } });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION', message: expect.stringContaining('minFen must not be above maxFen') } } });
  });

  it('pages with a cursor', async () => {
    const first = await call({ routeKey: 'GET /awards', principal: auditor, query: { limit: '3' } });
    expect(first.body.items).toHaveLength(3);
    const second = await call({ routeKey: 'GET /awards', principal: auditor, query: { limit: '3', cursor: first.body.cursor } });
    expect(second.body.items.map((a: Award) => a.awardId)).not.toContain(first.body.items[0].awardId);
  });

  it('shows one award with its ledger entries to its jurisdiction, and not to another', async () => {
    const own = await call({ routeKey: 'GET /awards/{awardId}', principal: approverH, pathParameters: { awardId: hebeiAward.awardId } });
    expect(own.status).toBe(200);
    expect(own.body.ledger.map((e: { type: string }) => e.type)).toEqual(['RECORDED']);
    expect((await call({ routeKey: 'GET /awards/{awardId}', principal: approverF, pathParameters: { awardId: hebeiAward.awardId } })).status).toBe(403);
    expect((await call({ routeKey: 'GET /awards/{awardId}', principal: auditor, pathParameters: { awardId: 'aw-00000000000000000000000000000000' } })).status).toBe(404);
  });

  it('takes a decision from an approver of the jurisdiction only; the approved award waits for a payee', async () => {
    const path = { awardId: hebeiAward.awardId };
    const routeKey = 'POST /awards/{awardId}/decisions';
    expect((await call({ routeKey, pathParameters: path, principal: approverF, body: { decision: 'approve' } })).status).toBe(403);
    expect((await call({ routeKey, pathParameters: path, principal: auditor, body: { decision: 'approve' } })).status).toBe(403);
    expect((await call({ routeKey, pathParameters: path, principal: approverH, body: { decision: 'reject' } })).status).toBe(400);
    expect((await call({ routeKey, pathParameters: path, principal: approverH, body: '{"decision":' })).status).toBe(400);
    const approved = await call({ routeKey, pathParameters: path, principal: approverH, body: { decision: 'approve', comment: '核实无误' } });
    expect(approved).toMatchObject({ status: 200, body: { status: 'APPROVED', blockedBy: 'PAYEE_REQUIRED', approvals: [{ by: approverH.user, decision: 'approve', comment: '核实无误' }] } });
    const again = await call({ routeKey, pathParameters: path, principal: people.approver('130000', 'another'), body: { decision: 'approve' } });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
  });

  it('lets an officer of the jurisdiction set a per-regulation amount, and nobody else', async () => {
    const routeKey = 'POST /awards/{awardId}/amount';
    const path = { awardId: fujianAmountRequired.awardId };
    const body = { amountFen: yuan(200_000), basis: '福建省政府质量奖管理办法第十二条' };
    expect((await call({ routeKey, pathParameters: path, principal: officerH, body })).status).toBe(403);
    expect((await call({ routeKey, pathParameters: path, principal: approverF, body })).status).toBe(403);
    expect((await call({ routeKey, pathParameters: path, principal: officerF, body: { ...body, amountFen: -1 } })).status).toBe(400);
    expect((await call({ routeKey, pathParameters: path, principal: officerF, body: { amountFen: 1 } })).status).toBe(400);
    const set = await call({ routeKey, pathParameters: path, principal: officerF, body });
    expect(set).toMatchObject({ status: 200, body: { status: 'PENDING_APPROVAL', amountFen: yuan(200_000), amountSetBy: officerF.user } });
    expect((await call({ routeKey, pathParameters: path, principal: officerF, body })).status).toBe(409);
  });

  it('returns the budget in the contract’s fields and sets it for its budget-admin', async () => {
    const got = await call({ routeKey: 'GET /budgets/{jurisdiction}/{year}', principal: adminF, pathParameters: { jurisdiction: '350000', year: String(YEAR) } });
    expect(got.body).toMatchObject({ allocatedFen: yuan(50_000_000), reservedFen: expect.any(Number), disbursedFen: 0, availableFen: expect.any(Number) });
    const put = await call({ routeKey: 'PUT /budgets/{jurisdiction}/{year}', principal: adminF, pathParameters: { jurisdiction: '350000', year: String(YEAR) }, body: { allocatedFen: yuan(60_000_000) } });
    expect(put).toMatchObject({ status: 200, body: { allocatedFen: yuan(60_000_000) } });
  });
});

describe('HTTP API: payments and clawbacks', () => {
  it('lets an officer resend a failed payment and record repayments of a clawback, and nobody else', async () => {
    const award = (await store.listAwards({ jurisdictions: ['130000'], limit: 100 })).items.find((a) => a.ruleId === 'hebei-2022/standard-series') as Award;
    const path = { awardId: award.awardId };
    await call({ routeKey: 'POST /awards/{awardId}/decisions', pathParameters: path, principal: approverH, body: { decision: 'approve' } });
    // Approved, but its recipient has no confirmed account yet: blocked, and no payment run takes it.
    expect((await call({ routeKey: 'GET /awards/{awardId}', pathParameters: path, principal: officerH })).body).toMatchObject({ status: 'APPROVED', blockedBy: 'PAYEE_REQUIRED' });
    // The bank returns the first payment (an account ending in 0000 is closed: AC04).
    expect((await payAward(store, award.awardId, '6222020402000000')).status).toBe('PAYMENT_FAILED');
    expect((await call({ routeKey: 'GET /awards/{awardId}', pathParameters: path, principal: officerH })).body).toMatchObject({ status: 'PAYMENT_FAILED', bankAnswer: { reasonCode: 'AC04' }, blockedBy: null });
    const retry = 'POST /awards/{awardId}/payment-retry';
    expect((await call({ routeKey: retry, pathParameters: path, principal: approverH })).status).toBe(403);
    expect(await call({ routeKey: retry, pathParameters: path, principal: officerH })).toMatchObject({ status: 200, body: { status: 'APPROVED' } });
    expect((await call({ routeKey: retry, pathParameters: path, principal: officerH })).status).toBe(409);

    expect((await payAward(store, award.awardId)).status).toBe('DISBURSED');
    await revokeAward(store, award.awardId, 'revoke-series', '创新族认定撤销');
    const repay = 'POST /awards/{awardId}/repayments';
    expect((await call({ routeKey: repay, pathParameters: path, principal: officerF, body: { amountFen: 100 } })).status).toBe(403);
    expect((await call({ routeKey: repay, pathParameters: path, principal: officerH, body: { amountFen: 0 } })).status).toBe(400);
    expect((await call({ routeKey: repay, pathParameters: path, principal: officerH, body: { amountFen: yuan(200_001) } })).status).toBe(400);
    expect(await call({ routeKey: repay, pathParameters: path, principal: officerH, body: { amountFen: yuan(200_000) } })).toMatchObject({ status: 200, body: { status: 'CLAWED_BACK' } });
  });
});

describe('HTTP API: auditors', () => {
  it('exports the ledger as CSV with a header row, and verifies it', async () => {
    const csv = await call({ routeKey: 'GET /ledger', principal: auditor, query: { jurisdiction: '130000', format: 'csv' } });
    expect(csv.contentType).toContain('text/csv');
    // UTF-8 with a byte-order mark, so Excel and WPS read Chinese (CONTRACT §6).
    expect(String(csv.body).startsWith('\uFEFF')).toBe(true);
    const lines = String(csv.body).slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('jurisdiction,seq,at,type,fiscalYear,awardId,recipientId,amountFen,statusAfter,actor,eventId,postings,note,prevHash,hash');
    expect(lines[1]).toMatch(/^130000,1,/);
    const json = await call({ routeKey: 'GET /ledger', principal: auditor, query: { jurisdiction: '130000' } });
    expect(json.body.items.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: lines.length - 1 }, (_, i) => i + 1));
    expect(await call({ routeKey: 'GET /ledger/verify', principal: auditor, query: { jurisdiction: '130000' } })).toMatchObject({
      status: 200,
      body: { ok: true, entries: lines.length - 1, head: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect((await call({ routeKey: 'GET /ledger/verify', principal: auditor })).body).toMatchObject({ ok: true });
  });

  it('filters the ledger by credit code and date', async () => {
    const uscc = hebeiAward.recipientId;
    const byUscc = await call({ routeKey: 'GET /ledger', principal: auditor, query: { uscc } });
    expect(byUscc.body.items.length).toBeGreaterThan(0);
    expect(byUscc.body.items.every((e: { recipientId: string }) => e.recipientId === uscc)).toBe(true);
    expect((await call({ routeKey: 'GET /ledger', principal: auditor, query: { to: '2000-01-01' } })).body.items).toEqual([]);
  });

  it('lists quarantined events with their reasons', async () => {
    const { body } = await call({ routeKey: 'GET /rejections', principal: auditor, query: { limit: '100' } });
    expect(body.items.length).toBe(sampleTexts(`${SAMPLES}/invalid`).length);
    const any = expect.any(String);
    expect(body.items[0]).toEqual({ rejectionId: any, eventId: expect.anything(), detailType: expect.anything(), reason: any, receivedAt: any, event: any });
  });

  it('serves the catalog with clauses and citations', async () => {
    const { body } = await call({ routeKey: 'GET /policies', principal: { user: 'u', groups: [] } });
    expect(body.policies.map((p: { id: string }) => p.id)).toEqual(['hebei-2016', 'fujian-2021', 'hebei-2022', 'shijiazhuang-2023']);
    expect(body.policies[2].versions[0].rules[1]).toMatchObject({ clause: '(二)', citation: expect.stringContaining('每个项目分别资助30万元') });
  });
});

describe('claims', () => {
  it('reads one user however the name is cased or spaced, so dual control cannot be passed by `Zhao` or `zhao ` (issue 21)', async () => {
    const { principalOf } = await import('../../functions/api/app');
    const users = ['zhao', 'Zhao', 'zhao ', ' ZHAO', 'ｚｈａｏ', 'zh\u200bao'].map((sub) => {
      const e = apiEvent({ routeKey: 'GET /awards', principal: approverH as Principal });
      (e.requestContext.authorizer.jwt.claims as Record<string, unknown>).sub = sub;
      return principalOf(e).user;
    });
    expect(new Set(users)).toEqual(new Set(['zhao']));
  });

  it('reads cognito:groups as an array, or as API Gateway’s flattened "[a b]"', async () => {
    const { principalOf } = await import('../../functions/api/app');
    const event = (groups: unknown) => {
      const e = apiEvent({ routeKey: 'GET /awards', principal: approverH as Principal });
      (e.requestContext.authorizer.jwt.claims as Record<string, unknown>)['cognito:groups'] = groups;
      return e;
    };
    expect(principalOf(event(['approver:130000', 'auditor'])).groups).toEqual(['approver:130000', 'auditor']);
    expect(principalOf(event('[approver:130000 auditor]')).groups).toEqual(['approver:130000', 'auditor']);
    expect(principalOf(event('[auditor]')).groups).toEqual(['auditor']);
    expect(principalOf(event(undefined)).groups).toEqual([]);
  });

  it('takes a group name with a comma, bracket or quote as one unknown group, never as several roles', async () => {
    const { principalOf } = await import('../../functions/api/app');
    const event = (groups: unknown) => {
      const e = apiEvent({ routeKey: 'GET /awards', principal: approverH as Principal });
      (e.requestContext.authorizer.jwt.claims as Record<string, unknown>)['cognito:groups'] = groups;
      return e;
    };
    // Cognito allows punctuation in group names; API Gateway flattens the array claim to "[a b]".
    expect(principalOf(event('[officer:130000,auditor]')).groups).toEqual(['officer:130000,auditor']);
    expect(principalOf(event('[["auditor"]]')).groups).toEqual(['["auditor"]']);
    expect(principalOf(event('["approver:130000","auditor"]')).groups).toEqual(['"approver:130000","auditor"']);
    expect(principalOf(event('[approver:130000] auditor]')).groups).toEqual(['approver:130000]', 'auditor']);
    expect(principalOf(event(['auditor,approver:130000', ['auditor'], 7])).groups).toEqual(['auditor,approver:130000']);
    // And the API acts on it: such a person reads no ledger and lists no awards.
    const ledger = apiEvent({ routeKey: 'GET /ledger', principal: { user: 'mallory', groups: ['officer:130000,auditor'] } });
    expect((await call({ routeKey: 'GET /ledger', principal: { user: 'mallory', groups: ['officer:130000,auditor'] } })).status).toBe(403);
    expect(ledger.requestContext.authorizer.jwt.claims['cognito:groups']).toBe('[officer:130000,auditor]');
    expect((await call({ routeKey: 'GET /awards', principal: { user: 'mallory', groups: ['["auditor"]'] } })).status).toBe(403);
  });
});

describe('HTTP API: limits and anomalies', () => {
  it('refuses an amount larger than the jurisdiction-year’s allocation with a clear 400', async () => {
    const fresh = (await store.listAwards({ jurisdictions: ['350000'], status: 'AMOUNT_REQUIRED', limit: 100 })).items[0] as Award;
    const tooMuch = await call({ routeKey: 'POST /awards/{awardId}/amount', pathParameters: { awardId: fresh.awardId }, principal: officerF, body: { amountFen: yuan(60_000_001), basis: '奖励办法' } });
    expect(tooMuch).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION', message: expect.stringContaining('more than the whole') } } });
    expect((await store.getAward(fresh.awardId))?.status).toBe('AMOUNT_REQUIRED');
  });

  it('answers a body over the limit with 413 in the contract’s error shape', async () => {
    const response = await call({ routeKey: 'POST /awards/{awardId}/decisions', pathParameters: { awardId: hebeiAward.awardId }, principal: approverH, body: { decision: 'reject', comment: '长'.repeat(10_000) } });
    expect(response).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('bytes') } } });
  });

  it('answers a cursor it did not issue with 400, at once', async () => {
    const response = await call({ routeKey: 'GET /rejections', principal: auditor, query: { cursor: '%%%not-base64-json' } });
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION' } } });
  });

  it('lists revocations for auditors, by state', async () => {
    const listed = await call({ routeKey: 'GET /revocations', principal: auditor, query: { state: 'APPLIED' } });
    expect(listed).toMatchObject({ status: 200, body: { items: expect.any(Array), cursor: null } });
    expect((await call({ routeKey: 'GET /revocations', principal: auditor, query: { state: 'LOST' } })).status).toBe(400);
    expect((await call({ routeKey: 'GET /revocations', principal: officerH })).status).toBe(403);
  });

  it('refuses a path parameter longer than any id before looking it up, without echoing it, and names a bad one alone (review of issue 23, L5)', async () => {
    const long = 'a'.repeat(5_000);
    for (const [routeKey, pathParameters] of [['GET /awards/{awardId}', { awardId: long }], ['GET /events/{eventId}', { eventId: long }]] as const) {
      const answer = await api(apiEvent({ routeKey, principal: auditor, pathParameters }), lambdaContext('api'));
      expect(answer.statusCode).toBe(400);
      expect(answer.body).not.toContain('a'.repeat(201));
      expect(JSON.parse(answer.body ?? '')).toEqual({ error: { code: 'VALIDATION', message: `${Object.keys(pathParameters)[0]} is longer than 200 characters` } });
    }
    const year = await api(apiEvent({ routeKey: 'GET /budgets/{jurisdiction}/{year}', principal: auditor, pathParameters: { jurisdiction: '130000', year: '99999' } }), lambdaContext('api'));
    expect(JSON.parse(year.body ?? '').error.message).toMatch(/^year: (?!body)/);
  });

  it('observed as in AWS, lets an answer off its contract out, and logs and counts it for the alarm (attack review of issue 23, L1)', async () => {
    const obs = quietObservability();
    const counted: string[] = [];
    const warned: unknown[] = [];
    obs.metrics.addMetric = ((name: string) => void counted.push(name)) as unknown as typeof obs.metrics.addMetric;
    obs.logger.warn = ((message: string, extra: unknown) => void warned.push({ message, extra })) as unknown as typeof obs.logger.warn;
    const drifted = Object.create(store) as AwardStore;
    drifted.getBudget = async (jurisdiction, fiscalYear) => ({ ...(await store.getBudget(jurisdiction, fiscalYear)), waitingCount: -1 });
    const before = process.env.AWARDS_CHECK_ANSWERS;
    process.env.AWARDS_CHECK_ANSWERS = '';
    try {
      const observed = createApi({ ...obs, store: drifted, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: memoryFiles(), digests: testDigests() });
      const request = { routeKey: 'GET /budgets/{jurisdiction}/{year}', principal: auditor, pathParameters: { jurisdiction: '130000', year: String(YEAR) } };
      const answer = await observed(apiEvent(request), lambdaContext('api'));
      expect(answer.statusCode).toBe(200);
      expect(counted).toContain('AnswersOffContract');
      expect(warned).toEqual([{ message: 'an answer breaks the contract', extra: { route: 'GET /budgets/{jurisdiction}/{year}', status: 200, problem: expect.stringContaining('waitingCount') } }]);
    } finally {
      process.env.AWARDS_CHECK_ANSWERS = before;
    }
  });

  it('counts every 5xx, caught or not, and lost races past the retry budget, for the alarms', async () => {
    const obs = quietObservability();
    const counted: string[] = [];
    obs.metrics.addMetric = ((name: string) => void counted.push(name)) as unknown as typeof obs.metrics.addMetric;
    const broken = Object.create(store) as AwardStore;
    broken.getBudget = async () => {
      throw new Error('the table is gone');
    };
    broken.listRejections = async () => {
      throw new ContentionError('still losing races after 80 attempts');
    };
    const failing = createApi({ ...obs, store: broken, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: memoryFiles(), digests: testDigests() });
    const budget = await failing(apiEvent({ routeKey: 'GET /budgets/{jurisdiction}/{year}', principal: auditor, pathParameters: { jurisdiction: '130000', year: String(YEAR) } }), lambdaContext('api'));
    expect(budget.statusCode).toBe(500);
    const contended = await failing(apiEvent({ routeKey: 'GET /rejections', principal: auditor }), lambdaContext('api'));
    expect(contended.statusCode).toBe(503);
    expect(counted.filter((m) => m === 'ServerErrors')).toHaveLength(2);
    expect(counted.filter((m) => m === 'ContentionExhausted')).toHaveLength(1);
    await failing(apiEvent({ routeKey: 'GET /policies', principal: auditor }), lambdaContext('api'));
    expect(counted.filter((m) => m === 'ServerErrors')).toHaveLength(2);
  });
});
