/**
 * An OPEN batch is never marked FILED without its file (review M5, ADR 010 version 4). A run that dies before it stores
 * a batch's file leaves the batch OPEN; if an answer then settles one of its payments (a bank file an officer imported,
 * forged or mistaken: the bank never had this file), the next run files the payments still PAYING in it, records the
 * ones it left out, and counts them for an alarm. Before, it wrote no file and marked the batch FILED: the rest stayed
 * PAYING for good, unsent, and nobody heard. Faults are injected at the file store (test/support/faults.ts).
 */
import { describe, expect, it } from 'vitest';
import { createPaymentRun } from '../../functions/payment-run/app';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { simulateBank } from '../../shared/adapters/iso20022/simulated-bank';
import { validateXml } from '../../shared/adapters/iso20022/validate';
import { paymentBatches } from '../../shared/app/payments/run';
import type { PaymentBatch } from '../../shared/store/store';
import { reconciliation } from '../../shared/app/reconciliation/bank-files';
import type { AwardStore } from '../../shared/store/store';
import { designAward } from '../support/awards';
import { pain002File, yuanText } from '../support/bank-files';
import { CrashError } from '../support/faults';
import { lambdaContext, quietObservability } from '../support/lambda';
import { confirmedPayee, memoryFiles } from '../support/payments';
import { freshStore, people } from '../support/store';

const YEAR = fiscalYearOf(new Date());
const HEBEI = '130000';
const AMOUNTS = [10_000, 20_000, 30_000];

/** A file store that dies storing a file: before it lands, or just after (nobody saw the answer). */
function crashingFiles(when: 'before' | 'after') {
  const files = memoryFiles();
  let crash = true;
  return {
    files,
    heal: () => void (crash = false),
    store: {
      put: async (name: string, xml: string) => {
        if (crash && when === 'before') throw new CrashError('crash before the file is stored');
        await files.put(name, xml);
        if (crash && when === 'after') throw new CrashError('crash after the file is stored');
      },
      get: files.get,
    },
  };
}

/** Three approved awards with a confirmed payee, claimed by a run that dies storing the batch's file. */
async function claimedThenCrashed(when: 'before' | 'after') {
  const { store } = await freshStore();
  await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: yuan(1_000_000) });
  for (const [i, fen] of AMOUNTS.entries()) {
    const award = (await store.recordAwards(designAward(fen, `FILING-${i}`))).awards[0] as Award;
    await store.decide(award.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' });
  }
  const awards = (await store.listAwards({ jurisdictions: [HEBEI], status: 'APPROVED' })).items;
  await confirmedPayee(store, awards[0] as Award);
  const files = crashingFiles(when);
  await expect(paymentBatches(store, files.store).run(HEBEI, 'run')).rejects.toThrow(CrashError);
  files.heal();
  const paying = (await store.listAwards({ jurisdictions: [HEBEI], status: 'PAYING' })).items;
  expect(paying).toHaveLength(3);
  const batchId = paying[0]?.paymentId ?? '';
  const batch = (await paymentBatches(store, files.store).getBatch(batchId)) as PaymentBatch;
  expect(batch.status).toBe('OPEN');
  return { store, files, batch, awards: batch.payments.map((p) => paying.find((a) => a.awardId === p.awardId) as Award) };
}

/** A pain.002 an officer imports, rejecting `award` in the batch exactly: the bank never had the file, so it is not the bank's. */
async function rejectedByOfficer(store: AwardStore, batch: PaymentBatch, award: Award, id: string) {
  const xml = await pain002File(id, batch.batchId, [{ endToEndId: award.awardId, status: 'RJCT', reason: 'AC04', amount: yuanText(award.amountFen ?? 0) }]);
  const imported = await reconciliation(store).importBankFile(xml, { jurisdictions: [HEBEI], importedBy: 'li' });
  expect(imported).toMatchObject({ ok: true, value: { returned: 1 } });
}

const statuses = async (store: AwardStore, awards: readonly Award[]) => Promise.all(awards.map(async (a) => (await store.getAward(a.awardId))?.status));

describe('an OPEN batch some of whose payments were settled before its file was written (review M5)', () => {
  it('files the payments still PAYING in it, records the one left out and reports it; the bank pays exactly those', async () => {
    const { store, files, batch, awards } = await claimedThenCrashed('before');
    const [first, ...rest] = awards as [Award, Award, Award];
    expect(files.files.files.size).toBe(0);
    await rejectedByOfficer(store, batch, first, 'ICBC-STS-BEFORE-FILE');

    const run = await paymentBatches(store, files.store).run(HEBEI, 'run');
    const xml = (await files.store.get(batch.fileName)) ?? '';
    const marked = await paymentBatches(store, files.store).getBatch(batch.batchId);
    expect(xml, `the batch is ${marked?.status ?? '-'}, two of its payments ${(await statuses(store, rest)).join(' and ')}: it has its file`).not.toBe('');
    expect(run.leftOut).toEqual([{ batchId: batch.batchId, awardId: first.awardId, status: 'PAYMENT_FAILED' }]);
    expect((await validateXml(xml, 'pain.001.001.09')).ok).toBe(true);
    expect(xml).not.toContain(first.awardId);
    for (const a of rest) expect(xml).toContain(`<EndToEndId>${a.awardId}</EndToEndId>`);
    expect(xml).toContain('<NbOfTxs>2</NbOfTxs>');
    const filed = (await paymentBatches(store, files.store).getBatch(batch.batchId)) as PaymentBatch & { leftOut?: unknown };
    expect(filed).toMatchObject({ status: 'FILED', count: 2, totalFen: AMOUNTS[1]! + AMOUNTS[2]!, leftOut: [{ awardId: first.awardId, status: 'PAYMENT_FAILED' }] });
    expect(filed.payments.map((p) => p.awardId)).toEqual(rest.map((a) => a.awardId));

    const answers = await simulateBank(xml, { now: new Date() });
    for (const answer of [answers.pain002, answers.camt054]) expect(await reconciliation(store).importBankFile(answer)).toMatchObject({ ok: true });
    expect(await statuses(store, awards)).toEqual(['PAYMENT_FAILED', 'DISBURSED', 'DISBURSED']);
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });

  it('a file that landed before the crash is the batch\'s file: marked FILED as it is, nothing left out, not written again', async () => {
    const { store, files, batch, awards } = await claimedThenCrashed('after');
    const sent = (await files.store.get(batch.fileName)) ?? '';
    expect(sent).toContain('<NbOfTxs>3</NbOfTxs>');
    // The bank took the file and answered one payment before the next run.
    await rejectedByOfficer(store, batch, awards[0] as Award, 'ICBC-STS-AFTER-FILE');
    const run = await paymentBatches(store, files.store).run(HEBEI, 'run');
    expect(run.leftOut).toEqual([]);
    expect(await files.store.get(batch.fileName)).toBe(sent);
    expect(await paymentBatches(store, files.store).getBatch(batch.batchId)).toMatchObject({ status: 'FILED', count: 3 });
  });

  it('every payment settled before the file: no file is written, the batch is closed with none in it, all left out', async () => {
    const { store, files, batch, awards } = await claimedThenCrashed('before');
    for (const [i, a] of awards.entries()) await rejectedByOfficer(store, batch, a, `ICBC-STS-ALL-${i}`);
    const run = await paymentBatches(store, files.store).run(HEBEI, 'run');
    expect(await files.store.get(batch.fileName)).toBeNull();
    expect(await paymentBatches(store, files.store).getBatch(batch.batchId)).toMatchObject({ status: 'FILED', count: 0, totalFen: 0, payments: [] });
    expect(run.leftOut.map((l) => l.awardId).sort()).toEqual(awards.map((a) => a.awardId).sort());
    // Closed: the next run does not take it up again.
    expect((await paymentBatches(store, files.store).run(HEBEI, 'run')).leftOut).toEqual([]);
  });

  it('payment-run logs and counts the payments it left out of a file (PaymentsLeftOutOfFile, alarmed)', async () => {
    const { store, files, batch, awards } = await claimedThenCrashed('before');
    await rejectedByOfficer(store, batch, awards[0] as Award, 'ICBC-STS-COUNTED');
    const obs = quietObservability();
    const counted: Array<[string, number]> = [];
    obs.metrics.addMetric = ((name: string, _unit: unknown, n: number) => void counted.push([name, n])) as unknown as typeof obs.metrics.addMetric;
    const run = createPaymentRun({ ...obs, store, files: files.store, jurisdictions: [HEBEI] });
    expect(await run({}, lambdaContext('payment-run'))).toMatchObject({ leftOut: 1 });
    expect(counted).toContainEqual(['PaymentsLeftOutOfFile', 1]);
  });
});
