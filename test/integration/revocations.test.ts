import { describe, expect, it } from 'vitest';
import { createBudgetSweeper } from '../../functions/budget-sweeper/app';
import { ingest } from '../../shared/app/intake';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { DEFAULT_APPROVAL_CONFIG } from '../../shared/domain/approval';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import { AwardStore, DEFAULT_RETRY } from '../../shared/store/store';
import { type RecipientName, rawEvent, TEST_PERSON_KEY } from '../support/events';
import { CrashError, FaultyClient } from '../support/faults';
import { lambdaContext, quietObservability } from '../support/lambda';
import { prng } from '../support/prng';
import { freshStore, people } from '../support/store';

const YEAR = fiscalYearOf(new Date());
const HEBEI = '130000';
const CITY = '130100';

async function funded(allocations: ReadonlyArray<readonly [string, number]> = [[HEBEI, yuan(100_000_000)], [CITY, yuan(20_000_000)]]) {
  const setup = await freshStore();
  for (const [j, fen] of allocations) await setup.store.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: YEAR, allocatedFen: fen });
  return setup;
}

/** A Shijiazhuang national standard led by the enterprise: one award from the province, one from the city. */
function standard(number: string, eventId: string, source = 'quality.standards') {
  return { ...rawEvent('StandardPublished', { standard: { number, title: '智能电能表', level: 'national' }, draftingRank: 1 }, { reference: number, eventId }), source };
}

function revocation(detailType: string, reference: string, eventId: string, source = 'quality.standards', recipient: RecipientName = 'shijiazhuang') {
  return { ...rawEvent('AchievementRevoked', { revokes: { detailType, reference }, reason: '标准被废止' }, { reference: `撤〔2025〕${eventId}`, eventId, recipient }), source };
}

const deliver = (store: AwardStore, event: unknown, messageId = 'm') => ingest(JSON.stringify(event), messageId, { store, catalog: CATALOG, personKey: TEST_PERSON_KEY });

async function awardsOf(store: AwardStore, reference: string): Promise<Award[]> {
  return (await store.listAwards({ jurisdictions: [HEBEI, CITY], reference, limit: 100 })).items;
}

describe('a revocation that arrives before its fact', () => {
  it('is remembered, and the fact, when it arrives, is recorded VOIDED with the revocation’s event id and reason, reserving nothing', async () => {
    const { store } = await funded();
    const before = await store.getBudget(HEBEI, YEAR);
    const early = await deliver(store, revocation('StandardPublished', 'GB/T 70001–2024', 'rev-early'));
    expect(early).toMatchObject({ kind: 'revocation', state: 'PENDING', changed: [] });
    expect(await store.getRevocation('rev-early')).toMatchObject({ state: 'PENDING', awardIds: [], source: 'quality.standards' });

    // The fact arrives later, spelt another way (a plain hyphen and no space).
    const fact = await deliver(store, standard('GB/T70001-2024', 'fact-late'));
    if (fact.kind !== 'awards') throw new Error(fact.kind);
    expect(fact.awards.map((a) => [a.jurisdiction, a.status]).sort()).toEqual([[HEBEI, 'VOIDED'], [CITY, 'VOIDED']]);
    for (const award of fact.awards) expect(award.revokedBy).toEqual({ eventId: 'rev-early', reason: '标准被废止' });
    expect(fact.revocations).toEqual({ applied: ['rev-early'], refused: [] });

    // Nothing was reserved; the ledger shows the void, naming the revocation; auditors see it applied.
    expect(await store.getBudget(HEBEI, YEAR)).toMatchObject({ availableFen: before.availableFen, reservedFen: 0 });
    const entries = (await store.ledger(HEBEI)).filter((e) => e.awardId !== null);
    expect(entries.map((e) => [e.type, e.eventId, e.postings.length])).toEqual([['VOIDED', 'rev-early', 0]]);
    const applied = await store.getRevocation('rev-early');
    expect(applied?.state).toBe('APPLIED');
    expect([...(applied?.awardIds ?? [])].sort()).toEqual(fact.awards.map((a) => a.awardId).sort());

    // It can never become payable: no approval, and the same fact again is a duplicate that changes nothing.
    for (const award of fact.awards) {
      expect(await store.decide(award.awardId, people.approver(award.jurisdiction), { decision: 'approve', comment: '' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    }
    expect(await deliver(store, standard('GB/T 70001-2024', 'fact-again'))).toMatchObject({ kind: 'awards', repeated: true });
    for (const j of [HEBEI, CITY]) expect(await store.verify(j)).toMatchObject({ ok: true });
  });

  it('from another source is refused when the fact arrives, with a reason auditors see, and changes nothing', async () => {
    const { store } = await funded();
    await deliver(store, revocation('StandardPublished', 'GB/T 70002-2024', 'rev-other', 'quality.market-regulation'));
    const fact = await deliver(store, standard('GB/T 70002-2024', 'fact-2'));
    if (fact.kind !== 'awards') throw new Error(fact.kind);
    expect(fact.awards.map((a) => a.status)).toEqual(['PENDING_APPROVAL', 'PENDING_APPROVAL']);
    expect(fact.revocations).toEqual({ applied: [], refused: ['rev-other'] });
    const refused = await store.getRevocation('rev-other');
    expect(refused).toMatchObject({ state: 'REFUSED', refusedReason: 'the fact was sent by quality.standards; a revocation counts only from the source that sent the fact' });
    expect((await store.listRevocations({ state: 'REFUSED' })).items.map((r) => r.eventId)).toEqual(['rev-other']);
  });

  it('of a centre, by its name, voids the centre at every level it is recorded', async () => {
    const { store } = await funded();
    const centre = (level: string, reference: string, eventId: string) => ({
      ...rawEvent('CentreApproved', { centre: { kind: 'industrial-design', level, name: '保定某某工业设计中心', stage: 'recognised' } }, { reference, eventId, recipient: 'baoding' }),
      source: 'quality.industry',
    });
    await deliver(store, revocation('CentreApproved', '保定某某 工业设计中心', 'rev-centre', 'quality.industry', 'baoding'));
    for (const [level, reference, id] of [['provincial', '冀工信设计〔2024〕12号', 'c-1'], ['national', '工信部设计〔2025〕3号', 'c-2']] as const) {
      const result = await deliver(store, centre(level, reference, id));
      expect(result.kind === 'awards' && result.awards.map((a) => a.status)).toEqual(['VOIDED']);
    }
    expect((await store.getRevocation('rev-centre'))?.awardIds).toHaveLength(2);
  });
});

describe('a revocation of a fact already recorded', () => {
  it('from the fact’s source voids its awards and releases their reservations', async () => {
    const { store } = await funded();
    await deliver(store, standard('GB/T 70003-2024', 'fact-3'));
    const result = await deliver(store, revocation('StandardPublished', 'gb/t 70003‐2024', 'rev-3'));
    expect(result).toMatchObject({ kind: 'revocation', state: 'APPLIED' });
    expect((await awardsOf(store, 'GB/T 70003-2024')).map((a) => a.status)).toEqual(['VOIDED', 'VOIDED']);
    expect(await store.getBudget(HEBEI, YEAR)).toMatchObject({ reservedFen: 0 });
  });

  it('from another source is refused, with a reason auditors see, and changes nothing', async () => {
    const { store } = await funded();
    await deliver(store, standard('GB/T 70004-2024', 'fact-4'));
    const entries = (await store.ledger(HEBEI)).length;
    const result = await deliver(store, revocation('StandardPublished', 'GB/T 70004-2024', 'rev-4', 'quality.science'));
    expect(result).toMatchObject({ kind: 'revocation', state: 'REFUSED', refusedReason: expect.stringContaining('sent by quality.standards'), changed: [] });
    expect((await awardsOf(store, 'GB/T 70004-2024')).map((a) => a.status)).toEqual(['PENDING_APPROVAL', 'PENDING_APPROVAL']);
    expect((await store.ledger(HEBEI)).length).toBe(entries);
    expect(await store.getRevocation('rev-4')).toMatchObject({ state: 'REFUSED', source: 'quality.science' });
  });
});

describe('a revocation racing its fact', () => {
  it('in any order and at the same time: the fact is never payable', async () => {
    const { store } = await funded();
    const random = prng(9);
    const pairs = Array.from({ length: 16 }, (_, i) => [standard(`GB/T 71${String(i).padStart(3, '0')}-2024`, `race-fact-${i}`), revocation('StandardPublished', `GB/T 71${String(i).padStart(3, '0')}-2024`, `race-rev-${i}`)] as const);
    await Promise.all(
      pairs.flatMap(([fact, revoke], i) => {
        const first = random() < 0.5 ? [fact, revoke] : [revoke, fact];
        return first.map((event, j) => new Promise((resolve) => setTimeout(resolve, random() * 5)).then(() => deliver(store, event, `race-${i}-${j}`)));
      }),
    );
    for (const [fact, revoke] of pairs) {
      const awards = await awardsOf(store, fact.detail.reference);
      expect(awards.map((a) => a.status)).toEqual(['VOIDED', 'VOIDED']);
      expect((await store.getRevocation(revoke.id))?.state).toBe('APPLIED');
    }
    expect(await store.getBudget(HEBEI, YEAR)).toMatchObject({ reservedFen: 0 });
    for (const j of [HEBEI, CITY]) expect(await store.verify(j)).toMatchObject({ ok: true });
  }, 60_000);
});

describe('budget released by a revocation or a rejection reaches waiting awards', () => {
  /** A budget that holds one 200,000 award: the second waits behind it. */
  async function oneHeldOneWaiting(tag: string) {
    const setup = await funded([[HEBEI, yuan(200_000)], [CITY, yuan(200_000)]]);
    await deliver(setup.store, standard(`GB/T ${tag}-1`, `${tag}-1`));
    await deliver(setup.store, standard(`GB/T ${tag}-2`, `${tag}-2`));
    expect((await awardsOf(setup.store, `GB/T ${tag}-2`)).map((a) => a.status)).toEqual(['AWAITING_BUDGET', 'AWAITING_BUDGET']);
    return setup;
  }

  /** The same table through a store that dies on its first read of a waiting queue: after the release, before serving. */
  function dyingBeforeServing(setup: Awaited<ReturnType<typeof freshStore>>) {
    const faulty = new FaultyClient(setup.doc);
    const store = new AwardStore({ client: faulty.asClient(), tableName: setup.tableName, approvalConfig: DEFAULT_APPROVAL_CONFIG, retry: DEFAULT_RETRY });
    const send = faulty.send.bind(faulty);
    faulty.send = async (command) => {
      const input = (command as { input?: { KeyConditionExpression?: string; ExpressionAttributeValues?: Record<string, unknown> } }).input;
      if (String(input?.ExpressionAttributeValues?.[':pk'] ?? '').startsWith('WAIT#')) throw new CrashError('the process died before serving the queue');
      return send(command);
    };
    return store;
  }

  const sweep = (store: AwardStore) => createBudgetSweeper({ ...quietObservability(), store, jurisdictions: [HEBEI, CITY] })({}, lambdaContext('budget-sweeper'));

  it('even when the process dies between a revocation and serving the queue: the sweeper serves it', async () => {
    const setup = await oneHeldOneWaiting('72001');
    const dying = dyingBeforeServing(setup);
    await expect(deliver(dying, revocation('StandardPublished', 'GB/T 72001-1', 'rev-dies'))).rejects.toThrow(CrashError);
    // The redelivery finds the revocation recorded and does nothing more: only the sweeper can serve the queue now.
    expect(await deliver(setup.store, revocation('StandardPublished', 'GB/T 72001-1', 'rev-dies'))).toMatchObject({ repeated: true });
    expect((await awardsOf(setup.store, 'GB/T 72001-2')).map((a) => a.status)).toEqual(['AWAITING_BUDGET', 'AWAITING_BUDGET']);
    expect(await sweep(setup.store)).toEqual({ served: 2, publicityEnded: 0 });
    expect((await awardsOf(setup.store, 'GB/T 72001-2')).map((a) => a.status)).toEqual(['PENDING_APPROVAL', 'PENDING_APPROVAL']);
    for (const j of [HEBEI, CITY]) expect(await setup.store.verify(j)).toMatchObject({ ok: true });
  });

  it('even when the process dies between a rejection and serving the queue: the sweeper serves it', async () => {
    const setup = await oneHeldOneWaiting('72002');
    const dying = dyingBeforeServing(setup);
    const held = (await awardsOf(setup.store, 'GB/T 72002-1')).find((a) => a.jurisdiction === HEBEI) as Award;
    await expect(dying.decide(held.awardId, people.approver(HEBEI), { decision: 'reject', comment: '材料不全' })).rejects.toThrow(CrashError);
    expect((await setup.store.getAward(held.awardId))?.status).toBe('REJECTED');
    expect(await sweep(setup.store)).toEqual({ served: 1, publicityEnded: 0 });
    const waiting = (await awardsOf(setup.store, 'GB/T 72002-2')).find((a) => a.jurisdiction === HEBEI);
    expect(waiting?.status).toBe('PENDING_APPROVAL');
    expect(await sweep(setup.store)).toEqual({ served: 0, publicityEnded: 0 });
  });
});
