/**
 * Bank answers after the second review of the payment path (ADR 010, version 4), on DynamoDB Local, every bank file a
 * real ISO 20022 file validated against its XSD (test/support/bank-files.ts):
 * H2: only a status of a whole payment information or group refuses a whole batch, never a transaction line that names
 * no payment; M2: a confirmation needs a booked debit, and a transaction whose debit/credit indicator contradicts its
 * entry's settles nothing; M3: an award id the bank wrote in capitals is that award, and a line naming one of our batches
 * but no award of ours is shown to that batch's jurisdiction.
 */
import { describe, expect, it } from 'vitest';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import type { AwardStore, PaymentBatch } from '../../shared/store/store';
import { paymentBatches } from '../../shared/app/payments/run';
import { reconciliation } from '../../shared/app/reconciliation/bank-files';
import { designAward } from '../support/awards';
import { bookedToday, camtFile, pain002File, yuanText } from '../support/bank-files';
import { confirmedPayee, memoryFiles } from '../support/payments';
import { freshStore, people } from '../support/store';

const YEAR = fiscalYearOf(new Date());
const HEBEI = '130000';

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

/** Awards of the given amounts (fen), approved, their payee confirmed, claimed into one batch: all PAYING. */
async function paying(amountsFen: readonly number[]): Promise<{ store: AwardStore; awards: Award[]; batch: PaymentBatch }> {
  const { store } = await freshStore();
  await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
  const recorded: Award[] = [];
  for (const [i, fen] of amountsFen.entries()) {
    const award = (await store.recordAwards(designAward(fen, `REVIEW-${i}`))).awards[0] as Award;
    recorded.push(value(await store.decide(award.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' })));
  }
  await confirmedPayee(store, recorded[0] as Award);
  const [batch] = (await paymentBatches(store, memoryFiles()).run(HEBEI, 'run')).batches;
  if (batch === undefined) throw new Error('nothing was claimed');
  const awards = await Promise.all(recorded.map(async (a) => (await store.getAward(a.awardId)) as Award));
  for (const a of awards) expect(a.status).toBe('PAYING');
  return { store, awards, batch };
}

const importFile = (store: AwardStore, xml: string) => reconciliation(store).importBankFile(xml);
const statuses = async (store: AwardStore, awards: readonly Award[]) => Promise.all(awards.map(async (a) => (await store.getAward(a.awardId))?.status));
const listed = async (store: AwardStore, jurisdiction: string | null) => (await reconciliation(store).listExceptions(jurisdiction, { limit: 50 })).items;
const kinds = async (store: AwardStore, jurisdiction: string | null = HEBEI) => (await listed(store, jurisdiction)).map((e) => e.kind).sort();

describe('H2: a transaction line that names no payment refuses nothing', () => {
  it('RJCT lines with only OrgnlInstrId, or NOTPROVIDED, inside the batch\'s payment information fail no payment of it', async () => {
    const { store, awards, batch } = await paying([90_000, 95_000]);
    const before = await store.getBudget(HEBEI, YEAR);
    const xml = await pain002File('ICBC-STS-NO-E2E', batch.batchId, [
      { endToEndId: null, instructionId: 'INSTR-0001', status: 'RJCT', reason: 'AC04', amount: '900.00' },
      { endToEndId: 'NOTPROVIDED', status: 'RJCT', reason: 'AC04', amount: '950.00' },
    ]);
    expect(value(await importFile(store, xml))).toMatchObject({ returned: 0, matched: 0, exceptions: 2 });
    expect(await statuses(store, awards)).toEqual(['PAYING', 'PAYING']);
    expect(await store.getBudget(HEBEI, YEAR)).toEqual(before);
    expect(await kinds(store)).toEqual(['UNKNOWN_END_TO_END_ID', 'UNKNOWN_END_TO_END_ID']);
    expect((await store.ledger(HEBEI)).filter((e) => e.type === 'PAYMENT_FAILED')).toEqual([]);
  });

  it('an ACSP or PDNG line naming no award of ours is an exception too, as RJCT is (attack review LOW-5: it was counted pending)', async () => {
    const { store, awards, batch } = await paying([90_000]);
    const stranger = `aw-${'f'.repeat(32)}`;
    const xml = await pain002File('ICBC-STS-ACCEPTED-STRANGER', batch.batchId, [
      { endToEndId: stranger, status: 'ACSP', amount: '900.00' },
      { endToEndId: awards[0]?.awardId ?? '', status: 'ACSP', amount: '900.00' },
    ]);
    expect(value(await importFile(store, xml))).toMatchObject({ matched: 0, returned: 0, pending: 1, exceptions: 1 });
    expect(await listed(store, HEBEI)).toEqual([expect.objectContaining({ kind: 'UNKNOWN_END_TO_END_ID', endToEndId: stranger, detail: expect.stringContaining('a payment we never sent') })]);
    expect(await statuses(store, awards)).toEqual(['PAYING']);
  });

  it('a group-level acknowledgement of our batch (ACSP, no transaction lines) is no exception (attack review 2, MEDIUM)', async () => {
    const { store, awards, batch } = await paying([90_000]);
    const xml = await pain002File('ICBC-STS-GROUP-ACK', batch.batchId, [], { status: 'ACSP', reason: 'NARR' });
    expect(value(await importFile(store, xml))).toMatchObject({ exceptions: 0 });
    expect(await kinds(store, null)).toEqual([]);
    expect(await statuses(store, awards)).toEqual(['PAYING']);
  });

  it('a statement\'s other activity stays pending, not an exception: credits coming in, a pending credit, a pending debit of no award', async () => {
    const { store } = await paying([90_000]);
    const xml = await camtFile('camt.053.001.08', 'ICBC-STMT-INCOMING', [
      { amount: '20000000.00', indicator: 'CRDT', bookingDate: bookedToday(), txs: [] },
      { amount: '12.34', indicator: 'CRDT', bookingDate: bookedToday(), txs: [{ endToEndId: 'INTEREST-2026Q2' }] },
      { amount: '500.00', indicator: 'CRDT', status: 'PDNG', txs: [{ endToEndId: null }] },
      { amount: '3.00', indicator: 'DBIT', status: 'PDNG', txs: [{ endToEndId: `aw-${'9'.repeat(32)}` }] },
    ]);
    expect(value(await importFile(store, xml))).toMatchObject({ matched: 0, returned: 0, exceptions: 0, pending: 4 });
    expect(await kinds(store, null)).toEqual([]);
  });

  it('a status of the whole payment information, with no transaction lines, still refuses each payment of the batch', async () => {
    const { store, awards, batch } = await paying([90_000, 95_000]);
    const xml = await pain002File('ICBC-STS-WHOLE-AGAIN', batch.batchId, [], { status: 'RJCT', reason: 'AM04' });
    expect(value(await importFile(store, xml))).toMatchObject({ returned: 2, exceptions: 0 });
    expect(await statuses(store, awards)).toEqual(['PAYMENT_FAILED', 'PAYMENT_FAILED']);
  });
});

describe('M2: a confirmation needs a booked debit; a transaction contradicting its entry\'s direction settles nothing', () => {
  it('a booked CRDT entry whose transaction says DBIT confirms nothing: an exception, the payment still PAYING', async () => {
    const { store, awards, batch } = await paying([90_000]);
    const [award] = awards as [Award];
    const tx = { endToEndId: award.awardId, batchId: batch.batchId, amount: '900.00', indicator: 'DBIT' as const };
    const xml = await camtFile('camt.054.001.08', 'ICBC-NTF-CRDT-DBIT', [{ amount: '900.00', indicator: 'CRDT', bookingDate: bookedToday(), txs: [tx] }]);
    expect(value(await importFile(store, xml))).toMatchObject({ matched: 0, returned: 0, exceptions: 1 });
    expect(await statuses(store, awards)).toEqual(['PAYING']);
    expect(await listed(store, HEBEI)).toEqual([expect.objectContaining({ kind: 'DIRECTION_CONFLICT', endToEndId: award.awardId, detail: expect.stringMatching(/DBIT.*CRDT/) })]);
  });

  it('a booked DBIT entry whose transaction says CRDT, or one carrying return information, settles nothing either', async () => {
    const { store, awards, batch } = await paying([90_000, 95_000]);
    const [first, second] = awards as [Award, Award];
    const xml = await camtFile('camt.054.001.08', 'ICBC-NTF-DBIT-CRDT', [
      { amount: '900.00', indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: first.awardId, batchId: batch.batchId, amount: '900.00', indicator: 'CRDT' }] },
      { amount: '950.00', indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: second.awardId, batchId: batch.batchId, amount: '950.00', returned: 'AC04' }] },
    ]);
    expect(value(await importFile(store, xml))).toMatchObject({ matched: 0, returned: 0, exceptions: 2 });
    expect(await statuses(store, awards)).toEqual(['PAYING', 'PAYING']);
    expect(await kinds(store)).toEqual(['DIRECTION_CONFLICT', 'DIRECTION_CONFLICT']);
  });

  it('a booked DBIT entry whose transaction agrees (DBIT) confirms the payment, as before', async () => {
    const { store, awards, batch } = await paying([90_000]);
    const [award] = awards as [Award];
    const xml = await camtFile('camt.054.001.08', 'ICBC-NTF-DBIT-DBIT', [{ amount: '900.00', indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: award.awardId, batchId: batch.batchId, amount: '900.00', indicator: 'DBIT' }] }]);
    expect(value(await importFile(store, xml))).toMatchObject({ matched: 1, exceptions: 0 });
    expect(await statuses(store, awards)).toEqual(['DISBURSED']);
  });
});

describe('M3: an award id in capitals, and lines naming our batch but no award of ours', () => {
  it('an EndToEndId the bank upper-cased is the award it names: the debit confirms it', async () => {
    const { store, awards, batch } = await paying([90_000, 95_000]);
    const lines = awards.map((a) => ({ amount: yuanText(a.amountFen ?? 0), indicator: 'DBIT' as const, bookingDate: bookedToday(), txs: [{ endToEndId: a.awardId.toUpperCase(), batchId: batch.batchId }] }));
    expect(value(await importFile(store, await camtFile('camt.054.001.08', 'ICBC-NTF-UPPER', lines)))).toMatchObject({ matched: 2, exceptions: 0 });
    expect(await statuses(store, awards)).toEqual(['DISBURSED', 'DISBURSED']);
    expect(await kinds(store, null)).toEqual([]);
  });

  it('a line naming no award of ours is shown to the jurisdiction of the batch it names; naming none of ours, to every officer', async () => {
    const { store, batch } = await paying([90_000]);
    const stranger = `aw-${'e'.repeat(32)}`;
    const xml = await camtFile('camt.054.001.08', 'ICBC-NTF-STRANGERS', [
      { amount: '1.00', indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: stranger, batchId: batch.batchId }] },
      { amount: '1.00', indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: stranger, batchId: 'PB20260506350000DEADBEEF' }] },
      { amount: '1.00', indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: stranger }] },
    ]);
    expect(value(await importFile(store, xml))).toMatchObject({ matched: 0, exceptions: 3 });
    expect(await listed(store, HEBEI)).toEqual([expect.objectContaining({ kind: 'UNKNOWN_END_TO_END_ID', jurisdiction: HEBEI, endToEndId: stranger })]);
    expect(await kinds(store, null)).toEqual(['UNKNOWN_END_TO_END_ID', 'UNKNOWN_END_TO_END_ID']);
    expect(await kinds(store, '350000')).toEqual([]);
  });
});
