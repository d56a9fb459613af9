import { describe, expect, it } from 'vitest';
import { createBankInbound } from '../../functions/bank-inbound/app';
import { createPaymentRun } from '../../functions/payment-run/app';
import { createHandler as createIntake } from '../../functions/award-intake/app';
import { parseEventText } from '../../events/contracts';
import { computeAwards } from '../../shared/domain/engine';
import { simulateBank } from '../../shared/adapters/iso20022/simulated-bank';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import type { AwardStore } from '../../shared/store/store';
import { SAMPLES, lambdaContext, quietObservability, sampleTexts, sqsEvent, sqsRecord } from '../support/lambda';
import { rawEvent, TEST_PERSON_KEY } from '../support/events';
import { confirmedPayee, memoryFiles } from '../support/payments';
import { freshStore, people } from '../support/store';
import { paymentBatches } from '../../shared/app/payments/run';

const YEAR = fiscalYearOf(new Date());

async function fundedStore() {
  const setup = await freshStore();
  for (const [j, amount] of [['130000', yuan(100_000_000)], ['130100', yuan(20_000_000)], ['350000', yuan(50_000_000)]] as const) {
    await setup.store.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: YEAR, allocatedFen: amount });
  }
  return setup;
}

const intake = (store: AwardStore) => createIntake({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY });

describe('award-intake', () => {
  const valid = sampleTexts();
  const invalid = sampleTexts(`${SAMPLES}/invalid`);

  it('records a valid batch of every sample and accounts for every event', async () => {
    const { store } = await fundedStore();
    const batch = valid.slice(0, 10).map((s) => sqsRecord(s.text));
    const rest = valid.slice(10).map((s) => sqsRecord(s.text));
    expect(await intake(store)(sqsEvent(batch), lambdaContext())).toEqual({ batchItemFailures: [] });
    expect(await intake(store)(sqsEvent(rest), lambdaContext())).toEqual({ batchItemFailures: [] });
    for (const sample of valid) {
      const { id } = JSON.parse(sample.text) as { id: string };
      expect(await store.getEventOutcome(id), sample.name).not.toBeNull();
    }
    const page = await store.listAwards({ jurisdictions: ['130000', '130100', '350000'], limit: 100 });
    // Exactly the awards `awards explain` computes for the samples, and nothing else.
    // Two documents about one centre are one fact (CONTRACT §1): its award is explained twice and recorded once.
    const explained = [...new Set(valid.flatMap((s) => {
      const parsed = parseEventText(s.text);
      if (!parsed.ok || parsed.event.detailType === 'AchievementRevoked') return [];
      const result = computeAwards(parsed.event, CATALOG, TEST_PERSON_KEY);
      return result.kind === 'awards' ? result.awards.map((a) => a.awardId) : [];
    }))];
    expect(explained.length).toBeGreaterThan(15);
    expect(page.items.map((a) => a.awardId).sort()).toEqual(explained.sort());
    // Version 3: Fujian 五 pays a person's patent award too (honour-conferred-patent-award-individual-fujian.json).
    expect(page.items.filter((a) => a.status === 'AMOUNT_REQUIRED').map((a) => a.policyId).sort()).toEqual(['fujian-2021', 'fujian-2021', 'fujian-2021', 'fujian-2021', 'hebei-2016', 'hebei-2016', 'hebei-2016']);
    // A second enterprise (in Baoding: Hebei's alone) claiming to lead GB/T 43456-2024 is held, not paid.
    expect(page.items.filter((a) => a.status === 'ON_HOLD').map((a) => [a.ruleId, a.hold?.reason])).toEqual([['hebei-2022/standard-lead-drafting', 'SECOND_LEAD_CLAIM']]);
    for (const j of ['130000', '130100', '350000']) expect(await store.verify(j)).toMatchObject({ ok: true });
  });

  it('quarantines the one bad record of a batch with its reason and does not ask for it again', async () => {
    const { store } = await fundedStore();
    const bad = invalid.find((s) => s.name === 'uscc-check-character.json');
    const good = valid.find((s) => s.name === 'standard-leader-listed.json');
    if (!bad || !good) throw new Error('samples');
    const response = await intake(store)(sqsEvent([sqsRecord(good.text), sqsRecord(bad.text, { messageId: 'm-bad' })]), lambdaContext());
    expect(response).toEqual({ batchItemFailures: [] });
    const rejections = await store.listRejections();
    expect(rejections.items).toHaveLength(1);
    expect(rejections.items[0]).toMatchObject({
      reason: 'recipient.uscc \'91130600MA0CXK7L10\' check character is \'0\' but GB 32100-2015 gives \'1\'',
      detailType: 'DesignServicePurchased',
      event: bad.text,
    });
  });

  it('quarantines every invalid sample, even broken JSON, each once, with its specific reason', async () => {
    const { store } = await fundedStore();
    const records = invalid.map((s) => sqsRecord(s.text, { messageId: `m-${s.name}` }));
    expect(await intake(store)(sqsEvent(records), lambdaContext())).toEqual({ batchItemFailures: [] });
    expect(await intake(store)(sqsEvent(records), lambdaContext())).toEqual({ batchItemFailures: [] });
    const all = await store.listRejections({ limit: 100 });
    expect(all.items).toHaveLength(invalid.length);
    expect(new Set(all.items.map((r) => r.reason)).size).toBeGreaterThan(20);
  });

  it('reports only the record whose store write failed, for redelivery', async () => {
    const { store } = await fundedStore();
    // The store records the batch but for one event, whose write fails (throttled past the SDK's retries).
    const failing = Object.create(store) as AwardStore;
    failing.recordBatch = async (inputs) => {
      const failed = inputs.map((input) => input.kind === 'fact' && input.fact.identity === 'Q/BDXN003-2024');
      const recorded = await store.recordBatch(inputs.filter((_, i) => !failed[i]));
      return inputs.map((_, i) => (failed[i] ? { ok: false as const, error: new Error('ProvisionedThroughputExceededException') } : (recorded.shift() as (typeof recorded)[number])));
    };
    const leader = valid.find((s) => s.name === 'standard-leader-listed.json');
    const series = valid.find((s) => s.name === 'standard-series-developed.json');
    if (!leader || !series) throw new Error('samples');
    const response = await intake(failing)(sqsEvent([sqsRecord(series.text, { messageId: 'ok' }), sqsRecord(leader.text, { messageId: 'retry-me' })]), lambdaContext());
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'retry-me' }] });
    expect(await store.getEventOutcome(JSON.parse(leader.text).id)).toBeNull();
    expect(await store.getEventOutcome(JSON.parse(series.text).id)).not.toBeNull();
  });

  it('a redelivered batch records nothing new', async () => {
    const { store } = await fundedStore();
    const batch = valid.slice(0, 8).map((s) => sqsRecord(s.text));
    await intake(store)(sqsEvent(batch), lambdaContext());
    const before = await store.ledger('130000');
    await intake(store)(sqsEvent(batch.map((r) => ({ ...r, attributes: { ...r.attributes, ApproximateReceiveCount: '2' } }))), lambdaContext());
    expect(await store.ledger('130000')).toEqual(before);
  });

  it('voids an award when its fact is revoked', async () => {
    const { store } = await fundedStore();
    const leader = valid.find((s) => s.name === 'standard-leader-listed.json');
    const revoked = valid.find((s) => s.name === 'achievement-revoked.json');
    if (!leader || !revoked) throw new Error('samples');
    await intake(store)(sqsEvent([sqsRecord(leader.text)]), lambdaContext());
    await intake(store)(sqsEvent([sqsRecord(revoked.text)]), lambdaContext());
    const [award] = (await store.listAwards({ jurisdictions: ['130000'] })).items;
    expect(award?.status).toBe('VOIDED');
    expect((await store.getBudget('130000', YEAR)).reservedFen).toBe(0);
  });
});

describe('payment-run and bank-inbound (ADR 010)', () => {
  /** Two Hebei awards of two recipients, approved: the leader listing (whose recipient has a confirmed payee) and Xinji's zone. */
  async function approvedAwards() {
    const setup = await fundedStore();
    const texts = ['standard-leader-listed.json', 'demonstration-zone-won.json'].map((name) => sampleTexts().find((s) => s.name === name)?.text ?? '');
    await intake(setup.store)(sqsEvent(texts.map((t) => sqsRecord(t))), lambdaContext());
    const awards = (await setup.store.listAwards({ jurisdictions: ['130000'] })).items;
    for (const award of awards) await setup.store.decide(award.awardId, people.approver('130000'), { decision: 'approve', comment: '' });
    const leader = awards.find((a) => a.ruleId === 'hebei-2022/standard-leader') as Award;
    const series = awards.find((a) => a.ruleId === 'hebei-2022/demonstration-zone') as Award;
    expect(leader.recipientId).not.toBe(series.recipientId);
    await confirmedPayee(setup.store, leader);
    return { ...setup, leader, series };
  }

  function counting() {
    const obs = quietObservability();
    const counted: Array<[string, number]> = [];
    obs.metrics.addMetric = ((name: string, _unit: unknown, value: number) => void counted.push([name, value])) as unknown as typeof obs.metrics.addMetric;
    const count = (name: string) => counted.filter(([n]) => n === name).reduce((sum, [, v]) => sum + v, 0);
    return { obs, count };
  }

  it('files a batch for the awards with a confirmed payee, counts the one waiting for a payee, and files nothing twice', async () => {
    const { store, leader, series } = await approvedAwards();
    const files = memoryFiles();
    const { obs, count } = counting();
    const run = createPaymentRun({ ...obs, store, files, jurisdictions: ['130000', '130100', '350000'] });
    const first = (await run({}, lambdaContext())) as { batches: Array<{ count: number; fileName: string }>; blocked: number };
    expect(first).toMatchObject({ batches: [{ count: 1 }], blocked: 1 });
    expect((await store.getAward(leader.awardId))?.status).toBe('PAYING');
    expect((await store.getAward(series.awardId))?.status).toBe('APPROVED');
    expect([count('BatchesFiled'), count('AwardsSentToBank'), count('AwardsBlockedByPayee')]).toEqual([1, 1, 1]);
    expect(await run({}, lambdaContext())).toMatchObject({ batches: [], blocked: 1 });
    expect([...files.files.keys()]).toEqual([first.batches[0]?.fileName]);
  });

  it('reconciles the bank files S3 announces, and refuses one that does not validate without retrying it', async () => {
    const { store, leader } = await approvedAwards();
    const files = memoryFiles();
    const [batch] = (await paymentBatches(store, files).run('130000', 'run')).batches;
    const answers = await simulateBank((await files.get(batch?.fileName ?? '')) ?? '', { now: new Date() });
    const bucket = new Map([['inbound/status.xml', answers.pain002], ['inbound/notice.xml', answers.camt054], ['inbound/broken.xml', answers.camt054.replace(/<MsgId>[^<]*<\/MsgId>/, '')]]);
    const { obs, count } = counting();
    const handler = createBankInbound({ ...obs, store, read: async (_b, key) => bucket.get(key) ?? '' });
    const notify = (key: string) => handler({ 'detail-type': 'Object Created', 'source': 'aws.s3', 'detail': { bucket: { name: 'payments' }, object: { key } } } as never, lambdaContext());
    expect(await notify('inbound/status.xml')).toMatchObject({ refused: false, summary: { type: 'pain.002.001.11', matched: 0, pending: 1 } });
    expect(await notify('inbound/notice.xml')).toMatchObject({ refused: false, summary: { type: 'camt.054.001.08', matched: 1, exceptions: 0 } });
    expect((await store.getAward(leader.awardId))?.status).toBe('DISBURSED');
    expect(await notify('inbound/broken.xml')).toMatchObject({ refused: true, summary: null });
    expect(count('BankFilesRefused')).toBe(1);
    expect(await notify('inbound/notice.xml')).toMatchObject({ summary: { repeated: true } });
    expect((await store.ledger('130000')).filter((e) => e.type === 'DISBURSED')).toHaveLength(1);
  });
});

describe('award-intake: money anomalies are counted for the alarms', () => {
  const standard = (number: string, id: string, level = 'national') =>
    JSON.stringify(rawEvent('StandardPublished', { standard: { number, title: 't', level }, draftingRank: 1 }, { recipient: 'shijiazhuang', reference: number, eventId: id }));
  const revocation = (reference: string, id: string, source: string) =>
    JSON.stringify({ ...rawEvent('AchievementRevoked', { revokes: { detailType: 'StandardPublished', reference }, reason: '撤销' }, { recipient: 'shijiazhuang', reference: `撤-${id}`, eventId: id }), source });

  function counting(store: AwardStore) {
    const obs = quietObservability();
    const counted: Array<[string, number]> = [];
    obs.metrics.addMetric = ((name: string, _unit: unknown, value: number) => void counted.push([name, value])) as unknown as typeof obs.metrics.addMetric;
    const count = (name: string) => counted.filter(([n]) => n === name).reduce((sum, [, v]) => sum + v, 0);
    return { handler: createIntake({ ...obs, store, catalog: CATALOG, personKey: TEST_PERSON_KEY }), count };
  }

  it('a repeat whose computed awards differ from the first arrival, and a refused revocation, before or after the fact', async () => {
    const { store } = await fundedStore();
    const { handler, count } = counting(store);
    const batch = [
      standard('GB/T 80001-2024', 'anomaly-1'),
      // The same standard, now said to be an industry standard: other awards, the same fact. Nothing more is paid.
      standard('GB/T 80001-2024', 'anomaly-2', 'industry'),
      revocation('GB/T 80001-2024', 'anomaly-3', 'quality.science'),
      revocation('GB/T 80002-2024', 'anomaly-4', 'quality.science'),
      standard('GB/T 80002-2024', 'anomaly-5'),
    ];
    for (const text of batch) expect(await handler(sqsEvent([sqsRecord(text)]), lambdaContext())).toEqual({ batchItemFailures: [] });
    // Redeliveries of the same events count nothing again.
    for (const text of batch) expect(await handler(sqsEvent([sqsRecord(text, { receiveCount: 2 })]), lambdaContext())).toEqual({ batchItemFailures: [] });
    expect(count('ConflictingRepeats')).toBe(1);
    expect(count('RevocationsRefused')).toBe(2);
  });
});
