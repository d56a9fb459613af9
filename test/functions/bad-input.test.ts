import { describe, expect, it } from 'vitest';
import { createHandler as createIntake } from '../../functions/award-intake/app';
import { CATALOG } from '../../shared/policies';
import { LIMITS } from '../../shared/limits';
import { fitUtf8 } from '../../shared/store/records';
import { type BadInput, badInputCorpus } from '../support/bad-input';
import { lambdaContext, quietObservability, sqsEvent, sqsRecord } from '../support/lambda';
import { rawEvent, TEST_PERSON_KEY } from '../support/events';
import { freshStore } from '../support/store';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `detail.recipient.uscc` → `recipient.uscc`: reasons name detail fields from inside the detail. */
const fieldOf = (path: string) => (path === 'detail' ? 'detail' : path.replace(/^detail\./, ''));

/** What the reason for a corpus item must say, derived from what the item breaks (its category and name). */
function expectedReason(item: BadInput): RegExp {
  const { category, name } = item;
  switch (category) {
    case 'wrong type':
      return new RegExp(`^${escape(fieldOf(name.split(' = ')[0] as string))} (must|is not|')`);
    case 'missing field':
      return new RegExp(`^${escape(fieldOf(name))} is required`);
    case 'credit code':
      return /^recipient\.uscc '.*' (check character|must be 18|character \d+)/;
    case 'unknown detail-type':
      return /^detail-type '.*' is not one of StandardPublished, /;
    case 'oversized':
      if (name.includes('256 KiB')) return /^event is \d+ bytes; the limit is 262144$/;
      return new RegExp(`^${{ name: 'recipient\\.name', reference: 'reference', standard: 'standard\\.title', id: 'id' }[name.split(' ')[0] as string]} is longer than \\d+ characters$`);
    case 'broken JSON':
      return /^event (is not valid JSON: .+|must be a JSON object)$/s;
    case 'odd Unicode':
      if (name.includes('region code')) return /^recipient\.regionCode '.+' is not a 6-digit division code$/;
      if (name.includes('date')) return /^occurredOn '.+' is not a calendar date YYYY-MM-DD$/;
      if (name.startsWith('U+FFFD')) return new RegExp(`^${name.endsWith('in name') ? 'recipient\\.name' : 'reference'} has U\\+FFFD \\(�\\), which a decoder leaves for bytes it could not read`);
      return new RegExp(`^${name.endsWith('in name') ? 'recipient\\.name' : 'reference'} has (a control character|an unpaired surrogate)$`);
    case 'amount':
      if (/Infinity|hex/.test(name)) return /^event is not valid JSON: /;
      return new RegExp(`^${name.split(' ')[0]} (must be|\\S+ is larger than \\d+ fen$)`);
    case 'impossible date':
      return /^occurredOn /;
    case 'unknown field':
      return new RegExp(`has unknown field\\(s\\): ${escape(name.split('.').at(-1) as string)}$`);
    default:
      throw new Error(`no expected reason for category ${category}`);
  }
}

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
    const intake = createIntake({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
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

    // Specific: each reason starts with the very thing the item broke, as its name says (a field, the JSON, the
    // size, the detail-type); a reason that names something else, or nothing, fails.
    const byText = new Map(rejections.map((r) => [r.event, r.reason]));
    const counts = new Map<string, number>();
    for (const item of corpus) {
      const reason = byText.get(fitUtf8(item.text, LIMITS.quarantine.eventBytesMax));
      expect(reason, `${item.category}: ${item.name}`).toMatch(expectedReason(item));
      counts.set(item.category, (counts.get(item.category) ?? 0) + 1);
    }
    expect(new Set(rejections.map((r) => r.reason)).size).toBeGreaterThan(120);
    expect(Math.min(...counts.values())).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('quarantines an event as large as the bus accepts, whose reason and text together exceed an item, cut to fit and kept', async () => {
    const { store } = await freshStore();
    const intake = createIntake({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
    // 250 KB of Chinese: 3,050 unknown fields with long names, so the reason that names them all is over 200 KB and
    // reason and text together are over DynamoDB's 400 KB item.
    const event = rawEvent('DesignServicePurchased', { approvedCostFen: 1_000_000 }, { recipient: 'baoding', reference: 'HUGE-1', eventId: 'huge-1' }) as { detail: Record<string, unknown> };
    for (let i = 0; i < 3_050; i++) event.detail[`关于全面提升产品质量的若干措施之未知附加字段第${i}号`] = 'x';
    const text = JSON.stringify(event);
    expect(Buffer.byteLength(text)).toBeGreaterThan(250_000);
    expect(Buffer.byteLength(text)).toBeLessThan(262_144);
    expect(await intake(sqsEvent([sqsRecord(text, { messageId: 'huge-delivery' })]), lambdaContext())).toEqual({ batchItemFailures: [] });
    const [kept] = (await store.listRejections()).items;
    expect(kept?.eventId).toBe('huge-1');
    expect(kept?.reason).toMatch(/^DesignServicePurchased detail has unknown field\(s\): 关于全面提升产品质量的若干措施之未知附加字段第0号, /);
    expect(Buffer.byteLength(text) + Buffer.byteLength(kept?.reason ?? '')).toBeLessThan(400_000);
    expect(kept?.reason).toMatch(/…\[truncated: \d+ bytes/);
    expect(Buffer.byteLength(kept?.reason ?? '')).toBeLessThanOrEqual(LIMITS.quarantine.reasonBytesMax);
    expect(kept?.event).toBe(text);
  });

  it('quarantines events with an id too long to be a key, or text DynamoDB cannot store, under the delivery’s id', async () => {
    const { store } = await freshStore();
    const intake = createIntake({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
    const longId = { ...rawEvent('StandardLeaderListed', { standardNumber: 'Q/1' }), id: 'x'.repeat(10_000) };
    const loneSurrogate = `{"id":"lone-1","source":"quality.\ud800","detail-type":"StandardLeaderListed","detail":{}}`;
    const response = await intake(sqsEvent([sqsRecord(JSON.stringify(longId), { messageId: 'long-id-delivery' }), sqsRecord(loneSurrogate, { messageId: 'lone-delivery' })]), lambdaContext());
    expect(response).toEqual({ batchItemFailures: [] });
    const kept = (await store.listRejections()).items;
    expect(kept.map((r) => r.rejectionId).sort()).toEqual(['lone-1', 'long-id-delivery']);
    expect(kept.find((r) => r.rejectionId === 'long-id-delivery')?.reason).toBe('id is longer than 128 characters');
  });
});
