/**
 * Real disbursement on DynamoDB Local (issue 12, ADR 010): payees under dual control, batches claimed before their
 * pain.001 exists, the simulated bank's answers reconciled, and every way an answer can disagree with the ledger.
 */
import { describe, expect, inject, it } from 'vitest';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { chinaDate } from '../../shared/domain/time';
import { validateXml } from '../../shared/adapters/iso20022/validate';
import { simulateBank } from '../../shared/adapters/iso20022/simulated-bank';
import { AwardStore } from '../../shared/store/store';
import { documentClient, localClient } from '../../infra/local/dynamodb';
import { designAward, fact, revokeAward } from '../support/awards';
import { keys } from '../../shared/store/table';
import { bankAnswers, confirmedPayee, memoryFiles } from '../support/payments';
import { bookedToday, camtFile } from '../support/bank-files';
import { freshStore, people } from '../support/store';
import { paymentBatches } from '../../shared/app/payments/run';
import { reconciliation } from '../../shared/app/reconciliation/bank-files';

const YEAR = fiscalYearOf(new Date());
const HEBEI = '130000';

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

/** An approved design-services award of `amountYuan` to the Baoding enterprise, in a funded Hebei. */
async function approved(amountYuan = 617_283.94, reference = 'PAY-1'): Promise<{ store: AwardStore; award: Award }> {
  const { store } = await freshStore();
  await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
  const award = (await store.recordAwards(designAward(Math.round(amountYuan * 100), reference))).awards[0] as Award;
  return { store, award: value(await store.decide(award.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' })) };
}

const budget = (store: AwardStore) => store.getBudget(HEBEI, YEAR);

/** An approved award with a confirmed payee, sent to the bank in its batch, and the simulated bank's two answers to it. */
async function sentWithAnswers(amountYuan: number, reference: string) {
  const { store, award } = await approved(amountYuan, reference);
  await confirmedPayee(store, award);
  const files = memoryFiles();
  const [batch] = (await paymentBatches(store, files).run(HEBEI, 'run')).batches;
  const { pain002, camt054 } = await simulateBank((await files.get(batch?.fileName ?? '')) ?? '', { now: new Date() });
  return { store, award, pain002, camt054 };
}

/** Another client of the same DynamoDB Local table as `store`'s, for a second writer with its own middleware. */
function secondClientOf(store: AwardStore) {
  const client = localClient(inject('dynamoEndpoint'));
  return { client, doc: documentClient(client), tableName: store.core.table };
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!done()) throw new Error('timed out waiting');
}
const sum = (b: Awaited<ReturnType<typeof budget>>) => b.availableFen + b.reservedFen + b.inTransitFen + b.disbursedFen + b.receivableFen;

describe('payee accounts under dual control', () => {
  it('a proposer cannot confirm their own proposal; another officer of the jurisdiction can; history is kept', async () => {
    const { store, award } = await approved();
    const key = { jurisdiction: HEBEI, recipientId: award.recipientId };
    const account = { accountName: '保定某某新能源科技有限公司', accountNumber: '6222020402001234567', bankCode: '102131000013', bankName: '中国工商银行保定分行' };
    expect(await store.payees.proposePayee(key, people.approver(HEBEI), account)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await store.payees.proposePayee(key, people.officer(HEBEI, 'li'), { ...account, bankCode: '10213100001' })).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.stringContaining('12-digit CNAPS') });
    expect(await store.payees.proposePayee(key, people.officer(HEBEI, 'li'), { ...account, accountNumber: '6222-0204' })).toMatchObject({ ok: false, message: expect.stringContaining('8 to 32 digits') });
    expect(await store.payees.proposePayee(key, people.officer(HEBEI, 'li'), { ...account, accountName: ' \u200b ' })).toMatchObject({ ok: false, message: expect.stringContaining('accountName must not be blank') });
    const proposed = value(await store.payees.proposePayee(key, people.officer(HEBEI, 'li'), account));
    expect(proposed.status).toBe('PENDING_CONFIRMATION');
    const first = proposed.pending?.proposalId ?? '';
    expect(await store.payees.confirmPayee(key, people.officer(HEBEI, 'li'), first)).toMatchObject({ ok: false, code: 'FORBIDDEN', message: expect.stringContaining('dual control') });
    expect(await store.payees.confirmPayee(key, people.officer('350000', 'wu'), first)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // Not claimed while unconfirmed.
    expect(await paymentBatches(store, memoryFiles()).run(HEBEI, 'run')).toMatchObject({ batches: [], blocked: 1 });
    const confirmed = value(await store.payees.confirmPayee(key, people.officer(HEBEI, 'zhao'), first));
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', confirmed: { proposalId: first, proposedBy: 'li', confirmedBy: 'zhao', accountNumber: account.accountNumber } });
    // A new proposal leaves the confirmed account in use until a second officer confirms it.
    const changed = value(await store.payees.proposePayee(key, people.officer(HEBEI, 'zhao'), { ...account, accountNumber: '6222020402009999999' }));
    expect(changed).toMatchObject({ status: 'PENDING_CONFIRMATION', confirmed: { accountNumber: account.accountNumber } });
    expect(changed.history.map((h) => [h.kind, h.by])).toEqual([['PROPOSED', 'li'], ['CONFIRMED', 'zhao'], ['PROPOSED', 'zhao']]);
    // li reviews zhao's proposal; zhao replaces it before li confirms: li's confirmation, naming what li reviewed, is refused.
    const reviewed = changed.pending?.proposalId ?? '';
    const replaced = value(await store.payees.proposePayee(key, people.officer(HEBEI, 'zhao'), { ...account, accountNumber: '6222020402008888888' }));
    expect(await store.payees.confirmPayee(key, people.officer(HEBEI, 'li'), reviewed)).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('****8888') });
    expect(value(await store.payees.confirmPayee(key, people.officer(HEBEI, 'li'), replaced.pending?.proposalId ?? '')).confirmed).toMatchObject({ accountNumber: '6222020402008888888' });
  });
});

describe('a batch, the bank, and reconciliation', () => {
  it('round trip: PAYING before the file, in transit in the budget, the file valid, DISBURSED on the bank\'s word', async () => {
    const { store, award } = await approved();
    await confirmedPayee(store, award);
    const files = memoryFiles();
    const [batch] = (await paymentBatches(store, files).run(HEBEI, 'officer-li')).batches;
    expect(batch).toMatchObject({ status: 'FILED', count: 1, totalFen: 61_728_394 });
    expect((await store.getAward(award.awardId))?.status).toBe('PAYING');
    const inTransit = await budget(store);
    expect(inTransit).toMatchObject({ inTransitFen: 61_728_394, reservedFen: 0 });
    expect(sum(inTransit)).toBe(inTransit.allocatedFen);
    const xml = (await files.get(batch?.fileName ?? '')) ?? '';
    expect(await validateXml(xml, 'pain.001.001.09')).toEqual({ ok: true });
    expect(xml).toContain('<InstdAmt Ccy="CNY">617283.94</InstdAmt>');
    expect(xml).toContain(`<EndToEndId>${award.awardId}</EndToEndId>`);
    await bankAnswers(store, files, batch as never);
    expect((await store.getAward(award.awardId))?.status).toBe('DISBURSED');
    expect(await budget(store)).toMatchObject({ inTransitFen: 0, disbursedFen: 61_728_394 });
    expect((await store.ledger(HEBEI)).map((e) => e.type)).toEqual(['ALLOCATED', 'RECORDED', 'APPROVAL', 'PAYMENT_SENT', 'DISBURSED']);
    // The entry names the holder of the account paid (the pain.001's Cdtr/Nm), which need not be the recipient (review 2026-12-07-b, LOW-4).
    const sent = (await store.ledger(HEBEI)).find((e) => e.type === 'PAYMENT_SENT');
    expect(award.recipient.name).not.toBe('收款单位');
    expect(sent?.note).toContain(`to ${award.recipient.name} (`);
    expect(sent?.note).toMatch(/account 中国工商银行 \*+4567 held by 收款单位$/);
    expect(xml).toContain('<Nm>收款单位</Nm>');
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });

  it('a return (AC04) fails the payment back to reserved; a retry to a fixed account pays it', async () => {
    const { store, award } = await approved();
    await confirmedPayee(store, award, '6222020402000000');
    const files = memoryFiles();
    const [first] = (await paymentBatches(store, files).run(HEBEI, 'run')).batches;
    await bankAnswers(store, files, first as never);
    const failed = (await store.getAward(award.awardId)) as Award;
    expect(failed).toMatchObject({ status: 'PAYMENT_FAILED', bankAnswer: { reasonCode: 'AC04' } });
    // The status report rejects it and the statement returns it: one failure, no exception for the second word.
    expect((await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items).toEqual([]);
    expect(await budget(store)).toMatchObject({ inTransitFen: 0, reservedFen: award.amountFen });
    expect(await store.retryPayment(award.awardId, people.approver(HEBEI))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    value(await store.retryPayment(award.awardId, people.officer(HEBEI)));
    await confirmedPayee(store, award, '6222020402001234567');
    const [second] = (await paymentBatches(store, files).run(HEBEI, 'run')).batches;
    expect(second?.batchId).not.toBe(first?.batchId);
    await bankAnswers(store, files, second as never);
    expect((await store.getAward(award.awardId))?.status).toBe('DISBURSED');
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });

  it('the same file twice changes nothing; a second confirmation, an unknown id and another amount are exceptions', async () => {
    const { store, award } = await approved();
    await confirmedPayee(store, award);
    const files = memoryFiles();
    const [batch] = (await paymentBatches(store, files).run(HEBEI, 'run')).batches;
    const { camt054 } = await simulateBank((await files.get(batch?.fileName ?? '')) ?? '', { now: new Date() });
    expect(value(await reconciliation(store).importBankFile(camt054))).toMatchObject({ matched: 1, repeated: false });
    const entries = (await store.ledger(HEBEI)).length;
    expect(value(await reconciliation(store).importBankFile(camt054))).toMatchObject({ matched: 1, repeated: true });
    expect((await store.ledger(HEBEI)).length).toBe(entries);
    const again = camt054.replace(/<MsgId>[^<]*<\/MsgId>/, '<MsgId>SIMBANK-NTF-COPY-B</MsgId>');
    expect(value(await reconciliation(store).importBankFile(again))).toMatchObject({ matched: 0, exceptions: 1, repeated: false });
    const unknown = again.replace(/<MsgId>[^<]*<\/MsgId>/, '<MsgId>SIMBANK-NTF-COPY-C</MsgId>').replaceAll(award.awardId, 'aw-00000000000000000000000000000000');
    expect(value(await reconciliation(store).importBankFile(unknown))).toMatchObject({ exceptions: 1 });
    // The unknown id still names our batch (Refs/PmtInfId): its exception is shown to that batch's jurisdiction (review M3).
    const kinds = (await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items.map((e) => e.kind).sort();
    expect(kinds).toEqual(['CONFIRMED_TWICE', 'UNKNOWN_END_TO_END_ID']);
    expect((await reconciliation(store).listExceptions(null, { limit: 10 })).items.map((e) => e.kind)).toEqual([]);
    expect((await store.getAward(award.awardId))?.status).toBe('DISBURSED');

    // Another amount for a PAYING award: an exception, and the award stays with the bank.
    const other = await approved(1_000, 'PAY-2');
    await confirmedPayee(other.store, other.award);
    const otherFiles = memoryFiles();
    const [otherBatch] = (await paymentBatches(other.store, otherFiles).run(HEBEI, 'run')).batches;
    const answer = (await simulateBank((await otherFiles.get(otherBatch?.fileName ?? '')) ?? '', { now: new Date() })).camt054;
    expect(answer).toContain('1000.00');
    expect(value(await reconciliation(other.store).importBankFile(answer.replaceAll('1000.00', '999.00')))).toMatchObject({ matched: 0, exceptions: 1 });
    const [mismatch] = (await reconciliation(other.store).listExceptions(HEBEI, { limit: 10 })).items;
    expect(mismatch).toMatchObject({ kind: 'AMOUNT_MISMATCH', endToEndId: other.award.awardId, amountFen: 99_900, status: 'OPEN' });
    expect((await other.store.getAward(other.award.awardId))?.status).toBe('PAYING');
    expect(await reconciliation(other.store).resolveException(mismatch?.exceptionId ?? '', people.approver(HEBEI), 'x')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(value(await reconciliation(other.store).resolveException(mismatch?.exceptionId ?? '', people.officer(HEBEI), '银行来函更正金额'))).toMatchObject({ status: 'RESOLVED', note: '银行来函更正金额' });
    expect((await reconciliation(other.store).listExceptions(HEBEI, { status: 'OPEN', limit: 10 })).items).toEqual([]);
  });

  it('a line naming another creditor account than the confirmed one, or of another account than the treasury\'s, settles nothing (review 2026-12-07-b, HIGH-1, MEDIUM-2)', async () => {
    // Before, the camt.054 reader never read RltdPties/CdtrAcct: a confirmation of money paid to an account nobody agreed
    // made the award DISBURSED, naming the agreed account in the ledger, with no exception.
    const { store, award, pain002, camt054 } = await sentWithAnswers(2_000, 'PAY-ACCOUNT');
    expect(camt054).toContain('<Id>6222020402001234567</Id>');
    const elsewhere = camt054.replace('<Id>6222020402001234567</Id>', '<Id>6222999988887777666</Id>').replace(/<MsgId>[^<]*<\/MsgId>/, '<MsgId>BANK-ELSEWHERE-1</MsgId>');
    expect(value(await reconciliation(store).importBankFile(elsewhere))).toMatchObject({ matched: 0, exceptions: 1 });
    const [mismatch] = (await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items;
    expect(mismatch).toMatchObject({ kind: 'ACCOUNT_MISMATCH', endToEndId: award.awardId, status: 'OPEN' });
    expect(mismatch?.detail).toBe(`camt.054.001.08 BANK-ELSEWHERE-1 says CONFIRMED for ${award.awardId} to account ****7666; it was sent to the confirmed account ****4567`);
    expect((await store.getAward(award.awardId))?.status).toBe('PAYING');
    // A rejection naming another account names no payment of ours either; the bank's own answers, naming the account sent, settle it.
    const rejectedElsewhere = pain002.replace('<Id>6222020402001234567</Id>', '<Id>6222999988887777666</Id>').replace('<TxSts>ACSP</TxSts>', '<TxSts>RJCT</TxSts>')
      .replace(/<MsgId>[^<]*<\/MsgId>/, '<MsgId>BANK-ELSEWHERE-2</MsgId>');
    expect(value(await reconciliation(store).importBankFile(rejectedElsewhere))).toMatchObject({ returned: 0, exceptions: 1 });
    expect((await store.getAward(award.awardId))?.status).toBe('PAYING');
    // A notification of another account than Hebei's treasury (another customer's, or Fujian's) settles nothing (MEDIUM-2).
    for (const [n, account, whose] of [[3, '999900001111222233', 'no treasury account of ours'], [4, '350000000000000001', 'the treasury account of 350000']] as const) {
      const other = camt054.replace('<Id>130000000000000001</Id>', `<Id>${account}</Id>`).replace(/<MsgId>[^<]*<\/MsgId>/, `<MsgId>BANK-ELSEWHERE-${n}</MsgId>`);
      expect(other).not.toBe(camt054);
      expect(value(await reconciliation(store).importBankFile(other))).toMatchObject({ matched: 0, exceptions: 1 });
      const raised = (await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items.find((e) => e.messageId === `BANK-ELSEWHERE-${n}`);
      expect(raised).toMatchObject({ kind: 'OTHER_ACCOUNT', endToEndId: award.awardId });
      expect(raised?.detail).toContain(`from account ****${account.slice(-4)}, ${whose}; it was paid from 130000's`);
    }
    expect((await store.getAward(award.awardId))?.status).toBe('PAYING');
    expect(value(await reconciliation(store).importBankFile(camt054))).toMatchObject({ matched: 1, exceptions: 0 });
    expect((await store.getAward(award.awardId))?.status).toBe('DISBURSED');
  });

  it('a status report accepting our payment for another amount or to another account is an exception, before it settles (review 2026-12-07-b, LOW-5)', async () => {
    // Before, an ACSP for ten times the amount, or naming an account nobody agreed, was counted pending and raised nothing.
    const { store, award, pain002 } = await sentWithAnswers(2_000, 'PAY-ACSP');
    expect(pain002).toMatch(/<TxSts>ACSP<\/TxSts>/);
    const tenfold = pain002.replace(/(<InstdAmt Ccy="CNY">)[^<]*(<\/InstdAmt>)/, '$120000.00$2').replace(/<MsgId>[^<]*<\/MsgId>/, '<MsgId>BANK-ACSP-AMOUNT</MsgId>');
    expect(tenfold).not.toBe(pain002);
    expect(value(await reconciliation(store).importBankFile(tenfold))).toMatchObject({ pending: 0, exceptions: 1 });
    const elsewhere = pain002.replace('<Id>6222020402001234567</Id>', '<Id>6222999988887777666</Id>').replace(/<MsgId>[^<]*<\/MsgId>/, '<MsgId>BANK-ACSP-ACCOUNT</MsgId>');
    expect(elsewhere).not.toBe(pain002);
    expect(value(await reconciliation(store).importBankFile(elsewhere))).toMatchObject({ pending: 0, exceptions: 1 });
    const raised = (await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items;
    expect(raised.map((e) => [e.messageId, e.kind]).sort()).toEqual([['BANK-ACSP-ACCOUNT', 'ACCOUNT_MISMATCH'], ['BANK-ACSP-AMOUNT', 'AMOUNT_MISMATCH']]);
    expect(raised.find((e) => e.kind === 'AMOUNT_MISMATCH')?.detail).toBe(`pain.002.001.11 BANK-ACSP-AMOUNT says PENDING for ${award.awardId} for 2000000 fen; it was sent for 200000 fen`);
    expect((await store.getAward(award.awardId))?.status).toBe('PAYING');
    // The bank's own acceptance, of the payment as sent, is pending and nothing more.
    expect(value(await reconciliation(store).importBankFile(pain002))).toMatchObject({ pending: 1, exceptions: 0 });
  });

  it('an officer\'s status report about another jurisdiction\'s award is pending, whatever amount or account it names: no oracle, nothing in its queue (attack 2026-12-07-c, MEDIUM-3)', async () => {
    // Before, a 350000 officer's ACSP for a Hebei award counted 1 exception for a wrong amount or account, 1 pending for
    // the right ones, and filed each wrong guess in Hebei's queue.
    const { store, award, pain002 } = await sentWithAnswers(2_000, 'PAY-ACSP-OTHER');
    const fujian = { jurisdictions: ['350000'], importedBy: 'chen' };
    const guesses = [
      pain002.replace(/(<InstdAmt Ccy="CNY">)[^<]*(<\/InstdAmt>)/, '$120000.00$2'),
      pain002.replace('<Id>6222020402001234567</Id>', '<Id>6222999988887777666</Id>'),
      pain002,
    ].map((xml, n) => xml.replace(/<MsgId>[^<]*<\/MsgId>/, `<MsgId>FJ-GUESS-${n}</MsgId>`));
    expect(new Set(guesses).size).toBe(3);
    for (const guess of guesses) expect(value(await reconciliation(store).importBankFile(guess, fujian))).toMatchObject({ pending: 1, exceptions: 0 });
    expect((await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items).toEqual([]);
    expect((await store.getAward(award.awardId))?.status).toBe('PAYING');
  });

  it('every booked line of an officer\'s file about another jurisdiction\'s award is OTHER_JURISDICTION, whatever it says: its counts tell nothing (re-attack 2026-12-07-c, R-1)', async () => {
    // Before, a 350000 officer's statement repeating the paid award's booking was counted agreed (0 exceptions), and
    // one with another amount an exception: the counts told the award was paid, for how much and on which day.
    const { store, award, camt054 } = await sentWithAnswers(2_000, 'PAY-STMT-OTHER');
    expect(value(await reconciliation(store).importBankFile(camt054))).toMatchObject({ matched: 1 });
    const bookedOn = /<BookgDt>\s*<Dt>([^<]+)<\/Dt>/.exec(camt054)?.[1] ?? '';
    const batchId = (await store.getAward(award.awardId))?.paymentId ?? '';
    const fujian = { jurisdictions: ['350000'], importedBy: 'chen' };
    const line = (amount: string) => ({ amount, indicator: 'DBIT' as const, bookingDate: bookedOn, txs: [{ endToEndId: award.awardId, batchId }] });
    const guesses = await Promise.all(['2000.00', '2000.01'].map((amount, n) => camtFile('camt.053.001.08', `FJ-STMT-${n}`, [line(amount)])));
    expect(guesses[1]).not.toBe(guesses[0]);
    for (const guess of guesses) {
      expect(value(await reconciliation(store).importBankFile(guess, fujian))).toMatchObject({ matched: 0, agreed: 0, exceptions: 1 });
    }
    const kinds = (await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items.map((e) => e.kind);
    expect(kinds).toEqual(['OTHER_JURISDICTION', 'OTHER_JURISDICTION']);
    expect((await store.getAward(award.awardId))?.status).toBe('DISBURSED');
  });

  it('a confirmation booked before the payment was sent settles nothing (review 2026-12-07-b, LOW-1)', async () => {
    // Before, a camt.054 booking the debit years before the batch existed made the award DISBURSED.
    const { store, award, camt054 } = await sentWithAnswers(2_000, 'PAY-EARLY');
    const sentOn = ((await store.getAward(award.awardId))?.paymentId ?? '').slice(2, 10);
    expect(sentOn).toMatch(/^\d{8}$/);
    const early = camt054.replace(/<BookgDt>\s*<Dt>[^<]*<\/Dt>\s*<\/BookgDt>/g, '<BookgDt><Dt>2019-03-04</Dt></BookgDt>').replace(/<MsgId>[^<]*<\/MsgId>/, '<MsgId>BANK-EARLY-1</MsgId>');
    expect(early).toContain('2019-03-04');
    expect(value(await reconciliation(store).importBankFile(early))).toMatchObject({ matched: 0, exceptions: 1 });
    const [raised] = (await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items;
    expect(raised).toMatchObject({ kind: 'BOOKED_BEFORE_SENT', endToEndId: award.awardId });
    expect(raised?.detail).toContain(`booked on 2019-03-04, before batch`);
    expect((await store.getAward(award.awardId))?.status).toBe('PAYING');
    expect(value(await reconciliation(store).importBankFile(camt054))).toMatchObject({ matched: 1, exceptions: 0 });
  });

  it('a confirmation booked on a day still to come settles nothing; tomorrow does, the bank\'s clock may be ahead (attack 2026-12-07-c, LOW-4)', async () => {
    // Before, a camt.054 booking the debit on 2099-12-31 made the award DISBURSED.
    const { store, award, camt054 } = await sentWithAnswers(2_000, 'PAY-LATE');
    const booked = (date: string, id: string) => camt054.replace(/<BookgDt>\s*<Dt>[^<]*<\/Dt>\s*<\/BookgDt>/g, `<BookgDt><Dt>${date}</Dt></BookgDt>`).replace(/<MsgId>[^<]*<\/MsgId>/, `<MsgId>${id}</MsgId>`);
    expect(value(await reconciliation(store).importBankFile(booked('2099-12-31', 'BANK-LATE-1')))).toMatchObject({ matched: 0, exceptions: 1 });
    const [raised] = (await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items;
    expect(raised).toMatchObject({ kind: 'BOOKED_IN_FUTURE', endToEndId: award.awardId });
    expect(raised?.detail).toContain('booked on 2099-12-31, a day still to come');
    expect((await store.getAward(award.awardId))?.status).toBe('PAYING');
    const tomorrow = chinaDate(new Date(Date.now() + 86_400_000));
    expect(value(await reconciliation(store).importBankFile(booked(tomorrow, 'BANK-LATE-2')))).toMatchObject({ matched: 1, exceptions: 0 });
    expect((await store.getAward(award.awardId))?.status).toBe('DISBURSED');
  });

  it('a confirmation of a failed payment disputes it whatever date it is booked on: the money may have left (attack 2026-12-07-c, HIGH-1)', async () => {
    // Before, the date was judged first: a confirmation dated before the batch was BOOKED_BEFORE_SENT and nothing else,
    // and the failed award could be retried and paid twice.
    const { store, award, pain002, camt054 } = await sentWithAnswers(2_000, 'PAY-EARLY-FAILED');
    const rejected = pain002.replace('<TxSts>ACSP</TxSts>', '<TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf>').replace(/<MsgId>[^<]*<\/MsgId>/, '<MsgId>BANK-RJCT-1</MsgId>');
    expect(rejected).toContain('<TxSts>RJCT</TxSts>');
    expect(value(await reconciliation(store).importBankFile(rejected))).toMatchObject({ returned: 1 });
    expect((await store.getAward(award.awardId))?.status).toBe('PAYMENT_FAILED');
    const early = camt054.replace(/<BookgDt>\s*<Dt>[^<]*<\/Dt>\s*<\/BookgDt>/g, '<BookgDt><Dt>2019-03-04</Dt></BookgDt>').replace(/<MsgId>[^<]*<\/MsgId>/, '<MsgId>BANK-EARLY-2</MsgId>');
    expect(value(await reconciliation(store).importBankFile(early))).toMatchObject({ matched: 0, exceptions: 1 });
    const [raised] = (await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items;
    expect(raised?.kind).not.toBe('BOOKED_BEFORE_SENT');
    expect(await store.getAward(award.awardId)).toMatchObject({ status: 'PAYMENT_FAILED', disputed: { exceptionId: raised?.exceptionId } });
  });

  it('the bank\'s acceptance of a payment another message rejected is an exception naming both, and moves nothing (attack 2026-12-07-c, LOW-7)', async () => {
    // Before, an officer's forged rejection was followed by the bank's own ACSP, counted pending: nobody saw the two at odds.
    const { store, award, pain002 } = await sentWithAnswers(2_000, 'PAY-ACSP-AFTER-RJCT');
    const rejected = pain002.replace('<TxSts>ACSP</TxSts>', '<TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf>').replace(/<MsgId>[^<]*<\/MsgId>/, '<MsgId>FORGED-RJCT-1</MsgId>');
    expect(value(await reconciliation(store).importBankFile(rejected))).toMatchObject({ returned: 1 });
    const failed = await budget(store);
    expect(value(await reconciliation(store).importBankFile(pain002))).toMatchObject({ pending: 0, exceptions: 1 });
    const [raised] = (await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items;
    expect(raised).toMatchObject({ kind: 'NOT_PAYING', endToEndId: award.awardId });
    expect(raised?.detail).toMatch(/says PENDING \(the bank accepts it\) .* which is PAYMENT_FAILED: FORGED-RJCT-1 said REJECTED; one of the two is false$/);
    expect(await store.getAward(award.awardId)).toMatchObject({ status: 'PAYMENT_FAILED', disputed: null });
    expect(await budget(store)).toEqual(failed);
  });

  it('the bank\'s acceptance read after its own return of the payment is pending: accepted, then returned, is the usual order (re-attack 2026-12-07-c, R-2)', async () => {
    const { store, award, pain002 } = await sentWithAnswers(2_000, 'PAY-ACSP-AFTER-RTRN');
    const batchId = (await store.getAward(award.awardId))?.paymentId ?? '';
    const returned = await camtFile('camt.054.001.08', 'BANK-RTRN-1', [{ amount: '2000.00', indicator: 'CRDT', bookingDate: bookedToday(), txs: [{ endToEndId: award.awardId, batchId, returned: 'AC04' }] }]);
    expect(value(await reconciliation(store).importBankFile(returned))).toMatchObject({ returned: 1 });
    expect(value(await reconciliation(store).importBankFile(pain002))).toMatchObject({ pending: 1, exceptions: 0 });
    expect((await store.getAward(award.awardId))?.status).toBe('PAYMENT_FAILED');
  });

  it('a rejection and a confirmation of one payment imported at once: both finish, the second planned again (review 2026-12-07-b, MEDIUM-3)', async () => {
    // The confirmation's import read the award (PAYING), then the rejection's import failed it and moved the budget,
    // then the confirmation read the budget: a plan from the award as it was against the budget as it is asserted
    // "would take inTransit below zero", a 500 that left the file RUNNING.
    const { store, award, pain002, camt054 } = await sentWithAnswers(3_000, 'PAY-RACE');
    const rejection = pain002.replace('<TxSts>ACSP</TxSts>', '<TxSts>RJCT</TxSts>');
    const { client, doc, tableName } = secondClientOf(store);
    let rejected: () => void = () => undefined;
    const rejectionWritten = new Promise<void>((resolve) => (rejected = resolve));
    let budgetReads = 0;
    client.middlewareStack.add((next, context) => async (args) => {
      const keysAsked = JSON.stringify((args.input as { RequestItems?: unknown }).RequestItems ?? {});
      if (context.commandName === 'BatchGetItemCommand' && keysAsked.includes('BUDGET#') && (budgetReads += 1) === 1) await rejectionWritten;
      return next(args);
    }, { step: 'initialize', name: 'budgetReadAfterTheRejection' });
    const confirming = new AwardStore({ client: doc, tableName, approvalConfig: store.core.config });
    const confirmation = reconciliation(confirming).importBankFile(camt054);
    await until(() => budgetReads === 1);
    expect(value(await reconciliation(store).importBankFile(rejection))).toMatchObject({ returned: 1 });
    rejected();
    // Planned again from fresh reads: a confirmation of a payment the bank failed disputes it (ADR 010), no 500.
    expect(value(await confirmation)).toMatchObject({ status: 'DONE', matched: 0, exceptions: 1 });
    expect(await store.getAward(award.awardId)).toMatchObject({ status: 'PAYMENT_FAILED', disputed: expect.objectContaining({ exceptionId: expect.any(String) }) });
    expect(sum(await budget(store))).toBe(yuan(10_000_000));
  });

  it('a bank file that fails its XSD is refused with the reason and changes nothing', async () => {
    const { store, award } = await approved();
    await confirmedPayee(store, award);
    const files = memoryFiles();
    const [batch] = (await paymentBatches(store, files).run(HEBEI, 'run')).batches;
    const { camt054 } = await simulateBank((await files.get(batch?.fileName ?? '')) ?? '', { now: new Date() });
    const entries = (await store.ledger(HEBEI)).length;
    const broken = await reconciliation(store).importBankFile(camt054.replace(/<MsgId>[^<]*<\/MsgId>/, ''));
    expect(broken).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.stringContaining('does not validate against camt.054.001.08') });
    expect((await store.ledger(HEBEI)).length).toBe(entries);
    expect((await store.getAward(award.awardId))?.status).toBe('PAYING');
    // The valid file afterwards is not taken for a repeat: the refused one left no trace.
    expect(value(await reconciliation(store).importBankFile(camt054))).toMatchObject({ matched: 1, repeated: false });
  });

  it.each([
    ['paid', 'CLAWBACK_DUE', '6222020402001234567', { receivableFen: 61_728_394, availableFen: yuan(10_000_000) - 61_728_394 }],
    ['returned', 'VOIDED', '6222020402000000', { receivableFen: 0, availableFen: yuan(10_000_000) }],
  ] as const)('a revocation meeting a PAYING award settles when the bank answers: %s → %s', async (_how, status, account, balances) => {
    const { store, award } = await approved();
    await confirmedPayee(store, award, account);
    const files = memoryFiles();
    const [batch] = (await paymentBatches(store, files).run(HEBEI, 'run')).batches;
    const revoked = await revokeAward(store, award.awardId, 'rev-paying', '标准被撤销');
    expect(revoked.changed.map((a) => [a.status, a.revokedBy?.eventId])).toEqual([['PAYING', 'rev-paying']]);
    await bankAnswers(store, files, batch as never);
    expect((await store.getAward(award.awardId))?.status).toBe(status);
    const after = await budget(store);
    expect(after).toMatchObject({ inTransitFen: 0, reservedFen: 0, ...balances });
    expect(sum(after)).toBe(after.allocatedFen);
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });
});

describe('answers that must not settle a payment (review findings)', () => {
  it('an award whose payment a file cannot carry is not claimed: reported, left APPROVED, the others paid', async () => {
    const { store, award } = await approved(100, 'PAY-OK');
    const bad = (await store.recordAwards(fact('StandardLeaderListed', { standardNumber: 'Q/X 9' }, { recipient: 'shijiazhuang', reference: 'PAY-BAD' }))).awards[0] as Award;
    value(await store.decide(bad.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' }));
    await confirmedPayee(store, award);
    await confirmedPayee(store, bad);
    // A name no payment file can carry, past the payee check only by a defect: the payment run is the last defence.
    const key = keys.payee(HEBEI, bad.recipientId);
    const payee = (await store.core.get(key)) as Record<string, unknown> & { confirmed: Record<string, unknown> };
    await store.core.write([store.core.put({ ...payee, confirmed: { ...payee.confirmed, accountName: '某某\u0007公司' } })]);
    const run = await paymentBatches(store, memoryFiles()).run(HEBEI, 'run');
    expect(run.unpayable.map((u) => u.awardId)).toEqual([bad.awardId]);
    expect(run.unpayable[0]?.reason).toContain('character XML cannot carry');
    expect(run.batches.flatMap((b) => b.payments.map((p) => p.awardId))).toEqual([award.awardId]);
    expect((await store.getAward(bad.awardId))?.status).toBe('APPROVED');
  });

  it('a late answer about an earlier attempt is an exception, not a verdict on the award sent again', async () => {
    const { store, award } = await approved();
    await confirmedPayee(store, award, '6222020402000000');
    const files = memoryFiles();
    const [first] = (await paymentBatches(store, files).run(HEBEI, 'run')).batches;
    const firstAnswers = await simulateBank((await files.get(first?.fileName ?? '')) ?? '', { now: new Date() });
    value(await reconciliation(store).importBankFile(firstAnswers.pain002));
    value(await store.retryPayment(award.awardId, people.officer(HEBEI)));
    await confirmedPayee(store, award);
    const [second] = (await paymentBatches(store, files).run(HEBEI, 'run')).batches;
    // The first attempt's returned credit arrives only now, on the statement: about batch 1, not the payment in batch 2.
    expect(value(await reconciliation(store).importBankFile(firstAnswers.camt054))).toMatchObject({ returned: 0, exceptions: 1 });
    expect((await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items.map((e) => e.kind)).toEqual(['OTHER_BATCH']);
    expect((await store.getAward(award.awardId))).toMatchObject({ status: 'PAYING', paymentId: second?.batchId });
    await bankAnswers(store, files, second as never);
    expect((await store.getAward(award.awardId))?.status).toBe('DISBURSED');
  });

  it('a debit and its return in one file: the return is an exception, never dropped', async () => {
    const { store, award } = await approved();
    await confirmedPayee(store, award);
    const files = memoryFiles();
    const [batch] = (await paymentBatches(store, files).run(HEBEI, 'run')).batches;
    const { camt054 } = await simulateBank((await files.get(batch?.fileName ?? '')) ?? '', { now: new Date() });
    const entry = /<Ntry>[\s\S]*<\/Ntry>/.exec(camt054)?.[0] ?? '';
    // A credit through and through, the entry and its transaction (one saying DBIT would contradict it: review M2).
    const returned = entry.replaceAll('<CdtDbtInd>DBIT</CdtDbtInd>', '<CdtDbtInd>CRDT</CdtDbtInd>').replace('</TxDtls>', '<RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf></TxDtls>');
    const both = camt054.replace(entry, `${entry}${returned}`);
    const read = value(await reconciliation(store).importBankFile(both));
    expect(read).toMatchObject({ matched: 1, exceptions: 1 });
    expect((await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items.map((e) => e.kind)).toEqual(['RETURNED_AFTER_PAYMENT']);
  });

  it('a refusal of a whole batch fails each of its payments back to reserved', async () => {
    const { store, award } = await approved();
    await confirmedPayee(store, award);
    const files = memoryFiles();
    const [batch] = (await paymentBatches(store, files).run(HEBEI, 'run')).batches;
    const { pain002 } = await simulateBank((await files.get(batch?.fileName ?? '')) ?? '', { now: new Date() });
    const wholesale = pain002.replace(/<OrgnlPmtInfAndSts>[\s\S]*<\/OrgnlPmtInfAndSts>/, `<OrgnlPmtInfAndSts><OrgnlPmtInfId>${batch?.batchId ?? ''}</OrgnlPmtInfId><PmtInfSts>RJCT</PmtInfSts><StsRsnInf><Rsn><Cd>AM04</Cd></Rsn></StsRsnInf></OrgnlPmtInfAndSts>`);
    expect(value(await reconciliation(store).importBankFile(wholesale))).toMatchObject({ returned: 1, exceptions: 0 });
    expect(await store.getAward(award.awardId)).toMatchObject({ status: 'PAYMENT_FAILED', bankAnswer: { reasonCode: 'AM04' } });
  });

  it('a file an officer of another jurisdiction imports changes nothing there: an exception for its own officers', async () => {
    const { store, award } = await approved();
    await confirmedPayee(store, award);
    const files = memoryFiles();
    const [batch] = (await paymentBatches(store, files).run(HEBEI, 'run')).batches;
    const { camt054 } = await simulateBank((await files.get(batch?.fileName ?? '')) ?? '', { now: new Date() });
    expect(value(await reconciliation(store).importBankFile(camt054, { jurisdictions: ['350000'], importedBy: 'wu' }))).toMatchObject({ matched: 0, exceptions: 1 });
    expect((await reconciliation(store).listExceptions(HEBEI, { limit: 10 })).items.map((e) => e.kind)).toEqual(['OTHER_JURISDICTION']);
    expect((await store.getAward(award.awardId))?.status).toBe('PAYING');
  });
});
