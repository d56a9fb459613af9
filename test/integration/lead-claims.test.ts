/**
 * One lead per project (issue 20; CONTRACT §6), on DynamoDB Local: (二) and Shijiazhuang's sentences pay 每个项目, so
 * a second recipient's claim to have led a standard another already led is recorded ON_HOLD / SECOND_LEAD_CLAIM,
 * reserving nothing, never paid automatically; an officer releases it with a basis (it then goes on as a new award
 * would) or an approver rejects it. Two enterprises both claiming to lead GB/T 50001-2024 got ¥800,000 for one project.
 */
import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../events/contracts';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { computeAwards } from '../../shared/domain/engine';
import { identifyFact } from '../../shared/domain/identity';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import type { AwardStore } from '../../shared/store/store';
import { type Fact } from '../support/awards';
import { TEST_PERSON_KEY, rawEvent, uscc } from '../support/events';
import { freshStore, people } from '../support/store';

const YEAR = fiscalYearOf(new Date());
const FIRST = { kind: 'enterprise', uscc: uscc('91130102MA07AB123'), name: '石家庄某某电气股份有限公司' } as const;
const SECOND = { kind: 'enterprise', uscc: uscc('91130104MA0FN2WQ4'), name: '石家庄某某药业有限公司' } as const;
let n = 0;

/** A national standard led (draftingRank 1) by `recipient`: Hebei (二) and Shijiazhuang each pay one lead. */
function led(recipient: Recipient, number = 'GB/T 50001-2024', extra: { occurredOn?: string; level?: string } = {}): Fact {
  const detail = { standard: { number, title: '智能电网调度规范', level: extra.level ?? 'national' }, draftingRank: 1 };
  return fact('StandardPublished', detail, recipient, number, extra.occurredOn);
}

type Recipient = Record<string, unknown> & { kind: string };

/** Any fact of `recipient`, parsed, computed and identified as intake would. */
function fact(detailType: string, detail: Record<string, unknown>, recipient: Recipient, reference: string, occurredOn?: string): Fact {
  n += 1;
  const raw = rawEvent(detailType as Parameters<typeof rawEvent>[0], detail, { reference, eventId: `lead-${n}`, ...(occurredOn === undefined ? {} : { occurredOn }) });
  raw.detail.recipient = { ...recipient };
  const parsed = parseEvent(raw);
  if (!parsed.ok || parsed.event.detailType === 'AchievementRevoked') throw new Error('invalid');
  const result = computeAwards(parsed.event, CATALOG, TEST_PERSON_KEY);
  if (result.kind !== 'awards') throw new Error(result.reason);
  return { eventId: parsed.event.eventId ?? '', source: parsed.event.source, fact: identifyFact(parsed.event, TEST_PERSON_KEY), reference, awards: [...result.awards] };
}

async function funded(): Promise<AwardStore> {
  const { store } = await freshStore();
  for (const [j, fen] of [['130000', yuan(10_000_000)], ['130100', yuan(10_000_000)]] as const) await store.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: YEAR, allocatedFen: fen });
  return store;
}

const statuses = (awards: readonly Award[]) => awards.map((a) => [a.ruleId, a.status]).sort();

describe('a second claim to lead one project', () => {
  it('is held, reserving nothing: one project is paid once (¥400,000, not ¥800,000)', async () => {
    const store = await funded();
    const first = await store.recordAwards(led(FIRST));
    expect(statuses(first.awards)).toEqual([['hebei-2022/standard-lead-drafting', 'PENDING_APPROVAL'], ['shijiazhuang-2023/standard-lead-drafting', 'PENDING_APPROVAL']]);
    const second = await store.recordAwards(led(SECOND, 'GB/T 50001—2024'));
    expect(statuses(second.awards)).toEqual([['hebei-2022/standard-lead-drafting', 'ON_HOLD'], ['shijiazhuang-2023/standard-lead-drafting', 'ON_HOLD']]);
    for (const held of second.awards) {
      expect(held.hold).toMatchObject({ reason: 'SECOND_LEAD_CLAIM', by: 'award-intake', note: expect.stringContaining(`已由 ${FIRST.name}（${FIRST.uscc}）主持申报`) });
      expect(held.amountFen).toBe(yuan(200_000));
      // The first claim's time as the officer reads it (China time), not as the machine keeps it.
      expect(held.hold?.note).toMatch(/（奖励 aw-[0-9a-f]{32}，[a-z0-9-]+\/[a-z0-9-]+，北京时间 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d）/);
    }
    for (const j of ['130000', '130100']) {
      expect(await store.getBudget(j, YEAR)).toMatchObject({ reservedFen: yuan(200_000), availableFen: yuan(9_800_000) });
      expect(await store.verify(j)).toMatchObject({ ok: true });
    }
    // The same recipient's repeat is a duplicate, not a second claim.
    expect((await store.recordAwards(led(FIRST))).repeated).toBe(true);
  });

  it('is held whichever of two racing claims is written second, and within one intake batch', async () => {
    const store = await funded();
    const [a, b] = await Promise.all([store.recordAwards(led(FIRST, 'GB/T 50002-2024')), store.recordAwards(led(SECOND, 'GB/T 50002-2024'))]);
    const all = [...(a?.awards ?? []), ...(b?.awards ?? [])];
    expect(all.filter((x) => x.status === 'ON_HOLD')).toHaveLength(2);
    expect(new Set(all.filter((x) => x.status === 'ON_HOLD').map((x) => x.recipientId)).size).toBe(1);
    const batch = await store.recordBatch([{ kind: 'fact', ...led(FIRST, 'GB/T 50003-2024'), accepted: null }, { kind: 'fact', ...led(SECOND, 'GB/T 50003-2024'), accepted: null }]);
    const recorded = batch.flatMap((o) => (o.ok ? o.value.awards : []));
    expect(recorded.filter((x) => x.status === 'ON_HOLD').map((x) => x.recipientId)).toEqual([SECOND.uscc, SECOND.uscc]);
  });

  it('is released by an officer with a basis, reserved as a new award is (or queued), or rejected by an approver', async () => {
    const store = await funded();
    await store.recordAwards(led(FIRST, 'GB/T 50004-2024'));
    const held = (await store.recordAwards(led(SECOND, 'GB/T 50004-2024'))).awards;
    const [hebei, city] = [held.find((x) => x.jurisdiction === '130000') as Award, held.find((x) => x.jurisdiction === '130100') as Award];
    const officer = people.officer('130000', 'wang.fang');
    expect(await store.releaseHold(hebei.awardId, people.approver('130000'), { basis: '核实' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await store.releaseHold(hebei.awardId, people.officer('130100'), { basis: '核实' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await store.releaseHold(hebei.awardId, officer, { basis: ' ' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    // A basis of invisible characters only says nothing either (issue 20 attack review, M2).
    expect(await store.releaseHold(hebei.awardId, officer, { basis: '\u200b\u3164\u034f\u2800' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    const released = await store.releaseHold(hebei.awardId, officer, { basis: '经标准化院核实，两家为共同主持单位（联合牵头）' });
    expect(released).toMatchObject({ ok: true, value: { status: 'PENDING_APPROVAL', approvalsRequired: 1, hold: { reason: 'SECOND_LEAD_CLAIM', released: { by: 'wang.fang', basis: expect.stringContaining('共同主持') } } } });
    expect(await store.getBudget('130000', YEAR)).toMatchObject({ reservedFen: yuan(400_000) });
    expect(await store.releaseHold(hebei.awardId, officer, { basis: 'again' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    // Whoever released the hold does not approve the award alone, when they are an approver too (attack review H3).
    const both = { user: 'wang.fang', groups: ['officer:130000', 'approver:130000'] };
    expect(await store.decide(hebei.awardId, both, { decision: 'approve', comment: '同意' })).toMatchObject({ ok: false, code: 'FORBIDDEN', message: expect.stringContaining('released this award') });
    expect(await store.decide(hebei.awardId, people.approver('130000'), { decision: 'approve', comment: '同意' })).toMatchObject({ ok: true });
    // With no budget left, a released award waits in the queue, as a new one would.
    await store.setAllocation(people.budgetAdmin('130100'), { jurisdiction: '130100', fiscalYear: YEAR, allocatedFen: yuan(200_000) });
    const queued = await store.releaseHold(city.awardId, people.officer('130100'), { basis: '共同主持' });
    expect(queued).toMatchObject({ ok: true, value: { status: 'AWAITING_BUDGET' } });
    const entries = await store.entriesOfAward(hebei.awardId);
    expect(entries.map((e) => [e.type, e.statusAfter, e.amountFen])).toEqual([['RECORDED', 'ON_HOLD', 0], ['HOLD_RELEASED', 'PENDING_APPROVAL', yuan(200_000)], ['APPROVAL', 'APPROVED', 0]]);
    expect(entries[1]?.note).toContain('hold SECOND_LEAD_CLAIM released by wang.fang: 经标准化院核实');
    // Another second claim, rejected by an approver: nothing was reserved, nothing is released.
    await store.recordAwards(led(FIRST, 'GB/T 50005-2024'));
    const other = (await store.recordAwards(led(SECOND, 'GB/T 50005-2024'))).awards.find((x) => x.jurisdiction === '130000') as Award;
    expect(await store.decide(other.awardId, people.approver('130000'), { decision: 'reject', comment: '非主持单位' })).toMatchObject({ ok: true, value: { status: 'REJECTED' } });
    for (const j of ['130000', '130100']) expect(await store.verify(j)).toMatchObject({ ok: true });
  });
});

/** Attack review of issue 20 (H4–H6): one recipient per fact, across rules, jurisdictions and policy versions. */
describe('one recipient per fact, whichever rule pays it', () => {
  const BAODING = { kind: 'enterprise', uscc: uscc('91130602MA0ABC123'), name: '保定某某电力设备有限公司' } as const;

  it('holds the city\'s award too when a firm of another city led the standard first (the province\'s rule paid it)', async () => {
    const store = await funded();
    const first = await store.recordAwards(led(BAODING, 'GB/T 50010-2024'));
    // Baoding is not Shijiazhuang: only the province pays the first lead.
    expect(statuses(first.awards)).toEqual([['hebei-2022/standard-lead-drafting', 'PENDING_APPROVAL']]);
    const second = await store.recordAwards(led(SECOND, 'GB/T 50010-2024'));
    // Before: the city's rule had its own key, so Shijiazhuang paid a second lead of one standard (¥200,000).
    expect(statuses(second.awards)).toEqual([['hebei-2022/standard-lead-drafting', 'ON_HOLD'], ['shijiazhuang-2023/standard-lead-drafting', 'ON_HOLD']]);
    const city = second.awards.find((a) => a.jurisdiction === '130100') as Award;
    expect(city.hold?.note).toContain(`已由 ${BAODING.name}（${BAODING.uscc}）主持申报`);
    expect(city.hold?.note).toContain('hebei-2022/standard-lead-drafting');
    expect(await store.getBudget('130100', YEAR)).toMatchObject({ reservedFen: 0 });
  });

  it('holds a claim dated under the 2016 policy when the 2022 one already paid another lead of the standard', async () => {
    const store = await funded();
    await store.recordAwards(led(FIRST, 'GB/T 50011-2021'));
    const second = await store.recordAwards(led(SECOND, 'GB/T 50011-2021', { occurredOn: '2021-06-01' }));
    expect(statuses(second.awards)).toEqual([['hebei-2016/standard-lead-drafting', 'ON_HOLD']]);
  });

  it('pays a centre, a base and a zone once: another recipient\'s claim to the same one is held', async () => {
    const store = await funded();
    const centre = (name: string) => ({ centre: { kind: 'inspection-testing', level: 'national', name, stage: 'construction-approved' } });
    expect(statuses((await store.recordAwards(fact('CentreApproved', centre('国家智能电网产品质量检验检测中心'), FIRST, '国市监检测函〔2024〕1号'))).awards))
      .toEqual([['hebei-2022/inspection-testing-centre', 'PENDING_APPROVAL']]);
    const centreAgain = await store.recordAwards(fact('CentreApproved', centre('国家智能电网产品质量检验检测中心【筹】'), SECOND, '国市监检测函〔2024〕9号'));
    expect(statuses(centreAgain.awards)).toEqual([['hebei-2022/inspection-testing-centre', 'ON_HOLD']]);
    expect(centreAgain.awards[0]?.hold?.note).toContain('同一中心、基地或示范区只奖励一次');

    const base = { baseName: '国家技术标准创新基地（智能电网）' };
    await store.recordAwards(fact('InnovationBaseApproved', base, FIRST, '国标委发〔2024〕3号'));
    expect(statuses((await store.recordAwards(fact('InnovationBaseApproved', base, SECOND, '国标委发〔2024〕3号'))).awards)).toEqual([['hebei-2022/innovation-base', 'ON_HOLD']]);

    const city = { kind: 'organization', uscc: uscc('11130100MB0123456'), name: '石家庄市人民政府' } as const;
    const district = { kind: 'organization', uscc: uscc('11130104MB1234567'), name: '石家庄市桥西区人民政府' } as const;
    const zone = { zoneName: '全国质量品牌提升示范区（石家庄）', stage: 'named' };
    expect(statuses((await store.recordAwards(fact('DemonstrationZoneWon', zone, city, '市监质发〔2024〕5号'))).awards)).toEqual([['hebei-2022/demonstration-zone', 'PENDING_APPROVAL']]);
    expect(statuses((await store.recordAwards(fact('DemonstrationZoneWon', zone, district, '市监质发〔2024〕5号'))).awards)).toEqual([['hebei-2022/demonstration-zone', 'ON_HOLD']]);
    // One centre, base and zone paid: ¥5,000,000 + ¥1,000,000 + ¥500,000 reserved, not twice that.
    expect(await store.getBudget('130000', YEAR)).toMatchObject({ reservedFen: yuan(6_500_000) });
    expect(await store.verify('130000')).toMatchObject({ ok: true });
  });

  it('pays one lead of a standard project prize', async () => {
    const store = await funded();
    const prize = { award: 'china-standard-innovation-contribution', category: 'project', prize: 'first', draftingRank: 1 };
    await store.recordAwards(fact('StandardInnovationAwardWon', prize, FIRST, '中国标准创新贡献奖 2024-XM-001'));
    const second = await store.recordAwards(fact('StandardInnovationAwardWon', prize, SECOND, '中国标准创新贡献奖 2024-XM-001'));
    expect(statuses(second.awards)).toEqual([['hebei-2022/standard-innovation-award', 'ON_HOLD']]);
    expect(second.awards[0]?.hold?.note).toContain('每个项目只奖励一个主持单位');
  });
});

/** Re-attack of issue 20 (H1, H2): a second spelling of one fact is held, never paid on its own. */
describe('a fact spelt another way', () => {
  it('is held when the same enterprise sends one standard with look-alike letters: one standard, two awards paid', async () => {
    const store = await funded();
    expect(statuses((await store.recordAwards(led(FIRST, 'GB/T 99001-2024'))).awards).map(([, s]) => s)).toEqual(['PENDING_APPROVAL', 'PENDING_APPROVAL']);
    // A braille blank is invisible: the same canonical number, a repeat.
    expect((await store.recordAwards(led(FIRST, 'GB/T 99001\u2800-2024'))).repeated).toBe(true);
    // Look-alikes outside Latin letters, digits and / . - : are refused at the boundary (test/unit/identity.test.ts); in
    // them, O for 0 and I for 1.
    for (const spelling of ['GB/T 99OO1-2024', '.GB/T 99001-2024', 'GB/T. 99001-2024', 'GB.T 99001-2024']) {
      const again = await store.recordAwards(led(FIRST, spelling));
      expect(again.repeated, spelling).toBe(false);
      expect(again.awards.map((a) => a.status), spelling).toEqual(['ON_HOLD', 'ON_HOLD']);
      expect(again.awards[0]?.hold?.note, spelling).toContain('写法不同，疑为同一事项');
    }
    expect(await store.getBudget('130000', YEAR)).toMatchObject({ reservedFen: yuan(200_000) });
    expect(await store.getBudget('130100', YEAR)).toMatchObject({ reservedFen: yuan(200_000) });
  });

  it('holds a centre in traditional characters, with 筹建中, as another kind, or at another level claimed by a second enterprise', async () => {
    const store = await funded();
    const centre = (kind: string, level: string, name: string, stage = 'construction-approved') => ({ centre: { kind, level, name, stage } });
    const name = '国家某某产品质量检验检测中心';
    expect(statuses((await store.recordAwards(fact('CentreApproved', centre('inspection-testing', 'national', name), FIRST, '国市监检测函〔2024〕21号'))).awards))
      .toEqual([['hebei-2022/inspection-testing-centre', 'PENDING_APPROVAL']]);
    const tries: Array<[Recipient, ReturnType<typeof centre>]> = [
      [FIRST, centre('inspection-testing', 'national', '國家某某產品質量檢驗檢測中心')],
      [SECOND, centre('inspection-testing', 'national', `${name}（筹建中）`)],
      [SECOND, centre('industrial-metrology', 'national', name)],
    ];
    for (const [recipient, detail] of tries) {
      const held = await store.recordAwards(fact('CentreApproved', detail, recipient, `文号-${n}`));
      expect(held.awards.map((a) => a.status), JSON.stringify(detail)).toEqual(['ON_HOLD']);
    }
    // The third review: a variant of 国, Japanese forms, and the stage said in other words.
    for (const [recipient, variant] of [[SECOND, '囯家某某产品质量检验检测中心'], [FIRST, '国家某某产品質量検験検測中心'], [SECOND, `${name}（筹建阶段）`], [SECOND, `${name}筹建办公室`], [SECOND, `${name}（申请筹建）`],
      [SECOND, `${name}。`], [SECOND, '国家·某某产品质量检验检测中心'], [SECOND, `筹建${name}`], [SECOND, `${name}筹委会`], [SECOND, `${name}（建设中）`], [SECOND, `${name}❨筹建工作组❩`]] as const) {
      const held = await store.recordAwards(fact('CentreApproved', centre('inspection-testing', 'national', variant), recipient, `文号-${n}`));
      expect(held.awards.map((a) => a.status), variant).toEqual(['ON_HOLD']);
    }
    // A design centre: recognised provincial for one enterprise, then "national" for another, is one centre.
    const design = '某某工业设计中心';
    await store.recordAwards(fact('CentreApproved', centre('industrial-design', 'provincial', design, 'recognised'), FIRST, '冀工信设计〔2024〕12号'));
    const national = await store.recordAwards(fact('CentreApproved', centre('industrial-design', 'national', design, 'recognised'), SECOND, '工信部设计〔2025〕1号'));
    expect(national.awards.map((a) => a.status)).toEqual(['ON_HOLD']);
    // The first enterprise's own national top-up (再给予) is its own centre: paid.
    const topUp = await store.recordAwards(fact('CentreApproved', centre('industrial-design', 'national', design, 'recognised'), FIRST, '工信部设计〔2025〕2号'));
    expect(topUp.awards.map((a) => a.status)).toEqual(['PENDING_APPROVAL']);
    expect(await store.getBudget('130000', YEAR)).toMatchObject({ reservedFen: yuan(7_000_000) });
  });
});
