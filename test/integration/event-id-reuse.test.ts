/**
 * An event id used once (attack 2026-12-07-x): the same event delivered again is a redelivery, answered as before and
 * writing nothing; another event under an id already recorded is refused and kept in the quarantine with the reason,
 * whatever the first was (a fact with awards, a duplicate, a no-award outcome, a revocation) and whatever the second
 * is (a fact or a revocation). "Another" is told from what was received, not from what is kept masked: two people
 * whose identity numbers mask alike are two events. Each refused body is kept, not only the first.
 */
import { describe, expect, it } from 'vitest';
import { ingestDeliveries } from '../../shared/app/intake';
import { deliveryOf } from '../../shared/app/delivery';
import { fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import { idNumber, rawEvent, TEST_PERSON_KEY } from '../support/events';
import { AwardStore } from '../../shared/store/store';
import { freshStore, people } from '../support/store';

const YEAR = fiscalYearOf(new Date());

async function intake() {
  const { store } = await freshStore();
  for (const j of ['130000', '130100']) await store.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: YEAR, allocatedFen: yuan(100_000_000) });
  const deps = { store, catalog: CATALOG, personKey: TEST_PERSON_KEY };
  let n = 0;
  const ingest = async (...texts: string[]) => {
    const outcomes = await ingestDeliveries(texts.map((text) => deliveryOf(text, `m-${(n += 1)}`)), deps);
    return outcomes.map((o) => (o.ok ? o.result : { kind: 'failed', error: String(o.error) }));
  };
  const rejections = async (eventId: string) => (await store.listRejections({ limit: 100 })).items.filter((r) => r.eventId === eventId);
  return { store, ingest, rejections };
}

const standard = (id: string, number = `GB ${id}`) =>
  JSON.stringify(rawEvent('StandardPublished', { standard: { number, title: 't', level: 'national' }, draftingRank: 1 }, { reference: number, eventId: id }));
const revocation = (id: string, reference: string) =>
  JSON.stringify(rawEvent('AchievementRevoked', { revokes: { detailType: 'StandardPublished', reference }, reason: '撤销' }, { reference: `撤 ${id}`, eventId: id }));
const nowhere = (id: string, number = `GB ${id}`) =>
  JSON.stringify(rawEvent('StandardPublished', { standard: { number, title: 't', level: 'national' }, draftingRank: 1 }, { regionCode: '440300', reference: number, eventId: id }));
const REUSED = /^event id .+ was already used by another event/;

describe('an event id used once', () => {
  it('refuses a revocation under a fact\'s id, and leaves the fact\'s awards as they were', async () => {
    const { store, ingest, rejections } = await intake();
    const [fact] = await ingest(standard('rx-1'));
    expect(fact).toMatchObject({ kind: 'awards', repeated: false });
    const awardIds = fact !== undefined && 'awards' in fact ? fact.awards.map((a) => a.awardId) : [];
    expect(awardIds).toHaveLength(2);
    expect(await ingest(revocation('rx-1', 'GB rx-1'))).toMatchObject([{ kind: 'rejected', eventId: 'rx-1', reason: expect.stringMatching(REUSED) }]);
    // The refusal names the event that holds the id, for the upstream system that reused it.
    expect((await rejections('rx-1'))[0]?.reason).toMatch(/already used by another event \(StandardPublished, from quality\.test, received \d{4}-\d\d-\d\d \d\d:\d\d:\d\d Beijing time;/);
    expect(await rejections('rx-1')).toHaveLength(1);
    for (const id of awardIds) expect((await store.getAward(id))?.status).not.toBe('VOIDED');
    expect(await store.getRevocation('rx-1')).toBeNull();
  });

  it('refuses another revocation under a revocation\'s id; the same revocation again is a redelivery', async () => {
    const { ingest, rejections } = await intake();
    expect(await ingest(revocation('rx-2', 'GB never-1'))).toMatchObject([{ kind: 'revocation', repeated: false }]);
    expect(await ingest(revocation('rx-2', 'GB never-1'))).toMatchObject([{ kind: 'revocation', repeated: true }]);
    expect(await ingest(revocation('rx-2', 'GB never-2'))).toMatchObject([{ kind: 'rejected', reason: expect.stringMatching(REUSED) }]);
    expect(await rejections('rx-2')).toHaveLength(1);
  });

  it('refuses a revocation sent in the same batch as a fact under its id', async () => {
    const { ingest } = await intake();
    expect(await ingest(revocation('rx-3', 'GB rx-3'), standard('rx-3'))).toMatchObject([{ kind: 'rejected', reason: expect.stringMatching(REUSED) }, { kind: 'awards' }]);
  });

  it('refuses a fact under a no-award outcome\'s id; the same no-award event again is a redelivery', async () => {
    const { ingest, rejections } = await intake();
    expect(await ingest(nowhere('nx-1'))).toMatchObject([{ kind: 'no-award', repeated: false }]);
    expect(await ingest(nowhere('nx-1'))).toMatchObject([{ kind: 'no-award', repeated: true }]);
    expect(await ingest(standard('nx-1', 'GB nx-other'))).toMatchObject([{ kind: 'rejected', reason: expect.stringMatching(REUSED) }]);
    expect(await ingest(nowhere('nx-1', 'GB nx-else'))).toMatchObject([{ kind: 'rejected', reason: expect.stringMatching(REUSED) }]);
    expect(await rejections('nx-1')).toHaveLength(2);
  });

  it('tells two people whose identity numbers mask alike apart: the second is another event', async () => {
    const { ingest } = await intake();
    const person = (id: string, first17: string) => JSON.stringify(rawEvent(
      'HonourConferred',
      { honour: 'provincial-quality-award' },
      { eventId: id, recipient: 'sjzPerson', reference: '冀政质奖〔2024〕个人1号', occurredOn: '2024-03-01' },
    )).replace(RAW_PERSON, idNumber(first17));
    // The same region (130102) and the same last four (3516): masked, 130102********3516 both.
    expect(await ingest(person('px-1', '13010219780412351'))).toMatchObject([{ kind: 'awards', repeated: false }]);
    expect(await ingest(person('px-1', '13010219601111351'))).toMatchObject([{ kind: 'rejected', reason: expect.stringMatching(REUSED) }]);
    // A number-shaped run in a reference is masked when kept, too.
    expect(await ingest(standard('px-2', 'GB 130102197804123516'))).toMatchObject([{ kind: 'awards' }]);
    expect(await ingest(standard('px-2', 'GB 130102196011113516'))).toMatchObject([{ kind: 'rejected', reason: expect.stringMatching(REUSED) }]);
  });

  it('takes the same event with its detail\'s keys in another order as a redelivery', async () => {
    const { ingest } = await intake();
    const event = rawEvent('StandardPublished', { standard: { number: 'GB kx-1', title: 't', level: 'national' }, draftingRank: 1 }, { reference: 'GB kx-1', eventId: 'kx-1' });
    expect(await ingest(JSON.stringify(event))).toMatchObject([{ kind: 'awards', repeated: false }]);
    const reordered = { ...event, detail: Object.fromEntries(Object.entries(event.detail).reverse()) };
    expect(await ingest(JSON.stringify(reordered))).toMatchObject([{ kind: 'awards', repeated: true }]);
  });

  it('keeps each refused body under one id in the quarantine, and a refused body delivered again once', async () => {
    const { ingest, rejections } = await intake();
    await ingest(standard('qx-1'));
    expect(await ingest(standard('qx-1', 'GB qx-b'))).toMatchObject([{ kind: 'rejected', repeated: false }]);
    expect(await ingest(standard('qx-1', 'GB qx-c'))).toMatchObject([{ kind: 'rejected', repeated: false }]);
    expect(await ingest(standard('qx-1', 'GB qx-c'))).toMatchObject([{ kind: 'rejected', repeated: true }]);
    const kept = await rejections('qx-1');
    expect(kept).toHaveLength(2);
    expect(kept.map((r) => r.event).join('\n')).toContain('GB qx-b');
    expect(kept.map((r) => r.event).join('\n')).toContain('GB qx-c');
    // Two bodies refused by the contract under one id: both kept.
    const bad = (field: string) => JSON.stringify({ ...rawEvent('StandardPublished', { draftingRank: 1 }, { eventId: 'qx-2' }), [field]: 1 });
    expect(await ingest(bad('extra-a'), bad('extra-b'))).toMatchObject([{ kind: 'rejected' }, { kind: 'rejected' }]);
    const both = (await rejections('qx-2')).map((r) => r.event).sort();
    expect(both).toEqual([expect.stringContaining('"extra-a"'), expect.stringContaining('"extra-b"')]);
  });
});

/** The test person's number as rawEvent writes it, replaced in the text by another. */
const RAW_PERSON = /130102197804123516/g;

describe('two revocations under one id at once (attack 2026-12-07-x, M5)', () => {
  it('void the awards of the one that records the id, and none of the other\'s', async () => {
    const { store, ingest } = await intake();
    const [first, second] = await ingest(standard('mx-fact-1'), standard('mx-fact-2'));
    const awardsOf = (o: typeof first) => (o !== undefined && 'awards' in o ? o.awards.map((a) => a.awardId) : []);
    expect(awardsOf(first)).toHaveLength(2);
    // Two intake instances, each with one of two different revocations sent under the same id, at the same moment.
    const twoAtOnce = await Promise.all([
      ingestDeliveries([deliveryOf(revocation('mx-rev', 'GB mx-fact-1'), 'm-a')], { store, catalog: CATALOG, personKey: TEST_PERSON_KEY }),
      ingestDeliveries([deliveryOf(revocation('mx-rev', 'GB mx-fact-2'), 'm-b')], { store, catalog: CATALOG, personKey: TEST_PERSON_KEY }),
    ]);
    const kinds = twoAtOnce.map(([o]) => (o?.ok ? o.result.kind : 'failed')).sort();
    expect(kinds).toEqual(['rejected', 'revocation']);
    const winner = twoAtOnce.findIndex(([o]) => o?.ok === true && o.result.kind === 'revocation');
    const [kept, refused] = winner === 0 ? [first, second] : [second, first];
    for (const id of awardsOf(kept)) expect((await store.getAward(id))?.status).toBe('VOIDED');
    for (const id of awardsOf(refused)) expect((await store.getAward(id))?.status).not.toBe('VOIDED');
    expect((await store.getRevocation('mx-rev'))?.awardIds).toEqual([...awardsOf(kept)].sort());
  });
});

describe('a revocation and its voids (re-attack 2026-12-07-x, N1)', () => {
  it('are written together or not at all: a failed write leaves no record over payable awards', async () => {
    const { store: admin, client, doc, tableName } = await freshStore();
    for (const j of ['130000', '130100']) await admin.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: YEAR, allocatedFen: yuan(100_000_000) });
    const faults = { failTransaction: 0, seen: 0 };
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && faults.failTransaction > 0 && ++faults.seen === faults.failTransaction) {
          throw new Error('InternalServerError: the transaction did not run');
        }
        return next(args);
      },
      { step: 'initialize', name: 'failOneTransaction' },
    );
    const store = new AwardStore({ client: doc, tableName, approvalConfig: admin.core.config });
    const deps = { store, catalog: CATALOG, personKey: TEST_PERSON_KEY };
    const [fact] = await ingestDeliveries([deliveryOf(standard('nx-fact'), 'm-1')], deps);
    const awardIds = fact?.ok === true && fact.result.kind === 'awards' ? fact.result.awards.map((a) => a.awardId) : [];
    expect(awardIds).toHaveLength(2);
    // The revocation's second write fails, as a crash or a throttle would after its first.
    Object.assign(faults, { failTransaction: 2, seen: 0 });
    await ingestDeliveries([deliveryOf(revocation('nx-rev', 'GB nx-fact'), 'm-2')], deps);
    const voided = async () => Promise.all(awardIds.map(async (id) => (await store.getAward(id))?.status === 'VOIDED'));
    const recorded = (await store.getRevocation('nx-rev')) !== null;
    expect(await voided()).toEqual(awardIds.map(() => recorded));
    // Delivered again, it is recorded with its voids.
    Object.assign(faults, { failTransaction: 0 });
    expect(await ingestDeliveries([deliveryOf(revocation('nx-rev', 'GB nx-fact'), 'm-2')], deps)).toMatchObject([{ ok: true, result: { kind: 'revocation' } }]);
    expect(await store.getRevocation('nx-rev')).toMatchObject({ state: 'APPLIED', awardIds: [...awardIds].sort() });
    expect(await voided()).toEqual(awardIds.map(() => true));
  });
});
