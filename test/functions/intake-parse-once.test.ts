/**
 * Issue 23, "parse once at the edge": award-intake parses each SQS body once, into a delivery (shared/app/delivery.ts),
 * and everything after the edge reads that: counted (JSON.parse of each body while the handler runs) and shown by
 * structure (a delivery whose text is not its body is ingested as its parsed value says).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHandler as createIntake } from '../../functions/award-intake/app';
import { deliveryOf } from '../../shared/app/delivery';
import { ingestDeliveries } from '../../shared/app/intake';
import { CATALOG } from '../../shared/policies';
import type { AwardStore } from '../../shared/store/store';
import { SAMPLES, lambdaContext, quietObservability, sampleTexts, sqsEvent, sqsRecord } from '../support/lambda';
import { TEST_PERSON_KEY } from '../support/events';
import { freshStore } from '../support/store';

const valid = sampleTexts();
const invalid = sampleTexts(`${SAMPLES}/invalid`);
const deps = (store: AwardStore) => ({ store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
const RECEIVED_AT = '2026-03-01T02:00:00.000Z';

/** Every JSON.parse while `run` runs: its text, and whether the redaction of a rejected event's audit copy made it. */
async function parsesDuring(run: () => Promise<unknown>): Promise<Array<{ text: unknown; byRedaction: boolean }>> {
  const original = JSON.parse;
  const parses: Array<{ text: unknown; byRedaction: boolean }> = [];
  const spy = vi.spyOn(JSON, 'parse').mockImplementation((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
    parses.push({ text, byRedaction: new Error().stack?.includes('redactEventText') ?? false });
    return original.call(JSON, text, reviver) as unknown;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return parses;
}

afterEach(() => vi.restoreAllMocks());

describe('award-intake parses each body once', () => {
  it('parses every body of a batch once, whatever it turns out to be (facts, no-award, revocation, rejections)', async () => {
    const { store } = await freshStore();
    const intake = createIntake({ ...quietObservability(), ...deps(store) });
    const bodies = [...valid, ...invalid].map((s) => s.text);
    const parses = await parsesDuring(async () => {
      for (let i = 0; i < bodies.length; i += 10) {
        const records = bodies.slice(i, i + 10).map((text, j) => sqsRecord(text, { messageId: `m-${i + j}` }));
        expect(await intake(sqsEvent(records), lambdaContext())).toEqual({ batchItemFailures: [] });
      }
    });
    // Intake's own parses: one per body. A rejected body's audit copy is masked by redactEventText, which reads the
    // masked copy on its own (shared/domain/redaction.ts); an accepted body is parsed once in all.
    for (const text of bodies) expect(parses.filter((p) => p.text === text && !p.byRedaction), text.slice(0, 80)).toHaveLength(1);
    for (const { text } of valid) expect(parses.filter((p) => p.text === text)).toHaveLength(1);
    expect((await store.listRejections({ limit: 100 })).items).toHaveLength(invalid.length);
  }, 120_000);

  it('ingests an accepted event from its parsed value: a delivery whose text is not its body is recorded and kept the same', async () => {
    const texts = ['standard-leader-listed.json', 'honour-conferred-hebei-quality-award-individual.json', 'no-policy-shenzhen.json'].map((name) => valid.find((s) => s.name === name)?.text ?? '');
    const deliveries = texts.map((text, i) => deliveryOf(text, `m-${i}`, { receivedAt: RECEIVED_AT }));
    const [real, swapped] = [await freshStore(), await freshStore()];
    const fromBodies = await ingestDeliveries(deliveries, deps(real.store));
    // The same deliveries with a text that is not JSON at all: nothing downstream of the edge can read it as the event.
    const fromParsed = await ingestDeliveries(deliveries.map((d) => ({ ...d, raw: 'not the body' })), deps(swapped.store));
    const outcome = (o: (typeof fromBodies)[number] | undefined) => {
      if (o?.ok !== true) return o;
      return o.result.kind === 'awards' ? { ...o.result, awards: o.result.awards.map((a) => [a.awardId, a.status, a.amountFen]) } : o.result;
    };
    expect(fromParsed.map(outcome)).toEqual(fromBodies.map(outcome));
    expect(fromBodies.map((o) => (o.ok ? o.result.kind : 'failed'))).toEqual(['awards', 'awards', 'no-award']);
    const period = { from: '2026-03-01', to: '2026-03-01' };
    const kept = (await real.store.listAcceptedEvents(period)).items;
    expect(kept).toHaveLength(3);
    expect((await swapped.store.listAcceptedEvents(period)).items).toEqual(kept);
  });

  it('quarantines a rejected event by its parsed value, keeping its text as received as the audit copy', async () => {
    const bad = invalid.find((s) => s.name === 'uscc-check-character.json')?.text ?? '';
    const { store } = await freshStore();
    const delivery = deliveryOf(bad, 'm-bad');
    const audit = `an audit copy, as received: ${bad}`;
    const [one] = await ingestDeliveries([{ ...delivery, raw: audit }], deps(store));
    expect(one).toMatchObject({ ok: true, result: { kind: 'rejected', reason: 'recipient.uscc \'91130600MA0CXK7L10\' check character is \'0\' but GB 32100-2015 gives \'1\'' } });
    const [rejection] = (await store.listRejections()).items;
    expect(rejection).toMatchObject({ detailType: 'DesignServicePurchased', event: audit });
  });
});
