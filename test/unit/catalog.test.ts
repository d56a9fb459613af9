import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Catalog,
  CatalogError,
  type Policy,
  type Rule,
} from '../../shared/domain/catalog';
import { validateCatalog } from '../../shared/domain/catalog-validation';
import { yuan } from '../../shared/domain/money';
import { CATALOG, catalogWithRulesOff, validatedCatalog } from '../../shared/policies';

/** The policy documents, kept beside the modules transcribed from them. */
const SEEDS = join(import.meta.dirname, '../../shared/policies/seeds');
/** The project's shared folder, beside the repository in CI and on the developers' machines. */
const UPSTREAM_SEEDS = join(import.meta.dirname, '../../../shared/seeds');

const rule = (overrides: Partial<Rule> = {}): Rule => ({
  id: 'test-policy/rule',
  clause: '(一)',
  citation: '测试',
  summary: 'a test rule',
  detailType: 'StandardLeaderListed',
  when: [],
  amount: { kind: 'fixed', amountFen: yuan(1) },
  ...overrides,
});

const policy = (rules: Rule[], overrides: Partial<Policy> = {}): Catalog => ({
  policies: [
    {
      id: 'test-policy',
      title: 't',
      titleEn: 't',
      issuer: 'i',
      documentNumber: null,
      jurisdiction: '130000',
      seed: 's',
      versions: [{ version: 1, effectiveFrom: '2024-01-01', effectiveTo: null, rules }],
      ...overrides,
    },
  ],
});

describe('the catalog in force', () => {
  const rules = CATALOG.policies.flatMap((p) =>
    p.versions.flatMap((v) => v.rules.map((r) => ({ policy: p, rule: r }))),
  );

  it.each(rules.map(({ policy: p, rule: r }) => [r.id, p.seed, r.citation]))(
    '%s quotes its seed verbatim',
    (_id, seed, citation) => {
      expect(readFileSync(join(SEEDS, seed), 'utf8')).toContain(citation);
    },
  );

  it.runIf(existsSync(UPSTREAM_SEEDS))('keeps its copy of the seeds identical to ../shared/seeds', () => {
    const names = readdirSync(UPSTREAM_SEEDS).sort();
    expect(readdirSync(SEEDS).sort()).toEqual(names);
    for (const name of names) expect(readFileSync(join(SEEDS, name), 'utf8'), name).toBe(readFileSync(join(UPSTREAM_SEEDS, name), 'utf8'));
  });

  it('has the four policies of DESIGN.md with their jurisdictions and effective windows', () => {
    expect(
      CATALOG.policies.map((p) => [
        p.id,
        p.jurisdiction,
        p.versions[0]?.effectiveFrom,
        p.versions[0]?.effectiveTo,
      ]),
    ).toEqual([
      ['hebei-2016', '130000', '2016-07-06', '2022-09-05'],
      ['fujian-2021', '350000', '2021-11-29', null],
      ['hebei-2022', '130000', '2022-09-06', null],
      ['shijiazhuang-2023', '130100', '2023-07-05', '2027-12-31'],
    ]);
  });

  it('reads 最高1000万 of clause (八) from the Chinese original, which the translation drops', () => {
    const core = rules.find(({ rule: r }) => r.id === 'hebei-2022/core-technology')?.rule;
    expect(core?.amount).toEqual({ kind: 'granted', path: 'grantedAmountFen', capFen: yuan(10_000_000) });
  });
});

describe('catalog validation on load', () => {
  it('holds for the catalog in force, as every bundle and the local stack check before they run (not each cold start)', () => {
    expect(validatedCatalog()).toBe(CATALOG);
    expect(catalogWithRulesOff([])).toBe(CATALOG);
    expect(() => catalogWithRulesOff(['hebei-2022/no-such-rule'])).toThrow('rulesOff names hebei-2022/no-such-rule, which is no rule of the catalog');
  });

  it('accepts a well-formed policy', () => {
    expect(() => validateCatalog(policy([rule()]))).not.toThrow();
  });

  it.each<[string, Catalog, RegExp]>([
    ['two rules with one id', policy([rule(), rule()]), /rule id test-policy\/rule appears twice/],
    [
      'a rule id outside its policy',
      policy([rule({ id: 'other/rule' })]),
      /id must start with 'test-policy\/'/,
    ],
    [
      'a zero amount',
      policy([rule({ amount: { kind: 'fixed', amountFen: 0 } })]),
      /amount must be positive fen/,
    ],
    [
      'a fractional amount',
      policy([rule({ amount: { kind: 'fixed', amountFen: 10.5 } })]),
      /amount must be positive fen/,
    ],
    [
      'a negative tier',
      policy([
        rule({
          detailType: 'StandardizationPilotAccepted',
          amount: { kind: 'tiered', path: 'level', tiersFen: { national: -1 } },
        }),
      ]),
      /tier 'national' must be positive fen/,
    ],
    [
      'a field the fact does not have',
      policy([rule({ when: [{ path: 'standard.level', oneOf: ['national'] }] })]),
      /StandardLeaderListed has no field 'standard.level'/,
    ],
    [
      'a value the field cannot take',
      policy([rule({ detailType: 'HonourConferred', when: [{ path: 'honour', oneOf: ['nobel-prize'] }] })]),
      /'nobel-prize' is not a value of 'honour'/,
    ],
    [
      'a percentage over 100 %',
      policy([
        rule({
          detailType: 'DesignServicePurchased',
          amount: { kind: 'percentage', path: 'approvedCostFen', basisPoints: 10_001, capFen: 1 },
        }),
      ]),
      /basis points/,
    ],
    [
      'a cap on a field that is not money',
      policy([
        rule({
          detailType: 'TechnologyProjectFunded',
          amount: { kind: 'granted', path: 'programme', capFen: 1 },
        }),
      ]),
      /'programme' is not a money field/,
    ],
    [
      'two rules that match the same fact',
      policy([
        rule({
          id: 'test-policy/a',
          detailType: 'StandardPublished',
          when: [{ path: 'draftingRank', oneOf: [1, 2] }],
          amount: { kind: 'tiered', path: 'standard.level', tiersFen: { national: 1 } },
        }),
        rule({
          id: 'test-policy/b',
          detailType: 'StandardPublished',
          when: [{ path: 'draftingRank', oneOf: [2, 3] }],
        }),
      ]),
      /rules test-policy\/a and test-policy\/b both match a StandardPublished fact with draftingRank=2, standard.level=national, recipient.kind=enterprise/,
    ],
    [
      'two versions in force on one day',
      policy([rule()], {
        versions: [
          { version: 1, effectiveFrom: '2024-01-01', effectiveTo: '2024-12-31', rules: [rule()] },
          { version: 2, effectiveFrom: '2024-12-31', effectiveTo: null, rules: [rule()] },
        ],
      }),
      /v1 and v2 are both in force on 2024-12-31/,
    ],
    [
      'an end before the start',
      policy([rule()], {
        versions: [{ version: 1, effectiveFrom: '2024-01-01', effectiveTo: '2023-01-01', rules: [] }],
      }),
      /effectiveTo must be a date on or after effectiveFrom/,
    ],
    [
      'a jurisdiction that is not a division code',
      policy([rule()], { jurisdiction: 'hebei' }),
      /jurisdiction must be a division code/,
    ],
  ])('rejects %s', (_name, catalog, message) => {
    expect(() => validateCatalog(catalog)).toThrow(CatalogError);
    expect(() => validateCatalog(catalog)).toThrow(message);
  });

  it('allows rules of one detail-type that never match the same fact', () => {
    expect(() =>
      validateCatalog(
        policy([
          rule({
            id: 'test-policy/a',
            detailType: 'StandardPublished',
            when: [{ path: 'draftingRank', oneOf: [1] }],
          }),
          rule({
            id: 'test-policy/b',
            detailType: 'StandardPublished',
            when: [{ path: 'draftingRank', oneOf: [2, 3] }],
          }),
        ]),
      ),
    ).not.toThrow();
  });
});
