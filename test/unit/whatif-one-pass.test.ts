/**
 * What-if replays both catalogs in one pass over each fact (shared/domain/whatif-replay.ts, ADR 021). These properties
 * hold it to the definition: each catalog replayed separately through the engine (computeAwards), merged by award id,
 * on random facts (the samples, at random regions and dates) under random drafts (amounts changed, rules switched off
 * or narrowed, policies dropped or reordered, coverage changed) and random scopes. The comparison is shown to see a
 * wrong replay: one that swaps the two catalogs is caught.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventText } from '../../events/contracts';
import { keptEvent, replayable } from '../../shared/app/accepted';
import { parseDraftCatalog } from '../../shared/app/draft-catalog';
import type { Catalog, Policy } from '../../shared/domain/catalog';
import { computeAwards } from '../../shared/domain/engine';
import { PersonKey } from '../../shared/domain/person';
import { type Catalogs, type RecipientItem, type RecipientTally, type ReplayFact, type ReplayedAward, type Scope, addFact, byDelta, replayFact, shownRecipient } from '../../shared/domain/whatif';
import { addToSummary, simulate } from '../../shared/domain/whatif-summary';
import { CATALOG } from '../../shared/policies';
import { TEST_PERSON_KEY } from '../support/events';

type Replay = (fact: ReplayFact, catalogs: Catalogs, scope: Scope) => ReplayedAward[];

/** The recipient id intake kept, for the engine: what the replay must name a person's awards by. */
class KeptKey extends PersonKey {
  constructor(private readonly keptId: string) {
    super(new Uint8Array(32));
  }

  override recipientIdOf(): string {
    return this.keptId;
  }
}

const fiscalYear = (instant: string) => Number(new Date(new Date(instant).getTime() + 8 * 3_600_000).toISOString().slice(0, 4));

/** The definition: the fact through the engine under each catalog separately, merged by award id, the catalog in force first. */
const separately: Replay = (fact, catalogs, scope) => {
  const byId = new Map<string, { -readonly [K in keyof ReplayedAward]: ReplayedAward[K] }>();
  for (const [side, catalog] of [['current', catalogs.current], ['simulated', catalogs.draft]] as const) {
    const result = computeAwards(fact.event, catalog, new KeptKey(fact.recipientId));
    if (result.kind !== 'awards') continue;
    for (const award of result.awards) {
      if (scope !== null && !scope.includes(award.jurisdiction)) continue;
      const entry = byId.get(award.awardId) ?? {
        awardId: award.awardId, ruleId: award.ruleId, jurisdiction: award.jurisdiction, fiscalYear: fiscalYear(fact.receivedAt),
        currentFen: null, simulatedFen: null, currentAmountRequired: false, simulatedAmountRequired: false,
      };
      if (side === 'current') [entry.currentFen, entry.currentAmountRequired] = [award.amountFen ?? 0, award.amountFen === null];
      else [entry.simulatedFen, entry.simulatedAmountRequired] = [award.amountFen ?? 0, award.amountFen === null];
      byId.set(award.awardId, entry);
    }
  }
  return [...byId.values()];
};

/** The whole report as the definition gives it: each award once, the first arrival's; totals summed here, by hand. */
function reportSeparately(facts: readonly ReplayFact[], catalogs: Catalogs, scope: Scope): { summary: unknown; items: RecipientItem[] } {
  const tallies = new Map<string, RecipientTally>();
  for (const fact of facts) {
    const known = tallies.get(fact.recipientId);
    const added = separately(fact, catalogs, scope).filter((a) => !known?.awards.some((k) => k.awardId === a.awardId));
    if (added.length === 0) continue;
    const recipient = known?.recipient ?? shownRecipient(fact.recipient);
    tallies.set(fact.recipientId, { recipientId: fact.recipientId, recipient, awards: [...(known?.awards ?? []), ...added] });
  }
  const items = [...tallies.values()].map((t): RecipientItem => {
    const currentFen = t.awards.reduce((n, a) => n + (a.currentFen ?? 0), 0);
    const simulatedFen = t.awards.reduce((n, a) => n + (a.simulatedFen ?? 0), 0);
    const deltaFen = simulatedFen - currentFen;
    return { recipientId: t.recipientId, recipient: shownRecipient(t.recipient), currentFen, simulatedFen, deltaFen, awards: t.awards };
  });
  return { summary: addToSummary([], tallies.values()), items: items.sort(byDelta) };
}

/** The facts where a replay differs from the definition. */
const mismatches = (replay: Replay, facts: readonly ReplayFact[], catalogs: Catalogs, scope: Scope) =>
  facts.filter((fact) => JSON.stringify(replay(fact, catalogs, scope)) !== JSON.stringify(separately(fact, catalogs, scope)));

const SAMPLES = (() => {
  const dir = join(import.meta.dirname, '../../events/samples');
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(dir, f), 'utf8'))
    .filter((text) => !text.includes('"AchievementRevoked"'));
})();
const REGIONS = ['130102', '130181', '130600', '130100', '350102', '440300'];
const DATES = ['2016-09-01', '2021-12-01', '2022-09-05', '2022-09-06', '2023-07-05', '2024-05-01', '2026-01-15'];
const RECEIVED = ['2024-12-31T15:59:59.000Z', '2024-12-31T16:00:00.000Z', '2026-03-01T02:00:00.000Z'];

/** A sample at another region and date (as intake keeps it, read back for replay), or null when the contract refuses it. */
function factOf(sample: number, region: number, date: number, received: number, n: number): ReplayFact | null {
  type Raw = { id: string; time: string; detail: { recipient: Record<string, unknown>; occurredOn: string } };
  const raw = JSON.parse(SAMPLES[sample % SAMPLES.length] as string) as Raw;
  raw.id = `one-pass-${n}`;
  raw.time = '2026-06-01T00:00:00Z';
  raw.detail.recipient.regionCode = REGIONS[region % REGIONS.length];
  raw.detail.occurredOn = DATES[date % DATES.length] as string;
  const text = JSON.stringify(raw);
  const parsed = parseEventText(text);
  if (!parsed.ok) return null;
  const replay = replayable(keptEvent(parsed.event, text, raw.id, RECEIVED[received % RECEIVED.length] as string, TEST_PERSON_KEY));
  return replay.ok ? replay.fact : null;
}

const factsArb = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 5, maxLength: 40 })
  .map((picks) => picks.flatMap(([s, r, d, t], n) => factOf(s, r, d, t, n) ?? []));

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type Draft = Mutable<{ policies: Policy[]; coverage?: Catalog['coverage']; rulesOff?: string[] }>;
type Rule = Draft['policies'][number]['versions'][number]['rules'][number];

const rulesOf = (draft: Draft): Rule[] => draft.policies.flatMap((p) => p.versions.flatMap((v) => v.rules));

/** One change a draft makes; `n` picks the rule or policy. */
const CHANGES: ReadonlyArray<(draft: Draft, n: number) => void> = [
  (draft, n) => {
    const rule = rulesOf(draft)[n % rulesOf(draft).length] as Rule;
    const { amount } = rule;
    if (amount.kind === 'fixed') amount.amountFen *= 3;
    else if (amount.kind === 'tiered') for (const tier of Object.keys(amount.tiersFen)) amount.tiersFen[tier] = (amount.tiersFen[tier] ?? 0) * 2;
    else if (amount.kind === 'per-regulation') rule.amount = { kind: 'fixed', amountFen: 5_000_000 };
    else amount.capFen = Math.floor(amount.capFen / 2);
  },
  (draft, n) => void (draft.rulesOff = [...(draft.rulesOff ?? []), (rulesOf(draft)[n % rulesOf(draft).length] as Rule).id]),
  (draft, n) => void draft.policies.splice(n % draft.policies.length, 1),
  (draft) => void draft.policies.reverse(),
  (draft) => void delete draft.coverage,
  (draft) => void (draft.coverage = draft.coverage?.map((c) => ({ ...c, except: [] }))),
  (draft, n) => {
    const rule = rulesOf(draft)[n % rulesOf(draft).length] as Rule;
    rule.when = [...rule.when, { path: 'recipient.kind', oneOf: ['organization'] }];
  },
  (draft, n) => {
    const policy = draft.policies[n % draft.policies.length] as Draft['policies'][number];
    const first = policy.versions[0];
    if (first !== undefined) first.effectiveFrom = '2024-01-01';
  },
];

/** A catalog changed as a client may change one (inheriting coverage and rules off, as the job does), or null if it does not validate. */
function changed(changes: ReadonlyArray<[number, number]>): Catalog | null {
  const draft = JSON.parse(JSON.stringify(CATALOG)) as Draft;
  for (const [change, n] of changes) (CHANGES[change % CHANGES.length] as (d: Draft, n: number) => void)(draft, n);
  if (draft.policies.length === 0) return null;
  const parsed = parseDraftCatalog(draft);
  return parsed.ok ? parsed.catalog : null;
}

const changesArb = fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 });
const scopeArb = fc.option(fc.subarray(['130000', '130100', '350000', '110000']), { nil: null });

describe('what-if in one pass over each fact gives what each catalog replayed separately gives', () => {
  it('per fact, for random facts, random drafts (either side) and random scopes', () => {
    let compared = 0;
    fc.assert(fc.property(factsArb, changesArb, changesArb, fc.boolean(), scopeArb, (facts, draftChanges, currentChanges, bothChanged, scope) => {
      const draft = changed(draftChanges);
      const current = bothChanged ? changed(currentChanges) : CATALOG;
      if (draft === null || current === null) return;
      compared += facts.length;
      expect(mismatches(replayFact, facts, { current, draft }, scope)).toEqual([]);
    }), { numRuns: 150 });
    expect(compared).toBeGreaterThan(1_000);
  });

  it('the whole report and the job\'s tallies, for random histories with facts repeated', () => {
    fc.assert(fc.property(factsArb, changesArb, scopeArb, (facts, changes, scope) => {
      const draft = changed(changes);
      if (draft === null) return;
      const history = [...facts, ...facts.slice(0, 5)];
      const catalogs = { current: CATALOG, draft };
      const expected = reportSeparately(history, catalogs, scope);
      expect(simulate(history, catalogs, scope)).toStrictEqual(expected);
      const tallies = new Map<string, RecipientTally>();
      for (const fact of history) {
        const tally = addFact(tallies.get(fact.recipientId) ?? null, fact, catalogs, scope);
        if (tally !== null) tallies.set(fact.recipientId, tally);
      }
      expect(addToSummary([], tallies.values())).toStrictEqual(expected.summary);
    }), { numRuns: 60 });
  });

  it('sees a wrong replay: the two catalogs swapped differ from the definition', () => {
    const draft = changed([[0, 0], [0, 5], [1, 3]]);
    if (draft === null) throw new Error('the draft validates');
    const facts = SAMPLES.flatMap((_, s) => REGIONS.flatMap((__, r) => factOf(s, r, 5, 2, s * 10 + r) ?? []));
    const swapped: Replay = (fact, catalogs, scope) => replayFact(fact, { current: catalogs.draft, draft: catalogs.current }, scope);
    expect(mismatches(replayFact, facts, { current: CATALOG, draft }, null)).toEqual([]);
    expect(mismatches(swapped, facts, { current: CATALOG, draft }, null).length).toBeGreaterThan(0);
  });
});
