/**
 * One step of a bank file's reconciliation (ADR 010, issue 19 finding 10): the next lines of the file, planned by
 * reconcile-plan.ts, written in ONE transaction with the file's progress. A step is all or nothing: a crash or a lost
 * race leaves the progress where it was and the next attempt plans it again, so each line is applied exactly once
 * however often a Lambda is retried or two imports of one file run side by side.
 *
 * Reads are batched and never repeated: each award a file names is read once (BatchGetItem, with the other awards of
 * its step), each budget and ledger head once per import, and what a step writes is what the next step knows. That is
 * safe because every write is conditioned on what it was planned from (an award's version, a budget's, the head's
 * sequence, the progress record's version): when another writer changed any of them, the transaction is cancelled and
 * the step is planned again from fresh reads, the exceptions its lines could raise included.
 */
import assert, { AssertionError } from 'node:assert/strict';
import type { Award } from '../domain/awards';
import type { BankEntry } from '../domain/bank';
import { type BankMessage, addCounts, messageItem, parseMessage } from './bank-messages';
import { ChangeSet, type WriteOp } from './change-set';
import { type StoreCore } from './core';
import { type BudgetState, type Head, type Item, awardItem, emptyBudget, parseAward, parseBudget, parseHead } from './items';
import { parseBatch } from './batch-items';
import { exceptionItem } from './reconcile-exceptions';
import { type ImportJob, type StepPlan, entryExceptionId, planStep, stepWindow } from './reconcile-plan';
import { type Key, keyOf, keys } from './table';
import { StaleReadError } from './errors';

export type { ImportJob } from './reconcile-plan';

/** What an import knows of the table, carried from one step to the next (see above for why that is safe). */
export interface Known {
  message: BankMessage;
  readonly awards: Map<string, Award | null>;
  readonly budgets: Map<string, BudgetState>;
  readonly heads: Map<string, Head>;
  /** The jurisdiction of each batch id a line naming no award of ours names, null when it is none of ours (never changes). */
  readonly batches: Map<string, string | null>;
  /** Per batch of ours a line names with a creditor account, each award's confirmed account in it; null: no such batch (never changes). */
  readonly creditors: Map<string, ReadonlyMap<string, string> | null>;
}

export const knownFrom = (message: BankMessage): Known => ({
  message, awards: new Map(), budgets: new Map(), heads: new Map(), batches: new Map(), creditors: new Map(),
});

/** The batch a line of an award is about: the one it names, else the award's current one. */
const batchOfLine = (entry: BankEntry, award: Award | null) => entry.batchId ?? award?.paymentId ?? null;

/**
 * The accounts our batches were sent to, for the lines of the step that name a creditor account (review 2026-12-07-b,
 * HIGH-1): each batch read once per import, and none for a file whose lines name no account.
 */
async function loadCreditors(core: StoreCore, job: ImportJob, known: Known): Promise<void> {
  const named = stepWindow(job, known.message.processed).filter((e) => e.creditorAccount !== null && e.endToEndId !== null);
  const ids = [...new Set(named.map((e) => batchOfLine(e, known.awards.get(e.endToEndId as string) ?? null)))]
    .filter((id): id is string => id !== null && !known.creditors.has(id));
  if (ids.length === 0) return;
  const read = await core.getMany(ids.map((id) => keys.batch(id)));
  for (const id of ids) {
    const item = read.get(keyOf(keys.batch(id)));
    known.creditors.set(id, item === undefined ? null : new Map(parseBatch(item).payments.map((p) => [p.awardId, p.creditor.accountNumber])));
  }
}

/** The account a line's payment was sent to, when the line names one and the batch it is about holds the award. */
function sentTo(known: Known, entry: BankEntry, award: Award | null): string | null {
  if (entry.creditorAccount === null || award === null) return null;
  const batch = batchOfLine(entry, award);
  return batch === null ? null : (known.creditors.get(batch)?.get(award.awardId) ?? null);
}

/**
 * The batches named by the step's lines that name no award of ours, read once per import (a second round trip only
 * when there are such lines): where their exceptions are shown (review M3). A batch item never changes.
 */
async function loadBatches(core: StoreCore, job: ImportJob, known: Known): Promise<void> {
  const namesNone = (e: BankEntry) => e.endToEndId === null || known.awards.get(e.endToEndId) === null;
  const unknown = stepWindow(job, known.message.processed).filter((e) => e.batchId !== null && namesNone(e));
  const ids = [...new Set(unknown.map((e) => e.batchId as string))].filter((id) => !known.batches.has(id));
  if (ids.length === 0) return;
  const read = await core.getMany(ids.map((id) => keys.batch(id)));
  for (const id of ids) {
    const item = read.get(keyOf(keys.batch(id)));
    known.batches.set(id, item === undefined ? null : parseBatch(item).jurisdiction);
  }
}

const budgetKeyOf = (jurisdiction: string, fiscalYear: number) => `${jurisdiction}#${fiscalYear}`;

/**
 * Reads what the step from the known progress needs and `known` does not hold; after a lost race (`fresh`), all of it
 * again, the progress record and the exceptions the step's lines could raise included. Returns those that exist.
 */
async function load(core: StoreCore, job: ImportJob, known: Known, fresh: boolean): Promise<ReadonlySet<string> | null> {
  const from = known.message.processed;
  const ids = [...new Set(stepWindow(job, from).flatMap((e) => (e.endToEndId === null ? [] : [e.endToEndId])))];
  const awardIds = fresh ? ids : ids.filter((id) => !known.awards.has(id));
  const exceptionKeys = fresh ? stepWindow(job, from).map((_, i) => keys.exception(entryExceptionId(job, from + i))) : [];
  const messageKey = keys.bankMessage(job.identity.messageId);
  const wanted: Key[] = [...(fresh ? [messageKey] : []), ...awardIds.map((id) => keys.award(id)), ...exceptionKeys];
  if (wanted.length === 0) return null;
  const read = await core.getMany(wanted);
  if (fresh) {
    const record = read.get(keyOf(messageKey));
    assert.ok(record, `bank message ${job.identity.messageId} was claimed before its first step`);
    known.message = parseMessage(record) as BankMessage;
    known.budgets.clear();
    known.heads.clear();
  }
  for (const id of awardIds) {
    const item = read.get(keyOf(keys.award(id)));
    known.awards.set(id, item === undefined ? null : parseAward(item));
  }
  return fresh ? new Set(exceptionKeys.filter((k) => read.has(keyOf(k))).map((k) => k.pk.slice('EXCEPTION#'.length))) : null;
}

/** Tracks in `set` the budgets the step's changes move, reading those not known yet; answers the heads they extend. */
async function money(core: StoreCore, known: Known, changes: StepPlan['changes'], set: ChangeSet): Promise<{ heads: Map<string, Head>; budgetsRead: boolean }> {
  const years = new Map(changes.map(({ before: a }) => [budgetKeyOf(a.jurisdiction, a.fiscalYear), [a.jurisdiction, a.fiscalYear] as const]));
  const jurisdictions = [...new Set(changes.map(({ before: a }) => a.jurisdiction))];
  const missingYears = [...years.entries()].filter(([k]) => !known.budgets.has(k)).map(([, v]) => v);
  const missingHeads = jurisdictions.filter((j) => !known.heads.has(j));
  const wanted: Key[] = [...missingYears.map(([j, y]) => keys.budget(j, y)), ...missingHeads.map((j) => keys.ledgerHead(j))];
  const read = wanted.length === 0 ? new Map<string, Item>() : await core.getMany(wanted);
  for (const [j, y] of missingYears) {
    const item = read.get(keyOf(keys.budget(j, y)));
    known.budgets.set(budgetKeyOf(j, y), item === undefined ? emptyBudget(j, y) : parseBudget(item));
  }
  for (const j of missingHeads) known.heads.set(j, parseHead(read.get(keyOf(keys.ledgerHead(j))) ?? null));
  for (const key of years.keys()) set.trackBudget(known.budgets.get(key) as BudgetState);
  return { heads: new Map(jurisdictions.map((j) => [j, known.heads.get(j) as Head])), budgetsRead: missingYears.length > 0 };
}

/**
 * The step's changes added to `set`. A budget read in this attempt was read after the awards: a change that would take
 * it below zero was planned from an award as it was and a budget another import has moved since (a rejection and a
 * confirmation of one batch imported at once), so it is planned again from fresh reads, as a lost race is, instead of
 * failing the import on the invariant (review 2026-12-07-b, MEDIUM-3: a 500 that left the file RUNNING). Consistent
 * reads never take a budget below zero, so the invariant still stops anything else.
 */
function addChanges(set: ChangeSet, changes: StepPlan['changes'], budgetsRead: boolean): void {
  try {
    for (const { change, before } of changes) set.add(change, before);
  } catch (error) {
    if (budgetsRead && error instanceof AssertionError && error.message.includes('below zero')) throw new StaleReadError(`planned from stale reads: ${error.message}`, { cause: error });
    throw error;
  }
}

/** What the step's transaction leaves in the table: the awards, budgets and heads the next step plans from. */
function learned(set: ChangeSet, write: readonly WriteOp[], awards: readonly Award[]) {
  const moved = [...set.budgets.values()].filter(({ before, after }) => before !== after);
  const budgets = moved.map(({ before, after }) => ({ ...after, version: before.version + 1 }));
  const heads = write.flatMap((op) => {
    const item = op.Put?.Item as Item | undefined;
    return item?.sk === 'HEAD' && String(item.pk).startsWith('LEDGER#') ? [[String(item.pk).slice('LEDGER#'.length), parseHead(item)] as const] : [];
  });
  return { awards, budgets, heads };
}

type Stepped = { next: BankMessage; learned: ReturnType<typeof learned> | null };

/**
 * Reconciles the next step of the file from `known` and returns what is known after it; when another import already
 * moved the file on (or finished it), what it found.
 */
export async function runStep(core: StoreCore, job: ImportJob, known: Known): Promise<Known> {
  let fresh = false;
  const stepped = await core.transact<Stepped>('reconcileStep', async () => {
    const now = core.clock();
    const from = known.message.processed;
    const existing = await load(core, job, known, fresh);
    fresh = true;
    if (known.message.processed !== from || known.message.status === 'DONE') return { done: { next: known.message, learned: null } };
    await loadBatches(core, job, known);
    await loadCreditors(core, job, known);
    const lookups = {
      awardOf: (id: string) => known.awards.get(id) ?? null,
      batchJurisdiction: (id: string) => known.batches.get(id) ?? null,
      sentTo: (entry: BankEntry, award: Award | null) => sentTo(known, entry, award),
    };
    const plan = planStep(job, from, lookups, existing, now);
    assert.ok(plan.taken > 0, 'a step reconciles at least one line');
    const set = new ChangeSet(core.table);
    const { heads, budgetsRead } = await money(core, known, plan.changes, set);
    addChanges(set, plan.changes, budgetsRead);
    for (const { award, before } of plan.marks) set.put(awardItem(award), 'version = :version', { ':version': before.version });
    for (const e of plan.exceptions) set.put(exceptionItem(e), 'attribute_not_exists(pk)');
    const processed = from + plan.taken;
    const status = processed === job.entries.length ? 'DONE' : 'RUNNING';
    const counts = addCounts(known.message, plan.counts);
    const next: BankMessage = { ...known.message, ...counts, processed, status, updatedAt: now.toISOString(), version: known.message.version + 1 };
    set.put(messageItem(next), 'version = :version', { ':version': known.message.version });
    const { write, awards } = await core.build(set, now, heads);
    return { write, result: { next, learned: learned(set, write, [...awards, ...plan.marks.map((m) => m.award)]) } };
  });
  known.message = stepped.next;
  for (const award of stepped.learned?.awards ?? []) known.awards.set(award.awardId, award);
  for (const budget of stepped.learned?.budgets ?? []) known.budgets.set(budgetKeyOf(budget.jurisdiction, budget.fiscalYear), budget);
  for (const [j, head] of stepped.learned?.heads ?? []) known.heads.set(j, head);
  return known;
}
