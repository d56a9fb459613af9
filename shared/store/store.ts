/**
 * The award store on DynamoDB: one object over the modules that do the work (ADR 003, ADR 008).
 *
 *   core.ts         the command handler: read, decide, write with expected versions, retry within the deadline
 *   items.ts        money items both ways (awards, ledger entries and heads, budgets), zod schemas on the way back
 *   records.ts      event outcomes, fact keys, quarantine, revocations and their markers
 *   change-set.ts   the changes of one transaction
 *   intake.ts       facts and no-award outcomes in two round trips, batched per transaction
 *   revocations.ts  revocations in any order, only from the fact's source
 *   commands.ts     finance's decisions, amounts, payments, repayments, allocations, the budget queue
 *   queries.ts      awards, budgets, quarantine, revocations, event outcomes, a page at a time
 *   ledger.ts       the ledger in sequence, by date, by recipient, by award, a page at a time
 *   verify.ts       verification in bounded steps with a continuation
 *   payment-batches.ts, batch-filing.ts   payment batches claimed in one transaction, narrowed, marked FILED
 *   reconcile.ts    a bank file, read and validated by the caller, reconciled in bounded steps
 *   simulations.ts  what-if simulations, their tallies and report
 *   digest-bookmark.ts  where the digest run stopped signing
 *
 * This object is the only way into the table: the use cases (shared/app) and the functions ask it, never the modules
 * behind it; `core` is for those modules and the tests.
 */
import type { Principal } from '../domain/authz';
import type { Award } from '../domain/awards';
import type { ComputedAward } from '../domain/engine';
import type { FactIdentity } from '../domain/identity';
import { GENESIS_HASH, type Verification } from '../domain/ledger';
import { type AllocationCommand, commands, serveAllWaiting, serveWaiting, setAllocation } from './commands';
import { StoreCore, type StoreOptions } from './core';
import type { BatchInput, BatchOutcome, Recorded } from './intake';
import { entriesOfAward, type LedgerQuery, ledgerPage, listLedger } from './ledger';
import { type AwardQuery, listByTime, getAward, getEventOutcome, getRejection, getRevocation, listAwards, listBudgets, listRejections, listRevocations, readBudget } from './queries';
import { type Rejection, type RejectionInput, type RevocationState, fitRejection, parseRejection, rejectionItem } from './records';
import type { RecordedRevocation, RevocationInput } from './revocations';
import type { payees } from './payees';
import { parseBatch } from './batch-items';
import type { batches } from './payment-batches';
import type { reconciliation } from './reconcile';
import type { simulations } from './simulations';
import type { moveBookmark, readBookmark } from './digest-bookmark';
import type { Item } from './items';
import { keyOf, keys } from './table';
import type { ObjectionCommand } from '../domain/objections';
import type { CreditEntryInput } from '../domain/credit';
import type { PersonKey } from '../domain/person';
import type { AcceptedQuery } from './accepted-events';
import type * as later from './later';
import { deferred } from '../lazy';
import type { Status } from '../domain/lifecycle';
import type { ControlsConfig } from '../domain/controls';
import type { OfficialCalendar } from '../domain/calendar';

export { DEFAULT_RETRY, type RetryPolicy, type StoreOptions, withDeadline } from './core';
export { ContentionError, CorruptItemError, CursorError, ReportTooLargeError, StoreError } from './errors';
export type { BudgetState } from './items';
export { REVOCATION_STATES } from './records';
export type { EventOutcome, Rejection, RejectionInput, Revocation, RevocationState } from './records';
export type { Result } from './commands';
export type { BatchInput, BatchOutcome, Recorded, RevocationsMet } from './intake';
export type { Page, AwardQuery } from './queries';
export type { LedgerQuery } from './ledger';

export type { AcceptedEvent, AcceptedQuery, FirstEvent } from './accepted-events';
export type { RecordedRevocation, RevocationInput } from './revocations';
export type { JurisdictionVerification, VerifyProgress } from './verify';

export type { Payee, PayeeAccount } from '../domain/payees';
export { batchSummary } from './batch-items';
export type { ClaimInput, FileCheck, LeftOut, PaymentBatch, Unpayable } from './payment-batches';
export { identityOf } from './message-identity';
export type { BankMessage, StoredMessage } from './bank-messages';
export type { ExceptionKind, ImportScope, ImportSummary, Imported, ReconciliationException } from './reconcile';
export type { Simulation, SimulationStatus } from './simulations';
export type { StartKey } from './cursor';
export { sealCursorsWith } from './cursor';
export type { CreditImportResult } from './credit-lists';
export type { CreditListState } from './controls';

/** The functions of the modules the store loads on first use (ADR 024), as the facade calls them. */
type Later = Pick<typeof later, 'recordBatch' | 'recordOne' | 'recordRevocation' | 'importCreditEntries' | 'getCreditList' | 'listCreditLists'
  | 'endPublicities' | 'getAcceptedEvent' | 'listAcceptedEvents' | 'budgetExecution' | 'awardsOnStep' | 'verifyStep'>;

export class AwardStore {
  /** The command handler under the store's modules (core.ts): theirs and the tests', not the callers'. */
  readonly core: StoreCore;
  private readonly act: ReturnType<typeof commands>;
  /** Payee accounts under dual control (payees.ts). */
  readonly payees: ReturnType<typeof payees>;
  /** Payment batches: claimed, narrowed, filed (payment-batches.ts; the run is shared/app/payments/run.ts). */
  readonly batches: ReturnType<typeof batches>;
  /** Bank files, read by the caller, reconciled in steps; the exceptions they raise (reconcile.ts). */
  readonly reconciliation: ReturnType<typeof reconciliation>;
  /** What-if simulations and their tallies (simulations.ts; the job is shared/app/simulation.ts). */
  readonly simulations: ReturnType<typeof simulations>;
  /** Where the digest run stopped signing each jurisdiction (digest-bookmark.ts; shared/app/digests believes it or not). */
  readonly digestBookmark: {
    read: (jurisdiction: string) => ReturnType<typeof readBookmark>;
    move: (jurisdiction: string, to: Parameters<typeof moveBookmark>[2], refused: Parameters<typeof moveBookmark>[3]) => Promise<void>;
  };

  constructor(options: StoreOptions) {
    this.core = new StoreCore(options);
    this.act = commands(this.core);
    // What finance's every-minute routes do not use is loaded on first use (ADR 024): in a bundle each is a chunk of
    // its own, so the API's cold start does not parse payment, reconciliation, what-if, report or intake code.
    const core = this.core;
    this.payees = deferred(async () => (await import('./later')).payees(core), { getPayee: true, getPayees: true, proposePayee: true, confirmPayee: true });
    this.batches = deferred(async () => (await import('./later')).batches(core), {
      openBatches: true, claim: true, getBatch: true, settledOf: true, narrow: true, markFiled: true,
    });
    this.reconciliation = deferred(async () => (await import('./later')).reconciliation(core), {
      importFile: true, queueFile: true, importQueued: true, bankFile: true, listExceptions: true, resolveException: true,
    });
    this.simulations = deferred(async () => (await import('./later')).simulations(core), {
      get: true, put: true, readTallies: true, writeTallies: true, talliesPage: true, listItems: true,
    });
    this.digestBookmark = deferred(async () => {
      const { moveBookmark, readBookmark } = await import('./later');
      type Move = Parameters<typeof moveBookmark>;
      return { read: (j: string) => readBookmark(core, j), move: (j: string, to: Move[2], refused: Move[3]) => moveBookmark(core, j, to, refused) };
    }, { read: true, move: true });
    this.later = deferred<Later>(() => import('./later'), {
      recordBatch: true, recordOne: true, recordRevocation: true, importCreditEntries: true, getCreditList: true, listCreditLists: true,
      endPublicities: true, getAcceptedEvent: true, listAcceptedEvents: true, budgetExecution: true, awardsOnStep: true, verifyStep: true,
    });
  }

  /** The functions of the modules loaded on first use, by name (each takes the core first). */
  private readonly later: Later;

  /** The store's clock: what "now" is for every decision it records (tests set it). */
  clock = (): Date => this.core.clock();
  /** The controls before payment per jurisdiction, and the official calendar publicity is counted in (issue 21). */
  get controls(): ControlsConfig {
    return this.core.controls;
  }

  get calendar(): OfficialCalendar {
    return this.core.calendar;
  }

  /** A jurisdiction's batches, newest last, a page at a time. */
  listBatches = (jurisdiction: string, options: { limit?: number; cursor?: string | null } = {}) =>
    listByTime(this.core, keys.batchesOf(jurisdiction), options, parseBatch);

  // ---------------------------------------------------------------------------------------- intake

  /** Accepted events, each kept in the transaction that records its outcome (intake-plan.ts, revocations.ts; ADR 019). */
  getAcceptedEvent = (eventId: string) => this.later.getAcceptedEvent(this.core, eventId);
  listAcceptedEvents = (query: AcceptedQuery) => this.later.listAcceptedEvents(this.core, query);

  /** A batch of facts and no-award outcomes: one read, one transaction per chunk (intake.ts). */
  recordBatch(inputs: readonly BatchInput[]): Promise<BatchOutcome[]> {
    return this.later.recordBatch(this.core, inputs);
  }

  /** One fact's awards, in two round trips, with no delivered event to keep (tests and tools; intake uses recordBatch). */
  recordAwards(input: { eventId: string; source: string; fact: FactIdentity; awards: readonly ComputedAward[] }): Promise<Recorded> {
    return this.later.recordOne(this.core, { kind: 'fact', ...input, accepted: null });
  }

  async recordNoAward(input: { eventId: string; detailType: string; reason: string }): Promise<Recorded> {
    return this.later.recordOne(this.core, { kind: 'no-award', ...input, accepted: null });
  }

  /**
   * Quarantines a rejected event with its reason and its text, for audit; never retried, never lost. However large
   * or strange the event, the stored text and reason are cut to fit one item (with a note of what was cut). It is kept
   * under its id. `fingerprint` (a keyed MAC of the body as delivered) tells another
   * body under the same id from the same one delivered again (attack 2026-12-07-x, M2): the same body is a repeat,
   * another is kept beside the first, under the id and the start of its fingerprint, so every refused body is kept once.
   */
  async recordRejection(input: RejectionInput, fingerprint: string | null = null): Promise<{ rejection: Rejection; repeated: boolean }> {
    return this.core.transact<{ rejection: Rejection; repeated: boolean }>('recordRejection', async () => {
      const fitted = fitRejection(input, this.core.clock().toISOString());
      const first = keys.rejection(input.rejectionId);
      const beside = fingerprint === null ? null : `${input.rejectionId}~${fingerprint.slice(0, 16)}`;
      const found = await this.core.getMany(beside === null ? [first] : [first, keys.rejection(beside)]);
      const atFirst = found.get(keyOf(first));
      const sameBody = (item: Item) => (typeof item.fingerprint === 'string' && fingerprint !== null ? item.fingerprint === fingerprint : item.event === fitted.event);
      const keptBeside = beside === null ? undefined : found.get(keyOf(keys.rejection(beside)));
      // No fingerprint (a caller that has none) cannot tell bodies apart: the one kept under the id stands for all.
      const repeat = atFirst === undefined ? undefined : (sameBody(atFirst) || beside === null ? atFirst : keptBeside);
      if (repeat !== undefined) return { done: { rejection: parseRejection(repeat), repeated: true } };
      const rejection = atFirst === undefined || beside === null ? fitted : { ...fitted, rejectionId: beside };
      const item = { ...rejectionItem(rejection), ...(fingerprint === null ? {} : { fingerprint }) };
      return { write: [this.core.put(item, 'attribute_not_exists(pk)')], result: { rejection, repeated: false } };
    });
  }

  recordRevocation(input: RevocationInput): Promise<RecordedRevocation> {
    return this.later.recordRevocation({ core: this.core, serveWaiting: (j, y) => serveWaiting(this.core, j, y) }, input);
  }

  // ---------------------------------------------------------------------------------------- finance

  decide = (awardId: string, principal: Principal, command: { decision: 'approve' | 'reject'; comment: string }) => this.act.decide(awardId, principal, command);
  setAmount = (awardId: string, principal: Principal, command: { amountFen: number; basis: string }) => this.act.setAmount(awardId, principal, command);
  retryPayment = (awardId: string, principal: Principal) => this.act.retryPayment(awardId, principal);
  /** An officer releases an award on hold, with a basis (shared/domain/holds.ts). */
  releaseHold = (awardId: string, principal: Principal, command: { basis: string }) => this.act.releaseHold(awardId, principal, command);
  recordRepayment = (awardId: string, principal: Principal, command: { amountFen: number }) => this.act.recordRepayment(awardId, principal, command);

  // ---------------------------------------------------------------------------------------- controls (issue 21)

  /** An officer's hold (MANUAL), objections during publicity and their decisions (shared/domain/objections.ts). */
  hold = (awardId: string, principal: Principal, command: { note: string }) => this.act.hold(awardId, principal, command);
  recordObjection = (awardId: string, principal: Principal, command: ObjectionCommand) => this.act.recordObjection(awardId, principal, command);
  decideObjection = (awardId: string, principal: Principal, command: { objectionId: string; outcome: 'upheld' | 'dismissed'; basis: string }) =>
    this.act.decideObjection(awardId, principal, command);

  /** The publicity sweep of one jurisdiction: awards whose notice period is over become APPROVED (bounded). */
  endPublicities = (jurisdiction: string, limit?: number) => this.later.endPublicities(this.core, jurisdiction, limit);
  importCreditEntries = (principal: Principal, entries: readonly CreditEntryInput[], key: PersonKey) =>
    this.later.importCreditEntries(this.core, principal, entries, key);

  getCreditList = (recipientId: string) => this.later.getCreditList(this.core, recipientId);
  listCreditLists = (options: { limit?: number; cursor?: string | null } = {}) => this.later.listCreditLists(this.core, options);
  setAllocation = (principal: Principal, command: AllocationCommand) => setAllocation(this.core, principal, command);
  serveWaiting = (jurisdiction: string, fiscalYear: number, limit?: number) => serveWaiting(this.core, jurisdiction, fiscalYear, limit);
  serveAllWaiting = (jurisdiction: string, limit?: number) => serveAllWaiting(this.core, jurisdiction, limit);

  // ---------------------------------------------------------------------------------------- reads

  getAward = (awardId: string): Promise<Award | null> => getAward(this.core, awardId);
  getEventOutcome = (eventId: string) => getEventOutcome(this.core, eventId);
  getRejection = (rejectionId: string) => getRejection(this.core, rejectionId);
  getRevocation = (eventId: string) => getRevocation(this.core, eventId);
  getBudget = (jurisdiction: string, fiscalYear: number) => readBudget(this.core, jurisdiction, fiscalYear);
  listBudgets = (jurisdiction: string) => listBudgets(this.core, jurisdiction);
  listAwards = (query: AwardQuery) => listAwards(this.core, query);
  listRejections = (options: { limit?: number; cursor?: string | null } = {}) => listRejections(this.core, options);
  listRevocations = (options: { state?: RevocationState; limit?: number; cursor?: string | null } = {}) => listRevocations(this.core, options);
  listLedger = (query: LedgerQuery) => listLedger(this.core, query);
  ledgerPage = (jurisdiction: string, options: { fromSeq?: number; limit?: number } = {}) => ledgerPage(this.core, jurisdiction, options);
  entriesOfAward = (awardId: string) => entriesOfAward(this.core, awardId);
  /** A jurisdiction-year's budget execution, agreeing to the fen with its budget's accounts (reports.ts; issue 22). */
  budgetExecution = (jurisdiction: string, fiscalYear: number) => this.later.budgetExecution(this.core, jurisdiction, fiscalYear);
  /** Awards of one status, oldest recorded first, for the overdue check (bounded; `stop` ends the read early). */
  awardsOnStep = (jurisdiction: string, status: Status, max: number, stop: (award: Award) => boolean) =>
    this.later.awardsOnStep(this.core, jurisdiction, status, max, stop);

  verifyStep = (jurisdictions: readonly string[], cursor: string | null, stepMax?: number) => this.later.verifyStep(this.core, jurisdictions, cursor, stepMax);

  /**
   * Every entry of a jurisdiction, in order: for tests and local tools on small ledgers. Bounded by `max`; the API
   * and the CLI page instead.
   */
  async ledger(jurisdiction: string, max = 100_000): Promise<Awaited<ReturnType<typeof ledgerPage>>['entries']> {
    const all: Awaited<ReturnType<typeof ledgerPage>>['entries'] = [];
    for (let fromSeq: number | null = 1; fromSeq !== null && all.length < max;) {
      const page = await ledgerPage(this.core, jurisdiction, { fromSeq });
      all.push(...page.entries);
      fromSeq = page.nextSeq;
    }
    return all;
  }

  /** Verifies one jurisdiction to the end, step after step (what the CLI does through the API). */
  async verify(jurisdiction: string): Promise<Verification> {
    let cursor: string | null = null;
    for (;;) {
      const step = await this.later.verifyStep(this.core, [jurisdiction], cursor);
      const [done] = step.finished;
      if (done?.ok) return { ok: true, entries: done.entries, head: done.head, balances: new Map() };
      if (done !== undefined) return { ok: false, entries: done.entries, badSeq: done.badSeq, reason: done.reason };
      if (step.cursor === null) return { ok: true, entries: 0, head: GENESIS_HASH, balances: new Map() };
      cursor = step.cursor;
    }
  }
}
