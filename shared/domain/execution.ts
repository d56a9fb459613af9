/**
 * Budget execution (预算执行), the report a finance department sends upward (issue 22, CONTRACT §6): for one
 * jurisdiction-year, per policy and clause, per month (China time), per month and clause, and per region (the
 * recipient's county), what was recorded, approved, listed for publicity, held, rejected, paid, returned, voided,
 * clawed back and repaid, and where the money stands (reserved, in transit, disbursed, receivable); for the year, the
 * allocation and what is available.
 *
 * Pure, and built from the ledger itself: every figure is a sum over the year's entries, each attributed to its
 * award's policy, rule and region. `finish` checks the result against the budget's own balances (the accounts the
 * store keeps in the same transaction as each entry): a report that does not agree to the fen with the ledger is a
 * programmer's error and is never answered (STYLE 7).
 */
import assert from './assert';
import { type Balances, type LedgerEntry, ZERO_BALANCES, addPostings } from './ledger';
import { chinaDate } from './time';
import { FLOWS, type Flow } from './execution-tables';

export { FLOWS, type Flow } from './execution-tables';

export interface Tally {
  readonly count: number;
  readonly fen: number;
}

export type Flows = Readonly<Record<Flow, Tally>>;

/** Where an award's money stands: the net of its entries' postings on each account that holds award money. */
export interface Positions {
  readonly reservedFen: number;
  readonly inTransitFen: number;
  readonly disbursedFen: number;
  readonly receivableFen: number;
}

/** What the report needs of an award: where its entries belong. */
export interface AwardKey {
  readonly awardId: string;
  readonly policyId: string;
  readonly ruleId: string;
  readonly clause: string;
  readonly regionCode: string;
  /** The award's amount (null while finance has not set it): what its recording, approval or hold counts. */
  readonly amountFen: number | null;
}

export interface Line {
  readonly flows: Flows;
  readonly positions: Positions;
}

export interface ClauseLine extends Line {
  readonly policyId: string;
  readonly ruleId: string;
  readonly clause: string;
}

export interface MonthLine extends Line {
  /** `YYYY-MM`, China time. */
  readonly month: string;
  /** The jurisdiction-year's accounts at the end of the month (allocation and available included). */
  readonly closing: Balances;
}

export interface ClauseMonthLine extends Line {
  readonly month: string;
  readonly policyId: string;
  readonly ruleId: string;
  readonly clause: string;
}

export interface RegionLine extends Line {
  readonly regionCode: string;
}

export interface Execution {
  readonly jurisdiction: string;
  readonly fiscalYear: number;
  /** The ledger as read: its entries up to this sequence number (the head when the report began). */
  readonly throughSeq: number;
  readonly entries: number;
  readonly awards: number;
  /** The year's accounts from the entries, equal to the budget's balances at `throughSeq` (checked). */
  readonly accounts: Balances;
  readonly total: Line;
  readonly byClause: readonly ClauseLine[];
  readonly byMonth: readonly MonthLine[];
  readonly byClauseMonth: readonly ClauseMonthLine[];
  readonly byRegion: readonly RegionLine[];
}

/** Which flows an entry counts in: a recording, the final approval, a hold, a payment, and so on. */
export function flowsOf(entry: Pick<LedgerEntry, 'type' | 'statusAfter'>): readonly Flow[] {
  switch (entry.type) {
    case 'RECORDED':
      return entry.statusAfter === 'ON_HOLD' ? ['recorded', 'held'] : ['recorded'];
    case 'APPROVAL':
      // Only the final approval approves; an award's first of two approvals leaves it pending.
      return entry.statusAfter === 'IN_PUBLICITY' ? ['approved', 'publicity'] : entry.statusAfter === 'APPROVED' ? ['approved'] : [];
    case 'HELD':
    case 'OBJECTION':
      return ['held'];
    case 'REJECTED':
      return ['rejected'];
    case 'OBJECTION_DECIDED':
      return entry.statusAfter === 'REJECTED' ? ['rejected'] : [];
    case 'DISBURSED':
      return ['paid'];
    case 'PAYMENT_FAILED':
      return ['returned'];
    case 'VOIDED':
      return ['voided'];
    case 'CLAWBACK_OPENED':
      return ['clawedBack'];
    case 'REPAID':
      return ['repaid'];
    default:
      return [];
  }
}

type MutableTally = { count: number; fen: number };
type MutableLine = { flows: Record<Flow, MutableTally>; positions: { reservedFen: number; inTransitFen: number; disbursedFen: number; receivableFen: number } };

const emptyLine = (): MutableLine => ({
  flows: Object.fromEntries(FLOWS.map((f) => [f, { count: 0, fen: 0 }])) as Record<Flow, MutableTally>,
  positions: { reservedFen: 0, inTransitFen: 0, disbursedFen: 0, receivableFen: 0 },
});

const POSITION: Partial<Record<string, keyof MutableLine['positions']>> = {
  reserved: 'reservedFen',
  transit: 'inTransitFen',
  disbursed: 'disbursedFen',
  receivable: 'receivableFen',
};

/**
 * Flows that move money count what the entry moved, each time (a payment, a return, a clawback, a repayment). The
 * others count awards: each award once, at its first such entry, with its amount (an approval or a hold moves nothing,
 * and an amount set later by finance is the award's). An award held and released three times, or approved again after
 * a release, is one held and one approved award (attack review of issue 22, H1: counting entries let two officers make
 * the held sum what they liked).
 */
const MONEY_FLOWS: ReadonlySet<Flow> = new Set(['paid', 'returned', 'clawedBack', 'repaid']);

/** An entry's part in one line: its flows, and its postings on the accounts that hold award money. */
function addTo(line: MutableLine, entry: LedgerEntry, flows: readonly Flow[], award: AwardKey): void {
  for (const flow of flows) {
    const tally = line.flows[flow];
    tally.count += 1;
    tally.fen += MONEY_FLOWS.has(flow) ? entry.amountFen : (award.amountFen ?? 0);
  }
  for (const p of entry.postings) {
    const field = POSITION[p.account];
    if (field !== undefined) line.positions[field] += p.deltaFen;
  }
}

/** A report being built, fed the year's entries in sequence order (any number of pages), then finished. */
export class ExecutionBuilder {
  readonly #jurisdiction: string;
  readonly #fiscalYear: number;
  readonly #awards: ReadonlyMap<string, AwardKey>;
  readonly #total = emptyLine();
  readonly #byClause = new Map<string, MutableLine & { key: AwardKey }>();
  readonly #byMonth = new Map<string, MutableLine & { closing: Balances }>();
  readonly #byClauseMonth = new Map<string, MutableLine & { key: AwardKey; month: string }>();
  readonly #byRegion = new Map<string, MutableLine & { regionCode: string }>();
  #accounts: Balances = ZERO_BALANCES;
  #lastSeq = 0;
  #entries = 0;
  readonly #awardsSeen = new Set<string>();
  /** Per flow that counts awards, the awards already counted in it. */
  readonly #counted = new Map<Flow, Set<string>>();

  constructor(jurisdiction: string, fiscalYear: number, awards: ReadonlyMap<string, AwardKey>) {
    this.#jurisdiction = jurisdiction;
    this.#fiscalYear = fiscalYear;
    this.#awards = awards;
  }

  /** One entry of the jurisdiction, in sequence order; entries of other years are passed over. */
  add(entry: LedgerEntry): void {
    assert.equal(entry.jurisdiction, this.#jurisdiction, `entry ${entry.seq} belongs to ${entry.jurisdiction}`);
    assert.ok(entry.seq > this.#lastSeq, `entries come in sequence order: ${entry.seq} after ${this.#lastSeq}`);
    this.#lastSeq = entry.seq;
    if (entry.fiscalYear !== this.#fiscalYear) return;
    this.#entries += 1;
    // Summed as they come: a report that starts at the year's first day has not seen the allocations made before it
    // (finish adds them from the budget), so a running balance may dip below zero here; the chain's verifier checks
    // that no account ever does (GET /ledger/verify).
    this.#accounts = addPostings(this.#accounts, entry.postings);
    const month = chinaDate(new Date(entry.at)).slice(0, 7);
    // An allocation made before its year (a budget set in December) belongs to the year's opening, not to a month of
    // the year before: whether the chain was read from its start or from the year's first day (re-check N3).
    if (month < `${this.#fiscalYear}-01`) {
      assert.ok(entry.awardId === null, `entry ${entry.seq} of an award of ${this.#fiscalYear} is dated before its year`);
      return;
    }
    const monthLine = this.#byMonth.get(month) ?? { ...emptyLine(), closing: ZERO_BALANCES };
    monthLine.closing = this.#accounts;
    this.#byMonth.set(month, monthLine);
    if (entry.awardId === null) {
      // A budget entry (an allocation): it moves no award money, and counts in no flow.
      assert.ok(entry.postings.every((p) => p.account === 'funding' || p.account === 'available'), `entry ${entry.seq} has no award but moves award money`);
      return;
    }
    const key = this.#awards.get(entry.awardId);
    if (key === undefined) throw new ExecutionGap(`entry ${entry.seq} is of award ${entry.awardId}, which the report did not read`);
    this.#awardsSeen.add(entry.awardId);
    const flows = flowsOf(entry).filter((flow) => {
      if (MONEY_FLOWS.has(flow)) return true;
      const seen = this.#counted.get(flow) ?? new Set<string>();
      this.#counted.set(flow, seen);
      if (seen.has(key.awardId)) return false;
      seen.add(key.awardId);
      return true;
    });
    addTo(this.#total, entry, flows, key);
    addTo(monthLine, entry, flows, key);
    const clauseKey = `${key.policyId}\u0000${key.ruleId}`;
    const clause = this.#byClause.get(clauseKey) ?? { ...emptyLine(), key };
    this.#byClause.set(clauseKey, clause);
    addTo(clause, entry, flows, key);
    const cmKey = `${month}\u0000${clauseKey}`;
    const clauseMonth = this.#byClauseMonth.get(cmKey) ?? { ...emptyLine(), key, month };
    this.#byClauseMonth.set(cmKey, clauseMonth);
    addTo(clauseMonth, entry, flows, key);
    const region = this.#byRegion.get(key.regionCode) ?? { ...emptyLine(), regionCode: key.regionCode };
    this.#byRegion.set(key.regionCode, region);
    addTo(region, entry, flows, key);
  }

  /**
   * The report, checked: the accounts built from the entries equal the budget's balances as read with the head, and
   * every breakdown sums to the total. Any difference is an assertion failure, never a report.
   */
  finish(throughSeq: number, budget: Balances, options: { readFromFirstEntry: boolean } = { readFromFirstEntry: true }): Execution {
    assert.ok(this.#lastSeq <= throughSeq, `entries were read past the head (${this.#lastSeq} > ${throughSeq})`);
    // Allocations of the year made before the entries read (a budget set in December for the next year): what the
    // budget holds beyond the allocations read. Nothing else of a year comes before its first day.
    const opening = budget.allocatedFen - this.#accounts.allocatedFen;
    const what = `budget execution of ${this.#jurisdiction} ${this.#fiscalYear}`;
    assert.ok(opening >= 0 && (opening === 0 || !options.readFromFirstEntry), `${what}: the budget's allocation ${budget.allocatedFen} is not what the entries allocate (${this.#accounts.allocatedFen})`);
    this.#accounts = { ...this.#accounts, allocatedFen: this.#accounts.allocatedFen + opening, availableFen: this.#accounts.availableFen + opening };
    for (const field of Object.keys(ZERO_BALANCES) as Array<keyof Balances>) {
      assert.equal(this.#accounts[field], budget[field], `${what}: ${field} from the ledger's entries is ${this.#accounts[field]}, the budget says ${budget[field]}`);
      assert.ok(this.#accounts[field] >= 0, `${what}: ${field} is below zero`);
    }
    for (const line of this.#byMonth.values()) {
      line.closing = { ...line.closing, allocatedFen: line.closing.allocatedFen + opening, availableFen: line.closing.availableFen + opening };
    }
    const total = frozen(this.#total);
    assert.equal(total.positions.reservedFen, this.#accounts.reservedFen, 'reserved: the awards\' entries and the accounts');
    assert.equal(total.positions.inTransitFen, this.#accounts.inTransitFen, 'in transit: the awards\' entries and the accounts');
    assert.equal(total.positions.disbursedFen, this.#accounts.disbursedFen, 'disbursed: the awards\' entries and the accounts');
    assert.equal(total.positions.receivableFen, this.#accounts.receivableFen, 'receivable: the awards\' entries and the accounts');
    const byClause = [...this.#byClause.values()].map((l) => ({ policyId: l.key.policyId, ruleId: l.key.ruleId, clause: l.key.clause, ...frozen(l) }))
      .sort((a, b) => a.policyId.localeCompare(b.policyId) || a.ruleId.localeCompare(b.ruleId));
    const byMonth = [...this.#byMonth.entries()].map(([month, l]) => ({ month, closing: l.closing, ...frozen(l) }))
      .sort((a, b) => a.month.localeCompare(b.month));
    const byClauseMonth = [...this.#byClauseMonth.values()]
      .map((l) => ({ month: l.month, policyId: l.key.policyId, ruleId: l.key.ruleId, clause: l.key.clause, ...frozen(l) }))
      .sort((a, b) => a.month.localeCompare(b.month) || a.policyId.localeCompare(b.policyId) || a.ruleId.localeCompare(b.ruleId));
    const byRegion = [...this.#byRegion.values()].map((l) => ({ regionCode: l.regionCode, ...frozen(l) }))
      .sort((a, b) => a.regionCode.localeCompare(b.regionCode));
    for (const [name, lines] of [['policy and clause', byClause], ['month', byMonth], ['month and clause', byClauseMonth], ['region', byRegion]] as const) {
      assertSumsTo(total, lines, name);
    }
    return {
      jurisdiction: this.#jurisdiction, fiscalYear: this.#fiscalYear, throughSeq, entries: this.#entries, awards: this.#awardsSeen.size,
      accounts: this.#accounts, total, byClause, byMonth, byClauseMonth, byRegion,
    };
  }
}

/** The report cannot be built from what was read (an entry of an award it did not find): a store-level gap. */
export class ExecutionGap extends Error {
  override name = 'ExecutionGap';
}

function frozen(line: MutableLine): Line {
  return { flows: Object.fromEntries(FLOWS.map((f) => [f, { ...line.flows[f] }])) as Flows, positions: { ...line.positions } };
}

/** Each breakdown adds up to the total, flow by flow and account by account. */
function assertSumsTo(total: Line, lines: readonly Line[], name: string): void {
  for (const flow of FLOWS) {
    const count = lines.reduce((n, l) => n + l.flows[flow].count, 0);
    const fen = lines.reduce((n, l) => n + l.flows[flow].fen, 0);
    assert.equal(count, total.flows[flow].count, `budget execution by ${name}: ${flow} counts do not add up to the total`);
    assert.equal(fen, total.flows[flow].fen, `budget execution by ${name}: ${flow} sums do not add up to the total`);
  }
  for (const field of ['reservedFen', 'inTransitFen', 'disbursedFen', 'receivableFen'] as const) {
    assert.equal(lines.reduce((n, l) => n + l.positions[field], 0), total.positions[field], `budget execution by ${name}: ${field} does not add up to the total`);
  }
}
