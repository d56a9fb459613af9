import { describe, expect, it } from 'vitest';
import { fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { designAward } from '../support/awards';
import { payAward } from '../support/payments';
import { freshStore, people } from '../support/store';

describe('smoke', () => {
  it('records, approves, disburses and verifies', async () => {
    const { store } = await freshStore();
    const year = fiscalYearOf(new Date());
    const budget = await store.setAllocation(people.budgetAdmin('130000'), { jurisdiction: '130000', fiscalYear: year, allocatedFen: yuan(1_000_000) });
    expect(budget.ok).toBe(true);
    const f = designAward(yuan(100_000), 'REF-1');
    const recorded = await store.recordAwards(f);
    expect(recorded.awards.map((a) => a.status)).toEqual(['PENDING_APPROVAL']);
    const id = recorded.awards[0]?.awardId ?? '';
    const approved = await store.decide(id, people.approver('130000'), { decision: 'approve', comment: 'ok' });
    expect(approved.ok && approved.value.status).toBe('APPROVED');
    expect((await payAward(store, id)).status).toBe('DISBURSED');
    const verification = await store.verify('130000');
    // Allocated, recorded, approved, sent to the bank, confirmed by it.
    expect(verification).toMatchObject({ ok: true, entries: 5 });
    expect(await store.getBudget('130000', year)).toMatchObject({ allocatedFen: yuan(1_000_000), availableFen: yuan(900_000), reservedFen: 0, disbursedFen: yuan(100_000) });
  });
});

describe('the local data scheme', () => {
  it('marks a new store, and refuses a store written by an earlier version, saying what to do', async () => {
    const { assertDataScheme } = await import('../../infra/local/data-scheme');
    const { LocalStackError } = await import('../../infra/local/http');
    const fresh = await freshStore();
    await assertDataScheme(fresh.doc, fresh.tableName, ['130000'], '.data');
    await assertDataScheme(fresh.doc, fresh.tableName, ['130000'], '.data');
    const old = await freshStore();
    await old.store.setAllocation(people.budgetAdmin('130000'), { jurisdiction: '130000', fiscalYear: 2026, allocatedFen: 100 });
    await expect(assertDataScheme(old.doc, old.tableName, ['130000'], '/home/you/award-pipeline/.data')).rejects.toThrow(LocalStackError);
    await expect(assertDataScheme(old.doc, old.tableName, ['130000'], '/home/you/award-pipeline/.data')).rejects.toThrow(
      /^\/home\/you\/award-pipeline\/\.data was written by an earlier version .*Move it away \(or start with --in-memory\)\.$/,
    );
  });
});
