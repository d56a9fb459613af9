/**
 * Intake in two round trips (ADR 008): one BatchGetItem of everything a batch of events needs (each fact's key,
 * with any revocations waiting for it; the budgets and ledger heads of the jurisdictions it pays in; an event's own
 * key only when it is planned alone), then one TransactWriteItems that records the whole batch, each ledger head and
 * budget written once. A batch that loses a race on its shared items (a head, a budget) is planned again; an event
 * that loses one on its own items (its event key: a redelivery; its fact key: a repeat or a revocation recorded
 * meanwhile) is taken out and planned alone, with the full retry loop of `StoreCore.transact`.
 */
import { LIMITS } from '../limits';
import type { WriteOp } from './change-set';
import { type StoreCore, cancellationReasons, isLostRace } from './core';
import { type BatchInput, type Recorded, planChunk } from './intake-plan';
import { type Item, parseAward } from './items';
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
    const result = plan.results.get(0) as Recorded;
    return plan.write.length === 0 ? { done: result } : { write: plan.write, result };
  });
  const [withAwards] = await withAwardsOfRepeats(core, [{ ok: true, value: results }]);
  if (withAwards === undefined || !withAwards.ok) throw new Error('recordOne produced no outcome');
  return withAwards.value;
}

/**
 * As many events as fit one transaction, estimated before reading: each award an award and an entry (and a lead claim
 * where its rule pays one lead per project), each fact its fact and event keys; a queue item or revocation updates
 * can push a plan over, and then it is split (runChunk).
 */
function takeChunk(inputs: readonly BatchInput[], queue: readonly number[]): number[] {
  const chunk: number[] = [];
  let items = 0;
  const jurisdictions = new Set<string>();
  for (const i of queue) {
    const input = inputs[i] as BatchInput;
    // Each award and its entry, the fact, event and spelling keys, and the key of a fact one recipient is paid for.
    const leads = input.kind === 'fact' ? new Set(input.awards.flatMap((a) => (a.leadClaim === null ? [] : [a.leadClaim]))).size : 0;
    // And the recipient's credit list (a condition) and, where a cap applies, its year's total per award.
    const own = input.kind === 'fact' ? 3 * input.awards.length + 4 + leads : 1;
    const shared = input.kind === 'fact' ? input.awards.filter((a) => !jurisdictions.has(a.jurisdiction)).length * 2 : 0;
    if (chunk.length > 0 && items + own + shared > LIMITS.store.transactItemsMax) break;
    chunk.push(i);
    items += own + shared;
    if (input.kind === 'fact') for (const a of input.awards) jurisdictions.add(a.jurisdiction);
  }
  return chunk;
}

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
    if (plan.write.length > LIMITS.store.transactItemsMax) {
      // More items than estimated (awards that queue for budget, revocation updates): plan each half on its own.
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
