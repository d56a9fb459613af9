/**
 * The readings of version 2 (DESIGN.md, "Readings added in version 2"; ADR 002), one table per reading: people as
 * recipients, centres paid once at the right stage, hebei-2016 三(二) until 2022-09-05, (八) achievement transfer to
 * enterprises only, and one jurisdiction's rules checked together.
 */
import { describe, expect, it } from 'vitest';
import type { FactDetailType } from '../../shared/domain/vocabulary';
import { type Catalog, CatalogError, type Policy, type Rule, ruleConstraints } from '../../shared/domain/catalog';
import { validateCatalog } from '../../shared/domain/catalog-validation';
import { type EngineResult, computeAwards } from '../../shared/domain/engine';
import { identifyFact } from '../../shared/domain/identity';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import { type EventOptions, TEST_PERSON_KEY, factEvent } from '../support/events';

const compute = (detailType: FactDetailType, extra: Record<string, unknown>, options: EventOptions = {}) =>
  computeAwards(factEvent(detailType, extra, options), CATALOG, TEST_PERSON_KEY);
const paid = (r: EngineResult) => (r.kind === 'awards' ? r.awards.map((a) => [a.ruleId, a.amountFen]) : []);
const why = (r: EngineResult) => (r.kind === 'no-policy' ? r.reason : '');

describe('people as recipients', () => {
  it('are paid by exactly the rules that name them: hebei-2016 五(二), and Fujian 五 for the honours whose own rules honour people', () => {
    const forPeople = CATALOG.policies
      .flatMap((p) => p.versions.flatMap((v) => v.rules))
      .filter((r) => ruleConstraints(r).get('recipient.kind')?.has('individual'))
      .map((r) => r.id);
    expect([...new Set(forPeople)].sort()).toEqual([
      'fujian-2021/china-patent-award',
      'fujian-2021/china-quality-award',
      'fujian-2021/china-quality-award-nomination',
      'fujian-2021/china-standard-innovation-contribution',
      'fujian-2021/fujian-standard-contribution',
      'fujian-2021/provincial-patent-award',
      'fujian-2021/provincial-quality-award',
      'fujian-2021/provincial-quality-award-nomination',
      'hebei-2016/famous-brand-product',
      'hebei-2016/provincial-quality-award',
      'hebei-2016/well-known-trademark',
    ]);
  });

  it.each([
    ['provincial-quality-award', 'sjzPerson', [['hebei-2016/provincial-quality-award', null]]],
    ['famous-brand-product', 'sjzPerson', [['hebei-2016/famous-brand-product', null]]],
    ['well-known-trademark', 'sjzPerson', [['hebei-2016/well-known-trademark', null]]],
    ['china-quality-award', 'fuzhouPerson', [['fujian-2021/china-quality-award', null]]],
    ['china-quality-award-nomination', 'fuzhouPerson', [['fujian-2021/china-quality-award-nomination', null]]],
    ['provincial-quality-award', 'fuzhouPerson', [['fujian-2021/provincial-quality-award', null]]],
    ['china-patent-award', 'fuzhouPerson', [['fujian-2021/china-patent-award', null]]],
    ['provincial-patent-award', 'fuzhouPerson', [['fujian-2021/provincial-patent-award', null]]],
    ['miit-single-champion', 'fuzhouPerson', []],
    ['national-quality-benchmark', 'fuzhouPerson', []],
    ['provincial-quality-award', 'sjzAssociation', []],
  ] as const)('%s conferred on %s', (honour, recipient, expected) => {
    const result = compute('HonourConferred', { honour }, { recipient });
    expect(paid(result)).toEqual(expected);
    const refusal = /needs recipient\.kind (enterprise or organization|enterprise or individual|enterprise), got (individual|organization)/;
    if (expected.length === 0) expect(why(result)).toMatch(refusal);
  });

  it.each([
    ['StandardPublished', { standard: { number: 'GB/T 1-2024', title: 't', level: 'national' }, draftingRank: 1 }],
    ['CentreApproved', { centre: { kind: 'inspection-testing', level: 'national', name: '中心', stage: 'construction-approved' } }],
    ['DemonstrationZoneWon', { zoneName: '示范区', stage: 'named' }],
    ['TechnologyProjectFunded', { programme: 'core-technology', grantedAmountFen: yuan(1), projectName: 'p' }],
    ['StandardInnovationAwardWon', { award: 'china-standard-innovation-contribution', category: 'individual', prize: 'first' }],
  ] as const)('are refused by every other rule, with the reason: %s', (detailType, extra) => {
    const result = compute(detailType, extra, { recipient: 'sjzPerson' });
    expect(result.kind).toBe('no-policy');
    expect(why(result)).toMatch(/needs recipient\.kind (enterprise|organization)( or organization)?, got individual/);
  });
});

describe('centres, once, at the right stage', () => {
  const centre = (kind: string, level: string, stage: string, reference = 'DOC-1') =>
    compute('CentreApproved', { centre: { kind, level, name: '国家某某中心', stage } }, { recipient: 'baoding', reference });

  // Version 3: a document names its stage (an event without one is refused: test/unit/issue-20-readings.test.ts).
  it.each([
    ['inspection-testing', 'national', 'construction-approved', [['hebei-2022/inspection-testing-centre', yuan(5_000_000)]]],
    ['inspection-testing', 'national', 'accepted', []],
    ['inspection-testing', 'national', 'recognised', []],
    ['industrial-metrology', 'national', 'construction-approved', [['hebei-2022/metrology-centre', yuan(5_000_000)]]],
    ['industrial-metrology', 'national', 'accepted', []],
    ['inspection-testing', 'provincial', 'construction-approved', []],
    ['industrial-design', 'provincial', 'recognised', [['hebei-2022/design-centre-provincial', yuan(1_000_000)]]],
    ['industrial-design', 'provincial', 'construction-approved', []],
    ['industrial-design', 'national', 'recognised', [['hebei-2022/design-centre-national', yuan(1_000_000)]]],
    ['industrial-design', 'national', 'accepted', []],
  ] as const)('%s %s at stage %s', (kind, level, stage, expected) => {
    const result = centre(kind, level, stage);
    expect(paid(result)).toEqual(expected);
    if (expected.length === 0 && level === 'national') expect(why(result)).toContain(`got ${stage}`);
  });

  it('says why an acceptance earns nothing', () => {
    expect(why(centre('inspection-testing', 'national', 'accepted'))).toContain('hebei-2022/inspection-testing-centre needs centre.stage construction-approved, got accepted');
  });

  it('is one fact whatever document or stage reports it: a second document lands on the same award', () => {
    const ids = (r: EngineResult) => (r.kind === 'awards' ? r.awards.map((a) => a.awardId) : []);
    const first = centre('inspection-testing', 'national', 'construction-approved', '国市监检测〔2024〕88号');
    const second = centre('inspection-testing', 'national', 'construction-approved', '冀市监函〔2024〕301号');
    expect(ids(first)).toHaveLength(1);
    expect(ids(second)).toEqual(ids(first));
    const identity = (stage: string) => factEvent('CentreApproved', { centre: { kind: 'inspection-testing', level: 'national', name: '国家某某中心', stage } }, { recipient: 'baoding' });
    expect(identifyFact(identity('accepted'), TEST_PERSON_KEY)).toEqual(identifyFact(identity('construction-approved'), TEST_PERSON_KEY));
    expect(first.kind === 'awards' && first.awards[0]?.identity).toBe('inspection-testing/national/国家某某中心');
  });
});

describe('hebei-2016 三(二): leading a standard, until hebei-2022 set amounts', () => {
  const lead = (level: string, occurredOn: string, draftingRank = 1, recipient: 'baoding' | 'hebeiInstitute' = 'baoding') =>
    paid(compute('StandardPublished', { standard: { number: 'GB/T 9-2020', title: 't', level, action: 'drafted' }, draftingRank }, { recipient, occurredOn }));

  it.each([
    ['national', '2016-07-05', []],
    ['national', '2016-07-06', [['hebei-2016/standard-lead-drafting', null]]],
    ['international', '2019-01-01', [['hebei-2016/standard-lead-drafting', null]]],
    ['industry', '2022-09-05', [['hebei-2016/standard-lead-drafting', null]]],
    ['national', '2022-09-05', [['hebei-2016/standard-lead-drafting', null]]],
    ['national', '2022-09-06', [['hebei-2022/standard-lead-drafting', yuan(200_000)]]],
    ['international', '2022-09-06', [['hebei-2022/standard-lead-drafting', yuan(300_000)]]],
    ['industry', '2022-09-06', [['hebei-2022/standard-lead-drafting', yuan(100_000)]]],
    ['provincial-local', '2020-01-01', []],
    ['group-national', '2020-01-01', []],
  ] as const)('%s standard led on %s', (level, occurredOn, expected) => {
    expect(lead(level, occurredOn)).toEqual(expected);
  });

  it('pays the unit that led, enterprise or organization (企業和社會組織), and no participant', () => {
    expect(lead('national', '2020-01-01', 1, 'hebeiInstitute')).toEqual([['hebei-2016/standard-lead-drafting', null]]);
    expect(lead('national', '2020-01-01', 2)).toEqual([]);
  });
});

describe('hebei-2022 (八): achievement transfer supports enterprises', () => {
  it.each([
    ['achievement-transfer', 'baoding', [['hebei-2022/achievement-transfer', yuan(3_000_000)]]],
    ['achievement-transfer', 'hebeiInstitute', []],
    ['core-technology', 'hebeiInstitute', [['hebei-2022/core-technology', yuan(3_000_000)]]],
    ['core-technology', 'baoding', [['hebei-2022/core-technology', yuan(3_000_000)]]],
  ] as const)('%s project of %s', (programme, recipient, expected) => {
    const result = compute('TechnologyProjectFunded', { programme, grantedAmountFen: yuan(3_000_000), projectName: 'p' }, { recipient });
    expect(paid(result)).toEqual(expected);
    if (expected.length === 0) expect(why(result)).toContain('hebei-2022/achievement-transfer needs recipient.kind enterprise, got organization');
  });
});

describe('one jurisdiction\'s rules, checked together', () => {
  const rule = (id: string, extra: Partial<Rule> = {}): Rule => ({
    id,
    clause: '(一)',
    citation: '测试',
    summary: 's',
    detailType: 'StandardLeaderListed',
    when: [],
    amount: { kind: 'fixed', amountFen: yuan(1) },
    ...extra,
  });
  const policy = (id: string, rules: Rule[], window: [string, string | null] = ['2024-01-01', null], jurisdiction = '130000'): Policy => ({
    id,
    title: id,
    titleEn: id,
    issuer: 'i',
    documentNumber: null,
    jurisdiction,
    seed: 's',
    versions: [{ version: 1, effectiveFrom: window[0], effectiveTo: window[1], rules }],
  });
  const load = (...policies: Policy[]): Catalog => validateCatalog({ policies });

  it('refuses two policies of one jurisdiction that could pay one fact, naming both rules', () => {
    expect(() => load(policy('a', [rule('a/leader')]), policy('b', [rule('b/leader')]))).toThrow(CatalogError);
    expect(() => load(policy('a', [rule('a/leader')]), policy('b', [rule('b/leader')]))).toThrow(
      'jurisdiction 130000: rules a/leader (a v1, 2024-01-01 to no end date) and b/leader (b v1, 2024-01-01 to no end date) both match a StandardLeaderListed fact with recipient.kind=enterprise; declare that they stack (stacksWith, with the sentence that says so) or make them disjoint',
    );
  });

  it('accepts them when one declares that they stack, with the sentence', () => {
    const stacked = rule('b/leader', { stacksWith: [{ ruleId: 'a/leader', sentence: '在省级资助基础上,市级再给予奖励。' }] });
    expect(() => load(policy('a', [rule('a/leader')]), policy('b', [stacked]))).not.toThrow();
    const silent = rule('b/leader', { stacksWith: [{ ruleId: 'a/leader', sentence: ' ' }] });
    expect(() => load(policy('a', [rule('a/leader')]), policy('b', [silent]))).toThrow('stacksWith a/leader needs the sentence that says both are paid');
    const unknown = rule('b/leader', { stacksWith: [{ ruleId: 'a/nothing', sentence: '再给予' }] });
    expect(() => load(policy('a', [rule('a/leader')]), policy('b', [unknown]))).toThrow('stacksWith a/nothing, which is no rule of the catalog');
  });

  it.each([
    ['disjoint windows', policy('b', [rule('b/leader')], ['2020-01-01', '2023-12-31'])],
    ['disjoint conditions', policy('b', [rule('b/leader', { when: [{ path: 'recipient.kind', oneOf: ['organization'] }] })])],
    ['another jurisdiction (another fund)', policy('b', [rule('b/leader')], ['2024-01-01', null], '130100')],
  ] as const)('accepts two rules with %s', (_name, other) => {
    expect(() => load(policy('a', [rule('a/leader', { when: [{ path: 'recipient.kind', oneOf: ['enterprise'] }] })]), other)).not.toThrow();
  });

  it('refuses a stack declared with a rule of another jurisdiction: funds of different jurisdictions always stack', () => {
    const declared = rule('b/leader', { stacksWith: [{ ruleId: 'a/leader', sentence: '再给予' }] });
    expect(() => load(policy('a', [rule('a/leader')]), policy('b', [declared], ['2024-01-01', null], '130100'))).toThrow('a rule of another jurisdiction (a)');
  });

  it('would refuse the real catalog if hebei-2016 三(二) ran one day into hebei-2022', () => {
    const hebei2016 = CATALOG.policies.find((p) => p.id === 'hebei-2016');
    const others = CATALOG.policies.filter((p) => p.id !== 'hebei-2016');
    const [v1, v2] = hebei2016?.versions ?? [];
    const stretched = { ...hebei2016, versions: [{ ...v1, effectiveTo: '2022-09-06' }, { ...v2, effectiveFrom: '2022-09-07' }] } as Policy;
    expect(() => validateCatalog({ policies: [stretched, ...others] })).toThrow(
      new RegExp('rules hebei-2016/standard-lead-drafting \\(hebei-2016 v1, 2016-07-06 to 2022-09-06\\) '
        + 'and hebei-2022/standard-lead-drafting .* both match a StandardPublished fact'),
    );
  });
});
