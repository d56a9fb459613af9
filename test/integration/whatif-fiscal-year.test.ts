/**
 * What-if counts an award in the fiscal year intake budgeted it in (review of issue 24, lazy-attack MEDIUM-1). Intake
 * budgets in the China-time year of the moment it records, the kept event carries the moment the message was sent:
 * a message sent at 23:59:59 on 31 December and recorded after midnight (a slow poll, a redelivery, a redrive in
 * January) was charged to the new year's budget and replayed into the old one.
 */
import { describe, expect, it } from 'vitest';
import { replayable } from '../../shared/app/accepted';
import { deliveryOf } from '../../shared/app/delivery';
import { ingestDeliveries } from '../../shared/app/intake';
import { yuan } from '../../shared/domain/money';
import { addFact } from '../../shared/domain/whatif';
import { CATALOG } from '../../shared/policies';
import { TEST_PERSON_KEY, rawEvent } from '../support/events';
import { freshStore, people } from '../support/store';

// 2026-01-01 00:00:05 China time, five seconds into fiscal year 2026; the message was sent at 23:59:59 on 31 December.
const RECORDED_AT = new Date('2025-12-31T16:00:05.000Z');
const SENT_AT = '2025-12-31T15:59:59.000Z';

describe('what-if at the turn of the year', () => {
  it('counts the award in the year intake budgeted it, not the year the message was sent', async () => {
    const { store } = await freshStore({ clock: () => RECORDED_AT });
    await store.setAllocation(people.budgetAdmin('130000'), { jurisdiction: '130000', fiscalYear: 2026, allocatedFen: yuan(1_000_000) });
    const text = JSON.stringify(rawEvent('DesignServicePurchased', { approvedCostFen: yuan(10_000) }, { recipient: 'baoding', reference: '冀工设服〔2025〕0999', occurredOn: '2025-12-30', eventId: 'year-edge' }));
    const [result] = await ingestDeliveries([deliveryOf(text, 'm-0', { receivedAt: SENT_AT })], { store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
    expect(result).toMatchObject({ ok: true, result: { kind: 'awards', repeated: false } });
    const [award] = (await store.listAwards({ jurisdictions: ['130000'], limit: 10 })).items;
    expect(award?.fiscalYear).toBe(2026);

    // The event is listed on the day it was sent (31 December), and its award replayed in 2026.
    const kept = (await store.listAcceptedEvents({ from: '2025-12-31', to: '2025-12-31' })).items;
    expect(kept.map((e) => [e.eventId, e.receivedAt, e.fiscalYear])).toEqual([['year-edge', SENT_AT, 2026]]);
    const read = replayable(kept[0]!);
    expect(read.ok).toBe(true);
    const tally = read.ok ? addFact(null, read.fact, { current: CATALOG, draft: CATALOG }, null) : null;
    expect(tally?.awards.map((a) => [a.awardId, a.fiscalYear, a.currentFen])).toEqual([[award?.awardId, 2026, award?.amountFen]]);

    // An event kept before the year was noted has none: it is replayed in the year it was sent, as before.
    const { fiscalYear: _noted, ...before } = kept[0]!;
    const old = replayable(before);
    expect(old.ok && old.fact.fiscalYear === undefined).toBe(true);
    expect(old.ok ? addFact(null, old.fact, { current: CATALOG, draft: CATALOG }, null)?.awards.map((a) => a.fiscalYear) : null).toEqual([2025]);
  });
});
