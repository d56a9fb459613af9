/**
 * How reconciliation works the table (issue 19, finding 10): one read per award a file names (BatchGetItem, not a
 * read to decide and two more to write), and a crash anywhere in a file leaves it resumable, each entry applied once.
 */
import { type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DEFAULT_APPROVAL_CONFIG } from '../../shared/domain/approval';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { AwardStore, type PaymentBatch } from '../../shared/store/store';
import { paymentBatches } from '../../shared/app/payments/run';
import { reconciliation } from '../../shared/app/reconciliation/bank-files';
import { designAward } from '../support/awards';
import { bookedToday, type EntryLine, camtFile, yuanText } from '../support/bank-files';
import { CrashError, FaultyClient } from '../support/faults';
import { confirmedPayee, memoryFiles } from '../support/payments';
import { freshStore, people } from '../support/store';

const YEAR = fiscalYearOf(new Date());
const HEBEI = '130000';

/** Every key a DynamoDB call reads, whichever call reads it (GetItem, BatchGetItem, TransactGetItems). */
function readKeys(input: Record<string, unknown>): string[] {
  const key = (k: unknown) => String((k as { pk: string }).pk);
  if ('Key' in input) return [key(input.Key)];
  if ('RequestItems' in input) return Object.values(input.RequestItems as Record<string, { Keys?: unknown[] }>).flatMap((r) => (r.Keys ?? []).map(key));
  if ('TransactItems' in input) return (input.TransactItems as Array<{ Get?: { Key: unknown } }>).flatMap((t) => (t.Get ? [key(t.Get.Key)] : []));
  return [];
}

async function paying(n: number) {
  const setup = await freshStore();
  const { store } = setup;
  await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
  for (let i = 0; i < n; i++) {
    const award = (await store.recordAwards(designAward(10_000 * (i + 1), `READS-${i}`))).awards[0] as Award;
    await store.decide(award.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' });
  }
  await confirmedPayee(store, (await store.listAwards({ jurisdictions: [HEBEI] })).items[0] as Award);
  const [batch] = (await paymentBatches(store, memoryFiles()).run(HEBEI, 'run')).batches as [PaymentBatch];
  const awards = (await store.listAwards({ jurisdictions: [HEBEI], status: 'PAYING' })).items;
  expect(awards).toHaveLength(n);
  const lines: EntryLine[] = awards.map((a) => ({ amount: yuanText(a.amountFen ?? 0), indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: a.awardId, batchId: batch.batchId }] }));
  return { ...setup, awards, lines };
}

describe('reconciliation reads each award once', () => {
  it('a notification confirming ten payments reads each of their awards once, in batches', async () => {
    const { doc, tableName, awards, lines } = await paying(10);
    const reads: string[] = [];
    const counting = { send: (command: { input: Record<string, unknown> }) => {
      reads.push(...readKeys(command.input));
      return doc.send(command as never);
    } } as unknown as DynamoDBDocumentClient;
    const store = new AwardStore({ client: counting, tableName, approvalConfig: DEFAULT_APPROVAL_CONFIG });
    const xml = await camtFile('camt.054.001.08', 'ICBC-NTF-TEN', lines);
    const imported = await reconciliation(store).importBankFile(xml);
    expect(imported).toMatchObject({ ok: true, value: { matched: 10 } });
    for (const award of awards) expect(reads.filter((k) => k === `AWARD#${award.awardId}`)).toHaveLength(1);
  });
});

describe('a crash anywhere in a file', () => {
  it('leaves it resumable: re-imported, each entry is applied once and the counts are the whole file\'s', async () => {
    const { doc, tableName, lines, awards } = await paying(4);
    const unknown: EntryLine[] = Array.from({ length: 300 }, (_, i) => ({ amount: '1.00', indicator: 'DBIT', bookingDate: bookedToday(), txs: [{ endToEndId: `aw-${String(i).padStart(32, '0')}` }] }));
    const xml = await camtFile('camt.053.001.08', 'ICBC-STMT-CRASH', [...lines.slice(0, 2), ...unknown, ...lines.slice(2)]);
    // Crash at every call in turn, before and after it lands, until an import gets through: then nothing is twice.
    let crashes = 0;
    for (let call = 1; call <= 400; call++) {
      const faulty = new FaultyClient(doc, { crashAt: { call, when: call % 2 === 0 ? 'after' : 'before' } });
      const store = new AwardStore({ client: faulty.asClient(), tableName, approvalConfig: DEFAULT_APPROVAL_CONFIG });
      const result = await reconciliation(store).importBankFile(xml).catch((error: unknown) => error);
      if (result instanceof CrashError) {
        crashes += 1;
        continue;
      }
      expect(result).toMatchObject({ ok: true });
      break;
    }
    // Bounded steps keep the number of calls of one import small: a crash at each of them is quickly tried.
    expect(crashes).toBeGreaterThan(2);
    expect(crashes).toBeLessThan(400);
    const store = new AwardStore({ client: doc, tableName, approvalConfig: DEFAULT_APPROVAL_CONFIG });
    const again = await reconciliation(store).importBankFile(xml);
    expect(again).toMatchObject({ ok: true, value: { matched: 4, exceptions: 300, repeated: true } });
    expect((await store.ledger(HEBEI)).filter((e) => e.type === 'DISBURSED').map((e) => e.awardId).sort()).toEqual(awards.map((a) => a.awardId).sort());
    expect((await reconciliation(store).listExceptions(null, { limit: 100 })).items).toHaveLength(100);
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  }, 120_000);
});
