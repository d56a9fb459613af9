import { describe, expect, it } from 'vitest';
import { type DetailType, parseEventText } from '../../events/contracts';
import { keptEvent, replayable } from '../../shared/app/accepted';
import { parseDraftCatalog } from '../../shared/app/draft-catalog';
import type { Catalog, Policy } from '../../shared/domain/catalog';
import { validateCatalog } from '../../shared/domain/catalog-validation';
import { identifyFact } from '../../shared/domain/identity';
import { yuan } from '../../shared/domain/money';
import { maskIdNumber } from '../../shared/domain/person';
import { chinaDate } from '../../shared/domain/time';
import { type RecipientTally, type ReplayFact, addFact, fiscalYearAt, replayFact } from '../../shared/domain/whatif';
import { type SummaryRow, addToSummary, simulate } from '../../shared/domain/whatif-summary';
import { CATALOG } from '../../shared/policies';
import type { AcceptedEvent } from '../../shared/store/accepted-events';
import { type EventOptions, RECIPIENTS, TEST_PERSON_KEY, rawEvent } from '../support/events';

/** Received in 2025 and in 2026 (China time): two fiscal years. */
const IN_2025 = '2025-03-01T02:00:00.000Z';
const IN_2026 = '2026-01-10T02:00:00.000Z';
const PERSON = RECIPIENTS.sjzPerson.idNumber;

/** What intake keeps of an event built as upstream sends it (the detail masked, the recipient's keyed id beside it). */
function kept(detailType: DetailType, extra: Record<string, unknown>, options: EventOptions, receivedAt: string): AcceptedEvent {
  const raw = rawEvent(detailType, extra, options);
  const text = JSON.stringify(raw);
  const parsed = parseEventText(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return keptEvent(parsed.event, text, raw.id, receivedAt, TEST_PERSON_KEY);
}

function facts(events: readonly AcceptedEvent[]): ReplayFact[] {
  return events.map(replayable).flatMap((r) => (r.ok ? [r.fact] : []));
}

const national = (reference: string) => ({ standard: { number: reference, title: '储氢材料性能测试方法', level: 'national' }, draftingRank: 1 });

/** The history: two national standards led in 2025 (one sent twice), a person's provincial quality award, a 2026 leader. */
const HISTORY = [
  kept('StandardPublished', national('GB/T 1-2024'), { recipient: 'baoding', reference: 'GB/T 1-2024' }, IN_2025),
  kept('StandardPublished', national('GB/T 2-2024'), { recipient: 'shijiazhuang', reference: 'GB/T 2-2024' }, IN_2025),
  kept('HonourConferred', { honour: 'provincial-quality-award' }, { recipient: 'sjzPerson', reference: '冀政质奖〔2024〕个人007号' }, IN_2025),
  kept('StandardLeaderListed', { standardNumber: 'Q/BD 7-2025' }, { recipient: 'baoding', reference: '冀标领跑〔2025〕007' }, IN_2026),
];
/** The same standard again, under another event id and in another spelling: one fact. */
const REPEAT = kept('StandardPublished', national('GB/T 2–2024'), { recipient: 'shijiazhuang', reference: 'gb/t 2－2024' }, IN_2026);

/** A draft as a client sends it: the catalog in force as GET /policies answers it, changed, read and validated. */
function draft(change: (policies: Policy[]) => void = () => undefined): Catalog {
  const policies = JSON.parse(JSON.stringify(CATALOG.policies)) as Policy[];
  change(policies);
  const parsed = parseDraftCatalog({ policies });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.catalog;
}

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type Rule = Mutable<Policy['versions'][number]['rules'][number]>;

/** Changes a rule in every version it is in (a rule that is not amended recurs in each version of its policy). */
function changeRule(policies: Policy[], ruleId: string, change: (rule: Rule) => void): void {
  const rules = policies.flatMap((p) => p.versions.flatMap((v) => v.rules)).filter((r) => r.id === ruleId);
  if (rules.length === 0) throw new Error(`no rule ${ruleId}`);
  for (const rule of rules) change(rule as Rule);
}

const doubled = draft((policies) => changeRule(policies, 'hebei-2022/standard-lead-drafting', (rule) => {
  if (rule.amount.kind !== 'tiered') throw new Error('tiered');
  rule.amount.tiersFen.national = (rule.amount.tiersFen.national ?? 0) * 2;
}));

const row = (summary: readonly SummaryRow[], jurisdiction: string, fiscalYear: number) =>
  summary.find((r) => r.jurisdiction === jurisdiction && r.fiscalYear === fiscalYear);

describe('what-if: the history replayed under a draft', () => {
  it('doubling the national standard award of hebei-2022 costs exactly one more award per standard, in the year received', () => {
    const { summary, items } = simulate(facts(HISTORY), { current: CATALOG, draft: doubled }, null);
    expect(row(summary, '130000', 2025)).toEqual({
      jurisdiction: '130000', fiscalYear: 2025, currentFen: yuan(400_000), simulatedFen: yuan(800_000), deltaFen: yuan(400_000),
      gained: 2, lost: 0, added: 0, dropped: 0, amountRequired: { current: 1, simulated: 1 },
    });
    // Shijiazhuang's own award for the same standard is its fund's, and the draft leaves it alone.
    expect(row(summary, '130100', 2025)).toMatchObject({ currentFen: yuan(200_000), simulatedFen: yuan(200_000), deltaFen: 0, gained: 0, lost: 0 });
    expect(row(summary, '130000', 2026)).toMatchObject({ currentFen: yuan(30_000), simulatedFen: yuan(30_000), deltaFen: 0 });
    const byRecipient = Object.fromEntries(items.map((i) => [i.recipientId, [i.currentFen, i.simulatedFen, i.deltaFen]]));
    expect(byRecipient).toEqual({
      [RECIPIENTS.baoding.uscc]: [yuan(230_000), yuan(430_000), yuan(200_000)],
      [RECIPIENTS.shijiazhuang.uscc]: [yuan(400_000), yuan(600_000), yuan(200_000)],
      [TEST_PERSON_KEY.recipientIdOf(PERSON)]: [0, 0, 0],
    });
    // Largest difference first; the person, whose award is per regulation, last.
    expect(items.at(-1)?.recipient.kind).toBe('individual');
  });

  it('a draft equal to the catalog in force changes nothing', () => {
    const { summary, items } = simulate(facts([...HISTORY, REPEAT]), { current: CATALOG, draft: draft() }, null);
    expect(summary.length).toBe(3);
    for (const r of summary) expect([r.deltaFen, r.gained, r.lost, r.added, r.dropped, r.currentFen - r.simulatedFen]).toEqual([0, 0, 0, 0, 0, 0]);
    for (const item of items) expect(item.deltaFen).toBe(0);
  });

  it('counts the same fact once, however often and in whatever spelling it arrives', () => {
    const once = simulate(facts(HISTORY), { current: CATALOG, draft: doubled }, null);
    const twice = simulate(facts([...HISTORY, REPEAT, ...HISTORY]), { current: CATALOG, draft: doubled }, null);
    expect(twice).toEqual(once);
  });

  it('adds facts to tallies as the job does, a page at a time: a repeat leaves its tally as it was', () => {
    const catalogs = { current: CATALOG, draft: doubled };
    const tallies = new Map<string, RecipientTally>();
    for (const fact of facts([...HISTORY, REPEAT])) {
      const tally = addFact(tallies.get(fact.recipientId) ?? null, fact, catalogs, null);
      if (tally !== null) tallies.set(fact.recipientId, tally);
    }
    const [repeat] = facts([REPEAT]);
    if (repeat === undefined) throw new Error('the repeat');
    const before = tallies.get(repeat.recipientId) ?? null;
    expect(addFact(before, repeat, catalogs, null)).toBe(before);
    expect(addToSummary([], tallies.values())).toEqual(simulate(facts(HISTORY), catalogs, null).summary);
  });

  it('names a person only masked: the whole identity number appears nowhere, in the record kept or in the report', () => {
    const person = HISTORY[2] as AcceptedEvent;
    expect(person.detail).not.toContain(PERSON);
    expect(person.detail).toContain(maskIdNumber(PERSON));
    expect(person.recipientId).toBe(TEST_PERSON_KEY.recipientIdOf(PERSON));
    const report = simulate(facts(HISTORY), { current: CATALOG, draft: doubled }, null);
    const text = JSON.stringify(report);
    expect(text).not.toContain(PERSON);
    expect(text).not.toContain(PERSON.slice(6, 14));
    const item = report.items.find((i) => i.recipient.kind === 'individual');
    expect(item?.recipient).toMatchObject({ kind: 'individual', idNumber: maskIdNumber(PERSON), name: RECIPIENTS.sjzPerson.name });
  });

  it('gives a person\'s replayed award the id intake gave it, though the number kept is masked', () => {
    const [fact] = facts([HISTORY[2] as AcceptedEvent]);
    const event = parseEventText(JSON.stringify(rawEvent('HonourConferred', { honour: 'provincial-quality-award' }, { recipient: 'sjzPerson', reference: '冀政质奖〔2024〕个人007号' })));
    if (!event.ok || event.event.detailType === 'AchievementRevoked' || fact === undefined) throw new Error('event');
    const identity = identifyFact(event.event, TEST_PERSON_KEY);
    const [award] = replayFact(fact, { current: CATALOG, draft: CATALOG }, null);
    expect(award).toMatchObject({ ruleId: 'hebei-2016/provincial-quality-award', currentFen: 0, currentAmountRequired: true });
    expect(fact.recipientId).toBe(identity.recipientId);
  });

  it('counts who drops out and who becomes eligible, and a per-regulation award given an amount', () => {
    const changed = draft((policies) => {
      changeRule(policies, 'hebei-2022/standard-leader', (rule) => (rule.when = [{ path: 'recipient.kind', oneOf: ['organization'] }]));
      changeRule(policies, 'hebei-2016/provincial-quality-award', (rule) => (rule.amount = { kind: 'fixed', amountFen: yuan(50_000) }));
    });
    const { summary } = simulate(facts(HISTORY), { current: CATALOG, draft: changed }, null);
    expect(row(summary, '130000', 2026)).toMatchObject({ currentFen: yuan(30_000), simulatedFen: 0, lost: 1, dropped: 1, added: 0 });
    expect(row(summary, '130000', 2025)).toMatchObject({ deltaFen: yuan(50_000), gained: 1, amountRequired: { current: 1, simulated: 0 } });
  });

  it('reports only the jurisdictions asked for', () => {
    const { summary, items } = simulate(facts(HISTORY), { current: CATALOG, draft: doubled }, ['130100']);
    expect(summary.map((r) => r.jurisdiction)).toEqual(['130100']);
    expect(items.map((i) => i.recipientId)).toEqual([RECIPIENTS.shijiazhuang.uscc]);
  });

  it('refuses a draft that does not validate, with the catalog\'s own reason', () => {
    const policies = JSON.parse(JSON.stringify(CATALOG.policies)) as Policy[];
    changeRule(policies, 'hebei-2022/standard-leader', (rule) => (rule.detailType = 'StandardPublished'));
    let reason = '';
    try {
      validateCatalog({ policies });
    } catch (error) {
      reason = (error as Error).message;
    }
    expect(reason).toMatch(/both match/);
    expect(parseDraftCatalog({ policies })).toEqual({ ok: false, reason });
    expect(parseDraftCatalog(policies)).toEqual({ ok: false, reason });
    expect(parseDraftCatalog({ policies: [{ id: 'x' }] })).toMatchObject({ ok: false, reason: expect.stringMatching(/^the draft catalog is not a catalog: catalog\.policies\.0\.title/) });
  });

  it('does not replay a revocation or a detail kept cut', () => {
    const revocation = kept('AchievementRevoked', { revokes: { detailType: 'StandardPublished', reference: 'GB/T 1-2024' }, reason: '撤销' }, { recipient: 'baoding' }, IN_2025);
    const cut = { ...(HISTORY[0] as AcceptedEvent), detail: (HISTORY[0] as AcceptedEvent).detail.slice(0, 20), truncated: true };
    expect([replayable(revocation), replayable(cut)].map((r) => (r.ok ? 'ok' : r.why))).toEqual(['revocation', 'truncated']);
  });

  it('counts the amount intake recorded: a duplicate intake marked is not replayed, though it comes first', () => {
    const bought = (approvedCostFen: number) => kept('DesignServicePurchased', { approvedCostFen }, { recipient: 'baoding', reference: '冀工设服〔2025〕0777' }, IN_2025);
    const duplicate = { ...bought(yuan(90_000)), duplicate: true };
    const recorded = bought(yuan(10_000));
    const current = (history: readonly AcceptedEvent[]) => simulate(facts(history), { current: CATALOG, draft: CATALOG }, null).items.map((i) => i.currentFen);
    expect(replayable(duplicate)).toMatchObject({ ok: false, why: 'duplicate' });
    expect(current([duplicate, recorded])).toEqual([yuan(5_000)]);
    // Unmarked, the replay counts the first in replay order: the store marks events kept before the mark from their
    // outcome as it lists them (shared/store/accepted-events.ts; test/integration/whatif-duplicates.test.ts).
    const { duplicate: _mark, ...unmarked } = duplicate;
    expect(current([unmarked, recorded])).toEqual([yuan(45_000)]);
  });
});

describe('fiscalYearAt', () => {
  const byDate = (instant: string) => Number(chinaDate(new Date(instant)).slice(0, 4));

  it('reads an instant as intake writes it as its China-time year, the year turning at 16:00 UTC on 31 December', () => {
    expect(fiscalYearAt('2025-12-31T15:59:59.999Z')).toBe(2025);
    expect(fiscalYearAt('2025-12-31T16:00:00.000Z')).toBe(2026);
    expect(fiscalYearAt('2025-12-30T23:59:59.999Z')).toBe(2025);
    expect(fiscalYearAt('2026-01-01T00:00:00.000Z')).toBe(2026);
    const start = Date.UTC(2023, 11, 25);
    for (let hour = 0; hour < 24 * 500; hour += 7) {
      const instant = new Date(start + hour * 3_600_000 + 1_234).toISOString();
      expect(fiscalYearAt(instant), instant).toBe(byDate(instant));
    }
  });

  it('reads any other spelling of an instant through a Date, as it always did', () => {
    for (const instant of ['2025-12-31T16:00:00Z', '2025-12-31T23:30:00+08:00', '2026-01-01T00:00:00.000+08:00', '2025-12-31T16:00:00.000000Z']) {
      expect(fiscalYearAt(instant), instant).toBe(byDate(instant));
    }
    expect(() => fiscalYearAt('2025-13-01T00:00:00.000Z')).toThrow(RangeError);
  });
});
