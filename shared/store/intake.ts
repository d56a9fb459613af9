/**
 * Intake in two round trips (ADR 008, ADR 019): one BatchGetItem of everything a batch of events needs (each fact's
 * key, with any revocations waiting for it; the budgets and ledger heads of the jurisdictions it pays in; an event's
 * own key only when it is planned alone), then one TransactWriteItems that records the whole batch, each event as
 * accepted beside its outcome, each ledger head and budget written once. A batch that loses a race on its shared
 * items (a head, a budget) is planned again; an event that loses one on its own items (its event key: a redelivery;
 * its fact key: a repeat or a revocation recorded meanwhile) is taken out and planned alone, with the full retry loop
 * of `StoreCore.transact`.
 */
import assert from 'node:assert/strict';
import { LIMITS } from '../limits';
import { acceptedItem } from './accepted-events';
import type { WriteOp } from './change-set';
import { type StoreCore, cancellationReasons, isLostRace } from './core';
import { type BatchInput, type Recorded, planChunk } from './intake-plan';
import { type Item, parseAward } from './items';
import { itemBytes } from './transaction-size';
import { outcomeAwardIds } from './records';
import { type Key, keyOf, keys } from './table';

export type { BatchInput, FactInput, NoAwardInput, Recorded, RevocationsMet } from './intake-plan';

export type BatchOutcome = { readonly ok: true; readonly value: Recorded } | { readonly ok: false; readonly error: unknown };

/** Records a batch of events; one outcome per input, in order. A failure of one event fails only that event. */
export async function recordBatch(core: StoreCore, inputs: readonly BatchInput[]): Promise<BatchOutcome[]> {
  const outcomes = new Map<number, BatchOutcome>();
  const alone: number[] = [];
  let queue = inputs.map((_, i) => i);
  while (queue.length > 0) {
    const chunk = takeChunk(inputs, queue);
    queue = [...(await runChunk(core, inputs, chunk, outcomes, alone)), ...queue.slice(chunk.length)];
  }
  for (const i of alone) {
    try {
      outcomes.set(i, { ok: true, value: await recordOne(core, inputs[i] as BatchInput) });
    } catch (error) {
      outcomes.set(i, { ok: false, error });
    }
  }
  const ordered = inputs.map((_, i) => outcomes.get(i) as BatchOutcome);
  return withAwardsOfRepeats(core, ordered);
}

/** One event, planned and written alone, retried from fresh state whenever it loses a race. */
export async function recordOne(core: StoreCore, input: BatchInput): Promise<Recorded> {
  const results = await core.transact<Recorded>('recordEvent', async () => {
    const plan = await planChunk(core, [input], [0], true);
    // One event's plan cannot be split: one that does not fit a transaction is a broken limit (shared/limits.ts).
    assert.equal(plan.oversize, null, plan.oversize ?? '');
    const result = plan.results.get(0) as Recorded;
    return plan.write.length === 0 ? { done: result } : { write: plan.write, result };
  });
  const [withAwards] = await withAwardsOfRepeats(core, [{ ok: true, value: results }]);
  if (withAwards === undefined || !withAwards.ok) throw new Error('recordOne produced no outcome');
  return withAwards.value;
}

/**
 * As many events as fit one transaction, estimated before reading: each event its outcome and the event as accepted
 * (its bytes counted too); each fact its fact and spelling keys, an award and an entry per award and a lead claim per
 * project its rule pays one lead for; once per chunk, each jurisdiction's head and budget, each recipient's credit list
 * (a condition) and each recipient's cap total per jurisdiction. What cannot be known before reading (awards that
 * queue for budget, revocations met) can push a plan over, and then it is split (runChunk).
 */
function takeChunk(inputs: readonly BatchInput[], queue: readonly number[]): number[] {
  const chunk: number[] = [];
  let [items, bytes] = [0, 0];
  const shared = new Set<string>();
  for (const i of queue) {
    const input = inputs[i] as BatchInput;
    const awards = input.kind === 'fact' ? input.awards : [];
    const leads = new Set(awards.flatMap((a) => (a.leadClaim === null ? [] : [a.leadClaim]))).size;
    const own = 1 + (input.accepted === null ? 0 : 1) + (input.kind === 'fact' ? 2 + 2 * awards.length + leads : 0);
    // Head and budget per jurisdiction, credit list per recipient, cap total per jurisdiction and recipient.
    const needs = [...new Set(awards.flatMap((a) => [`head#${a.jurisdiction}`, `budget#${a.jurisdiction}`, `credit#${a.recipientId}`, `cap#${a.jurisdiction}#${a.recipientId}`]))];
    const added = needs.filter((k) => !shared.has(k));
    // The other items are a few KB each at most; the accepted event's detail can be a hundred (LIMITS.store.acceptedDetailCharsMax).
    const size = (own + added.length) * ESTIMATED_ITEM_BYTES + (input.accepted === null ? 0 : itemBytes(acceptedItem(input.accepted)));
    if (chunk.length > 0 && (items + own + added.length > LIMITS.store.transactItemsMax || bytes + size > LIMITS.store.transactBytesMax)) break;
    chunk.push(i);
    items += own + added.length;
    bytes += size;
    for (const k of added) shared.add(k);
  }
  return chunk;
}

/** What takeChunk reckons an item other than the accepted event takes, in bytes (an award is about 2 KB). */
const ESTIMATED_ITEM_BYTES = 4 * 1024;

/** Runs one chunk to its end; returns the events deferred to the next chunk. */
async function runChunk(
  core: StoreCore,
  inputs: readonly BatchInput[],
  chunk: number[],
  outcomes: Map<number, BatchOutcome>,
  alone: number[],
): Promise<number[]> {
  let members = chunk;
  for (let attempt = 1; ; attempt++) {
    if (members.length <= 1) {
      alone.push(...members);
      return [];
    }
    const plan = await planChunk(core, inputs, members, false);
    if (plan.oversize !== null) {
      // More items or bytes than estimated (awards that queue for budget, revocation updates): plan each half on its own.
      const planned = members.filter((i) => !plan.deferred.includes(i));
      const half = Math.ceil(planned.length / 2);
      // The first half runs now; the second half and the deferred come back as the next chunks.
      return [...(await runChunk(core, inputs, planned.slice(0, half), outcomes, alone)), ...planned.slice(half), ...plan.deferred];
    }
    try {
      if (plan.write.length > 0) await core.write(plan.write);
      for (const [i, result] of plan.results) outcomes.set(i, { ok: true, value: result });
      return plan.deferred;
    } catch (error) {
      const codes = cancellationReasons(error);
      if (codes === null || !isLostRace(codes)) {
        alone.push(...members.filter((i) => !plan.deferred.includes(i)));
        return plan.deferred;
      }
      // The events whose own items failed a condition go alone; a race lost on shared items is planned again.
      const losers = new Set(codes.flatMap((code, n) => (code === 'None' ? [] : [plan.owners.get(ownedKey(plan.write[n]))])).filter((i) => i !== undefined));
      if (losers.size > 0) {
        alone.push(...losers);
        members = members.filter((i) => !losers.has(i));
      }
      // A race lost on the head or a budget: the batch is planned again whole (singles would only contend more), up
      // to the store's attempts and the invocation's deadline.
      await core.backoff('recordBatch', attempt, core.retry.attemptsMax, codes, error);
    }
  }
}

function ownedKey(op: WriteOp | undefined): string {
  const key = (op?.Put?.Item ?? op?.Update?.Key ?? op?.ConditionCheck?.Key ?? op?.Delete?.Key) as Key | undefined;
  return key === undefined ? '' : keyOf({ pk: key.pk, sk: key.sk });
}

/** Repeats and redeliveries report the awards that exist: read, in one round trip, only when there are any. */
async function withAwardsOfRepeats(core: StoreCore, outcomes: BatchOutcome[]): Promise<BatchOutcome[]> {
  const ids = outcomes.flatMap((o) => (o.ok && o.value.repeated ? outcomeAwardIds(o.value.outcome) : []));
  if (ids.length === 0) return outcomes;
  const read = await core.getMany(ids.map((id) => keys.award(id)));
  const award = (id: string) => read.get(keyOf(keys.award(id)));
  return outcomes.map((o) => {
    if (!o.ok || !o.value.repeated) return o;
    const awards = outcomeAwardIds(o.value.outcome).flatMap((id) => (award(id) === undefined ? [] : [parseAward(award(id) as Item)]));
    return { ok: true, value: { ...o.value, awards } };
  });
}
