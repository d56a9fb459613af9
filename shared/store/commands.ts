/**
 * What finance and the payment path do to one award, and to a budget: each a pure decider run by the command
 * handler (`StoreCore.transact`) over a snapshot of the award, its budget and its ledger head.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand, TransactGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '../domain/authz';
import { type AwardCommand, COMMAND_NAMES, decide, evolve } from '../domain/award-decider';
import { type Award, type Failure, type RevokedBy, allocate, fail, serveFromQueue } from '../domain/awards';
import type { PublicityRule } from '../domain/decisions';
import type { ObjectionCommand } from '../domain/objections';
import { LIMITS } from '../limits';
import { ChangeSet } from './change-set';
import { type CapState, type CreditListState, controlKeys, parseCap, parseCreditList } from './controls';
import { controlsOf } from '../domain/controls';
import { type StoreCore } from './core';
import { CorruptItemError } from './errors';
import { type BudgetState, type Head, type Item, emptyBudget, parseAward, parseBudget, parseHead } from './items';
import { listBudgets, readBudget } from './queries';
import { keyOf, keys } from './table';

export type Result<T> = { readonly ok: true; readonly value: T } | Failure;

/**
 * An award, its budget, its ledger head and what its controls need (the recipient's credit list and cap total) as of
 * one instant (TransactGetItems is serialisable).
 */
type Snapshot = { award: Award; budget: BudgetState; head: Head; credit: CreditListState; cap: CapState | null };
async function snapshot(core: StoreCore, awardId: string): Promise<Snapshot | null> {
  const first = await core.get(keys.award(awardId));
  if (first === null) return null;
  const { jurisdiction, fiscalYear, recipientId } = parseAward(first);
  const controls = controlKeys(core.controls, jurisdiction, fiscalYear, recipientId);
  const wanted = [keys.award(awardId), keys.budget(jurisdiction, fiscalYear), keys.ledgerHead(jurisdiction), ...controls];
  const out = await core.client.send(new TransactGetCommand({ TransactItems: wanted.map((Key) => ({ Get: { TableName: core.table, Key } })) }));
  const [award, budget, head, credit, cap] = (out.Responses ?? []).map((r) => (r.Item as Item | undefined) ?? null);
  if (award === null || award === undefined) return null;
  return {
    award: parseAward(award),
    budget: budget ? parseBudget(budget) : emptyBudget(jurisdiction, fiscalYear),
    head: parseHead(head ?? null),
    credit: parseCreditList(recipientId, credit ?? null),
    cap: parseCap(core.controls, jurisdiction, fiscalYear, recipientId, cap ?? null),
  };
}

/** A snapshot's budget and its recipient's controls, tracked on a change set (the first read of each is kept). */
function track(set: ChangeSet, read: Snapshot): ChangeSet {
  set.trackBudget(read.budget);
  set.trackRecipient(read.credit, read.cap);
  return set;
}

/**
 * Runs a command over one award in one transaction: `decide` over the award as read, then `evolve` to its next state
 * (shared/domain/award-decider.ts); the store decides nothing itself. Retried from fresh state when a race is lost.
 */
export async function mutate(core: StoreCore, awardId: string, command: AwardCommand): Promise<Result<Award>> {
  return core.transact<Result<Award>>(COMMAND_NAMES[command.kind], async () => {
    const now = core.clock();
    const set = new ChangeSet(core.table);
    const heads = new Map<string, Head>();
    const added = await addCommand(core, set, heads, awardId, command, now);
    if (!added.ok) return { done: added };
    const { write, awards } = await core.build(set, now, heads);
    return { write, result: { ok: true, value: awards[0] as Award } };
  });
}

/**
 * A system command over one award added to a change set that other writes share (a revocation's record and its
 * voids, one transaction: ADR 028): the award read with its budget, head and controls (the first read of each is
 * kept), decided, and added. The award as changed, or the refusal (nothing added).
 */
export async function addCommand(
  core: StoreCore, set: ChangeSet, heads: Map<string, Head>, awardId: string, command: AwardCommand, now: Date,
): Promise<Result<Award>> {
  const read = await snapshot(core, awardId);
  if (read === null) return fail('NOT_FOUND', `no award ${awardId}`);
  const { award } = read;
  track(set, read);
  if (!heads.has(award.jurisdiction)) heads.set(award.jurisdiction, read.head);
  const context = { now, budget: set.view(award.jurisdiction, award.fiscalYear), config: core.config, publicity: publicityRule(core, award.jurisdiction) };
  const decided = decide(command, award, context);
  if (!decided.ok) return decided;
  const change = set.add({ ...decided.change, award: evolve(award, decided.change) }, award);
  return { ok: true, value: change.award };
}

/** The notice period of a jurisdiction, as the store is configured; null when publicity is off there. */
export function publicityRule(core: StoreCore, jurisdiction: string): PublicityRule | null {
  const workingDays = controlsOf(core.controls, jurisdiction).publicityWorkingDays;
  return workingDays === 0 ? null : { workingDays, calendar: core.calendar };
}

export function commands(core: StoreCore) {
  const run = (awardId: string, command: AwardCommand) => mutate(core, awardId, command);
  return {
    decide: async (awardId: string, principal: Principal, command: { decision: 'approve' | 'reject'; comment: string }): Promise<Result<Award>> => {
      const result = await run(awardId, { kind: 'decide', principal, decision: command.decision, comment: command.comment });
      // A rejection, or an approval the credit list held instead, gives its reservation back to the queue.
      if (result.ok && ['REJECTED', 'ON_HOLD'].includes(result.value.status)) await serveWaiting(core, result.value.jurisdiction, result.value.fiscalYear);
      return result;
    },
    hold: async (awardId: string, principal: Principal, command: { note: string }): Promise<Result<Award>> => {
      const result = await run(awardId, { kind: 'hold', principal, note: command.note });
      if (result.ok) await serveWaiting(core, result.value.jurisdiction, result.value.fiscalYear);
      return result;
    },
    recordObjection: (awardId: string, principal: Principal, objection: ObjectionCommand) =>
      run(awardId, { kind: 'record-objection', principal, objectionId: `ob-${randomUUID()}`, objection }),
    decideObjection: async (awardId: string, principal: Principal, command: { objectionId: string; outcome: 'upheld' | 'dismissed'; basis: string }): Promise<Result<Award>> => {
      const result = await run(awardId, { kind: 'decide-objection', principal, objectionId: command.objectionId, outcome: command.outcome, basis: command.basis });
      if (result.ok && result.value.status === 'REJECTED') await serveWaiting(core, result.value.jurisdiction, result.value.fiscalYear);
      return result;
    },
    setAmount: (awardId: string, principal: Principal, command: { amountFen: number; basis: string }) =>
      run(awardId, { kind: 'set-amount', principal, amountFen: command.amountFen, basis: command.basis }),
    retryPayment: (awardId: string, principal: Principal) => run(awardId, { kind: 'retry-payment', principal }),
    releaseHold: (awardId: string, principal: Principal, command: { basis: string }) => run(awardId, { kind: 'release-hold', principal, basis: command.basis }),
    recordRepayment: (awardId: string, principal: Principal, command: { amountFen: number }) =>
      run(awardId, { kind: 'record-repayment', principal, amountFen: command.amountFen }),
    revoke: (awardId: string, revokedBy: RevokedBy) => run(awardId, { kind: 'revoke', revokedBy }),
  };
}

/** Sets a jurisdiction-year's allocation, then serves waiting awards first come, first served. */
export interface AllocationCommand {
  readonly jurisdiction: string;
  readonly fiscalYear: number;
  readonly allocatedFen: number;
}

export async function setAllocation(core: StoreCore, principal: Principal, command: AllocationCommand): Promise<Result<BudgetState>> {
  const result = await core.transact<Result<null>>('setAllocation', async () => {
    const now = core.clock();
    const set = new ChangeSet(core.table);
    // The budget and the ledger head in one round trip.
    const budgetKey = keys.budget(command.jurisdiction, command.fiscalYear);
    const headKey = keys.ledgerHead(command.jurisdiction);
    const read = await core.getMany([budgetKey, headKey]);
    const budgetItem = read.get(keyOf(budgetKey));
    const budget = budgetItem === undefined ? emptyBudget(command.jurisdiction, command.fiscalYear) : parseBudget(budgetItem);
    set.trackBudget(budget);
    const decided = allocate(principal, command, set.view(command.jurisdiction, command.fiscalYear));
    if (!decided.ok) return { done: decided };
    if (decided.draft.postings.length === 0 && budget.version > 0) return { done: { ok: true, value: null } };
    set.addEntry(command.jurisdiction, decided.draft);
    const { write } = await core.build(set, now, new Map([[command.jurisdiction, parseHead(read.get(keyOf(headKey)) ?? null)]]));
    return { write, result: { ok: true, value: null } };
  });
  if (!result.ok) return result;
  await serveWaiting(core, command.jurisdiction, command.fiscalYear);
  return { ok: true, value: await readBudget(core, command.jurisdiction, command.fiscalYear) };
}

/**
 * Reserves budget for the awards at the head of a jurisdiction-year's queue, in the order they began to wait, until
 * the next one does not fit or `limit` are served (the budget sweeper serves the rest). Returns how many were served.
 */
export async function serveWaiting(core: StoreCore, jurisdiction: string, fiscalYear: number, limit: number = LIMITS.store.servedPerCallMax): Promise<number> {
  let served = 0;
  // Each round serves the head of the queue or finds it moved by another writer; both shorten the queue, and the
  // rounds are bounded all the same.
  for (let round = 0; served < limit && round < 2 * limit; round++) {
    const out = await core.client.send(
      new QueryCommand({
        TableName: core.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.waitingPartition(jurisdiction, fiscalYear) },
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    const first = out.Items?.[0] as Item | undefined;
    if (first === undefined) return served;
    const result = await serveOne(core, jurisdiction, fiscalYear, first);
    if (result === 'blocked') return served;
    if (result === 'served') served += 1;
  }
  return served;
}

async function serveOne(core: StoreCore, jurisdiction: string, fiscalYear: number, queued: Item): Promise<'served' | 'blocked' | 'moved'> {
  const awardId = String(queued.awardId);
  return core.transact<'served' | 'blocked' | 'moved'>('serveWaiting', async () => {
    const now = core.clock();
    const read = await snapshot(core, awardId);
    if (read === null || read.award.status !== 'AWAITING_BUDGET' || read.award.waitSeq !== Number(queued.sk)) {
      // Another writer (a rejection, a revocation, another server) moved the award after the queue was read: a lost
      // race if its queue item is gone too, corruption if the item stays behind.
      if ((await core.get({ pk: String(queued.pk), sk: String(queued.sk) })) === null) return { done: 'moved' };
      throw new CorruptItemError(`queue ${jurisdiction}/${fiscalYear} holds ${awardId}, which is not waiting there`);
    }
    const set = track(new ChangeSet(core.table), read);
    const change = serveFromQueue(read.award, { now, budget: set.view(jurisdiction, fiscalYear) });
    if (change === null) return { done: 'blocked' };
    set.add({ ...change, award: evolve(read.award, change) }, read.award);
    const { write } = await core.build(set, now, new Map([[jurisdiction, read.head]]));
    return { write, result: 'served' };
  });
}

/**
 * The safety net under "released budget reaches waiting awards": serves every fiscal year of a jurisdiction that has
 * awards waiting, whatever died between a release and its serving. Bounded: one budget item per year, each year at
 * most `limit` served.
 */
export async function serveAllWaiting(core: StoreCore, jurisdiction: string, limit: number = LIMITS.store.servedPerCallMax): Promise<number> {
  let served = 0;
  for (const budget of await listBudgets(core, jurisdiction)) {
    if (budget.waitingCount > 0) served += await serveWaiting(core, jurisdiction, budget.fiscalYear, limit);
  }
  return served;
}
