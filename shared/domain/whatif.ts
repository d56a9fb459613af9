/**
 * What-if (DESIGN.md, "What-if"): the facts received in a period replayed through the engine under the catalog in
 * force and under a draft, compared per recipient; whatif-summary.ts adds them up per jurisdiction-year. Pure: the
 * caller hands over facts already read and parsed (shared/app/accepted.ts) and keeps the tallies between pages;
 * nothing here reads or writes the ledger, and nothing is paid.
 */
import assert from './assert';
import type { FactEvent, Recipient } from './events';
import type { Catalog } from './catalog';
import { maskIdNumber } from './person';
import { chinaDate } from './time';
import { pairedAwards, replayPlan } from './whatif-replay';

/** The two catalogs compared: the one in force and the draft. */
export interface Catalogs {
  readonly current: Catalog;
  readonly draft: Catalog;
}

/** The jurisdictions a simulation reports on; null for every jurisdiction either catalog pays in. */
export type Scope = readonly string[] | null;

/** A recipient as a report shows it: a credit code whole, an identity number masked (never whole). */
export type ShownRecipient = Recipient;

/** A fact as it was received, ready to replay: parsed, its recipient named by the id intake keyed it with. */
export interface ReplayFact {
  readonly eventId: string;
  /** When intake received it. */
  readonly receivedAt: string;
  /** The fiscal year intake budgeted its awards in (the year of `receivedAt` for an event kept before it was noted). */
  readonly fiscalYear?: number;
  /** The credit code, or the person's keyed id intake computed (the kept detail holds the number masked). */
  readonly recipientId: string;
  /** The recipient to show; an identity number in it is masked again here, whatever the caller passed. */
  readonly recipient: Recipient;
  readonly event: FactEvent;
}

/** One award of a replayed fact under either catalog or both (the same rule, recipient and fact: the same id). */
export interface ReplayedAward {
  readonly awardId: string;
  readonly ruleId: string;
  readonly jurisdiction: string;
  readonly fiscalYear: number;
  /** Fen under the catalog in force: 0 when the amount is per regulation (按规定), null when that catalog pays nothing. */
  readonly currentFen: number | null;
  readonly simulatedFen: number | null;
  /** Whether the amount is per regulation under each catalog: counted as 0 fen and reported apart. */
  readonly currentAmountRequired: boolean;
  readonly simulatedAmountRequired: boolean;
}

/** Everything a simulation knows about one recipient: what the replayed facts award them, each award once. */
export interface RecipientTally {
  readonly recipientId: string;
  readonly recipient: ShownRecipient;
  readonly awards: readonly ReplayedAward[];
}

/** A recipient as the report lists it. */
export interface RecipientItem {
  readonly recipientId: string;
  readonly recipient: ShownRecipient;
  readonly currentFen: number;
  readonly simulatedFen: number;
  readonly deltaFen: number;
  readonly awards: readonly ReplayedAward[];
}

/** An instant as intake writes it (`toISOString`, UTC), its month, day and hour in range. */
const WRITTEN_INSTANT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/**
 * The fiscal year an instant is budgeted in: its China-time calendar year (awards are budgeted when recorded). A
 * replay asks it of every fact, so an instant as intake writes it is read from its text (China's year turns at 16:00
 * UTC on 31 December) rather than through two Dates and a string, a tenth of a replay's time; any other goes through a
 * Date, as before.
 */
export function fiscalYearAt(instant: string): number {
  if (WRITTEN_INSTANT.test(instant)) {
    const year = Number(instant.slice(0, 4));
    return instant.startsWith('12-31T', 5) && instant.slice(11, 13) >= '16' ? year + 1 : year;
  }
  return Number(chinaDate(new Date(instant)).slice(0, 4));
}

/** A recipient with any identity number masked: region and last four, as the contract shows it to anyone but an officer. */
export function shownRecipient(recipient: Recipient): ShownRecipient {
  return recipient.kind === 'individual' ? { ...recipient, idNumber: maskIdNumber(recipient.idNumber) } : recipient;
}

type Draft = { -readonly [K in keyof ReplayedAward]: ReplayedAward[K] };

/**
 * The awards one fact earns in scope under each catalog, merged by award id: those of the catalog in force in its
 * order, then the draft's. One pass over the fact for both catalogs (whatif-replay.ts), each award as computeAwards
 * computes it under that catalog; the recipient is the one intake kept, so a person's awards have the ids intake gave.
 */
export function replayFact(fact: ReplayFact, catalogs: Catalogs, scope: Scope): ReplayedAward[] {
  const paired = pairedAwards(replayPlan(catalogs.current, catalogs.draft), fact.event, fact.recipientId);
  const { recipient } = fact.event.detail;
  const fiscalYear = fact.fiscalYear ?? fiscalYearAt(fact.receivedAt);
  // A fact has a few awards: a list searched is quicker than a map, and keeps the same order (first arrival first).
  const awards: Draft[] = [];
  for (const side of ['current', 'simulated'] as const) {
    for (const award of side === 'current' ? paired.current : paired.draft) {
      if (scope !== null && !scope.includes(award.jurisdiction)) continue;
      assert.ok(recipient.kind === 'individual' || recipient.uscc === fact.recipientId, 'a replayed award names the recipient intake kept');
      let entry = side === 'current' ? undefined : awards.find((a) => a.awardId === award.awardId);
      if (entry === undefined) {
        entry = {
          awardId: award.awardId, ruleId: award.ruleId, jurisdiction: award.jurisdiction, fiscalYear,
          currentFen: null, simulatedFen: null, currentAmountRequired: false, simulatedAmountRequired: false,
        };
        awards.push(entry);
      }
      if (side === 'current') [entry.currentFen, entry.currentAmountRequired] = [award.amountFen ?? 0, award.amountFen === null];
      else [entry.simulatedFen, entry.simulatedAmountRequired] = [award.amountFen ?? 0, award.amountFen === null];
    }
  }
  return awards;
}

/**
 * A fact added to its recipient's tally: its awards that the tally does not hold yet. The same fact arriving again
 * (under any event id, in any page) has the same award ids and adds nothing, as intake pays it once. Answers the
 * tally unchanged (the same object) when nothing was added, and null when there was no tally and nothing to add.
 */
export function addFact(tally: RecipientTally | null, fact: ReplayFact, catalogs: Catalogs, scope: Scope): RecipientTally | null {
  assert.ok(tally === null || tally.recipientId === fact.recipientId, 'a fact is added to its own recipient\'s tally');
  const known = new Set(tally?.awards.map((a) => a.awardId) ?? []);
  const added = replayFact(fact, catalogs, scope).filter((a) => !known.has(a.awardId));
  if (added.length === 0) return tally;
  const awards = [...(tally?.awards ?? []), ...added];
  return { recipientId: fact.recipientId, recipient: tally?.recipient ?? shownRecipient(fact.recipient), awards };
}

/** A recipient's totals under each catalog and the difference (simulated less current). */
export function totalsOf(awards: readonly ReplayedAward[]): { currentFen: number; simulatedFen: number; deltaFen: number } {
  let currentFen = 0;
  let simulatedFen = 0;
  for (const award of awards) {
    currentFen += award.currentFen ?? 0;
    simulatedFen += award.simulatedFen ?? 0;
  }
  assert.ok(Number.isSafeInteger(currentFen) && Number.isSafeInteger(simulatedFen), 'a total of fen stays a safe integer');
  return { currentFen, simulatedFen, deltaFen: simulatedFen - currentFen };
}

export function itemOf(tally: RecipientTally): RecipientItem {
  return { recipientId: tally.recipientId, recipient: shownRecipient(tally.recipient), ...totalsOf(tally.awards), awards: tally.awards };
}

/** The order of the report's recipients: the largest difference first (either way), then by recipient id. */
export function byDelta(a: RecipientItem, b: RecipientItem): number {
  return Math.abs(b.deltaFen) - Math.abs(a.deltaFen) || (a.recipientId < b.recipientId ? -1 : a.recipientId > b.recipientId ? 1 : 0);
}
