/**
 * Intake in two round trips (ADR 008): one BatchGetItem of everything a batch of events needs (each event's key,
 * its fact's key and revocation marker, the budgets and ledger heads of the jurisdictions it pays in), then one
 * TransactWriteItems that records the whole batch, each ledger head and budget written once. A batch that loses a
 * race on its shared items (a head, a budget) is planned again; an event that loses one on its own items (its event
 * or fact key: a redelivery or a repeat recorded meanwhile; its marker: a revocation meanwhile) is taken out and
 * planned alone, with the full retry loop of `StoreCore.transact`.
 */
import { type Award, fiscalYearOf, recordAward, recordRevokedAward } from '../domain/awards';
import type { ComputedAward } from '../domain/engine';
import type { FactIdentity } from '../domain/identity';
import { LIMITS } from '../limits';
import { ChangeSet, type WriteOp } from './change-set';
import { type Key, type StoreCore, cancellationReasons, isLostRace, keyOf } from './core';
import { type Head, type Item, emptyBudget, parseAward, parseBudget, parseHead } from './items';
import { type EventOutcome, type RecordedFact, type WaitingRevocation, eventItem, factCondition, factItem, outcomeAwardIds, parseFact, parseOutcome, wrongSource } from './records';
import { keys } from './table';

export interface FactInput {
  readonly kind: 'fact';
  readonly eventId: string;
  readonly source: string;
  readonly fact: FactIdentity;
  readonly awards: readonly ComputedAward[];
}

export interface NoAwardInput {
  readonly kind: 'no-award';
  readonly eventId: string;
  readonly detailType: string;
  readonly reason: string;
}

export type BatchInput = FactInput | NoAwardInput;

/** What a fact's arrival did to the revocations that were waiting for it. */
export interface RevocationsMet {
  /** Revocations from the fact's own source: its awards were recorded VOIDED. */
  readonly applied: readonly string[];
  /** Revocations from another source: refused, they change nothing. */
  readonly refused: readonly string[];
}

export interface Recorded {
  readonly outcome: EventOutcome;
  /** The awards of the fact (for a no-award outcome, none). */
  readonly awards: Award[];
  /** The fact (or this event) was recorded before: this event changed nothing but its own outcome. */
  readonly repeated: boolean;
  /** This very event was recorded before (a redelivery): nothing at all was written. */
  readonly redelivered: boolean;
  readonly revocations: RevocationsMet;
}

export type BatchOutcome = { readonly ok: true; readonly value: Recorded } | { readonly ok: false; readonly error: unknown };

const NONE_MET: RevocationsMet = { applied: [], refused: [] };

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
 * As many events as fit one transaction, estimated before reading: each award an award and an entry, each fact its
 * fact and event keys; a queue item or revocation updates can push a plan over, and then it is split (runChunk).
 */
function takeChunk(inputs: readonly BatchInput[], queue: readonly number[]): number[] {
  const chunk: number[] = [];
  let items = 0;
  const jurisdictions = new Set<string>();
  for (const i of queue) {
    const input = inputs[i] as BatchInput;
    const own = input.kind === 'fact' ? 2 * input.awards.length + 2 : 1;
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

interface ChunkPlan {
  readonly write: WriteOp[];
  readonly results: Map<number, Recorded>;
  /** Events that share an item with an earlier one of the chunk: planned in the next. */
  readonly deferred: number[];
  /** Which event each of its own items belongs to; items not here (heads, budgets, entries, queue) are shared. */
  readonly owners: Map<string, number>;
}

/**
 * Everything a chunk of events needs, read in one round trip, then decided in order. `readEvents`: whether to read
 * each event's key. A chunk does not: a redelivery is rare, and the write's condition on the event key catches it
 * (that event is then planned alone, reading its key).
 */
async function planChunk(core: StoreCore, inputs: readonly BatchInput[], members: readonly number[], readEvents: boolean): Promise<ChunkPlan> {
  const now = core.clock();
  const fiscalYear = fiscalYearOf(now);
  const wanted: Key[] = [];
  for (const i of members) {
    const input = inputs[i] as BatchInput;
    if (readEvents) wanted.push(keys.event(input.eventId));
    if (input.kind !== 'fact') continue;
    wanted.push(factKeyOf(input.fact));
    for (const a of input.awards) wanted.push(keys.budget(a.jurisdiction, fiscalYear), keys.ledgerHead(a.jurisdiction));
  }
  const read = await core.getMany(wanted);
  const item = (key: Key) => read.get(keyOf(key)) ?? null;
  const set = new ChangeSet(core.table);
  const plan: ChunkPlan = { write: [], results: new Map(), deferred: [], owners: new Map() };
  const claimed = new Map<string, number>();
  const claim = (i: number, ...ks: Key[]) => {
    if (ks.some((k) => claimed.has(keyOf(k)))) return false;
    for (const k of ks) claimed.set(keyOf(k), i);
    return true;
  };
  const factsInChunk = new Map<string, RecordedFact>();
  const changesOf = new Map<number, [number, number]>();
  const heads = new Map<string, Head>();
  const receivedAt = now.toISOString();

  for (const i of members) {
    const input = inputs[i] as BatchInput;
    const seen = readEvents ? item(keys.event(input.eventId)) : null;
    if (seen !== null) {
      plan.results.set(i, { outcome: parseOutcome(seen), awards: [], repeated: true, redelivered: true, revocations: NONE_MET });
      continue;
    }
    if (input.kind === 'no-award') {
      if (!claim(i, keys.event(input.eventId))) plan.deferred.push(i);
      else {
        const outcome: EventOutcome = { kind: 'no-award', eventId: input.eventId, reason: input.reason, receivedAt };
        set.put(eventItem(outcome, { detailType: input.detailType, gsi1pk: 'NO_AWARD', gsi1sk: `${receivedAt}#${input.eventId}` }), 'attribute_not_exists(pk)');
        plan.results.set(i, { outcome, awards: [], repeated: false, redelivered: false, revocations: NONE_MET });
      }
      continue;
    }
    const factKey = factKeyOf(input.fact);
    const computedIds = input.awards.map((a) => a.awardId).sort();
    const computed = input.awards.map((a) => `${a.awardId}:${a.amountFen ?? 'per-regulation'}`).sort();
    const stored = factsInChunk.get(keyOf(factKey)) ?? parseFact(item(factKey));
    if (stored?.state === 'recorded') {
      // The same fact again (a repeat, or a redelivery of its first event, which the event key's condition catches).
      if (!claim(i, keys.event(input.eventId))) {
        plan.deferred.push(i);
        continue;
      }
      const conflicting = stored.computed.join() !== computed.join();
      const outcome: EventOutcome = { kind: 'duplicate', eventId: input.eventId, awardIds: [...stored.awardIds], firstEventId: stored.eventId, conflicting, receivedAt };
      set.put(eventItem(outcome), 'attribute_not_exists(pk)');
      plan.results.set(i, { outcome, awards: [], repeated: true, redelivered: false, revocations: NONE_MET });
      continue;
    }
    const met = meetRevocations(stored?.revocations ?? [], input.source);
    const revocationKeys = [...met.applied, ...met.refused].map((id) => keys.revocation(id));
    if (!claim(i, keys.event(input.eventId), factKey, ...revocationKeys, ...input.awards.map((a) => keys.award(a.awardId)))) {
      plan.deferred.push(i);
      continue;
    }
    for (const a of input.awards) {
      const budget = item(keys.budget(a.jurisdiction, fiscalYear));
      set.trackBudget(budget === null ? emptyBudget(a.jurisdiction, fiscalYear) : parseBudget(budget));
      if (!heads.has(a.jurisdiction)) heads.set(a.jurisdiction, parseHead(item(keys.ledgerHead(a.jurisdiction))));
    }
    const from = set.changes.length;
    for (const computedAward of input.awards) {
      const change = met.voidWith === null
        ? recordAward(computedAward, { now, budget: set.view(computedAward.jurisdiction, fiscalYear), config: core.config, actor: 'award-intake' })
        : recordRevokedAward(computedAward, { now, revokedBy: met.voidWith });
      set.add(change, null);
    }
    changesOf.set(i, [from, set.changes.length]);
    recordMet(set, met, computedIds, input.source, receivedAt);
    const outcome: EventOutcome = { kind: 'awards', eventId: input.eventId, awardIds: computedIds, receivedAt, ...(met.voidWith ? { voidedBy: met.voidWith.eventId } : {}) };
    // The fact's key as read (absent, or holding revocations): a revocation that lands meanwhile fails this write.
    const record: RecordedFact = { state: 'recorded', source: input.source, eventId: input.eventId, awardIds: computedIds, computed, version: (stored?.version ?? 0) + 1 };
    const { condition, values } = factCondition(stored);
    set.put(factItem(factKey, input.fact, record, receivedAt), condition, values);
    set.put(eventItem(outcome), 'attribute_not_exists(pk)');
    factsInChunk.set(keyOf(factKey), record);
    plan.results.set(i, { outcome, awards: [], repeated: false, redelivered: false, revocations: { applied: met.applied, refused: met.refused } });
  }
  for (const [key, i] of claimed) plan.owners.set(key, i);
  if (set.changes.length === 0 && set.extra.length === 0) return plan;
  const { write, awards } = await core.build(set, now, heads);
  for (const [i, [from, to]] of changesOf) {
    const result = plan.results.get(i) as Recorded;
    plan.results.set(i, { ...result, awards: awards.slice(from, to) });
  }
  plan.write.push(...write);
  return plan;
}

/** The revocations a fact meets are recorded on their records: applied (its own source) or refused (another). */
function recordMet(set: ChangeSet, met: RevocationsMet, awardIds: readonly string[], source: string, at: string): void {
  for (const eventId of met.applied) {
    set.update(keys.revocation(eventId), 'SET appliedAt = if_not_exists(appliedAt, :at), awardIds = list_append(if_not_exists(awardIds, :none), :ids)', {
      condition: 'attribute_exists(pk)',
      values: { ':at': at, ':none': [], ':ids': awardIds },
    });
  }
  for (const eventId of met.refused) {
    set.update(keys.revocation(eventId), 'SET refusedAt = if_not_exists(refusedAt, :at), refusedReason = if_not_exists(refusedReason, :why)', {
      condition: 'attribute_exists(pk)',
      values: { ':at': at, ':why': wrongSource(source) },
    });
  }
}

const factKeyOf = (fact: FactIdentity) => keys.fact(fact.detailType, fact.recipientId, fact.identity);

/** The revocations a fact meets on arrival: its own source's void it (with the earliest); others are refused. */
function meetRevocations(revocations: readonly WaitingRevocation[], source: string): RevocationsMet & { voidWith: { eventId: string; reason: string } | null } {
  const own = revocations.filter((r) => r.source === source).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const first = own[0];
  return {
    voidWith: first === undefined ? null : { eventId: first.eventId, reason: first.reason },
    applied: own.map((r) => r.eventId),
    refused: revocations.filter((r) => r.source !== source).map((r) => r.eventId),
  };
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
