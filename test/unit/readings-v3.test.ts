/**
 * Pay each fact the policies pay, once (issue 20; CONTRACT §6; ADR 002, version 3): one table per clause, each case
 * named by the Chinese sentence it rests on. Facts are known by what they are about (a base by its name, a pilot by
 * level and project, a centre by kind, level and name without its preparation marker); zones and centres at the
 * stage their sentence pays; 制定 apart from 修订; award categories; Xinji outside Shijiazhuang; a rule switched off.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type DetailType, type FactDetailType, parseEvent } from '../../events/contracts';
import { validateCatalog } from '../../shared/domain/catalog-validation';
import { covers } from '../../shared/domain/catalog';
import { type EngineResult, computeAwards } from '../../shared/domain/engine';
import { yuan } from '../../shared/domain/money';
import { CATALOG, catalogWithRulesOff } from '../../shared/policies';
import { type EventOptions, TEST_PERSON_KEY, factEvent, rawEvent, uscc } from '../support/events';

const ROOT = join(import.meta.dirname, '../..');

const compute = (detailType: FactDetailType, extra: Record<string, unknown>, options: EventOptions = {}) =>
  computeAwards(factEvent(detailType, extra, options), CATALOG, TEST_PERSON_KEY);
const paid = (r: EngineResult) => (r.kind === 'awards' ? r.awards.map((a) => [a.ruleId, a.amountFen]) : []);
const ids = (r: EngineResult) => (r.kind === 'awards' ? r.awards.map((a) => a.awardId).sort() : []);
const why = (r: EngineResult) => (r.kind === 'no-policy' ? r.reason : '');
/** The reason an event is refused at the boundary, or null when it is accepted. */
const refusal = (detailType: DetailType, extra: Record<string, unknown>, options: EventOptions = {}) => {
  const parsed = parseEvent(rawEvent(detailType, extra, options));
  return parsed.ok ? null : parsed.reason;
};

/** Two documents about one fact: different references and dates, the name spelt another way where a case says so. */
type Pair = { name: string; detailType: FactDetailType; first: Record<string, unknown>; second: Record<string, unknown>; recipient?: EventOptions['recipient']; paysFen: Array<[string, number | null]> };

const PAIRS: Pair[] = [
  {
    name: '(三)「对承担国家技术标准创新基地建设的企业,给予100万元的资金支持」: its approval and its acceptance are one base',
    detailType: 'InnovationBaseApproved',
    first: { baseName: '国家技术标准创新基地(智能电网)' },
    second: { baseName: '国家技术标准创新基地（智能电网）' },
    paysFen: [['hebei-2022/innovation-base', yuan(1_000_000)]],
  },
  {
    name: '(十一)「对获批筹建的国家产品质量检验检测中心给予500万元资金支持」: a second approval naming the centre …(筹) is the same centre',
    detailType: 'CentreApproved',
    first: { centre: { kind: 'inspection-testing', level: 'national', name: '国家氢能装备产品质量检验检测中心', stage: 'construction-approved' } },
    second: { centre: { kind: 'inspection-testing', level: 'national', name: '国家氢能装备产品质量检验检测中心（筹）', stage: 'construction-approved' } },
    recipient: 'hebeiInstitute',
    paysFen: [['hebei-2022/inspection-testing-centre', yuan(5_000_000)]],
  },
  {
    name: '(十二)「对获批筹建的国家级产业计量测试中心给予500万元资金支持」: (筹) in ASCII brackets, or traditional 籌, is the same centre',
    detailType: 'CentreApproved',
    first: { centre: { kind: 'industrial-metrology', level: 'national', name: '国家工程橡胶产业计量测试中心(籌)', stage: 'construction-approved' } },
    second: { centre: { kind: 'industrial-metrology', level: 'national', name: '国家工程橡胶产业计量测试中心(筹)', stage: 'construction-approved' } },
    recipient: 'hebeiInstitute',
    paysFen: [['hebei-2022/metrology-centre', yuan(5_000_000)]],
  },
  {
    name: '(三)「对承担国家级、省级标准化示范试点项目的企业分别给予6万元、3万元」: two notices of one pilot are one project',
    detailType: 'StandardizationPilotUndertaken',
    first: { level: 'national', projectName: '新能源装备智能制造标准化试点' },
    second: { level: 'national', projectName: '新能源装备 智能制造标准化试点' },
    paysFen: [['hebei-2022/standardization-pilot', yuan(60_000)]],
  },
  {
    name: '石家庄「完成国家级、省级标准化示范试点项目建设并通过评估验收的,每个项目分别给予10万元、5万元」: one pilot accepted, two documents',
    detailType: 'StandardizationPilotAccepted',
    first: { level: 'provincial', projectName: '智能电表生产标准化试点' },
    second: { level: 'provincial', projectName: '智能电表生产标准化试点' },
    recipient: 'shijiazhuang',
    paysFen: [['shijiazhuang-2023/standardization-pilot-accepted', yuan(50_000)]],
  },
  {
    name: '(八)「在省级科技计划中给予最高1000万的资金支持」: a project funded, then its grant amended, is one project',
    detailType: 'TechnologyProjectFunded',
    first: { programme: 'core-technology', grantedAmountFen: yuan(3_000_000), projectName: '高可靠智能电表核心芯片攻关' },
    second: { programme: 'core-technology', grantedAmountFen: yuan(3_000_000), projectName: '高可靠智能电表核心芯片攻关' },
    paysFen: [['hebei-2022/core-technology', yuan(3_000_000)]],
  },
  {
    name: '(二)「对承担系列技术标准创新族研制的企业给予20万元」: one series, reported twice',
    detailType: 'StandardSeriesDeveloped',
    first: { seriesName: '氢燃料电池系统标准创新族' },
    second: { seriesName: '氢燃料电池系统标准创新族' },
    paysFen: [['hebei-2022/standard-series', yuan(200_000)]],
  },
  {
    name: '(一)「按每个项目3万元给予企业资金支持」: an enterprise standard listed again next year is the same project',
    detailType: 'StandardLeaderListed',
    first: { standardNumber: 'Q/BDXN 003-2024' },
    second: { standardNumber: 'Q/BDXN 003—2024' },
    paysFen: [['hebei-2022/standard-leader', yuan(30_000)]],
  },
  {
    name: '(十六)「对每家新获得全国质量品牌提升示范区的给予50万元」: one zone, named in two notices',
    detailType: 'DemonstrationZoneWon',
    first: { zoneName: '全国皮革皮衣质量品牌提升示范区(辛集)', stage: 'named' },
    second: { zoneName: '全国皮革皮衣质量品牌提升示范区（辛集）', stage: 'named' },
    recipient: 'hebeiInstitute',
    paysFen: [['hebei-2022/demonstration-zone', yuan(500_000)]],
  },
];

describe('one fact, whatever document reports it (CONTRACT §6, identity by what the fact is about)', () => {
  it.each(PAIRS)('$name', ({ detailType, first, second, recipient, paysFen }) => {
    const options = (reference: string, occurredOn: string): EventOptions => ({ reference, occurredOn, ...(recipient ? { recipient } : {}) });
    const a = compute(detailType, first, options('DOC-2024-001', '2024-06-01'));
    const b = compute(detailType, second, options('DOC-2025-077', '2025-03-01'));
    expect(paid(a)).toEqual(paysFen);
    expect(ids(b)).toEqual(ids(a));
  });

  it('keeps two different bases, pilots and projects apart', () => {
    expect(ids(compute('InnovationBaseApproved', { baseName: '基地甲' }))).not.toEqual(ids(compute('InnovationBaseApproved', { baseName: '基地乙' })));
    expect(ids(compute('StandardizationPilotUndertaken', { level: 'national', projectName: 'p' }))).not.toEqual(ids(compute('StandardizationPilotUndertaken', { level: 'provincial', projectName: 'p' })));
    const project = (programme: string) => ids(compute('TechnologyProjectFunded', { programme, grantedAmountFen: yuan(1_000), projectName: 'p' }, { recipient: 'baoding' }));
    expect(project('core-technology')).not.toEqual(project('achievement-transfer'));
  });
});

describe('stages: a centre and a zone at the stage their sentence pays', () => {
  it('(十一)「对获批筹建的…中心给予500万元」: a document that names no stage is refused, naming the field', () => {
    expect(refusal('CentreApproved', { centre: { kind: 'inspection-testing', level: 'national', name: '中心' } }, { recipient: 'hebeiInstitute' })).toBe('centre.stage is required');
  });

  it.each([
    ['named', 'hebeiInstitute', [['hebei-2022/demonstration-zone', yuan(500_000)]]],
    ['construction-approved', 'hebeiInstitute', []],
    ['named', 'baoding', []],
    ['named', 'sjzAssociation', []],
  ] as const)('(十六)「对每家新获得全国质量品牌提升示范区的给予50万元资金奖励」: stage %s, won by %s', (stage, recipient, expected) => {
    const result = compute('DemonstrationZoneWon', { zoneName: '示范区', stage }, { recipient });
    expect(paid(result)).toEqual(expected);
    const refused = new RegExp([
      'hebei-2022/demonstration-zone needs (stage named, got construction-approved',
      'recipient\\.kind organization, got enterprise|recipient\\.registrationAuthority 1, got 5)',
    ].join('|'));
    if (expected.length === 0) expect(why(result)).toMatch(refused);
  });

  it('(十六): a zone document that names no stage is refused, naming the field (it paid 500,000 for a zone still being built)', () => {
    expect(refusal('DemonstrationZoneWon', { zoneName: '示范区' }, { recipient: 'hebeiInstitute' })).toBe('stage is required');
  });
});

describe('制定 and 修订', () => {
  const standard = (level: string, action?: string) => ({ standard: { number: 'T/CPA 099-2024', title: '团体标准', level, ...(action ? { action } : {}) }, draftingRank: 1 });

  it.each([
    ['group-national', 'drafted', [['shijiazhuang-2023/group-standard-lead', yuan(30_000)]]],
    ['group-national', 'revised', []],
    ['group-provincial', 'drafted', [['shijiazhuang-2023/group-standard-lead', yuan(10_000)]]],
    ['group-municipal', 'revised', []],
  ] as const)('石家庄「对主持国家级、省市级团体标准制定的各类企业或团体,每个项目分别资助3万元、1万元」: %s %s', (level, action, expected) => {
    const result = compute('StandardPublished', standard(level, action), { recipient: 'shijiazhuang' });
    expect(paid(result)).toEqual(expected);
    if (expected.length === 0) expect(why(result)).toContain('shijiazhuang-2023/group-standard-lead needs standard.action drafted, got revised');
  });

  it('石家庄 团体标准制定: a group standard that does not say drafted or revised is refused, naming the field', () => {
    expect(refusal('StandardPublished', standard('group-national'), { recipient: 'shijiazhuang' })).toMatch(/^standard\.action is required for a group standard/);
  });

  it.each(['drafted', 'revised', undefined])('(二) and 石家庄「主持国际、国家、行业标准制修订」pay a national standard %s', (action) => {
    const result = compute('StandardPublished', { standard: { number: 'GB/T 60001-2024', title: 't', level: 'national', ...(action ? { action } : {}) }, draftingRank: 1 }, { recipient: 'shijiazhuang' });
    expect(paid(result)).toEqual([['hebei-2022/standard-lead-drafting', yuan(200_000)], ['shijiazhuang-2023/standard-lead-drafting', yuan(200_000)]]);
  });
});

describe('award categories', () => {
  const won = (award: string, category: string, prize: string, draftingRank?: number) =>
    ({ award, category, prize, ...(draftingRank === undefined ? {} : { draftingRank }) });

  it.each([
    ['project', 'first', 1, [['hebei-2022/standard-innovation-award', yuan(200_000)]]],
    ['project', 'first', 2, []],
    ['organization', 'first', undefined, []],
    ['organization', 'second', 1, []],
  ] as const)('(二)「对获中国标准创新贡献奖标准项目奖一等奖…主持起草的企业」: category %s, prize %s, drafting rank %s', (category, prize, rank, expected) => {
    const result = compute('StandardInnovationAwardWon', won('china-standard-innovation-contribution', category, prize, rank), { recipient: 'baoding' });
    expect(paid(result)).toEqual(expected);
    const refused = /hebei-2022\/standard-innovation-award needs (category project, got organization|draftingRank 1, got 2)/;
    if (expected.length === 0) expect(why(result)).toMatch(refused);
  });

  it('(二): a person\'s prize (individual category) earns nothing under a sentence that pays enterprises', () => {
    expect(paid(compute('StandardInnovationAwardWon', won('china-standard-innovation-contribution', 'individual', 'first'), { recipient: 'sjzPerson' }))).toEqual([]);
  });

  it.each([
    ['china-standard-innovation-contribution', 'project', 'fuzhou', 3],
    ['china-standard-innovation-contribution', 'organization', 'fuzhou', undefined],
    ['china-standard-innovation-contribution', 'individual', 'fuzhouPerson', undefined],
    ['fujian-standard-contribution', 'individual', 'fuzhouPerson', undefined],
    ['fujian-standard-contribution', 'project', 'fuzhou', 2],
  ] as const)('福建 五「对获得…中国标准创新贡献奖、福建省标准贡献奖…分别按规定给予相应奖励」: %s, category %s, to %s', (award, category, recipient, rank) => {
    expect(paid(compute('StandardInnovationAwardWon', won(award, category, 'second', rank), { recipient }))).toEqual([[`fujian-2021/${award}`, null]]);
  });

  it('refuses a category that does not fit the recipient, naming the field', () => {
    expect(refusal('StandardInnovationAwardWon', won('fujian-standard-contribution', 'individual', 'first'), { recipient: 'fuzhou' })).toMatch(/^category individual is not for a recipient of kind enterprise/);
    expect(refusal('StandardInnovationAwardWon', { award: 'fujian-standard-contribution', prize: 'first' }, { recipient: 'fuzhou' })).toBe('category is required');
  });

  it.each([
    ['china-patent-award', 'fuzhouPerson', [['fujian-2021/china-patent-award', null]]],
    ['provincial-quality-award-nomination', 'fuzhouPerson', [['fujian-2021/provincial-quality-award-nomination', null]]],
    ['national-quality-benchmark', 'fuzhou', [['fujian-2021/national-quality-benchmark', null]]],
    ['national-quality-benchmark', 'fuzhouPerson', []],
    ['miit-single-champion', 'fuzhouPerson', []],
  ] as const)('福建 五「…国家级、省级质量标杆、工信部制造业单项冠军示范(培育)企业…分别按规定给予相应奖励」: %s to %s', (honour, recipient, expected) => {
    expect(paid(compute('HonourConferred', { honour }, { recipient }))).toEqual(expected);
  });

  it('福建 五: benchmarks and single champions are titles of enterprises, not of organizations', () => {
    const association = { recipient: 'sjzAssociation' as const, regionCode: '350102' };
    expect(paid(compute('HonourConferred', { honour: 'provincial-single-champion' }, association))).toEqual([]);
  });
});

describe('coverage, as data: Shijiazhuang covers 1301xx but Xinji (各市(含定州、辛集市))', () => {
  const xinji = { kind: 'enterprise', uscc: uscc('91130181MA0XJ0001'), name: '辛集市某某皮革制品有限公司' } as const;

  it('pays a Xinji enterprise Hebei\'s award for a national standard it led, and not Shijiazhuang\'s', () => {
    const raw = rawEvent('StandardPublished', { standard: { number: 'GB/T 60002-2024', title: 't', level: 'national' }, draftingRank: 1 }, { reference: 'GB/T 60002-2024' });
    raw.detail.recipient = xinji;
    const parsed = parseEvent(raw);
    if (!parsed.ok || parsed.event.detailType === 'AchievementRevoked') throw new Error('invalid');
    expect(paid(computeAwards(parsed.event, CATALOG, TEST_PERSON_KEY))).toEqual([['hebei-2022/standard-lead-drafting', yuan(200_000)]]);
  });

  it.each([
    ['130181', ['130000']],
    ['130102', ['130000', '130100']],
    ['130182', ['130000', '130100']],
    ['130600', ['130000']],
    ['350102', ['350000']],
  ])('region %s is covered by %j', (region, expected) => {
    expect(['130000', '130100', '350000'].filter((j) => covers(CATALOG, j, region))).toEqual(expected);
  });

  it('refuses coverage that does not fit its jurisdiction', () => {
    const base = { ...CATALOG, coverage: CATALOG.coverage ?? [] };
    expect(() => validateCatalog({ ...base, coverage: base.coverage.map((c) => (c.jurisdiction === '130100' ? { ...c, except: ['140181'] } : c)) })).toThrow(/exception '140181' is not a division code it would otherwise cover/);
    expect(() => validateCatalog({ ...base, coverage: base.coverage.filter((c) => c.jurisdiction !== '350000') })).toThrow(/coverage names no entry for 350000/);
  });
});

describe('(八) through this pipeline, unless the deployment switches it off', () => {
  it('pays the granted amount, or says the rule is off in this deployment', () => {
    const fact = factEvent('TechnologyProjectFunded', { programme: 'core-technology', grantedAmountFen: yuan(3_000_000), projectName: 'p' }, { recipient: 'baoding' });
    expect(paid(computeAwards(fact, CATALOG, TEST_PERSON_KEY))).toEqual([['hebei-2022/core-technology', yuan(3_000_000)]]);
    const off = computeAwards(fact, catalogWithRulesOff(['hebei-2022/core-technology']), TEST_PERSON_KEY);
    expect(why(off)).toContain('hebei-2022/core-technology matches, but this deployment does not pay it through the pipeline');
    expect(() => catalogWithRulesOff(['hebei-2022/no-such-rule'])).toThrow(/rulesOff names hebei-2022\/no-such-rule, which is no rule of the catalog/);
  });
});

describe('one lead per project: the rules that pay 每个项目 say so', () => {
  it('marks the project whose lead an award claims, for the rules that pay one lead, and only them', () => {
    const lead = compute('StandardPublished', { standard: { number: 'GB/T 50001-2024', title: 't', level: 'national' }, draftingRank: 1 }, { recipient: 'shijiazhuang' });
    expect(lead.kind === 'awards' && lead.awards.map((a) => [a.ruleId, a.leadClaim])).toEqual([
      ['hebei-2022/standard-lead-drafting', 'GB/T50001-2024'],
      ['shijiazhuang-2023/standard-lead-drafting', 'GB/T50001-2024'],
    ]);
    const participant = compute('StandardPublished', { standard: { number: 'GB/T 50001-2024', title: 't', level: 'national' }, draftingRank: 2 }, { recipient: 'shijiazhuang' });
    expect(participant.kind === 'awards' && participant.awards.map((a) => a.leadClaim)).toEqual([null]);
  });

  it('marks a centre, a base and a zone as paid once, to one recipient, under every rule that pays them', () => {
    const centre = compute('CentreApproved', { centre: { kind: 'inspection-testing', level: 'national', name: '国家某某检验检测中心（筹）', stage: 'construction-approved' } }, { recipient: 'baoding' });
    expect(centre.kind === 'awards' && centre.awards.map((a) => [a.ruleId, a.leadClaim])).toEqual([['hebei-2022/inspection-testing-centre', 'inspection-testing/national/国家某某检验检测中心']]);
    const base = compute('InnovationBaseApproved', { baseName: '国家技术标准创新基地（某某）' }, { recipient: 'baoding' });
    expect(base.kind === 'awards' && base.awards.map((a) => a.leadClaim)).toEqual(['国家技术标准创新基地(某某)']);
    const oncePerFact = CATALOG.policies.flatMap((p) => p.versions.flatMap((v) => v.rules)).filter((r) => r.oncePerFact === true);
    expect(new Set(oncePerFact.map((r) => r.detailType))).toEqual(new Set(['CentreApproved', 'InnovationBaseApproved', 'DemonstrationZoneWon']));
  });
});

describe('npx awards explain --json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'awards-v3-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives one award id per pair of documents, and nothing for a zone being built, a revised group standard or an organization prize under (二)', async () => {
    let n = 0;
    const event = (detailType: DetailType, extra: Record<string, unknown>, recipient?: EventOptions['recipient']) =>
      rawEvent(detailType, extra, { reference: `DOC-${(n += 1)}`, eventId: `v3-${n}`, ...(recipient ? { recipient } : {}) });
    const pairs = PAIRS.flatMap((p) => [event(p.detailType, p.first, p.recipient), event(p.detailType, p.second, p.recipient)]);
    const nothing = [
      event('DemonstrationZoneWon', { zoneName: '示范区', stage: 'construction-approved' }, 'hebeiInstitute'),
      event('StandardPublished', { standard: { number: 'T/CPA 1-2024', title: 't', level: 'group-national', action: 'revised' }, draftingRank: 1 }, 'shijiazhuang'),
      event('StandardInnovationAwardWon', { award: 'china-standard-innovation-contribution', category: 'organization', prize: 'first' }, 'baoding'),
    ];
    const file = join(dir, 'v3.json');
    writeFileSync(file, JSON.stringify([...pairs, ...nothing]));
    const { stdout } = await promisify(execFile)('npx', ['--no-install', 'awards', 'explain', '--json', file], { cwd: ROOT });
    const explained = JSON.parse(stdout) as Array<{ rejected: string | null; awards: Array<{ awardId: string }> }>;
    expect(explained.every((e) => e.rejected === null)).toBe(true);
    for (let i = 0; i < PAIRS.length; i++) {
      const [a, b] = [explained[2 * i], explained[2 * i + 1]];
      expect(a?.awards.length, PAIRS[i]?.name).toBeGreaterThan(0);
      expect(b?.awards.map((x) => x.awardId), PAIRS[i]?.name).toEqual(a?.awards.map((x) => x.awardId));
    }
    expect(explained.slice(-3).map((e) => e.awards)).toEqual([[], [], []]);
  }, 30_000);

  // Attack review of issue 20, M5: explain answered with every rule on while the pipeline paid without (八).
  it('explains with the rules AWARDS_RULES_OFF switches off, as the pipeline pays', async () => {
    const file = join(dir, 'off.json');
    writeFileSync(file, JSON.stringify(rawEvent('TechnologyProjectFunded', { programme: 'core-technology', grantedAmountFen: yuan(3_000_000), projectName: 'p' }, { recipient: 'baoding', eventId: 'v3-off' })));
    const asked = (env: Record<string, string>) => promisify(execFile)('npx', ['--no-install', 'awards', 'explain', '--json', file], { cwd: ROOT, env: { ...process.env, ...env } });
    const on = JSON.parse((await asked({})).stdout) as Array<{ awards: Array<{ ruleId: string }> }>;
    expect(on[0]?.awards.map((a) => a.ruleId)).toEqual(['hebei-2022/core-technology']);
    const { stdout } = await asked({ AWARDS_RULES_OFF: 'hebei-2022/core-technology' });
    expect((JSON.parse(stdout) as Array<{ awards: unknown[] }>)[0]?.awards).toEqual([]);
    expect(stdout).toContain('this deployment does not pay it through the pipeline');
  }, 30_000);
});
