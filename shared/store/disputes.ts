/**
 * Resolving the exception of a disputed payment (shared/domain/disputes.ts, review H1): the exception, the award and,
 * when the money moves, its ledger entry, budget and head, in ONE transaction conditioned on what was read, so the
 * dispute is settled exactly once however many officers press the button.
 */
import type { Principal } from '../domain/authz';
import { type Award, fail } from '../domain/awards';
import { applyPostings } from '../domain/ledger';
import { formatYuan } from '../domain/money';
import { decidedWords, type DisputeOutcome, clearDispute, recordPaid } from '../domain/disputes';
import { ChangeSet } from './change-set';
import type { Result } from './commands';
import { type Plan, type StoreCore } from './core';
import { type Item, awardItem, emptyBudget, parseAward, parseBudget, parseHead } from './items';
import { keyOf, keys } from './table';

/** The exception, as the caller keeps it: what disputes.ts needs to know of it. */
interface DisputeException {
  readonly exceptionId: string;
  readonly kind: string;
  readonly endToEndId: string | null;
}

/** The award a NOT_PAYING exception disputes, as it stands now; null when it disputes none (or no longer does). */
export async function disputedBy(core: StoreCore, exception: DisputeException): Promise<Award | null> {
  // Whatever the exception's kind (NOT_PAYING, OTHER_BATCH, NO_BATCH_REFERENCE…): the award names the exception it waits on.
  if (exception.endToEndId === null) return null;
  const item = await core.get(keys.award(exception.endToEndId));
  const award = item === null ? null : parseAward(item);
  return award?.disputed?.exceptionId === exception.exceptionId ? award : null;
}

export interface DisputeResolution<T> {
  readonly award: Award;
  readonly principal: Principal;
  readonly exceptionId: string;
  readonly note: string;
  readonly outcome: DisputeOutcome;
  /** The exception resolved with this note (what was decided, then the officer's words) and outcome: its item and value. */
  readonly resolved: (note: string, outcome: DisputeOutcome) => { item: Item; value: T };
}

/** The plan of a dispute's resolution: the decision (paid or not), the exception resolved with it, or the refusal. */
export async function planDisputeResolution<T>(core: StoreCore, input: DisputeResolution<T>): Promise<Plan<Result<T>>> {
  const { award, principal, outcome } = input;
  const now = core.clock();
  const command = { exceptionId: input.exceptionId, note: input.note };
  const decided = outcome === 'paid' ? recordPaid(award, principal, command, { now }) : clearDispute(award, principal, command, { now });
  if (!decided.ok) return { done: decided };
  const resolved = input.resolved(`${decidedWords(outcome, award)}${input.note}`, outcome);
  const set = new ChangeSet(core.table);
  set.put(resolved.item, 'attribute_not_exists(resolvedAt)');
  if (decided.change === null) {
    // Not paid, nothing revoked: the dispute is cleared and no money moves, so no ledger entry.
    if ('award' in decided) set.put(awardItem(decided.award), 'version = :version', { ':version': award.version });
    const { write } = await core.build(set, now);
    return { write, result: { ok: true, value: resolved.value } };
  }
  const budgetKey = keys.budget(award.jurisdiction, award.fiscalYear);
  const headKey = keys.ledgerHead(award.jurisdiction);
  const read = await core.getMany([budgetKey, headKey]);
  const item = read.get(keyOf(budgetKey));
  const budget = item === undefined ? emptyBudget(award.jurisdiction, award.fiscalYear) : parseBudget(item);
  // A voided award's payment recorded after all takes from available what its void released, which may be spent:
  // refused, with the figures, until a budget-admin raises the allocation (the budget never goes below zero).
  const after = applyPostings(budget, decided.change.draft.postings);
  if ('negative' in after) {
    const short = `recording ${formatYuan(decided.change.draft.amountFen)} paid for ${award.awardId} would take the ${after.negative} account of ${award.jurisdiction}/${award.fiscalYear} below zero`;
    return { done: fail('CONFLICT', `${short} (available ${formatYuan(budget.availableFen)}): a budget-admin of ${award.jurisdiction} raises the allocation first, then resolve it again`) };
  }
  set.trackBudget(budget);
  set.add(decided.change, award);
  const { write } = await core.build(set, now, new Map([[award.jurisdiction, parseHead(read.get(keyOf(headKey)) ?? null)]]));
  return { write, result: { ok: true, value: resolved.value } };
}
