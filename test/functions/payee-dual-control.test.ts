/**
 * Money goes only where two people agreed (issue 19, finding 1), through the HTTP API on DynamoDB Local: a payee
 * confirmation binds the whole proposal its confirmer saw, by the proposal's id. Reproduces the attack: officer A
 * proposes account N at bank X; officer B reads it; A proposes N again at bank Y under another name; B confirms what
 * B saw. The second proposal is never confirmed by that, and the payment file carries only what B confirmed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createApi } from '../../functions/api/app';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import type { AwardStore } from '../../shared/store/store';
import { designAward } from '../support/awards';
import { TEST_PERSON_KEY } from '../support/events';
import { type ApiRequest, apiEvent, lambdaContext, quietObservability } from '../support/lambda';
import { memoryFiles, testDigests } from '../support/payments';
import { freshStore, people } from '../support/store';

const HEBEI = '130000';
const A = people.officer(HEBEI, 'officer-a');
const B = people.officer(HEBEI, 'officer-b');
const N = '6222020402001234567';
const AT_X = { accountName: '保定某某新能源科技有限公司', accountNumber: N, bankCode: '102131000013', bankName: '中国工商银行保定分行' };
const AT_Y = { accountName: '保定某某新能源科技有限公司（代收）', accountNumber: N, bankCode: '103100000026', bankName: '中国农业银行北京分行' };

let store: AwardStore;
let api: ReturnType<typeof createApi>;
let files: ReturnType<typeof memoryFiles>;
let award: Award;

async function call(request: ApiRequest) {
  const response = await api(apiEvent(request), lambdaContext('api'));
  return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') };
}

const path = () => ({ jurisdiction: HEBEI, recipientId: award.recipientId });
const propose = (principal: typeof A, account: typeof AT_X) => call({ routeKey: 'PUT /payees/{jurisdiction}/{recipientId}', principal, pathParameters: path(), body: account });
const read = (principal: typeof A) => call({ routeKey: 'GET /payees/{jurisdiction}/{recipientId}', principal, pathParameters: path() });
const confirm = (principal: typeof A, body?: unknown) => call({ routeKey: 'POST /payees/{jurisdiction}/{recipientId}/confirm', principal, pathParameters: path(), ...(body === undefined ? {} : { body }) });

beforeAll(async () => {
  ({ store } = await freshStore());
  files = memoryFiles();
  api = createApi({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: files, digests: testDigests() });
  await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: fiscalYearOf(new Date()), allocatedFen: yuan(10_000_000) });
  const recorded = (await store.recordAwards(designAward(yuan(300_000), '冀工设服〔2025〕0099'))).awards[0] as Award;
  const approved = await store.decide(recorded.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' });
  if (!approved.ok) throw new Error(approved.message);
  award = approved.value;
});

describe('a payee confirmation binds the whole proposal its confirmer saw', () => {
  it('refuses the attack: a proposal replaced after B read it is not confirmed by what B saw', async () => {
    const first = await propose(A, AT_X);
    expect(first).toMatchObject({ status: 200, body: { status: 'PENDING_CONFIRMATION', pending: { ...AT_X, proposedBy: 'officer-a' } } });
    const seenByB = (await read(B)).body.pending;

    // A replaces it: the same account number, at another bank, under another name.
    const replaced = await propose(A, AT_Y);

    // B confirms "account N", as version 2 allowed: refused, a confirmation names a proposal; nothing is confirmed.
    expect(await confirm(B, { accountNumber: N })).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION' } } });
    expect((await read(B)).body).toMatchObject({ status: 'PENDING_CONFIRMATION', confirmed: null });
    expect(await confirm(B)).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION', message: expect.stringContaining('JSON body is required') } } });
    expect(await confirm(B, {})).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('proposalId') } } });
    expect(seenByB.proposalId).toMatch(/^pp-[0-9a-f]{24}$/);
    expect(seenByB.proposalId).toBe(first.body.pending.proposalId);
    expect(replaced.body.pending.proposalId).not.toBe(seenByB.proposalId);
    // B confirms the proposal B saw: it is not the pending one any more.
    const stale = await confirm(B, { proposalId: seenByB.proposalId });
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', message: expect.stringContaining(replaced.body.pending.proposalId) } } });
    expect((await read(B)).body).toMatchObject({ status: 'PENDING_CONFIRMATION', confirmed: null });

    // Nothing is confirmed, so nothing is paid.
    const run = await call({ routeKey: 'POST /payment-batches', principal: A, body: { jurisdiction: HEBEI } });
    expect(run.body).toMatchObject({ batch: null, blockedByPayee: 1 });
  });

  it('confirms exactly the proposal named, and the payment file carries it, bank and name included', async () => {
    const pending = (await read(B)).body.pending;
    expect(await confirm(A, { proposalId: pending.proposalId })).toMatchObject({ status: 403, body: { error: { message: expect.stringContaining('dual control') } } });
    const confirmed = await confirm(B, { proposalId: pending.proposalId });
    expect(confirmed).toMatchObject({ status: 200, body: { status: 'CONFIRMED', pending: null, confirmed: { ...AT_Y, proposalId: pending.proposalId, proposedBy: 'officer-a', confirmedBy: 'officer-b' } } });
    expect(confirmed.body.history.map((h: { kind: string; proposalId: string }) => h.kind)).toEqual(['PROPOSED', 'PROPOSED', 'CONFIRMED']);
    expect(confirmed.body.history.at(-1).proposalId).toBe(pending.proposalId);
    // Confirmed once: the same id again is not pending.
    expect(await confirm(B, { proposalId: pending.proposalId })).toMatchObject({ status: 409 });

    const run = await call({ routeKey: 'POST /payment-batches', principal: A, body: { jurisdiction: HEBEI } });
    expect(run.body.batch).toMatchObject({ count: 1 });
    const xml = files.files.get(run.body.batch.fileName) ?? '';
    expect(xml).toContain('<MmbId>103100000026</MmbId>');
    expect(xml).toContain('保定某某新能源科技有限公司（代收）');
    expect(xml).not.toContain('<MmbId>102131000013</MmbId>');
  });

  it('refuses an account name that holds an identity number', async () => {
    const withNumber = { ...AT_X, accountName: '李四130102198503151235' };
    expect(await propose(A, withNumber)).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('accountName holds an identity number') } } });
  });
});
