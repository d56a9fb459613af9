import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STANDARD_LEVELS, parseEvent } from '../../events/contracts';
import type { AmountSpec } from '../../shared/domain/catalog';
import { computeAwards } from '../../shared/domain/engine';
import { CATALOG } from '../../shared/policies';
import { RECIPIENTS, rawEvent, TEST_PERSON_KEY } from '../support/events';

const rules = new Map(
  CATALOG.policies.flatMap((p) => p.versions.flatMap((v) => v.rules.map((r) => [r.id, r] as const))),
);

/** The most a rule can ever pay: its fixed sum, its largest tier, or its cap. */
function ceilingFen(amount: AmountSpec): number | null {
  switch (amount.kind) {
    case 'fixed':
      return amount.amountFen;
    case 'tiered':
      return Math.max(...Object.values(amount.tiersFen));
    case 'percentage':
    case 'granted':
      return amount.capFen;
    case 'per-regulation':
      return null;
    default: {
      const unreachable: never = amount;
      return unreachable;
    }
  }
}

const date = fc
  .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2029-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const fen = fc.oneof(
  fc.integer({ min: 1, max: 1_000 }),
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
);
const recipient = fc.constantFrom(...(Object.keys(RECIPIENTS) as Array<keyof typeof RECIPIENTS>));
const region = fc.option(fc.constantFrom('130102', '130602', '130181', '350102', '350200', '440300'), {
  nil: undefined,
});

const fact = fc.oneof(
  fc.record({
    detailType: fc.constant('StandardPublished' as const),
    extra: fc.record({
      standard: fc.record({
        number: fc.constant('GB/T 1'),
        title: fc.constant('t'),
        level: fc.constantFrom(...STANDARD_LEVELS),
      }),
      draftingRank: fc.integer({ min: 1, max: 6 }),
    }),
  }),
  fc.record({
    detailType: fc.constant('DesignServicePurchased' as const),
    extra: fc.record({ approvedCostFen: fen }),
  }),
  fc.record({
    detailType: fc.constant('TechnologyProjectFunded' as const),
    extra: fc.record({
      programme: fc.constantFrom('core-technology', 'achievement-transfer'),
      grantedAmountFen: fen,
      projectName: fc.constant('p'),
    }),
  }),
  fc.record({
    detailType: fc.constant('CentreApproved' as const),
    extra: fc.record({
      centre: fc.record({
        kind: fc.constantFrom('inspection-testing', 'industrial-metrology', 'industrial-design'),
        level: fc.constantFrom('national', 'provincial'),
        name: fc.constant('c'),
      }),
    }),
  }),
  fc.record({
    detailType: fc.constant('StandardInnovationAwardWon' as const),
    extra: fc.record({
      award: fc.constantFrom('china-standard-innovation-contribution', 'fujian-standard-contribution'),
      prize: fc.constantFrom('first', 'second', 'third'),
      draftingRank: fc.integer({ min: 1, max: 3 }),
    }),
  }),
  fc.record({
    detailType: fc.constant('HonourConferred' as const),
    extra: fc.record({
      honour: fc.constantFrom(
        'china-quality-award',
        'provincial-quality-award',
        'famous-brand-product',
        'miit-single-champion',
      ),
    }),
  }),
);

const scenario = fc.record({
  fact,
  recipient,
  region,
  occurredOn: date,
  reference: fc.string({ minLength: 1, maxLength: 30 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function run(s: Scenario, eventId: string) {
  const raw = rawEvent(s.fact.detailType, s.fact.extra, {
    recipient: s.recipient,
    regionCode: s.region,
    occurredOn: s.occurredOn,
    reference: s.reference,
    eventId,
  });
  const parsed = parseEvent(raw);
  if (!parsed.ok || parsed.event.detailType === 'AchievementRevoked') return null;
  return computeAwards(parsed.event, CATALOG, TEST_PERSON_KEY);
}

describe('award engine properties', () => {
  it('pays non-negative safe integers that never exceed their rule’s ceiling, and the same fact always yields the same award ids', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const first = run(s, 'event-a');
        const again = run(s, 'event-b');
        if (first === null) return; // a reference of only white space is rejected at the boundary
        expect(again).not.toBeNull();
        if (first.kind !== 'awards') {
          expect(again?.kind).toBe('no-policy');
          return;
        }
        for (const award of first.awards) {
          const rule = rules.get(award.ruleId);
          expect(rule).toBeDefined();
          if (rule === undefined) return;
          const ceiling = ceilingFen(rule.amount);
          if (award.amountFen === null) {
            expect(ceiling).toBeNull();
            expect(award.status).toBe('AMOUNT_REQUIRED');
          } else {
            expect(Number.isSafeInteger(award.amountFen) && award.amountFen > 0).toBe(true);
            expect(award.amountFen).toBeLessThanOrEqual(ceiling ?? 0);
            expect(award.status).toBe('PAYABLE');
          }
        }
        expect(again?.kind === 'awards' && again.awards.map((a) => a.awardId)).toEqual(
          first.awards.map((a) => a.awardId),
        );
      }),
      { numRuns: 2_000, seed: 20261122 },
    );
  });

  it('never pays more than half an approved design cost, nor more than the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: Number.MAX_SAFE_INTEGER }), (approvedCostFen) => {
        const parsed = parseEvent(
          rawEvent('DesignServicePurchased', { approvedCostFen }, { recipient: 'baoding' }),
        );
        if (!parsed.ok || parsed.event.detailType !== 'DesignServicePurchased')
          throw new Error('valid event expected');
        const result = computeAwards(parsed.event, CATALOG, TEST_PERSON_KEY);
        const amountFen = result.kind === 'awards' ? (result.awards[0]?.amountFen ?? -1) : -1;
        expect(amountFen * 2).toBeLessThanOrEqual(approvedCostFen);
        expect(amountFen).toBe(Math.min(Math.floor(approvedCostFen / 2), 100_000_000));
      }),
      { numRuns: 2_000, seed: 7 },
    );
  });
});
