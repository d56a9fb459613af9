import { describe, expect, it } from 'vitest';
import { ingest } from '../../shared/app/intake';
import { fiscalYearOf } from '../../shared/domain/awards';
import { CATALOG } from '../../shared/policies';
import { rawEvent, TEST_PERSON_KEY } from '../support/events';
import { prng } from '../support/prng';
import { freshStore, people } from '../support/store';

/**
 * 10,000 events, each delivered 1 to 5 times, all deliveries shuffled and run concurrently: exactly one award per
 * fact. The facts spread over the three jurisdictions (Hebei design services, Shijiazhuang accepted pilots, Fujian
 * honours), so three ledgers take the writes.
 */
const EVENTS = 10_000;
const WORKERS = 12;

function eventText(i: number): { text: string; jurisdiction: string } {
  const eventId = `scale-${i}`;
  const reference = `SCALE-${i}`;
  switch (i % 3) {
    case 0:
      return { jurisdiction: '130000', text: JSON.stringify(rawEvent('DesignServicePurchased', { approvedCostFen: 2_000 + i }, { recipient: 'baoding', reference, eventId })) };
    case 1:
      return { jurisdiction: '130100', text: JSON.stringify(rawEvent('StandardizationPilotAccepted', { level: 'provincial', projectName: `试点项目-${i}` }, { recipient: 'shijiazhuang', reference, eventId })) };
    default:
      return { jurisdiction: '350000', text: JSON.stringify(rawEvent('HonourConferred', { honour: 'china-patent-award' }, { recipient: 'fuzhou', reference, eventId })) };
  }
}

describe('redelivery at scale', () => {
  it(`${EVENTS} events delivered 1 to 5 times each in random order: exactly one award per fact`, async () => {
    const { store } = await freshStore();
    const year = fiscalYearOf(new Date());
    for (const j of ['130000', '130100']) await store.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: year, allocatedFen: 1e13 });
    const random = prng(2026);
    const events = Array.from({ length: EVENTS }, (_, i) => eventText(i));
    const deliveries = events.flatMap((e, i) => Array.from({ length: 1 + Math.floor(random() * 5) }, () => i));
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j] as number, deliveries[i] as number];
    }
    expect(deliveries.length).toBeGreaterThan(EVENTS * 2.5);

    let next = 0;
    const worker = async () => {
      while (next < deliveries.length) {
        const i = deliveries[next++] as number;
        await ingest((events[i] as { text: string }).text, `delivery-${next}`, { store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));

    const byJurisdiction = new Map<string, number>();
    for (const e of events) byJurisdiction.set(e.jurisdiction, (byJurisdiction.get(e.jurisdiction) ?? 0) + 1);
    for (const [jurisdiction, facts] of byJurisdiction) {
      const entries = await store.ledger(jurisdiction);
      const recorded = entries.filter((e) => e.type === 'RECORDED').map((e) => e.awardId);
      expect(recorded, jurisdiction).toHaveLength(facts);
      expect(new Set(recorded).size, jurisdiction).toBe(facts);
      expect(await store.verify(jurisdiction), jurisdiction).toMatchObject({ ok: true });
    }
    for (let i = 0; i < EVENTS; i += 97) expect(await store.getEventOutcome(`scale-${i}`)).toMatchObject({ kind: 'awards' });
  }, 900_000);
});
