/**
 * One award is never paid twice on one officer's word (review H1, ADR 010 version 4). The attack: officer li runs a
 * batch, imports a forged pain.002 rejecting it (PAYMENT_FAILED), the bank's real camt.054 then books the debit, li
 * retries, the bank pays again, and li resolves the exception himself. Now the officer who imported the answer that
 * failed a payment cannot retry it; a confirmation of the failed attempt disputes the award (no retry while it is); and
 * the dispute is settled by another officer, who records the money as paid (PAYMENT_FAILED → DISBURSED, reserved →
 * disbursed) or as not paid (the retry is open again). Real handlers on DynamoDB Local; every bank file a real ISO file.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler as createApi } from '../../functions/api/app';
import { createBankInbound } from '../../functions/bank-inbound/app';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { recordPaid } from '../../shared/domain/disputes';
import { yuan } from '../../shared/domain/money';
import { simulateBank } from '../../shared/adapters/iso20022/simulated-bank';
import { CATALOG } from '../../shared/policies';
import { reconciliation } from '../../shared/app/reconciliation/bank-files';
import type { AwardStore } from '../../shared/store/store';
import { designAward, revokeAward } from '../support/awards';
import { bookedToday, camtFile, pain002File, yuanText } from '../support/bank-files';
import { apiDigests } from '../support/digests';
import { TEST_PERSON_KEY } from '../support/events';
import { type ApiRequest, apiEvent, lambdaContext, quietObservability } from '../support/lambda';
import { confirmedPayee, memoryFiles } from '../support/payments';
import { freshStore, people } from '../support/store';

const YEAR = fiscalYearOf(new Date());
const HEBEI = '130000';
const [li, wang, zhao] = ['li', 'wang', 'zhao'].map((user) => people.officer(HEBEI, user)) as [ReturnType<typeof people.officer>, ReturnType<typeof people.officer>, ReturnType<typeof people.officer>];
const AMOUNT = 61_728_394;

let store: AwardStore;
let files: ReturnType<typeof memoryFiles>;
let api: ReturnType<typeof createApi>;
let award: Award;
let batchId: string;

type Answer = { status: number; body: Record<string, unknown> & { error?: { code: string; message: string } } };
async function call(request: ApiRequest): Promise<Answer> {
  const response = await api(apiEvent(request), lambdaContext('api'));
  return { status: response.statusCode ?? 0, body: JSON.parse(response.body ?? 'null') as Answer['body'] };
}

/** The bank's own drop under inbound/, as S3 and EventBridge hand it to bank-inbound. */
async function bankDrops(xml: string): Promise<void> {
  const inbound = createBankInbound({ ...quietObservability(), store, read: async () => xml });
  const notice = { 'detail-type': 'Object Created', 'source': 'aws.s3', 'detail': { bucket: { name: 'payments' }, object: { key: 'inbound/bank.xml' } } } as never;
  expect(await inbound(notice, lambdaContext('bank-inbound'))).toMatchObject({ refused: false });
}

const post = (principal: typeof li, xml: string) => call({ routeKey: 'POST /bank-files', principal, body: xml });
const retry = (principal: typeof li) => call({ routeKey: 'POST /awards/{awardId}/payment-retry', principal, pathParameters: { awardId: award.awardId } });
const resolve = (principal: typeof li, exceptionId: string, body: Record<string, unknown>) =>
  call({ routeKey: 'POST /reconciliation/exceptions/{exceptionId}/resolve', principal, pathParameters: { exceptionId }, body });
const current = async () => (await store.getAward(award.awardId)) as Award;
const openExceptions = async () => (await reconciliation(store).listExceptions(HEBEI, { status: 'OPEN', limit: 50 })).items;

/** A pain.002 rejecting the payment of `batchId` exactly (the amount it was sent for): what li forges. */
const forgedRejection = (id: string) => pain002File(id, batchId, [{ endToEndId: award.awardId, status: 'RJCT', reason: 'AC04', amount: yuanText(AMOUNT) }]);

beforeEach(async () => {
  ({ store } = await freshStore());
  files = memoryFiles();
  const simulations = { send: async () => undefined };
  const deps = { store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: files, digests: apiDigests(store), simulations };
  api = createApi({ ...quietObservability(), ...deps });
  await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
  const recorded = (await store.recordAwards(designAward(AMOUNT, 'DISPUTE-1'))).awards[0] as Award;
  await store.decide(recorded.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' });
  await confirmedPayee(store, recorded);
  const run = await call({ routeKey: 'POST /payment-batches', principal: li, body: { jurisdiction: HEBEI } });
  batchId = (run.body.batch as { batchId: string }).batchId;
  award = (await store.getAward(recorded.awardId)) as Award;
  expect(award).toMatchObject({ status: 'PAYING', paymentId: batchId });
});

/** Another approved award of the same recipient, sent by li in a batch of its own: it becomes `award`, `batchId`. */
async function sendAnother(reference: string): Promise<void> {
  const recorded = (await store.recordAwards(designAward(AMOUNT, reference))).awards[0] as Award;
  await store.decide(recorded.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' });
  batchId = ((await call({ routeKey: 'POST /payment-batches', principal: li, body: { jurisdiction: HEBEI } })).body.batch as { batchId: string }).batchId;
  award = (await store.getAward(recorded.awardId)) as Award;
}

/** The bank's real answers to the batch's file: its camt.054 books the debit. */
const realNotification = async () => (await simulateBank((await files.get(`${batchId}.pain.001.xml`)) ?? '', { now: new Date(), bankMessagePrefix: 'REALBANK' })).camt054;

describe('the officer who imported the answer that failed a payment cannot retry it', () => {
  it('li imports a rejection: li may not retry it (403), zhao may', async () => {
    expect((await post(li, await forgedRejection('ICBC-STS-LI-1'))).body).toMatchObject({ returned: 1 });
    const refused = await retry(li);
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: expect.stringMatching(/li imported.*ICBC-STS-LI-1.*another officer/) } } });
    expect(await current()).toMatchObject({ status: 'PAYMENT_FAILED', bankAnswer: { importedBy: 'li', outcome: 'REJECTED' } });
    expect(await retry(zhao)).toMatchObject({ status: 200, body: { status: 'APPROVED' } });
  });

  it('a rejection from the bank\'s own drop is the bank\'s word: the officer who ran the batch may retry it', async () => {
    await bankDrops(await forgedRejection('ICBC-STS-BANK-1'));
    expect(await current()).toMatchObject({ status: 'PAYMENT_FAILED', bankAnswer: { importedBy: 'bank' } });
    expect(await retry(li)).toMatchObject({ status: 200, body: { status: 'APPROVED' } });
  });
});

describe('a confirmation of the failed attempt disputes the award', () => {
  it('the review\'s attack: li cannot retry or resolve; wang records the money as paid; one debit, one DISBURSED, the books balance', async () => {
    expect((await post(li, await forgedRejection('ICBC-STS-FORGED'))).body).toMatchObject({ returned: 1 });
    await bankDrops(await realNotification());
    const [exception] = await openExceptions();
    expect(exception).toMatchObject({ kind: 'NOT_PAYING', endToEndId: award.awardId, detail: expect.stringContaining('PAYMENT_FAILED') });
    const exceptionId = exception?.exceptionId ?? '';
    expect((await retry(li)).status).toBe(403);
    const whileDisputed = await retry(wang);
    expect(whileDisputed).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', message: expect.stringContaining(exceptionId) } } });
    expect(whileDisputed.body.error?.message).toMatch(/resolve.*"outcome": "paid"/);
    expect(await current()).toMatchObject({ status: 'PAYMENT_FAILED', disputed: { exceptionId, answer: { outcome: 'CONFIRMED', importedBy: 'bank' } } });
    expect((await resolve(li, exceptionId, { note: '银行已退回' })).status).toBe(403);
    expect((await current()).status).toBe('PAYMENT_FAILED');

    const resolved = await resolve(wang, exceptionId, { note: '经与银行核对,款项已于5月6日付出', outcome: 'paid' });
    expect(resolved).toMatchObject({ status: 200, body: { status: 'RESOLVED', resolvedBy: 'wang', outcome: 'paid' } });
    expect(await current()).toMatchObject({ status: 'DISBURSED', disputed: null, bankAnswer: { outcome: 'CONFIRMED' } });
    const disbursed = (await store.ledger(HEBEI)).filter((e) => e.awardId === award.awardId && e.type === 'DISBURSED');
    expect(disbursed).toHaveLength(1);
    expect(disbursed[0]).toMatchObject({ actor: 'wang', amountFen: AMOUNT, statusAfter: 'DISBURSED', note: expect.stringContaining(exceptionId) });
    expect([...(disbursed[0]?.postings ?? [])].sort((a, b) => a.account.localeCompare(b.account))).toEqual([{ account: 'disbursed', deltaFen: AMOUNT }, { account: 'reserved', deltaFen: -AMOUNT }]);
    expect(await store.getBudget(HEBEI, YEAR)).toMatchObject({ disbursedFen: AMOUNT, reservedFen: 0, inTransitFen: 0 });
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
    // Nothing more to retry: the award is paid once, in the books as at the bank.
    expect((await retry(zhao)).status).toBe(409);
    expect((await store.ledger(HEBEI)).filter((e) => e.type === 'PAYMENT_SENT')).toHaveLength(1);
  });

  it('resolved as not paid ({ note } alone, as before): the dispute is cleared and another officer may retry', async () => {
    expect((await post(li, await forgedRejection('ICBC-STS-FORGED-2'))).body).toMatchObject({ returned: 1 });
    await bankDrops(await realNotification());
    const exceptionId = (await openExceptions())[0]?.exceptionId ?? '';
    const resolved = await resolve(wang, exceptionId, { note: '银行确认未付款,记账有误' });
    expect(resolved).toMatchObject({ status: 200, body: { status: 'RESOLVED', outcome: 'not-paid', note: expect.stringMatching(/^decided: not paid.*银行确认未付款,记账有误$/) } });
    expect(await current()).toMatchObject({ status: 'PAYMENT_FAILED', disputed: null });
    expect((await retry(li)).status).toBe(403);
    // Nor does the officer who decided it was not paid retry it: one person's "not paid" is not enough (fresh review S2).
    expect(await retry(wang)).toMatchObject({ status: 403, body: { error: { message: expect.stringContaining('wang decided that the disputed payment') } } });
    expect(await current()).toMatchObject({ disputeClearedBy: 'wang' });
    expect(await retry(zhao)).toMatchObject({ status: 200, body: { status: 'APPROVED', disputeClearedBy: null } });
  });

  // Fresh review S1: a confirmation of an earlier attempt, or of none it can be tied to, is as much a sign that the
  // money left as one of the attempt that failed; before, it was a bare exception and the award could be retried.
  it('a confirmation of an earlier attempt, or naming no batch, of an award that failed again disputes it too', async () => {
    for (const naming of ['the first batch', 'no batch'] as const) {
      ({ store } = await freshStore());
      files = memoryFiles();
      const simulations = { send: async () => undefined };
      const digests = apiDigests(store);
      api = createApi({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: files, digests, simulations });
      await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
      const recorded = (await store.recordAwards(designAward(AMOUNT, 'DISPUTE-S1'))).awards[0] as Award;
      await store.decide(recorded.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' });
      await confirmedPayee(store, recorded);
      const first = ((await call({ routeKey: 'POST /payment-batches', principal: li, body: { jurisdiction: HEBEI } })).body.batch as { batchId: string }).batchId;
      award = (await store.getAward(recorded.awardId)) as Award;
      batchId = first;
      expect((await post(li, await forgedRejection('ICBC-STS-S1-A'))).body).toMatchObject({ returned: 1 });
      expect((await retry(zhao)).status).toBe(200);
      const second = ((await call({ routeKey: 'POST /payment-batches', principal: zhao, body: { jurisdiction: HEBEI } })).body.batch as { batchId: string }).batchId;
      batchId = second;
      await bankDrops(await forgedRejection('ICBC-STS-S1-B'));
      expect(await current()).toMatchObject({ status: 'PAYMENT_FAILED', paymentId: second, disputed: null });
      const tx = naming === 'no batch' ? { endToEndId: award.awardId } : { endToEndId: award.awardId, batchId: first };
      await bankDrops(await camtFile('camt.054.001.08', `ICBC-NTF-S1-${naming.length}`, [{ amount: yuanText(AMOUNT), indicator: 'DBIT', bookingDate: bookedToday(), txs: [tx] }]));
      const [exception] = await openExceptions();
      expect(exception, naming).toMatchObject({ kind: naming === 'no batch' ? 'NO_BATCH_REFERENCE' : 'OTHER_BATCH' });
      expect(await current(), naming).toMatchObject({ status: 'PAYMENT_FAILED', disputed: { exceptionId: exception?.exceptionId } });
      expect((await retry(wang)).status, naming).toBe(409);
      // Decided like any dispute, whatever the exception's kind.
      expect((await resolve(wang, exception?.exceptionId ?? '', { note: '首次已付', outcome: 'paid' })).status, naming).toBe(200);
      expect((await current()).status, naming).toBe('DISBURSED');
    }
  });

  // Re-attack M1: the bank's confirmation of the first attempt arrived after an officer retried the payment, before the
  // next run sent it again; the run paid it a second time.
  it('a late confirmation of the first attempt disputes a retried award before it is sent again', async () => {
    for (const outcome of ['paid', 'not-paid'] as const) {
      if (outcome === 'not-paid') {
        await sendAnother('DISPUTE-M1');
      }
      expect((await post(li, await forgedRejection(`ICBC-STS-M1-${outcome}`))).body).toMatchObject({ returned: 1 });
      expect((await retry(zhao)).status).toBe(200);
      expect(await current()).toMatchObject({ status: 'APPROVED', disputed: null });
      await bankDrops((await simulateBank((await files.get(`${batchId}.pain.001.xml`)) ?? '', { now: new Date(), bankMessagePrefix: `LATE${outcome.length}` })).camt054);
      const disputed = await current();
      expect(disputed, outcome).toMatchObject({ status: 'APPROVED', disputed: { answer: { outcome: 'CONFIRMED', amountFen: AMOUNT } } });
      // The run does not send it again while it is disputed.
      const run = await call({ routeKey: 'POST /payment-batches', principal: wang, body: { jurisdiction: HEBEI } });
      expect(run.status).toBe(200);
      expect((await current()).status).toBe('APPROVED');
      const exceptionId = disputed.disputed?.exceptionId ?? '';
      const body = outcome === 'paid' ? { note: '银行确认首次已付', outcome } : { note: '银行确认首次未付' };
      expect((await resolve(wang, exceptionId, body)).status, outcome).toBe(200);
      if (outcome === 'paid') {
        expect(await current()).toMatchObject({ status: 'DISBURSED', disputed: null });
        expect(await store.getBudget(HEBEI, YEAR)).toMatchObject({ disbursedFen: AMOUNT, reservedFen: 0, inTransitFen: 0 });
      } else {
        expect(await current()).toMatchObject({ status: 'APPROVED', disputed: null });
        await call({ routeKey: 'POST /payment-batches', principal: wang, body: { jurisdiction: HEBEI } });
        expect((await current()).status).toBe('PAYING');
      }
      expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
    }
  });

  // Re-attack 2, H1: the late confirmation arrived while the retry was with the bank; the retry then failed, and a
  // third attempt was paid: the bank paid twice, the books once.
  it('a late confirmation while the retry is with the bank waits on it: a failed retry is disputed, a paid one says paid twice', async () => {
    for (const second of ['rejected', 'confirmed'] as const) {
      if (second === 'confirmed') {
        await sendAnother('DISPUTE-H1B');
      }
      const first = batchId;
      expect((await post(li, await forgedRejection(`ICBC-STS-H1-${second}`))).body).toMatchObject({ returned: 1 });
      expect((await retry(zhao)).status).toBe(200);
      const again = ((await call({ routeKey: 'POST /payment-batches', principal: zhao, body: { jurisdiction: HEBEI } })).body.batch as { batchId: string }).batchId;
      expect(await current()).toMatchObject({ status: 'PAYING', paymentId: again });
      await bankDrops((await simulateBank((await files.get(`${first}.pain.001.xml`)) ?? '', { now: new Date(), bankMessagePrefix: `H1${second.length}` })).camt054);
      expect(await current(), second).toMatchObject({ status: 'PAYING', disputed: { answer: { outcome: 'CONFIRMED', amountFen: AMOUNT } } });
      const exceptionId = (await current()).disputed?.exceptionId ?? '';
      expect((await resolve(wang, exceptionId, { note: '首次已付', outcome: 'paid' })).status).toBe(409);
      if (second === 'rejected') {
        batchId = again;
        await bankDrops(await forgedRejection('ICBC-STS-H1-AGAIN'));
        expect(await current()).toMatchObject({ status: 'PAYMENT_FAILED', disputed: { exceptionId } });
        expect((await retry(wang)).status).toBe(409);
        const decided = await resolve(wang, exceptionId, { note: '首次已付', outcome: 'paid' });
        expect(decided.status, JSON.stringify(decided.body)).toBe(200);
        expect(await current()).toMatchObject({ status: 'DISBURSED', disputed: null });
        expect(await store.getBudget(HEBEI, YEAR)).toMatchObject({ disbursedFen: AMOUNT, reservedFen: 0, inTransitFen: 0 });
      } else {
        await bankDrops((await simulateBank((await files.get(`${again}.pain.001.xml`)) ?? '', { now: new Date(), bankMessagePrefix: 'H1AGAIN' })).camt054);
        expect(await current()).toMatchObject({ status: 'DISBURSED', disputed: null });
        const paid = (await store.entriesOfAward(award.awardId)).find((e) => e.type === 'DISBURSED');
        expect(paid?.note).toContain(`it may have paid twice, recover one`);
        expect((await openExceptions()).map((e) => e.exceptionId)).toContain(exceptionId);
      }
      expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
    }
  });

  it('the officer who retried does not also decide that the first attempt was not paid', async () => {
    expect((await post(li, await forgedRejection('ICBC-STS-M2'))).body).toMatchObject({ returned: 1 });
    expect((await retry(zhao)).status).toBe(200);
    await bankDrops(await realNotification());
    const exceptionId = (await current()).disputed?.exceptionId ?? '';
    expect(await resolve(zhao, exceptionId, { note: '未付' })).toMatchObject({ status: 403, body: { error: { message: expect.stringContaining('zhao retried the payment') } } });
    const notPaid = await resolve(wang, exceptionId, { note: '未付' });
    expect(notPaid.status).toBe(200);
    // Retried already: the words say it is sent again, not that someone may retry it (re-attack 2026-12-07-c, R-4).
    expect(notPaid.body.note).toMatch(/^decided: not paid \(the award stays APPROVED, already retried: the next payment run sends it again.*未付$/);
  });

  it('a retried award disputed by the late confirmation and then revoked opens a clawback when found paid', async () => {
    expect((await post(li, await forgedRejection('ICBC-STS-M1-REV'))).body).toMatchObject({ returned: 1 });
    expect((await retry(zhao)).status).toBe(200);
    await bankDrops(await realNotification());
    const exceptionId = (await current()).disputed?.exceptionId ?? '';
    expect(exceptionId).not.toBe('');
    expect((await revokeAward(store, award.awardId, 'revoke-m1', '撤销')).changed).toHaveLength(1);
    expect(await current()).toMatchObject({ status: 'APPROVED', revokedBy: { eventId: 'revoke-m1' } });
    expect((await resolve(wang, exceptionId, { note: '首次已付', outcome: 'paid' })).status).toBe(200);
    expect(await current()).toMatchObject({ status: 'CLAWBACK_DUE', disputed: null });
    expect(await store.getBudget(HEBEI, YEAR)).toMatchObject({ receivableFen: AMOUNT, reservedFen: 0 });
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });

  // Fresh review S3: a one-fen "confirmation" disputed a failed payment, and could then be recorded as its payment.
  it('only a confirmation of the exact amount disputes: one for another amount, or none, is an exception that changes nothing', async () => {
    expect((await post(li, await forgedRejection('ICBC-STS-S3'))).body).toMatchObject({ returned: 1 });
    const oneFen = await camtFile('camt.054.001.08', 'ICBC-NTF-S3-FEN', [{ amount: '0.01', indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: award.awardId, batchId }] }]);
    await bankDrops(oneFen);
    const noAmount = await camtFile('camt.054.001.08', 'ICBC-NTF-S3-USD', [{ amount: yuanText(AMOUNT), ccy: 'USD', indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: award.awardId, batchId }] }]);
    await bankDrops(noAmount);
    expect((await openExceptions()).map((e) => e.kind).sort()).toEqual(['AMOUNT_MISMATCH', 'AMOUNT_MISSING']);
    expect(await current()).toMatchObject({ status: 'PAYMENT_FAILED', disputed: null });
    expect(await retry(zhao)).toMatchObject({ status: 200 });
  });

  it('a dispute kept from before, for another amount than the award\'s, cannot be recorded paid', async () => {
    expect((await post(li, await forgedRejection('ICBC-STS-S3-OLD'))).body).toMatchObject({ returned: 1 });
    await bankDrops(await realNotification());
    const disputed = await current();
    expect(disputed.disputed).not.toBeNull();
    const old = { ...disputed, disputed: { ...disputed.disputed!, answer: { ...disputed.disputed!.answer, amountFen: 1 } } };
    const decided = recordPaid(old, wang, { exceptionId: disputed.disputed!.exceptionId, note: '已付' }, { now: new Date() });
    expect(decided).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('cannot be recorded paid') });
    expect(recordPaid(disputed, wang, { exceptionId: disputed.disputed!.exceptionId, note: '已付' }, { now: new Date() })).toMatchObject({ ok: true });
    // Review 2026-12-07-s, 1: the officer's words were cut before their identity numbers were masked; one straddling the
    // cut was no longer recognised and its region and birth date stayed in the ledger's note.
    const straddling = recordPaid(disputed, wang, { exceptionId: disputed.disputed!.exceptionId, note: `${'核'.repeat(489)} 11010119900307123X` }, { now: new Date() });
    expect(straddling.ok && straddling.change.draft.note).not.toMatch(/1101011990|19900307/);
  });

  it('a careless bank that rejects, then books the debit: disputed too; the officer who imported the debit may not settle it', async () => {
    await bankDrops(await forgedRejection('ICBC-STS-CARELESS'));
    // The debit names no batch, and the award was sent once: it can only be about this attempt.
    const debit = await camtFile('camt.054.001.08', 'ICBC-NTF-CARELESS', [{ amount: yuanText(AMOUNT), indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: award.awardId }] }]);
    expect((await post(wang, debit)).body).toMatchObject({ matched: 0, exceptions: 1 });
    const exceptionId = (await openExceptions())[0]?.exceptionId ?? '';
    expect(await current()).toMatchObject({ status: 'PAYMENT_FAILED', disputed: { exceptionId, answer: { importedBy: 'wang' } } });
    expect((await retry(li)).status).toBe(409);
    expect((await resolve(wang, exceptionId, { note: '已付', outcome: 'paid' })).status).toBe(403);
    expect((await resolve(li, exceptionId, { note: '已付', outcome: 'paid' })).status).toBe(200);
    expect((await current()).status).toBe('DISBURSED');
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });

  it('an outcome is refused on an exception that disputes no payment, and a resolved dispute stays resolved', async () => {
    const stray = await camtFile('camt.054.001.08', 'ICBC-NTF-STRAY', [{ amount: '1.00', indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: `aw-${'f'.repeat(32)}`, batchId }] }]);
    expect((await post(wang, stray)).status).toBe(200);
    const [unknown] = await openExceptions();
    expect(unknown?.kind).toBe('UNKNOWN_END_TO_END_ID');
    expect((await resolve(zhao, unknown?.exceptionId ?? '', { note: '不是我们的', outcome: 'paid' })).status).toBe(409);
    expect((await resolve(zhao, unknown?.exceptionId ?? '', { note: '不是我们的' })).status).toBe(200);
    expect((await resolve(zhao, unknown?.exceptionId ?? '', { note: 'again', outcome: 'bogus' })).status).toBe(400);
    expect((await current()).status).toBe('PAYING');
  });

  // Review 2026-12-07-b, MEDIUM-1: the rejection voided the revoked award and released its budget; the bank's confirmation
  // of that very payment was then only NOT_PAYING, and the money that left was in no ledger entry.
  it('an award revoked while with the bank, rejected, then confirmed is disputed: paid opens a clawback from available, not paid leaves it voided', async () => {
    expect((await revokeAward(store, award.awardId, 'revoke-with-bank', '撤销')).changed).toHaveLength(1);
    expect((await post(li, await forgedRejection('ICBC-STS-REV-VOID'))).body).toMatchObject({ returned: 1 });
    expect(await current()).toMatchObject({ status: 'VOIDED', disputed: null });
    await bankDrops(await realNotification());
    const [exception] = await openExceptions();
    expect(exception?.detail).toMatch(/VOIDED.*may have paid it after all/);
    const exceptionId = exception?.exceptionId ?? '';
    expect(await current()).toMatchObject({ status: 'VOIDED', disputed: { exceptionId, answer: { outcome: 'CONFIRMED', amountFen: AMOUNT } } });
    expect((await resolve(li, exceptionId, { note: '已付', outcome: 'paid' })).status).toBe(403);
    // The released amount was spent meanwhile: the payment cannot be recorded until the budget can carry it.
    const before = await store.getBudget(HEBEI, YEAR);
    const spent = before.allocatedFen - before.availableFen;
    await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: spent + AMOUNT - 1 });
    const short = await resolve(wang, exceptionId, { note: '已付', outcome: 'paid' });
    expect(short).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', message: expect.stringMatching(/available/) } } });
    expect(await current()).toMatchObject({ status: 'VOIDED', disputed: { exceptionId } });
    await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: spent + AMOUNT });
    // An officer's words ending in a separator do not double it in the entry's note (attack 2026-12-07-c, LOW-6: "; ;").
    expect(await resolve(wang, exceptionId, { note: '经核对银行已付; ', outcome: 'paid' })).toMatchObject({ status: 200, body: { outcome: 'paid' } });
    expect(await current()).toMatchObject({ status: 'CLAWBACK_DUE', disputed: null, bankAnswer: { outcome: 'CONFIRMED' } });
    const opened = (await store.ledger(HEBEI)).filter((e) => e.awardId === award.awardId && e.type === 'CLAWBACK_OPENED');
    expect(opened).toHaveLength(1);
    expect(opened[0]?.note).toMatch(/resolving .*: 经核对银行已付; it had been voided, the fact was revoked: clawback of /);
    expect([...(opened[0]?.postings ?? [])].sort((a, b) => a.account.localeCompare(b.account))).toEqual([{ account: 'available', deltaFen: -AMOUNT }, { account: 'receivable', deltaFen: AMOUNT }]);
    expect(await store.getBudget(HEBEI, YEAR)).toMatchObject({ receivableFen: AMOUNT, availableFen: 0, reservedFen: 0, inTransitFen: 0 });
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });

    // Not paid: it stays voided, the dispute cleared, and nothing moves.
    await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
    await sendAnother('DISPUTE-VOID-2');
    expect((await revokeAward(store, award.awardId, 'revoke-with-bank-2', '撤销')).changed).toHaveLength(1);
    expect((await post(li, await forgedRejection('ICBC-STS-REV-VOID-2'))).body).toMatchObject({ returned: 1 });
    await bankDrops(await realNotification());
    const second = (await current()).disputed?.exceptionId ?? '';
    expect(second).not.toBe('');
    const entries = (await store.ledger(HEBEI)).length;
    const notPaid = await resolve(zhao, second, { note: '未付' });
    expect(notPaid.status).toBe(200);
    // The words say what happened: it stays voided and is never retried (attack 2026-12-07-c, LOW-8: they said PAYMENT_FAILED, retry).
    expect(notPaid.body.note).toMatch(/^decided: not paid \(the award stays VOIDED.*未付$/);
    expect(notPaid.body.note).not.toMatch(/PAYMENT_FAILED|retry/);
    expect(await current()).toMatchObject({ status: 'VOIDED', disputed: null });
    expect(await store.ledger(HEBEI)).toHaveLength(entries);
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });

  it('a revocation meeting a disputed payment waits for the decision: paid opens a clawback, not paid voids it', async () => {
    for (const outcome of ['paid', 'not-paid'] as const) {
      const recorded = (await store.recordAwards(designAward(AMOUNT, `DISPUTE-REVOKED-${outcome}`))).awards[0] as Award;
      await store.decide(recorded.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' });
      const run = await call({ routeKey: 'POST /payment-batches', principal: li, body: { jurisdiction: HEBEI } });
      const batch = run.body.batch as { batchId: string; fileName: string };
      const rejection = await pain002File(`ICBC-STS-REV-${outcome}`, batch.batchId, [{ endToEndId: recorded.awardId, status: 'RJCT', reason: 'AC04', amount: yuanText(AMOUNT) }]);
      expect((await post(li, rejection)).body).toMatchObject({ returned: 1 });
      await bankDrops((await simulateBank((await files.get(batch.fileName)) ?? '', { now: new Date(), bankMessagePrefix: `REV${outcome.length}` })).camt054);
      const disputed = (await store.getAward(recorded.awardId)) as Award;
      expect(disputed.disputed).not.toBeNull();
      const revoked = await revokeAward(store, recorded.awardId, `revoke-${outcome}`, '撤销');
      expect(revoked.changed).toHaveLength(1);
      expect(await store.getAward(recorded.awardId)).toMatchObject({ status: 'PAYMENT_FAILED', revokedBy: { eventId: `revoke-${outcome}` }, disputed: { exceptionId: disputed.disputed?.exceptionId } });
      const body = outcome === 'paid' ? { note: '已付', outcome } : { note: '未付' };
      expect((await resolve(zhao, disputed.disputed?.exceptionId ?? '', body)).status).toBe(200);
      expect((await store.getAward(recorded.awardId))?.status).toBe(outcome === 'paid' ? 'CLAWBACK_DUE' : 'VOIDED');
    }
    const budget = await store.getBudget(HEBEI, YEAR);
    expect(budget).toMatchObject({ receivableFen: AMOUNT, inTransitFen: AMOUNT });
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });
});
