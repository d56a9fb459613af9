/**
 * The what-if report per jurisdiction-year (DESIGN.md, "What-if"): the budget each catalog would take, the difference,
 * and how many recipients gain, lose, become eligible or drop out. Added up from recipients' tallies (whatif.ts), one
 * batch at a time, so a long history is summed in bounded steps; `simulate` does all of it at once, in memory.
 */
import assert from './assert';
import { type Catalogs, type RecipientItem, type RecipientTally, type ReplayFact, type ReplayedAward, type Scope, byDelta, itemOf, replayFact, shownRecipient } from './whatif';

export interface SummaryRow {
  readonly jurisdiction: string;
  readonly fiscalYear: number;
  readonly currentFen: number;
  readonly simulatedFen: number;
  readonly deltaFen: number;
  /** Recipients whose total in this jurisdiction-year the draft raises, and lowers. */
  readonly gained: number;
  readonly lost: number;
  /** Recipients with no award here under the catalog in force but one under the draft (added), and the reverse (dropped). */
  readonly added: number;
  readonly dropped: number;
  /** Awards whose amount is per regulation (按规定): counted as 0 fen above, under each catalog. */
  readonly amountRequired: { readonly current: number; readonly simulated: number };
}

type Row = { -readonly [K in keyof SummaryRow]: SummaryRow[K] } & { amountRequired: { current: number; simulated: number } };

const rowKey = (jurisdiction: string, fiscalYear: number) => `${jurisdiction}#${fiscalYear}`;

/** One recipient's awards in one jurisdiction-year, as the counts see them. */
interface Share {
  currentFen: number;
  simulatedFen: number;
  paidNow: boolean;
  paidByDraft: boolean;
  amountRequired: { current: number; simulated: number };
}

function sharesOf(tally: RecipientTally): Map<string, Share & { jurisdiction: string; fiscalYear: number }> {
  const shares = new Map<string, Share & { jurisdiction: string; fiscalYear: number }>();
  for (const award of tally.awards) {
    const key = rowKey(award.jurisdiction, award.fiscalYear);
    const share = shares.get(key) ?? {
      jurisdiction: award.jurisdiction, fiscalYear: award.fiscalYear, currentFen: 0, simulatedFen: 0,
      paidNow: false, paidByDraft: false, amountRequired: { current: 0, simulated: 0 },
    };
    share.currentFen += award.currentFen ?? 0;
    share.simulatedFen += award.simulatedFen ?? 0;
    share.paidNow ||= award.currentFen !== null;
    share.paidByDraft ||= award.simulatedFen !== null;
    if (award.currentAmountRequired) share.amountRequired.current += 1;
    if (award.simulatedAmountRequired) share.amountRequired.simulated += 1;
    shares.set(key, share);
  }
  return shares;
}

/** Rows with recipients' tallies added: each recipient counted once per jurisdiction-year it has awards in. */
export function addToSummary(rows: readonly SummaryRow[], tallies: Iterable<RecipientTally>): SummaryRow[] {
  const byKey = new Map<string, Row>(rows.map((r) => [rowKey(r.jurisdiction, r.fiscalYear), { ...r, amountRequired: { ...r.amountRequired } }]));
  for (const tally of tallies) {
    for (const share of sharesOf(tally).values()) {
      const key = rowKey(share.jurisdiction, share.fiscalYear);
      const row = byKey.get(key) ?? {
        jurisdiction: share.jurisdiction, fiscalYear: share.fiscalYear, currentFen: 0, simulatedFen: 0, deltaFen: 0,
        gained: 0, lost: 0, added: 0, dropped: 0, amountRequired: { current: 0, simulated: 0 },
      };
      row.currentFen += share.currentFen;
      row.simulatedFen += share.simulatedFen;
      row.deltaFen = row.simulatedFen - row.currentFen;
      if (share.simulatedFen > share.currentFen) row.gained += 1;
      if (share.simulatedFen < share.currentFen) row.lost += 1;
      if (!share.paidNow && share.paidByDraft) row.added += 1;
      if (share.paidNow && !share.paidByDraft) row.dropped += 1;
      row.amountRequired.current += share.amountRequired.current;
      row.amountRequired.simulated += share.amountRequired.simulated;
      assert.ok(Number.isSafeInteger(row.currentFen) && Number.isSafeInteger(row.simulatedFen), 'a jurisdiction-year\'s totals stay safe integers of fen');
      byKey.set(key, row);
    }
  }
  return [...byKey.values()].sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction) || a.fiscalYear - b.fiscalYear);
}

/**
 * The whole report of a history held in memory: the summary, and every recipient in scope, largest difference first.
 * Each fact is added as `addFact` adds it (each award once, the first arrival's), into tallies grown in place, so a
 * long history costs time in proportion to its length.
 */
export function simulate(facts: Iterable<ReplayFact>, catalogs: Catalogs, scope: Scope): { summary: SummaryRow[]; items: RecipientItem[] } {
  const tallies = new Map<string, { tally: RecipientTally; awards: ReplayedAward[]; ids: Set<string> }>();
  for (const fact of facts) {
    const awards = replayFact(fact, catalogs, scope);
    if (awards.length === 0) continue;
    let entry = tallies.get(fact.recipientId);
    if (entry === undefined) {
      const held: ReplayedAward[] = [];
      entry = { tally: { recipientId: fact.recipientId, recipient: shownRecipient(fact.recipient), awards: held }, awards: held, ids: new Set() };
      tallies.set(fact.recipientId, entry);
    }
    for (const award of awards) {
      if (entry.ids.has(award.awardId)) continue;
      entry.ids.add(award.awardId);
      entry.awards.push(award);
    }
  }
  const all = [...tallies.values()].map((e) => e.tally);
  return { summary: addToSummary([], all), items: all.map(itemOf).sort(byDelta) };
}
