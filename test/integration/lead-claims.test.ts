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
function led(recipient: typeof FIRST | typeof SECOND, number = 'GB/T 50001-2024'): Fact {
  n += 1;
  const raw = rawEvent('StandardPublished', { standard: { number, title: '智能电网调度规范', level: 'national' }, draftingRank: 1 }, { reference: number, eventId: `lead-${n}` });
  raw.detail.recipient = { ...recipient };
  const parsed = parseEvent(raw);
  if (!parsed.ok || parsed.event.detailType === 'AchievementRevoked') throw new Error('invalid');
  const result = computeAwards(parsed.event, CATALOG, TEST_PERSON_KEY);
  if (result.kind !== 'awards') throw new Error(result.reason);
  return { eventId: parsed.event.eventId ?? '', source: parsed.event.source, fact: identifyFact(parsed.event, TEST_PERSON_KEY), reference: number, awards: [...result.awards] };
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
      expect(held.hold?.note).toMatch(/（奖励 aw-[0-9a-f]{32}，北京时间 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d）/);
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
    const batch = await store.recordBatch([{ kind: 'fact', ...led(FIRST, 'GB/T 50003-2024') }, { kind: 'fact', ...led(SECOND, 'GB/T 50003-2024') }]);
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
    const released = await store.releaseHold(hebei.awardId, officer, { basis: '经标准化院核实，两家为共同主持单位（联合牵头）' });
    expect(released).toMatchObject({ ok: true, value: { status: 'PENDING_APPROVAL', approvalsRequired: 1, hold: { reason: 'SECOND_LEAD_CLAIM' } } });
    expect(await store.getBudget('130000', YEAR)).toMatchObject({ reservedFen: yuan(400_000) });
    expect(await store.releaseHold(hebei.awardId, officer, { basis: 'again' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    // With no budget left, a released award waits in the queue, as a new one would.
    await store.setAllocation(people.budgetAdmin('130100'), { jurisdiction: '130100', fiscalYear: YEAR, allocatedFen: yuan(200_000) });
    const queued = await store.releaseHold(city.awardId, people.officer('130100'), { basis: '共同主持' });
    expect(queued).toMatchObject({ ok: true, value: { status: 'AWAITING_BUDGET' } });
    const entries = await store.entriesOfAward(hebei.awardId);
    expect(entries.map((e) => [e.type, e.statusAfter, e.amountFen])).toEqual([['RECORDED', 'ON_HOLD', 0], ['HOLD_RELEASED', 'PENDING_APPROVAL', yuan(200_000)]]);
    expect(entries[1]?.note).toContain('hold SECOND_LEAD_CLAIM released by wang.fang: 经标准化院核实');
    // Another second claim, rejected by an approver: nothing was reserved, nothing is released.
    await store.recordAwards(led(FIRST, 'GB/T 50005-2024'));
    const other = (await store.recordAwards(led(SECOND, 'GB/T 50005-2024'))).awards.find((x) => x.jurisdiction === '130000') as Award;
    expect(await store.decide(other.awardId, people.approver('130000'), { decision: 'reject', comment: '非主持单位' })).toMatchObject({ ok: true, value: { status: 'REJECTED' } });
    for (const j of ['130000', '130100']) expect(await store.verify(j)).toMatchObject({ ok: true });
  });
});
