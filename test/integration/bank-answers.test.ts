/**
 * Bank answers under contract version 3 (CONTRACT §6, "Bank answers (reconciliation), tightened"; issue 19), on
 * DynamoDB Local, with every bank file a real ISO 20022 file (test/support/bank-files.ts validates each):
 * an answer changes money only when it names the payment exactly (finding 2), a bank message is its id, type and
 * content (finding 7), and a statement that repeats a notification's booking agrees with it (finding 14).
 */
import { describe, expect, it } from 'vitest';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { simulateBank } from '../../shared/adapters/iso20022/simulated-bank';
import type { AwardStore, PaymentBatch } from '../../shared/store/store';
import { paymentBatches } from '../../shared/app/payments/run';
import { reconciliation } from '../../shared/app/reconciliation/bank-files';
import { designAward } from '../support/awards';
import { bookedNextDay, bookedToday, camtFile, pain002File, yuanText } from '../support/bank-files';
import { confirmedPayee, memoryFiles } from '../support/payments';
import { freshStore, people } from '../support/store';

const YEAR = fiscalYearOf(new Date());
const HEBEI = '130000';

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

/** Awards of the given amounts (fen), approved, their payee confirmed, claimed into one batch: all PAYING. */
type Paying = { store: AwardStore; awards: Award[]; batch: PaymentBatch; files: ReturnType<typeof memoryFiles> };

async function paying(amountsFen: readonly number[], account?: string): Promise<Paying> {
  const { store } = await freshStore();
  await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
  const recorded: Award[] = [];
  for (const [i, fen] of amountsFen.entries()) {
    const award = (await store.recordAwards(designAward(fen, `BANK-${i}`))).awards[0] as Award;
    recorded.push(value(await store.decide(award.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' })));
  }
  await confirmedPayee(store, recorded[0] as Award, account);
  const files = memoryFiles();
  const [batch] = (await paymentBatches(store, files).run(HEBEI, 'run')).batches;
  if (batch === undefined) throw new Error('nothing was claimed');
  const awards = await Promise.all(recorded.map(async (a) => (await store.getAward(a.awardId)) as Award));
  for (const a of awards) expect(a.status).toBe('PAYING');
  return { store, awards, batch, files };
}

const importFile = (store: AwardStore, xml: string, scope?: { jurisdictions: 'all' | string[]; importedBy: string }) => reconciliation(store).importBankFile(xml, scope);
const statuses = async (store: AwardStore, awards: readonly Award[]) => Promise.all(awards.map(async (a) => (await store.getAward(a.awardId))?.status));
const kinds = async (store: AwardStore, jurisdiction: string | null = HEBEI) =>
  (await reconciliation(store).listExceptions(jurisdiction, { limit: 50 })).items.map((e) => e.kind).sort();

describe('an answer changes money only when it names the payment exactly (finding 2)', () => {
  it.each(['CNY', 'USD'])('a booked 0.01 %s credit returning two transactions without amounts fails neither: both stay PAYING', async (ccy) => {
    const { store, awards, batch } = await paying([61_728_394, 20_000_000]);
    const before = await store.getBudget(HEBEI, YEAR);
    const xml = await camtFile('camt.054.001.08', 'ICBC-NTF-ONE-FEN', [
      { amount: '0.01', ccy, indicator: 'CRDT', bookingDate: bookedToday(), txs: awards.map((a) => ({ endToEndId: a.awardId, batchId: batch.batchId, returned: 'AC04' })) },
    ]);
    expect(value(await importFile(store, xml))).toMatchObject({ returned: 0, matched: 0, exceptions: 2 });
    expect(await statuses(store, awards)).toEqual(['PAYING', 'PAYING']);
    expect(await store.getBudget(HEBEI, YEAR)).toEqual(before);
    expect(await kinds(store)).toEqual(['DETAILS_UNBALANCED', 'DETAILS_UNBALANCED']);
  });

  it('several transactions of one entry settle only when each has its amount and they sum to the entry\'s', async () => {
    const { store, awards, batch } = await paying([10_000, 20_000]);
    const lines = awards.map((a) => ({ endToEndId: a.awardId, batchId: batch.batchId, amount: yuanText(a.amountFen ?? 0) }));
    const short = await camtFile('camt.054.001.08', 'ICBC-NTF-SHORT', [{ amount: '0.01', indicator: 'DBIT', bookingDate: bookedToday(), txs: lines }]);
    expect(value(await importFile(store, short))).toMatchObject({ matched: 0, exceptions: 2 });
    expect(await statuses(store, awards)).toEqual(['PAYING', 'PAYING']);
    const oneWithout = await camtFile('camt.054.001.08', 'ICBC-NTF-ONE-WITHOUT', [{ amount: '300.00', indicator: 'DBIT', bookingDate: bookedToday(), txs: [...lines.slice(0, 1), { endToEndId: awards[1]?.awardId ?? '', batchId: batch.batchId }] }]);
    expect(value(await importFile(store, oneWithout))).toMatchObject({ matched: 0, exceptions: 2 });
    expect(await statuses(store, awards)).toEqual(['PAYING', 'PAYING']);
    // One transaction claiming the payment's amount in an entry of 0.01 is no more the payment than two.
    const one = await camtFile('camt.054.001.08', 'ICBC-NTF-ONE-CLAIMS', [{ amount: '0.01', indicator: 'DBIT', bookingDate: bookedToday(), txs: lines.slice(0, 1) }]);
    expect(value(await importFile(store, one))).toMatchObject({ matched: 0, exceptions: 1 });
    expect(await statuses(store, awards)).toEqual(['PAYING', 'PAYING']);
    const exact = await camtFile('camt.054.001.08', 'ICBC-NTF-EXACT', [{ amount: '300.00', indicator: 'DBIT', bookingDate: bookedToday(), txs: lines }]);
    expect(value(await importFile(store, exact))).toMatchObject({ matched: 2, exceptions: 0 });
    expect(await statuses(store, awards)).toEqual(['DISBURSED', 'DISBURSED']);
  });

  it('a rejection or return without its amount, or in another currency, is an exception; with its amount it fails the payment', async () => {
    const { store, awards, batch } = await paying([50_000, 60_000]);
    const [first, second] = awards as [Award, Award];
    const noAmount = await pain002File('ICBC-STS-NO-AMOUNT', batch.batchId, [{ endToEndId: first.awardId, status: 'RJCT', reason: 'AC04', amount: null }]);
    expect(value(await importFile(store, noAmount))).toMatchObject({ returned: 0, exceptions: 1 });
    const dollars = await camtFile('camt.054.001.08', 'ICBC-NTF-USD-RETURN', [{ amount: '600.00', ccy: 'USD', indicator: 'CRDT', bookingDate: bookedToday(), txs: [{ endToEndId: second.awardId, batchId: batch.batchId, returned: 'AC04' }] }]);
    expect(value(await importFile(store, dollars))).toMatchObject({ returned: 0, exceptions: 1 });
    expect(await statuses(store, awards)).toEqual(['PAYING', 'PAYING']);
    expect(await kinds(store)).toEqual(['AMOUNT_MISSING', 'AMOUNT_MISSING']);
    const stated = await pain002File('ICBC-STS-STATED', batch.batchId, [{ endToEndId: first.awardId, status: 'RJCT', reason: 'AC04', amount: '500.00' }]);
    expect(value(await importFile(store, stated))).toMatchObject({ returned: 1, exceptions: 0 });
    expect(await statuses(store, awards)).toEqual(['PAYMENT_FAILED', 'PAYING']);
  });

  it('an answer naming no batch is never applied to an award sent again (it may be about the earlier attempt)', async () => {
    const { store, awards, batch: first, files } = await paying([70_000], '6222020402000000');
    const [award] = awards as [Award];
    // The bank refuses the first attempt (closed account); finance fixes the payee and sends it again.
    const answers = await simulateBank((await files.get(first.fileName)) ?? '', { now: new Date() });
    value(await importFile(store, answers.pain002));
    expect(await statuses(store, awards)).toEqual(['PAYMENT_FAILED']);
    value(await store.retryPayment(award.awardId, people.officer(HEBEI)));
    await confirmedPayee(store, award, '6222020402001234567');
    const [second] = (await paymentBatches(store, files).run(HEBEI, 'run')).batches;
    expect(second?.batchId).not.toBe(first.batchId);
    // A debit naming only the EndToEndId: it could be the first attempt's (refused, then booked after all) or the second's.
    const untied = await camtFile('camt.054.001.08', 'ICBC-NTF-UNTIED', [{ amount: '700.00', indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: award.awardId }] }]);
    expect(value(await importFile(store, untied))).toMatchObject({ matched: 0, exceptions: 1 });
    expect(await store.getAward(award.awardId)).toMatchObject({ status: 'PAYING', paymentId: second?.batchId });
    expect(await kinds(store)).toEqual(['NO_BATCH_REFERENCE']);
    // Naming the batch, the same answer settles it.
    const tied = await camtFile('camt.054.001.08', 'ICBC-NTF-TIED', [{ amount: '700.00', indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: award.awardId, batchId: second?.batchId ?? '' }] }]);
    expect(value(await importFile(store, tied))).toMatchObject({ matched: 1 });
    expect(await statuses(store, awards)).toEqual(['DISBURSED']);
  });

  it('an answer naming no batch settles an award sent once, as before', async () => {
    const { store, awards } = await paying([80_000]);
    const onlyId = await camtFile('camt.053.001.08', 'ICBC-STMT-ONLY-ID', [{ amount: '800.00', indicator: 'DBIT', bookingDate: bookedNextDay(), txs: [{ endToEndId: awards[0]?.awardId ?? null }] }]);
    expect(value(await importFile(store, onlyId))).toMatchObject({ matched: 1, exceptions: 0 });
    expect(await statuses(store, awards)).toEqual(['DISBURSED']);
  });

  it('a refusal of the whole batch spells each payment out from the batch item, with the amounts it was sent for', async () => {
    const { store, awards, batch } = await paying([90_000, 95_000]);
    const xml = await pain002File('ICBC-STS-WHOLE', batch.batchId, [], { status: 'RJCT', reason: 'AM04' });
    expect(value(await importFile(store, xml))).toMatchObject({ returned: 2, exceptions: 0 });
    expect(await statuses(store, awards)).toEqual(['PAYMENT_FAILED', 'PAYMENT_FAILED']);
  });
});

describe('a bank message is its id, its type and its content (finding 7)', () => {
  it('a file reusing a real message id with other content is refused (409) and kept for finance; the first keeps the id', async () => {
    const { store, awards, batch, files } = await paying([61_728_394]);
    const [award] = awards as [Award];
    const { camt054 } = await simulateBank((await files.get(batch.fileName)) ?? '', { now: new Date() });
    const messageId = /<MsgId>([^<]+)<\/MsgId>/.exec(camt054)?.[1] ?? '';
    // An officer of Fujian imports a file of their own under the bank's real message id, before the bank's file lands.
    const impostor = await camtFile('camt.054.001.08', messageId, [{ amount: '1.00', indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: award.awardId }] }]);
    expect(value(await importFile(store, impostor, { jurisdictions: ['350000'], importedBy: 'wu' }))).toMatchObject({ messageId, repeated: false, matched: 0 });
    expect(value(await importFile(store, impostor, { jurisdictions: ['350000'], importedBy: 'wu' }))).toMatchObject({ messageId, repeated: true });
    const genuine = await importFile(store, camt054);
    expect(genuine).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(genuine.ok ? '' : genuine.message).toMatch(new RegExp(`${messageId}.*another file.*SHA-256`));
    expect((await store.getAward(award.awardId))?.status).toBe('PAYING');
    const conflicts = (await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items.filter((e) => e.kind === 'BANK_MESSAGE_CONFLICT');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]?.detail).toContain('wu');
    // The refusal is itself idempotent: the same file refused again adds no second exception.
    expect(await importFile(store, camt054)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect((await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items.filter((e) => e.kind === 'BANK_MESSAGE_CONFLICT')).toHaveLength(1);
  });

  // Fresh review L1: the bank's file passed through a Windows transfer (CRLF, a byte-order mark) is the same file.
  it('the same file with CRLF line ends or a byte-order mark is a repeat, not another file', async () => {
    const { store, awards, batch, files } = await paying([100_000]);
    const { camt054 } = await simulateBank((await files.get(batch.fileName)) ?? '', { now: new Date() });
    expect(value(await importFile(store, camt054))).toMatchObject({ matched: 1, repeated: false });
    for (const again of [camt054.replaceAll('\n', '\r\n'), `\uFEFF${camt054}`]) {
      const read = await importFile(store, again);
      expect(read, JSON.stringify(again.slice(0, 3))).toMatchObject({ ok: true, value: { repeated: true } });
    }
    expect((await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items).toEqual([]);
    expect((await store.getAward((awards[0] as Award).awardId))?.status).toBe('DISBURSED');
  });

  it('the same message id in another type of message is refused too', async () => {
    const { store, awards, batch } = await paying([100_000]);
    const [award] = awards as [Award];
    const notice = await camtFile('camt.054.001.08', 'ICBC-SHARED-ID', [{ amount: '1000.00', indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: award.awardId, batchId: batch.batchId }] }]);
    expect(value(await importFile(store, notice))).toMatchObject({ matched: 1 });
    const status = await pain002File('ICBC-SHARED-ID', batch.batchId, [{ endToEndId: award.awardId, status: 'ACSC', amount: '1000.00' }]);
    expect(await importFile(store, status)).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('camt.054.001.08') });
  });
});

describe('a statement that repeats a notification\'s booking agrees with it (finding 14)', () => {
  it('the same end-to-end id and amount on the same booking date: no CONFIRMED_TWICE; another booking date still is one', async () => {
    const { store, awards, batch, files } = await paying([61_728_394]);
    const [award] = awards as [Award];
    const { camt054 } = await simulateBank((await files.get(batch.fileName)) ?? '', { now: new Date() });
    value(await importFile(store, camt054));
    const bookedOn = /<BookgDt>\s*<Dt>([^<]+)<\/Dt>/.exec(camt054)?.[1] ?? '';
    const line = { endToEndId: award.awardId, batchId: batch.batchId, amount: '617283.94' };
    const statement = await camtFile('camt.053.001.08', 'ICBC-STMT-AGREES', [{ amount: '617283.94', indicator: 'DBIT', bookingDate: bookedOn, txs: [line] }]);
    expect(value(await importFile(store, statement))).toMatchObject({ matched: 0, exceptions: 0, agreed: 1 });
    expect(await kinds(store)).toEqual([]);
    const ledger = (await store.ledger(HEBEI)).filter((e) => e.type === 'DISBURSED');
    expect(ledger).toHaveLength(1);
    const otherDay = await camtFile('camt.053.001.08', 'ICBC-STMT-OTHER-DAY', [{ amount: '617283.94', indicator: 'DBIT', bookingDate: '2099-01-01', txs: [line] }]);
    expect(value(await importFile(store, otherDay))).toMatchObject({ agreed: 0, exceptions: 1 });
    // Two bookings of the payment on one statement: one agrees with the notification, the second is a second debit.
    const twice = await camtFile('camt.053.001.08', 'ICBC-STMT-TWICE', [0, 1].map(() => ({ amount: '617283.94', indicator: 'DBIT' as const, bookingDate: bookedOn, txs: [line] })));
    expect(value(await importFile(store, twice))).toMatchObject({ agreed: 1, exceptions: 1 });
    expect(await kinds(store)).toEqual(['CONFIRMED_TWICE', 'CONFIRMED_TWICE']);
  });

  it('the same account-servicer reference agrees whatever the date; two different references are two bookings', async () => {
    const { store, awards, batch } = await paying([100_000]);
    const [award] = awards as [Award];
    const line = { endToEndId: award.awardId, batchId: batch.batchId };
    const notice = await camtFile('camt.054.001.08', 'ICBC-NTF-REF', [{ amount: '1000.00', indicator: 'DBIT', bookingDate: bookedToday(), accountServicerRef: 'ICBC-BOOK-0001', txs: [line] }]);
    expect(value(await importFile(store, notice))).toMatchObject({ matched: 1 });
    const sameRef = await camtFile('camt.053.001.08', 'ICBC-STMT-REF', [{ amount: '1000.00', indicator: 'DBIT', bookingDate: bookedNextDay(), accountServicerRef: 'ICBC-BOOK-0001', txs: [line] }]);
    expect(value(await importFile(store, sameRef))).toMatchObject({ agreed: 1, exceptions: 0 });
    const otherRef = await camtFile('camt.053.001.08', 'ICBC-STMT-OTHER-REF', [{ amount: '1000.00', indicator: 'DBIT', bookingDate: bookedToday(), accountServicerRef: 'ICBC-BOOK-0002', txs: [line] }]);
    expect(value(await importFile(store, otherRef))).toMatchObject({ agreed: 0, exceptions: 1 });
    expect(await kinds(store)).toEqual(['CONFIRMED_TWICE']);
  });
});
