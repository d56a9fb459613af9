/**
 * What-if counts what intake recorded when one fact arrives twice with different amounts (attack review of issue 24,
 * MEDIUM-2). Intake records the first it processes and the other as a conflicting duplicate; the event kept for the
 * duplicate is marked so in the same transaction as its outcome, and the replay skips it. Before, the replay kept the
 * first in `receivedAt#eventId` order, and the entries of one PutEvents share `receivedAt`: the event id decided.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { replayable } from '../../shared/app/accepted';
import { deliveryOf } from '../../shared/app/delivery';
import { ingestDeliveries } from '../../shared/app/intake';
import { fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { chinaDate } from '../../shared/domain/time';
import { type RecipientTally, addFact } from '../../shared/domain/whatif';
import { CATALOG } from '../../shared/policies';
import { acceptedKeys } from '../../shared/store/accepted-events';
import { AwardStore } from '../../shared/store/store';
import { keys } from '../../shared/store/table';
import { TEST_PERSON_KEY, rawEvent } from '../support/events';
import { freshStore, people } from '../support/store';

const TODAY = chinaDate(new Date());
const CATALOGS = { current: CATALOG, draft: CATALOG };

/** Design services bought (50 % of the approved cost): one reference, so one fact whatever the cost. */
const designService = (eventId: string, approvedCostFen: number) =>
  JSON.stringify(rawEvent('DesignServicePurchased', { approvedCostFen }, { recipient: 'baoding', reference: '冀工设服〔2025〕0777', occurredOn: '2025-03-01', eventId }));

async function hebeiStore(): Promise<AwardStore> {
  const { store } = await freshStore();
  await store.setAllocation(people.budgetAdmin('130000'), { jurisdiction: '130000', fiscalYear: fiscalYearOf(new Date()), allocatedFen: yuan(100_000_000) });
  return store;
}

/** The award ids an event's outcome names (none for a no-award outcome). */
async function awardIdsOf(store: AwardStore, eventId: string): Promise<readonly string[]> {
  const outcome = await store.getEventOutcome(eventId);
  return outcome !== null && 'awardIds' in outcome ? outcome.awardIds : [];
}

/** The period's accepted events replayed as a simulation step replays them (replayable, then addFact): award id → current fen. */
async function currentFen(store: AwardStore): Promise<Map<string, number | null>> {
  const kept = (await store.listAcceptedEvents({ from: TODAY, to: TODAY, limit: 100 })).items;
  const tallies = new Map<string, RecipientTally | null>();
  for (const read of kept.map(replayable)) {
    if (!read.ok) continue;
    const { fact } = read;
    tallies.set(fact.recipientId, addFact(tallies.get(fact.recipientId) ?? null, fact, CATALOGS, null));
  }
  return new Map([...tallies.values()].flatMap((t) => t?.awards ?? []).map((a) => [a.awardId, a.currentFen]));
}

describe('what-if over a fact that arrived twice with different amounts', () => {
  it('counts the amount intake recorded, though the duplicate sorts first by event id in one batch', async () => {
    const store = await hebeiStore();
    const receivedAt = new Date().toISOString();
    // One batch, one receivedAt: intake records the first (cost ¥10,000) and defers the second, a duplicate; the
    // duplicate's event id sorts before the recorded one's.
    const texts = [designService('b-recorded', yuan(10_000)), designService('a-duplicate', yuan(90_000))];
    const results = await ingestDeliveries(texts.map((text, n) => deliveryOf(text, `m-${n}`, { receivedAt })), { store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
    expect(results).toMatchObject([{ ok: true, result: { kind: 'awards', repeated: false } }, { ok: true, result: { kind: 'awards', repeated: true, conflicting: true } }]);
    expect(await store.getEventOutcome('a-duplicate')).toMatchObject({ kind: 'duplicate', conflicting: true, firstEventId: 'b-recorded' });
    const [awardId] = await awardIdsOf(store, 'b-recorded');
    const award = await store.getAward(awardId ?? '');
    expect(award?.amountFen).toBe(yuan(5_000));
    expect(await currentFen(store)).toEqual(new Map([[awardId, yuan(5_000)]]));
    expect((await store.listAcceptedEvents({ from: TODAY, to: TODAY })).items.map((e) => [e.eventId, e.duplicate ?? false])).toEqual([['a-duplicate', true], ['b-recorded', false]]);
  });

  it('marks an event kept before the mark from its outcome: a pre-mark duplicate is not replayed as recorded', async () => {
    const { store: admin, client, doc, tableName } = await freshStore();
    await admin.setAllocation(people.budgetAdmin('130000'), { jurisdiction: '130000', fiscalYear: fiscalYearOf(new Date()), allocatedFen: yuan(100_000_000) });
    const texts = [designService('b-recorded', yuan(10_000)), designService('a-duplicate', yuan(90_000))];
    const receivedAt = new Date().toISOString();
    await ingestDeliveries(texts.map((text, n) => deliveryOf(text, `m-${n}`, { receivedAt })), { store: admin, catalog: CATALOG, personKey: TEST_PERSON_KEY });
    let batchGets = 0;
    client.middlewareStack.add((next, context) => async (args) => ((batchGets += context.commandName === 'BatchGetItemCommand' ? 1 : 0), next(args)), { step: 'initialize', name: 'countBatchGets' });
    // Events intake marked are listed as they are: no outcome is read for them.
    await admin.listAcceptedEvents({ from: TODAY, to: TODAY });
    expect(batchGets).toBe(0);
    // As intake kept them before it wrote `duplicate` and `fiscalYear` on the event: neither attribute, and each event on
    // an item of its own beside its outcome's (before ADR 027).
    for (const id of ['a-duplicate', 'b-recorded']) {
      const { Item: both } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.event(id) }));
      const { eventId, source, detailType, receivedAt, recipientId, detail, truncated, gsi1pk, gsi1sk } = both ?? {};
      await doc.send(new PutCommand({ TableName: tableName, Item: { ...acceptedKeys.event(id), itemType: 'accepted', gsi1pk, gsi1sk, eventId, source, detailType, receivedAt, recipientId, detail, truncated } }));
      await doc.send(new PutCommand({ TableName: tableName, Item: { ...keys.event(id), itemType: 'event', outcome: both?.outcome } }));
    }
    const [awardId] = await awardIdsOf(admin, 'b-recorded');
    expect(await currentFen(admin)).toEqual(new Map([[awardId, yuan(5_000)]]));
    batchGets = 0;
    const kept = (await admin.listAcceptedEvents({ from: TODAY, to: TODAY })).items;
    expect(kept.map((e) => [e.eventId, e.duplicate ?? false, e.fiscalYear ?? null])).toEqual([['a-duplicate', true, null], ['b-recorded', false, null]]);
    expect(batchGets).toBe(1);
    // An outcome that cannot be read leaves its event unmarked (replayed, as before the mark): it fails no simulation (review a, W1).
    await doc.send(new UpdateCommand({ TableName: tableName, Key: keys.event('a-duplicate'), UpdateExpression: 'SET outcome.kind = :k', ExpressionAttributeValues: { ':k': 'quarantined' } }));
    await expect(admin.getEventOutcome('a-duplicate')).rejects.toThrow(/outcome/);
    const listed = (await admin.listAcceptedEvents({ from: TODAY, to: TODAY })).items;
    expect(listed.map((e) => [e.eventId, e.duplicate ?? false])).toEqual([['a-duplicate', false], ['b-recorded', false]]);
  });

  it('marks the loser of two pollers that record one fact at once, and counts the winner\'s amount', async () => {
    const { store: admin, client, doc, tableName } = await freshStore();
    await admin.setAllocation(people.budgetAdmin('130000'), { jurisdiction: '130000', fiscalYear: fiscalYearOf(new Date()), allocatedFen: yuan(100_000_000) });
    // Two pollers, each with a batch of one: no transaction is sent until both have read the fact absent, so one
    // transaction is refused and its event is planned again, found a duplicate. Which one wins is the race's.
    let reads = 0;
    let bothRead: () => void = () => undefined;
    const barrier = new Promise<void>((resolve) => (bothRead = resolve));
    const transactions: string[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          await barrier;
          return next(args).then((out) => (transactions.push('ok'), out), (error: unknown) => (transactions.push('refused'), Promise.reject(error)));
        }
        const out = await next(args);
        if (context.commandName === 'BatchGetItemCommand' && (reads += 1) === 2) bothRead();
        return out;
      },
      { step: 'initialize', name: 'bothReadFirst' },
    );
    const store = new AwardStore({ client: doc, tableName, approvalConfig: admin.core.config });
    const deps = { store, catalog: CATALOG, personKey: TEST_PERSON_KEY };
    const receivedAt = new Date().toISOString();
    await Promise.all([designService('race-1', yuan(10_000)), designService('race-2', yuan(90_000))].map((text, n) => ingestDeliveries([deliveryOf(text, `p-${n}`, { receivedAt })], deps)));
    expect(transactions).toContain('refused');
    const outcomes = await Promise.all(['race-1', 'race-2'].map(async (id) => [id, await store.getEventOutcome(id)] as const));
    const winner = outcomes.find(([, o]) => o?.kind === 'awards')?.[0] ?? '';
    const loser = outcomes.find(([, o]) => o?.kind === 'duplicate')?.[0] ?? '';
    expect([winner, loser].sort()).toEqual(['race-1', 'race-2']);
    const [awardId] = await awardIdsOf(store, winner);
    const award = await store.getAward(awardId ?? '');
    expect(await currentFen(store)).toEqual(new Map([[awardId, award?.amountFen]]));
    const kept = (await store.listAcceptedEvents({ from: TODAY, to: TODAY })).items;
    expect(Object.fromEntries(kept.map((e) => [e.eventId, e.duplicate ?? false]))).toEqual({ [winner]: false, [loser]: true });
  });
});
