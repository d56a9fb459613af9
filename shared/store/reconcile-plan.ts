/**
 * The plan of one reconciliation step (reconcile-steps.ts runs it): the next lines of a file, decided in order by the
 * rules of reconcile-rules.ts against the awards as they stand after the lines before (a debit and its return in one
 * step see each other), for as long as what they write fits ONE transaction beside the file's progress record.
 */
import assert from 'node:assert/strict';
import type { Award, Change } from '../domain/awards';
import { disputePayment } from '../domain/disputes';
import type { BankAnswer } from '../domain/bank';
import { confirmPayment, returnPayment } from '../domain/payments';
import { redactIdNumbers } from '../domain/person';
import type { BankEntry } from '../domain/bank';
import { LIMITS } from '../limits';
import { type Counts, type MessageIdentity, NO_COUNTS, addCounts } from './bank-messages';
import { type ReconciliationException, exceptionIdOf, openException } from './reconcile-exceptions';
import { type Decision, type FileFacts, type ImportScope, decideLine } from './reconcile-rules';

/** A file being reconciled: its identity, its entries (a whole batch's refusal spelt out) and what decisions need. */
export interface ImportJob {
  readonly identity: MessageIdentity;
  readonly entries: readonly BankEntry[];
  readonly facts: FileFacts;
  readonly scope: ImportScope;
}

export interface StepPlan {
  readonly taken: number;
  readonly counts: Counts;
  readonly changes: ReadonlyArray<{ change: Change; before: Award }>;
  /** Awards marked disputed (no money moves, no ledger entry): each written conditioned on the version it was read at. */
  readonly marks: ReadonlyArray<{ award: Award; before: Award }>;
  readonly exceptions: readonly ReconciliationException[];
}

/** What a step knows besides its lines: the awards as they stand, and the jurisdiction of each batch of ours named. */
export interface StepLookups {
  /** The award (null: there is none). */
  readonly awardOf: (awardId: string) => Award | null;
  /** The jurisdiction of one of our batches, null when the id is none of ours (or was not looked up). */
  readonly batchJurisdiction: (batchId: string) => string | null;
  /** The confirmed account the payment a line is about was sent to, when the line names a creditor account; else null. */
  readonly sentTo: (entry: BankEntry, award: Award | null) => string | null;
}

/** An exception's id comes from the file and the line that raised it: raising it again is writing it again. */
export const entryExceptionId = (job: ImportJob, index: number) => exceptionIdOf(job.identity.messageId, index);

const cut = (text: string | null) => (text === null ? null : Array.from(redactIdNumbers(text)).slice(0, LIMITS.payments.bankTextCharsMax).join(''));

/** What the bank said, as the award keeps it: the bank's words masked and bounded, with the booking it names. */
function answerOf(job: ImportJob, entry: BankEntry, at: string): BankAnswer {
  assert.ok(entry.outcome !== 'PENDING', 'a pending line settles nothing');
  return {
    messageId: job.identity.messageId, outcome: entry.outcome, reasonCode: cut(entry.reasonCode), reason: cut(entry.reason), at,
    type: job.identity.type, amountFen: entry.amountFen, bookingDate: entry.bookingDate, accountServicerRef: cut(entry.accountServicerRef),
    importedBy: job.scope.importedBy,
  };
}

/**
 * Where an exception is shown: to the officers of the award it names; naming none of ours, to those of the jurisdiction
 * of our batch it names (an id the bank mangled is still theirs to look at, review M3); else to every officer.
 */
function jurisdictionOf(entry: BankEntry, award: Award | null, lookups: StepLookups): string | null {
  if (award !== null) return award.jurisdiction;
  return entry.batchId === null ? null : lookups.batchJurisdiction(entry.batchId);
}

/** The lines a step may take from `from` (it may end sooner, when its writes would not fit one transaction). */
export const stepWindow = (job: ImportJob, from: number) => job.entries.slice(from, from + LIMITS.payments.bankFileStepEntriesMax);

/** A step's plan as it grows, line by line. */
interface Draft {
  readonly after: Map<string, Award>;
  readonly changes: Array<{ change: Change; before: Award }>;
  readonly marks: Array<{ award: Award; before: Award }>;
  readonly exceptions: ReconciliationException[];
  readonly touched: Set<string>;
  items: number;
}

/**
 * The exception a line raises (and, for a dispute, the award marked disputed), unless it was written already; false
 * when it does not fit the step's transaction or the award was changed earlier in this step (one write per item: the
 * next step takes the line).
 */
function raise(job: ImportJob, at: { index: number; now: Date }, entry: BankEntry, award: Award | null, decision: Extract<Decision, { kind: 'exception' | 'dispute' }>, plan: Draft & { existing: ReadonlySet<string> | null; lookups: StepLookups }): boolean {
  const exceptionId = entryExceptionId(job, at.index);
  if (plan.existing?.has(exceptionId) === true) return true;
  const when = at.now.toISOString();
  const marked = decision.kind === 'dispute' && award !== null
    ? disputePayment(award, { exceptionId, answer: answerOf(job, entry, when), at: when }, at.now)
    : null;
  if (marked !== null && plan.changes.some((c) => c.change.award.awardId === marked.awardId)) return false;
  if (plan.items + 1 + (marked === null ? 0 : 1) > LIMITS.store.transactItemsMax) return false;
  plan.items += 1 + (marked === null ? 0 : 1);
  if (marked !== null && award !== null) {
    plan.marks.push({ award: marked, before: award });
    plan.after.set(marked.awardId, marked);
  }
  const about = { endToEndId: entry.endToEndId, amountFen: entry.amountFen, jurisdiction: jurisdictionOf(entry, award, plan.lookups) };
  plan.exceptions.push(openException({ ...about, exceptionId, kind: decision.exception, messageId: job.identity.messageId, detail: decision.detail }, when));
  return true;
}

/** Settles the award the line names in the plan; false when its writes do not fit the step's transaction. */
function settle(job: ImportJob, now: Date, entry: BankEntry, award: Award, outcome: 'CONFIRMED' | 'RETURNED' | 'REJECTED', plan: Draft): boolean {
  // Each award and its ledger entry; its ledger head and budget once per step.
  const adds = [`H#${award.jurisdiction}`, `B#${award.jurisdiction}#${award.fiscalYear}`].filter((k) => !plan.touched.has(k));
  if (plan.items + 2 + adds.length > LIMITS.store.transactItemsMax) return false;
  const decider = outcome === 'CONFIRMED' ? confirmPayment : returnPayment;
  const decided = decider(award, answerOf(job, entry, now.toISOString()), { now });
  assert.ok(decided.ok, `a PAYING award is settled: ${decided.ok ? '' : decided.message}`);
  plan.changes.push({ change: decided.change, before: award });
  plan.after.set(award.awardId, decided.change.award);
  for (const k of adds) plan.touched.add(k);
  plan.items += 2 + adds.length;
  return true;
}

/**
 * Plans the step from `from`. `lookups` give each award as known and our batches' jurisdictions; `existing` the
 * exceptions already written (a file an import before version 3 left half done), or null when none are known to be.
 */
export function planStep(job: ImportJob, from: number, lookups: StepLookups, existing: ReadonlySet<string> | null, now: Date): StepPlan {
  const plan = { after: new Map<string, Award>(), changes: [], marks: [], exceptions: [], touched: new Set<string>(), items: 1, existing, lookups };
  let counts = NO_COUNTS;
  let taken = 0;
  for (const entry of stepWindow(job, from)) {
    const index = from + taken;
    const award = entry.endToEndId === null ? null : (plan.after.get(entry.endToEndId) ?? lookups.awardOf(entry.endToEndId));
    const decision = decideLine(job.facts, entry, index, award, job.scope, lookups.sentTo(entry, award));
    if (decision.kind === 'settle') {
      assert.ok(award !== null, 'a line settles an award that exists');
      if (!settle(job, now, entry, award, decision.outcome, plan)) break;
      counts = addCounts(counts, { ...NO_COUNTS, [decision.outcome === 'CONFIRMED' ? 'matched' : 'returned']: 1 });
    } else if (decision.kind === 'exception' || decision.kind === 'dispute') {
      if (!raise(job, { index, now }, entry, award, decision, plan)) break;
      counts = addCounts(counts, { ...NO_COUNTS, exceptions: 1 });
    } else {
      counts = addCounts(counts, { ...NO_COUNTS, [decision.kind === 'applied-before' ? decision.counted : decision.kind]: 1 });
    }
    taken += 1;
  }
  return { taken, counts, changes: plan.changes, marks: plan.marks, exceptions: plan.exceptions };
}
