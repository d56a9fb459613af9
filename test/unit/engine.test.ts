import { describe, expect, it } from 'vitest';
import type { FactDetailType } from '../../shared/domain/vocabulary';
import type { Catalog, Policy } from '../../shared/domain/catalog';
import { validateCatalog } from '../../shared/domain/catalog-validation';
import { computeAwards, type EngineResult, revocationTargets } from '../../shared/domain/engine';
import { awardIdOf } from '../../shared/domain/identity';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import { type EventOptions, factEvent, RECIPIENTS, validEvent, TEST_PERSON_KEY } from '../support/events';

function awardsOf(result: EngineResult): Array<[string, number | null]> {
  return result.kind === 'awards' ? result.awards.map((a) => [a.ruleId, a.amountFen]) : [];
}

function compute(detailType: FactDetailType, extra: Record<string, unknown>, options: EventOptions = {}) {
  return computeAwards(factEvent(detailType, extra, options), CATALOG, TEST_PERSON_KEY);
}

const std = (level: string, draftingRank: number, action = 'drafted') => ({
  standard: { number: 'GB/T 1-2024', title: '标准', level, action },
  draftingRank,
});

/**
 * Every row and tier of DESIGN.md's tables. Facts occur on 2024-05-01, when all four policies are in force; the
 * Baoding enterprise is covered by Hebei only, the Shijiazhuang one by Hebei and Shijiazhuang, Fuzhou by Fujian.
 */
const TABLE: Array<{
  name: string;
  detailType: FactDetailType;
  extra: Record<string, unknown>;
  recipient: keyof typeof RECIPIENTS;
  /** When the row's policy is not in force on 2024-05-01. */
  occurredOn?: string;
  expected: Array<[string, number | null]>;
}> = [
  // hebei-2022
  {
    name: '(一) standard leader',
    detailType: 'StandardLeaderListed',
    extra: { standardNumber: 'Q/X 1' },
    recipient: 'baoding',
    expected: [['hebei-2022/standard-leader', yuan(30_000)]],
  },
  {
    name: '(二) lead international',
    detailType: 'StandardPublished',
    extra: std('international', 1),
    recipient: 'baoding',
    expected: [['hebei-2022/standard-lead-drafting', yuan(300_000)]],
  },
  {
    name: '(二) lead national',
    detailType: 'StandardPublished',
    extra: std('national', 1),
    recipient: 'baoding',
    expected: [['hebei-2022/standard-lead-drafting', yuan(200_000)]],
  },
  {
    name: '(二) lead industry',
    detailType: 'StandardPublished',
    extra: std('industry', 1),
    recipient: 'baoding',
    expected: [['hebei-2022/standard-lead-drafting', yuan(100_000)]],
  },
  {
    name: '(二) innovation award first',
    detailType: 'StandardInnovationAwardWon',
    extra: { award: 'china-standard-innovation-contribution', category: 'project', prize: 'first', draftingRank: 1 },
    recipient: 'baoding',
    expected: [['hebei-2022/standard-innovation-award', yuan(200_000)]],
  },
  {
    name: '(二) innovation award second',
    detailType: 'StandardInnovationAwardWon',
    extra: { award: 'china-standard-innovation-contribution', category: 'project', prize: 'second', draftingRank: 1 },
    recipient: 'baoding',
    expected: [['hebei-2022/standard-innovation-award', yuan(150_000)]],
  },
  {
    name: '(二) innovation award third',
    detailType: 'StandardInnovationAwardWon',
    extra: { award: 'china-standard-innovation-contribution', category: 'project', prize: 'third', draftingRank: 1 },
    recipient: 'baoding',
    expected: [['hebei-2022/standard-innovation-award', yuan(100_000)]],
  },
  {
    name: '(二) series',
    detailType: 'StandardSeriesDeveloped',
    extra: { seriesName: '创新族' },
    recipient: 'baoding',
    expected: [['hebei-2022/standard-series', yuan(200_000)]],
  },
  {
    name: '(三) innovation base',
    detailType: 'InnovationBaseApproved',
    extra: { baseName: '基地' },
    recipient: 'baoding',
    expected: [['hebei-2022/innovation-base', yuan(1_000_000)]],
  },
  {
    name: '(三) national pilot undertaken',
    detailType: 'StandardizationPilotUndertaken',
    extra: { level: 'national', projectName: 'p' },
    recipient: 'baoding',
    expected: [['hebei-2022/standardization-pilot', yuan(60_000)]],
  },
  {
    name: '(三) provincial pilot undertaken',
    detailType: 'StandardizationPilotUndertaken',
    extra: { level: 'provincial', projectName: 'p' },
    recipient: 'baoding',
    expected: [['hebei-2022/standardization-pilot', yuan(30_000)]],
  },
  {
    name: '(八) core technology under the cap',
    detailType: 'TechnologyProjectFunded',
    extra: { programme: 'core-technology', grantedAmountFen: yuan(8_000_000), projectName: 'p' },
    recipient: 'baoding',
    expected: [['hebei-2022/core-technology', yuan(8_000_000)]],
  },
  {
    name: '(八) achievement transfer under the cap',
    detailType: 'TechnologyProjectFunded',
    extra: { programme: 'achievement-transfer', grantedAmountFen: yuan(4_000_000), projectName: 'p' },
    recipient: 'baoding',
    expected: [['hebei-2022/achievement-transfer', yuan(4_000_000)]],
  },
  {
    name: '(九) provincial design centre',
    detailType: 'CentreApproved',
    extra: { centre: { kind: 'industrial-design', level: 'provincial', name: 'c', stage: 'recognised' } },
    recipient: 'baoding',
    expected: [['hebei-2022/design-centre-provincial', yuan(1_000_000)]],
  },
  {
    name: '(九) national design centre, a further award',
    detailType: 'CentreApproved',
    extra: { centre: { kind: 'industrial-design', level: 'national', name: 'c', stage: 'recognised' } },
    recipient: 'baoding',
    expected: [['hebei-2022/design-centre-national', yuan(1_000_000)]],
  },
  {
    name: '(九) design services, half the cost',
    detailType: 'DesignServicePurchased',
    extra: { approvedCostFen: yuan(600_000) },
    recipient: 'baoding',
    expected: [['hebei-2022/design-services', yuan(300_000)]],
  },
  {
    name: '(十一) national inspection and testing centre',
    detailType: 'CentreApproved',
    extra: { centre: { kind: 'inspection-testing', level: 'national', name: 'c', stage: 'construction-approved' } },
    recipient: 'hebeiInstitute',
    expected: [['hebei-2022/inspection-testing-centre', yuan(5_000_000)]],
  },
  {
    name: '(十二) national metrology centre',
    detailType: 'CentreApproved',
    extra: { centre: { kind: 'industrial-metrology', level: 'national', name: 'c', stage: 'construction-approved' } },
    recipient: 'hebeiInstitute',
    expected: [['hebei-2022/metrology-centre', yuan(5_000_000)]],
  },
  {
    name: '(十六) demonstration zone',
    detailType: 'DemonstrationZoneWon',
    extra: { zoneName: 'z', stage: 'named' },
    recipient: 'hebeiInstitute',
    expected: [['hebei-2022/demonstration-zone', yuan(500_000)]],
  },
  // shijiazhuang-2023 (with Hebei where Hebei also pays)
  {
    name: 'Shijiazhuang lead international',
    detailType: 'StandardPublished',
    extra: std('international', 1),
    recipient: 'shijiazhuang',
    expected: [
      ['hebei-2022/standard-lead-drafting', yuan(300_000)],
      ['shijiazhuang-2023/standard-lead-drafting', yuan(300_000)],
    ],
  },
  {
    name: 'Shijiazhuang lead industry',
    detailType: 'StandardPublished',
    extra: std('industry', 1),
    recipient: 'shijiazhuang',
    expected: [
      ['hebei-2022/standard-lead-drafting', yuan(100_000)],
      ['shijiazhuang-2023/standard-lead-drafting', yuan(100_000)],
    ],
  },
  {
    name: 'Shijiazhuang lead provincial-local',
    detailType: 'StandardPublished',
    extra: std('provincial-local', 1),
    recipient: 'shijiazhuang',
    expected: [['shijiazhuang-2023/standard-lead-drafting', yuan(30_000)]],
  },
  {
    name: 'Shijiazhuang lead municipal-local',
    detailType: 'StandardPublished',
    extra: std('municipal-local', 1),
    recipient: 'shijiazhuang',
    expected: [['shijiazhuang-2023/standard-lead-drafting', yuan(20_000)]],
  },
  {
    name: 'Shijiazhuang group standard national',
    detailType: 'StandardPublished',
    extra: std('group-national', 1),
    recipient: 'shijiazhuang',
    expected: [['shijiazhuang-2023/group-standard-lead', yuan(30_000)]],
  },
  {
    name: 'Shijiazhuang group standard provincial',
    detailType: 'StandardPublished',
    extra: std('group-provincial', 1),
    recipient: 'shijiazhuang',
    expected: [['shijiazhuang-2023/group-standard-lead', yuan(10_000)]],
  },
  {
    name: 'Shijiazhuang group standard municipal',
    detailType: 'StandardPublished',
    extra: std('group-municipal', 1),
    recipient: 'shijiazhuang',
    expected: [['shijiazhuang-2023/group-standard-lead', yuan(10_000)]],
  },
  {
    name: 'Shijiazhuang participant international rank 2',
    detailType: 'StandardPublished',
    extra: std('international', 2),
    recipient: 'shijiazhuang',
    expected: [['shijiazhuang-2023/standard-participation', yuan(50_000)]],
  },
  {
    name: 'Shijiazhuang participant national rank 3',
    detailType: 'StandardPublished',
    extra: std('national', 3),
    recipient: 'shijiazhuang',
    expected: [['shijiazhuang-2023/standard-participation', yuan(30_000)]],
  },
  {
    name: 'Shijiazhuang participant industry rank 2',
    detailType: 'StandardPublished',
    extra: std('industry', 2),
    recipient: 'shijiazhuang',
    expected: [['shijiazhuang-2023/standard-participation', yuan(20_000)]],
  },
  {
    name: 'Shijiazhuang national pilot accepted',
    detailType: 'StandardizationPilotAccepted',
    extra: { level: 'national', projectName: 'p' },
    recipient: 'shijiazhuang',
    expected: [['shijiazhuang-2023/standardization-pilot-accepted', yuan(100_000)]],
  },
  {
    name: 'Shijiazhuang provincial pilot accepted',
    detailType: 'StandardizationPilotAccepted',
    extra: { level: 'provincial', projectName: 'p' },
    recipient: 'shijiazhuang',
    expected: [['shijiazhuang-2023/standardization-pilot-accepted', yuan(50_000)]],
  },
  {
    name: 'Shijiazhuang pays an association that led a group standard',
    detailType: 'StandardPublished',
    extra: std('group-national', 1),
    recipient: 'sjzAssociation',
    expected: [['shijiazhuang-2023/group-standard-lead', yuan(30_000)]],
  },
  // fujian-2021 and hebei-2016: per regulation
  ...(
    [
      'china-quality-award',
      'china-quality-award-nomination',
      'provincial-quality-award',
      'provincial-quality-award-nomination',
      'china-patent-award',
      'provincial-patent-award',
      'national-quality-benchmark',
      'provincial-quality-benchmark',
      'miit-single-champion',
      'provincial-single-champion',
    ] as const
  ).map((honour) => ({
    name: `Fujian 五 ${honour}, per regulation`,
    detailType: 'HonourConferred' as const,
    extra: { honour },
    recipient: 'fuzhou' as const,
    expected: [[`fujian-2021/${honour}`, null]] as Array<[string, number | null]>,
  })),
  {
    name: 'Fujian 五 China Standard Innovation Contribution Award, per regulation',
    detailType: 'StandardInnovationAwardWon',
    extra: { award: 'china-standard-innovation-contribution', category: 'project', prize: 'third', draftingRank: 2 },
    recipient: 'fuzhou',
    expected: [['fujian-2021/china-standard-innovation-contribution', null]],
  },
  {
    name: 'Fujian 五 Fujian Standard Contribution Award, per regulation',
    detailType: 'StandardInnovationAwardWon',
    extra: { award: 'fujian-standard-contribution', category: 'organization', prize: 'first' },
    recipient: 'fuzhou',
    expected: [['fujian-2021/fujian-standard-contribution', null]],
  },
  {
    name: 'Hebei 2016 五(二) provincial quality award, per regulation',
    detailType: 'HonourConferred',
    extra: { honour: 'provincial-quality-award' },
    recipient: 'baoding',
    expected: [['hebei-2016/provincial-quality-award', null]],
  },
  {
    name: 'Hebei 2016 五(二) famous-brand product, per regulation',
    detailType: 'HonourConferred',
    extra: { honour: 'famous-brand-product' },
    recipient: 'baoding',
    expected: [['hebei-2016/famous-brand-product', null]],
  },
  {
    name: 'Hebei 2016 五(二) well-known trademark, per regulation',
    detailType: 'HonourConferred',
    extra: { honour: 'well-known-trademark' },
    recipient: 'baoding',
    expected: [['hebei-2016/well-known-trademark', null]],
  },
  {
    name: 'Hebei 2016 三(二) led a national standard before hebei-2022, per regulation',
    detailType: 'StandardPublished',
    extra: std('national', 1),
    recipient: 'baoding',
    occurredOn: '2022-09-05',
    expected: [['hebei-2016/standard-lead-drafting', null]],
  },
];

describe('the catalog pays every row and tier of the policy tables', () => {
  it.each(TABLE)('$name', ({ detailType, extra, recipient, occurredOn, expected }) => {
    const result = compute(detailType, extra, { recipient, ...(occurredOn === undefined ? {} : { occurredOn }) });
    expect(awardsOf(result)).toEqual(expected);
  });

  it('covers every rule of the catalog at least once', () => {
    const covered = new Set(TABLE.flatMap((row) => row.expected.map(([ruleId]) => ruleId)));
    const all = CATALOG.policies.flatMap((p) => p.versions.flatMap((v) => v.rules.map((r) => r.id)));
    expect(all.filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe('award engine', () => {
  it('pays the city and the province for one national standard led in Shijiazhuang', () => {
    const result = compute('StandardPublished', std('national', 1), { recipient: 'shijiazhuang' });
    expect(result.kind).toBe('awards');
    if (result.kind !== 'awards') return;
    expect(result.awards.map((a) => [a.jurisdiction, a.policyId, a.amountFen])).toEqual([
      ['130000', 'hebei-2022', yuan(200_000)],
      ['130100', 'shijiazhuang-2023', yuan(200_000)],
    ]);
    expect(new Set(result.awards.map((a) => a.awardId)).size).toBe(2);
    for (const award of result.awards) expect(award.basis).toContain(award.clause);
  });

  it('pays only the province for the same standard led in Baoding', () => {
    expect(awardsOf(compute('StandardPublished', std('national', 1), { recipient: 'baoding' }))).toEqual([
      ['hebei-2022/standard-lead-drafting', yuan(200_000)],
    ]);
  });

  it.each([
    [2, [['shijiazhuang-2023/standard-participation', yuan(30_000)]]],
    [3, [['shijiazhuang-2023/standard-participation', yuan(30_000)]]],
    [4, []],
  ] as const)('pays a national-standard participant ranked %i as the table says', (rank, expected) => {
    expect(
      awardsOf(compute('StandardPublished', std('national', rank), { recipient: 'shijiazhuang' })),
    ).toEqual(expected);
  });

  it('explains why a participant ranked 4 earns nothing', () => {
    const result = compute('StandardPublished', std('national', 4), { recipient: 'shijiazhuang' });
    expect(result).toEqual({
      kind: 'no-policy',
      reason: expect.stringContaining(
        'shijiazhuang-2023/standard-participation needs draftingRank 2 or 3, got 4',
      ),
    });
    expect(result.kind === 'no-policy' && result.reason).toContain(
      'hebei-2022/standard-lead-drafting needs draftingRank 1, got 4',
    );
  });

  it('pays no participant for group or local standards', () => {
    expect(
      awardsOf(compute('StandardPublished', std('group-national', 2), { recipient: 'shijiazhuang' })),
    ).toEqual([]);
    expect(
      awardsOf(compute('StandardPublished', std('provincial-local', 2), { recipient: 'shijiazhuang' })),
    ).toEqual([]);
  });

  it('does not pay a Hebei enterprise-only rule to an organization', () => {
    const result = compute('StandardPublished', std('national', 1), { recipient: 'sjzAssociation' });
    expect(awardsOf(result)).toEqual([['shijiazhuang-2023/standard-lead-drafting', yuan(200_000)]]);
  });

  describe('caps and rounding to the fen', () => {
    it.each([
      ['rounds half a fen down', 123_456_789, 61_728_394, false],
      ['rounds an odd fen down', 1, 0, false],
      ['pays exactly half below the cap', yuan(1_999_998), yuan(999_999), false],
      ['pays exactly the cap at twice the cap', yuan(2_000_000), yuan(1_000_000), false],
      ['caps one fen above', yuan(2_000_000) + 2, yuan(1_000_000), true],
      ['caps a huge cost', Number.MAX_SAFE_INTEGER, yuan(1_000_000), true],
    ])('design services: %s', (_name, approvedCostFen, expectedFen, capped) => {
      const result = compute('DesignServicePurchased', { approvedCostFen }, { recipient: 'baoding' });
      if (expectedFen === 0) {
        // Half a fen rounds to nothing: the engine records no zero award and says why.
        expect(result).toEqual({
          kind: 'no-policy',
          reason: expect.stringContaining('rounded down to the fen: ¥0.00, nothing to pay'),
        });
        return;
      }
      expect(result.kind).toBe('awards');
      if (result.kind !== 'awards') return;
      const [award] = result.awards;
      expect(award?.amountFen).toBe(expectedFen);
      expect(award?.capApplied).toBe(capped);
      expect(award?.uncappedAmountFen).toBe(Number((BigInt(approvedCostFen) * 5000n) / 10000n));
      if (capped) expect(award?.basis).toContain('capped at ¥1,000,000.00');
    });

    it.each([
      ['core-technology', yuan(10_000_000), yuan(10_000_000), false],
      ['core-technology', yuan(10_000_000) + 1, yuan(10_000_000), true],
      ['core-technology', yuan(12_000_000), yuan(10_000_000), true],
      ['achievement-transfer', yuan(5_000_000), yuan(5_000_000), false],
      ['achievement-transfer', yuan(5_000_001), yuan(5_000_000), true],
    ] as const)(
      '%s granted %i fen is paid %i fen (capped: %s)',
      (programme, grantedAmountFen, expectedFen, capped) => {
        const result = compute(
          'TechnologyProjectFunded',
          { programme, grantedAmountFen, projectName: 'p' },
          { recipient: 'baoding' },
        );
        expect(result.kind === 'awards' && result.awards.map((a) => [a.amountFen, a.capApplied])).toEqual([
          [expectedFen, capped],
        ]);
      },
    );
  });

  describe('effective dates', () => {
    const hebeiLead = (occurredOn: string) =>
      awardsOf(compute('StandardPublished', std('national', 1), { recipient: 'baoding', occurredOn })).filter(([id]) => id.startsWith('hebei-2022'));
    const cityLead = (occurredOn: string) =>
      awardsOf(
        compute('StandardPublished', std('national', 1), { recipient: 'shijiazhuang', occurredOn }),
      ).filter(([id]) => id.startsWith('shijiazhuang'));
    const fujianHonour = (occurredOn: string) =>
      awardsOf(
        compute('HonourConferred', { honour: 'china-quality-award' }, { recipient: 'fuzhou', occurredOn }),
      );
    const hebei2016 = (occurredOn: string) =>
      awardsOf(
        compute('HonourConferred', { honour: 'well-known-trademark' }, { recipient: 'baoding', occurredOn }),
      );

    it.each([
      ['hebei-2022', hebeiLead, '2022-09-05', '2022-09-06'],
      ['shijiazhuang-2023', cityLead, '2023-07-04', '2023-07-05'],
      ['fujian-2021', fujianHonour, '2021-11-28', '2021-11-29'],
      ['hebei-2016', hebei2016, '2016-07-05', '2016-07-06'],
    ] as const)(
      '%s pays nothing the day before it takes effect and pays on its first day',
      (_id, run, dayBefore, firstDay) => {
        expect(run(dayBefore)).toEqual([]);
        expect(run(firstDay)).toHaveLength(1);
      },
    );

    it('shijiazhuang-2023 pays on its last day and not the day after', () => {
      expect(cityLead('2027-12-31')).toHaveLength(1);
      expect(cityLead('2028-01-01')).toEqual([]);
      const result = compute('StandardPublished', std('national', 1), {
        recipient: 'shijiazhuang',
        occurredOn: '2028-01-01',
      });
      expect(result.kind === 'awards' && result.awards.map((a) => a.policyId)).toEqual(['hebei-2022']);
    });

    it('says which policy was not yet in force', () => {
      const result = compute('HonourConferred', { honour: 'china-quality-award' }, {
        recipient: 'fuzhou',
        occurredOn: '2021-11-28',
      });
      expect(result).toEqual({
        kind: 'no-policy',
        reason: expect.stringContaining(
          'fujian-2021 is in force 2021-11-29 to no end date, not on 2021-11-28',
        ),
      });
    });
  });

  describe('region', () => {
    it('takes the region from characters 3 to 8 of the credit code when none is sent', () => {
      const event = factEvent('StandardPublished', std('national', 1), { recipient: 'shijiazhuang' });
      expect(event.detail.recipient.regionCode).toBe('130102');
      expect(awardsOf(computeAwards(event, CATALOG, TEST_PERSON_KEY)).map(([id]) => id)).toEqual([
        'hebei-2022/standard-lead-drafting',
        'shijiazhuang-2023/standard-lead-drafting',
      ]);
    });

    it('lets an explicit region code override the credit code: an enterprise that moved to Baoding', () => {
      const event = factEvent('StandardPublished', std('national', 1), {
        recipient: 'shijiazhuang',
        regionCode: '130602',
      });
      expect(event.detail.recipient.regionCode).toBe('130602');
      expect(awardsOf(computeAwards(event, CATALOG, TEST_PERSON_KEY)).map(([id]) => id)).toEqual([
        'hebei-2022/standard-lead-drafting',
      ]);
    });

    it('an enterprise registered in Shenzhen that reports a Fuzhou region is covered by Fujian', () => {
      const result = compute(
        'HonourConferred',
        { honour: 'china-patent-award' },
        { recipient: 'shenzhen', regionCode: '350102' },
      );
      expect(awardsOf(result)).toEqual([['fujian-2021/china-patent-award', null]]);
    });

    it('names the covered jurisdictions when no policy covers the region', () => {
      const result = compute('StandardPublished', std('national', 1), { recipient: 'shenzhen' });
      expect(result).toEqual({
        kind: 'no-policy',
        reason: expect.stringMatching(
          /^no policy covers region 440300; the catalog pays in .*130000.*130100.*350000/,
        ),
      });
    });
  });

  it('records a per-regulation award with no amount and AMOUNT_REQUIRED', () => {
    const result = compute('HonourConferred', { honour: 'china-quality-award' }, { recipient: 'fuzhou' });
    expect(result.kind === 'awards' && result.awards[0]).toMatchObject({
      amountFen: null,
      status: 'AMOUNT_REQUIRED',
      jurisdiction: '350000',
      clause: '五',
    });
  });

  it('derives the same award id for the same standard under another event id, reference and spelling of its number', () => {
    const a = compute('StandardPublished', { ...std('national', 1), standard: { number: 'GB/T 43456-2024', title: '标准', level: 'national' } }, {
      reference: '国标委发〔2024〕12号',
      eventId: 'e-1',
    });
    const b = compute('StandardPublished', { ...std('national', 1), standard: { number: 'ＧＢ／Ｔ\u200b43456－2024', title: '标准', level: 'national' } }, {
      reference: 'GB/T 43456-2024',
      eventId: 'e-2',
    });
    const ids = (r: EngineResult) => (r.kind === 'awards' ? r.awards.map((x) => x.awardId) : []);
    expect(ids(a)).toHaveLength(2);
    expect(ids(b)).toEqual(ids(a));
    expect(ids(a)[0]).toBe(awardIdOf('hebei-2022/standard-lead-drafting', RECIPIENTS.shijiazhuang.uscc, 'GB/T43456-2024'));
  });

  it('names every award a revocation could concern, under every rule of the revoked detail-type', () => {
    const event = validEvent('AchievementRevoked', {
      revokes: { detailType: 'StandardPublished', reference: 'GB/T 1–2024' },
      reason: '标准被废止',
    });
    if (event.detailType !== 'AchievementRevoked') throw new Error('expected a revocation');
    const lead = compute('StandardPublished', std('national', 1), { reference: 'a document about GB/T 1-2024' });
    const targets = revocationTargets(event, CATALOG, TEST_PERSON_KEY);
    // hebei-2022 (二), hebei-2016 三(二) and shijiazhuang's three rules for standards.
    expect(targets).toHaveLength(5);
    for (const award of lead.kind === 'awards' ? lead.awards : []) expect(targets).toContain(award.awardId);
  });

  it('names a centre by its name in a revocation, at every kind and level it may have been recorded', () => {
    const event = validEvent('AchievementRevoked', {
      revokes: { detailType: 'CentreApproved', reference: '保定某某新能源工业设计中心' },
      reason: '认定撤销',
    });
    if (event.detailType !== 'AchievementRevoked') throw new Error('expected a revocation');
    const targets = revocationTargets(event, CATALOG, TEST_PERSON_KEY);
    for (const level of ['provincial', 'national']) {
      const centre = compute('CentreApproved', { centre: { kind: 'industrial-design', level, name: '保定某某新能源工业设计中心', stage: 'recognised' } }, { reference: `冀工信设计〔2024〕${level}` });
      expect(centre.kind).toBe('awards');
      for (const award of centre.kind === 'awards' ? centre.awards : []) expect(targets).toContain(award.awardId);
    }
  });

  it('computes each fact under the version in force on its date', () => {
    const base = CATALOG.policies.find((p) => p.id === 'hebei-2022') as Policy;
    const v1 = base.versions[0];
    if (v1 === undefined) throw new Error('hebei-2022 has a version');
    const amended: Policy = {
      ...base,
      versions: [
        { ...v1, effectiveTo: '2025-12-31' },
        {
          version: 2,
          effectiveFrom: '2026-01-01',
          effectiveTo: null,
          rules: v1.rules.map((r) =>
            r.id === 'hebei-2022/standard-leader'
              ? { ...r, amount: { kind: 'fixed', amountFen: yuan(50_000) } }
              : r,
          ),
        },
      ],
    };
    const catalog: Catalog = validateCatalog({ policies: [amended] });
    const leader = (occurredOn: string) => {
      const result = computeAwards(
        factEvent('StandardLeaderListed', { standardNumber: 'Q/1' }, { recipient: 'baoding', occurredOn }),
        catalog,
        TEST_PERSON_KEY,
      );
      return result.kind === 'awards' ? result.awards.map((a) => [a.policyVersion, a.amountFen]) : [];
    };
    expect(leader('2025-12-31')).toEqual([[1, yuan(30_000)]]);
    expect(leader('2026-01-01')).toEqual([[2, yuan(50_000)]]);
  });
});
