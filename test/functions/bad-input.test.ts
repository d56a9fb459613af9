import { describe, expect, it } from 'vitest';
import { createHandler as createIntake } from '../../functions/award-intake/app';
import { CATALOG } from '../../shared/policies';
import { badInputCorpus } from '../support/bad-input';
import { lambdaContext, quietObservability, sqsEvent, sqsRecord } from '../support/lambda';
import { freshStore } from '../support/store';

describe('bad input', () => {
  const corpus = badInputCorpus();

  it('has at least 200 malformed events across every category', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((c) => c.category))).toEqual(
      new Set(['wrong type', 'credit code', 'unknown detail-type', 'oversized', 'broken JSON', 'odd Unicode', 'amount', 'impossible date', 'missing field', 'unknown field']),
    );
  });

  it('quarantines every one with a specific reason, crashes on none, and awards nothing', async () => {
    const { store } = await freshStore();
    const intake = createIntake({ ...quietObservability(), store, catalog: CATALOG });
    const records = corpus.map((c, i) => sqsRecord(c.text, { messageId: `corpus-${i}` }));
    for (let i = 0; i < records.length; i += 10) {
      expect(await intake(sqsEvent(records.slice(i, i + 10)), lambdaContext())).toEqual({ batchItemFailures: [] });
    }
    const rejections = [];
    let cursor: string | null = null;
    do {
      const page = await store.listRejections({ limit: 100, cursor });
      rejections.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== null);
    expect(rejections).toHaveLength(corpus.length);
    expect((await store.listAwards({ jurisdictions: ['130000', '130100', '350000'] })).items).toEqual([]);

    // Specific: every reason names what is wrong (a field, the JSON, the size or the detail-type), none is generic.
    const byText = new Map(rejections.map((r) => [r.event, r.reason]));
    const counts = new Map<string, number>();
    for (const item of corpus) {
      const reason = byText.get(item.text.length > 300_000 ? `${item.text.slice(0, 300_000)}…[truncated from ${item.text.length} characters]` : item.text);
      expect(reason, `${item.category}: ${item.name}`).toMatch(
        /recipient|occurredOn|reference|approvedCostFen|grantedAmountFen|standard|draftingRank|detail-type|source|time|JSON|bytes|detail|id /,
      );
      counts.set(item.category, (counts.get(item.category) ?? 0) + 1);
    }
    expect(new Set(rejections.map((r) => r.reason)).size).toBeGreaterThan(120);
    expect(Math.min(...counts.values())).toBeGreaterThanOrEqual(4);
  }, 120_000);
});
