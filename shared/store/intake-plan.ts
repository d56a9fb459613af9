/**
 * The plan of a chunk of events (ADR 008): everything the chunk needs read in one round trip, then each event
 * decided in order against what was read and what the events before it in the chunk wrote. An event that needs an
 * item an earlier event of the chunk already claimed (the same fact twice, say) is deferred to the next chunk. Each
 * event's outcome is written with the event as it was accepted (ADR 019), so the two exist together or not at all.
 */
import { type Award, type Change, type RevokedBy, fiscalYearOf, recordAward, recordRevokedAward } from '../domain/awards';
import { recordHeldAward } from '../domain/holds';
import type { ComputedAward } from '../domain/engine';
import type { Hold } from '../domain/hold';
import type { FactIdentity } from '../domain/identity';
import { ChangeSet, type WriteOp } from './change-set';
import { type StoreCore } from './core';
import { type AcceptedEvent, type FirstEvent, acceptedItem, acceptedKeys, keptEvent, keptOtherEvent, outcomeKeepingEvent } from './accepted-events';
import { transactionProblem } from './transaction-size';
import { type Head, type Item, emptyBudget, parseBudget, parseHead } from './items';
import { type AwaitedFact, type EventOutcome, type RecordedFact, type WaitingRevocation, eventItem, factCondition, factItem, parseFact, parseOutcome, wrongSource } from './records';
import { leadItem, leadKeyOf, parseLead, secondLeadHold } from './lead-claims';
import { type Key, keyOf, keys } from './table';
import { capKeyOf, controlKeys, parseCap, parseCreditList } from './controls';
import { otherSpellingHold, parseSpelling, spellingItem, spellingKeyOf } from './spellings';

const nonNull = <T>(value: T | null): T[] => (value === null ? [] : [value]);

/**
 * The event as intake accepted it, kept for what-if (ADR 013) in the transaction that records its outcome (ADR 019);
 * null where no event was delivered (a fact recorded by a test or a tool).
 */
interface Kept {
  readonly accepted: AcceptedEvent | null;
}

export interface FactInput extends Kept {
  readonly kind: 'fact';
  readonly eventId: string;
  readonly source: string;
  readonly fact: FactIdentity;
  readonly awards: readonly ComputedAward[];
}

export interface NoAwardInput extends Kept {
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
  /** Not a redelivery after all: its id is another event's, whose outcome (and kept event) the item read holds (ADR 027). */
  readonly otherEvent?: FirstEvent;
  readonly revocations: RevocationsMet;
}

const NONE_MET: RevocationsMet = { applied: [], refused: [] };

export interface ChunkPlan {
  readonly write: WriteOp[];
  readonly results: Map<number, Recorded>;
  /** Events that share an item with an earlier one of the chunk: planned in the next. */
  readonly deferred: number[];
  /** Which event each of its own items belongs to; items not here (heads, budgets, entries, queue) are shared. */
  readonly owners: Map<string, number>;
  /** Why `write` does not fit one transaction (transaction-size.ts), or null when it does: the caller splits or asserts. */
  readonly oversize: string | null;
}

/**
 * Everything a chunk of events needs, read in one round trip, then decided in order. `readEvents`: whether to read
 * each event's key. A chunk does not: a redelivery is rare, and the write's condition on the event key catches it
 * (that event is then planned alone, reading its key).
 */
export async function planChunk(core: StoreCore, inputs: readonly BatchInput[], members: readonly number[], readEvents: boolean): Promise<ChunkPlan> {
  const now = core.clock();
  const fiscalYear = fiscalYearOf(now);
  const wanted: Key[] = [];
  for (const i of members) {
    const input = inputs[i] as BatchInput;
    // Its own kept event too: a no-award's is on an item of its own, and another event under its id is told from it.
    if (readEvents) wanted.push(keys.event(input.eventId), acceptedKeys.event(input.eventId));
    if (input.kind !== 'fact') continue;
    wanted.push(factKeyOf(input.fact), spellingKeyOf(input.fact));
    for (const a of input.awards) {
      wanted.push(keys.budget(a.jurisdiction, fiscalYear), keys.ledgerHead(a.jurisdiction), ...nonNull(leadKeyOf(a)));
      wanted.push(...controlKeys(core.controls, a.jurisdiction, fiscalYear, a.recipientId));
    }
  }
  const planner = new ChunkPlanner(core, await core.getMany(wanted), now, fiscalYear);
  for (const i of members) {
    const input = inputs[i] as BatchInput;
    const seen = readEvents ? planner.item(keys.event(input.eventId)) : null;
    const first = seen === null ? null : keptOtherEvent(seen, planner.item(acceptedKeys.event(input.eventId)), input, 'fact');
    const other = first === null ? {} : { otherEvent: first };
    if (seen !== null) planner.results.set(i, { outcome: parseOutcome(seen), awards: [], repeated: true, redelivered: true, revocations: NONE_MET, ...other });
    else if (input.kind === 'no-award') planner.noAward(i, input);
    else planner.fact(i, input);
  }
  return planner.finish();
}

/** The decisions of one chunk, event by event, over what the chunk read. */
class ChunkPlanner {
  readonly results = new Map<number, Recorded>();
  private readonly set: ChangeSet;
  private readonly deferred: number[] = [];
  /** Items an event of the chunk writes as its own (event, fact and award keys, revocations) → that event. */
  private readonly claimed = new Map<string, number>();
  private readonly factsInChunk = new Map<string, RecordedFact>();
  /** Event → the range of its award changes in the change set. */
  private readonly changesOf = new Map<number, [number, number]>();
  private readonly heads = new Map<string, Head>();
  /** Lead keys this chunk writes: one fact's several awards (a province's and a city's) share one. */
  private readonly leadsWritten = new Set<string>();
  private readonly receivedAt: string;

  constructor(
    private readonly core: StoreCore,
    private readonly read: ReadonlyMap<string, Item>,
    private readonly now: Date,
    private readonly fiscalYear: number,
  ) {
    this.set = new ChangeSet(core.table);
    this.receivedAt = now.toISOString();
  }

  item(key: Key): Item | null {
    return this.read.get(keyOf(key)) ?? null;
  }

  /** Claims an event's own items; false (and the event deferred) when an earlier event of the chunk has one. */
  private claim(i: number, ...ks: Key[]): boolean {
    if (ks.some((k) => this.claimed.has(keyOf(k)))) {
      this.deferred.push(i);
      return false;
    }
    for (const k of ks) this.claimed.set(keyOf(k), i);
    return true;
  }

  noAward(i: number, input: NoAwardInput): void {
    if (!this.claim(i, ...eventKeys(input))) return;
    const outcome: EventOutcome = { kind: 'no-award', eventId: input.eventId, reason: input.reason, receivedAt: this.receivedAt };
    this.set.put(eventItem(outcome, { detailType: input.detailType, gsi1pk: 'NO_AWARD', gsi1sk: `${this.receivedAt}#${input.eventId}` }), 'attribute_not_exists(pk)');
    this.keep(input);
    this.results.set(i, { outcome, awards: [], repeated: false, redelivered: false, revocations: NONE_MET });
  }

  fact(i: number, input: FactInput): void {
    const factKey = factKeyOf(input.fact);
    const computed = input.awards.map((a) => `${a.awardId}:${a.amountFen ?? 'per-regulation'}`).sort();
    const stored = this.factsInChunk.get(keyOf(factKey)) ?? parseFact(this.item(factKey));
    if (stored?.state === 'recorded') this.repeat(i, input, stored, computed);
    else this.firstArrival(i, input, stored, computed);
  }

  /** The same fact again (a repeat, or a redelivery of its first event, which the event key's condition catches). */
  private repeat(i: number, input: FactInput, stored: RecordedFact, computed: readonly string[]): void {
    if (!this.claim(i, ...eventKeys(input))) return;
    const conflicting = stored.computed.join() !== computed.join();
    const outcome: EventOutcome = { kind: 'duplicate', eventId: input.eventId, awardIds: [...stored.awardIds], firstEventId: stored.eventId, conflicting, receivedAt: this.receivedAt };
    this.set.put(this.keeping(eventItem(outcome), input, true), 'attribute_not_exists(pk)');
    this.results.set(i, { outcome, awards: [], repeated: true, redelivered: false, revocations: NONE_MET });
  }

  /** A fact's first arrival: its awards, recorded (or recorded VOIDED by a revocation from its source that waited). */
  private firstArrival(i: number, input: FactInput, stored: AwaitedFact | null, computed: string[]): void {
    const factKey = factKeyOf(input.fact);
    const met = meetRevocations(stored?.revocations ?? [], input.source);
    const revocationKeys = [...met.applied, ...met.refused].map((id) => keys.revocation(id));
    const leadKeys = uniqueKeys(input.awards.flatMap((a) => nonNull(leadKeyOf(a))));
    const spellingKey = spellingKeyOf(input.fact);
    const own = [...eventKeys(input), factKey, spellingKey, ...revocationKeys, ...leadKeys, ...input.awards.map((a) => keys.award(a.awardId))];
    if (!this.claim(i, ...own)) return;
    const { fiscalYear, receivedAt } = this;
    for (const a of input.awards) {
      const budget = this.item(keys.budget(a.jurisdiction, fiscalYear));
      this.set.trackBudget(budget === null ? emptyBudget(a.jurisdiction, fiscalYear) : parseBudget(budget));
      if (!this.heads.has(a.jurisdiction)) this.heads.set(a.jurisdiction, parseHead(this.item(keys.ledgerHead(a.jurisdiction))));
      // The recipient's credit list and cap total, as read: a listed recipient's award is recorded held (controls.ts).
      const capKey = capKeyOf(this.core.controls, a.jurisdiction, fiscalYear, a.recipientId);
      const cap = parseCap(this.core.controls, a.jurisdiction, fiscalYear, a.recipientId, capKey === null ? null : this.item(capKey));
      this.set.trackRecipient(parseCreditList(a.recipientId, this.item(keys.creditList(a.recipientId))), cap);
    }
    // The first spelling of the fact is kept; another spelling of one the recipient claimed waits for an officer.
    const firstSpelling = parseSpelling(this.item(spellingKey));
    const spelt = otherSpellingHold(input.fact, firstSpelling, this.now);
    if (firstSpelling === null) this.set.put(spellingItem(input.fact, { identity: input.fact.identity, eventId: input.eventId, reference: input.awards[0]?.reference ?? '', at: receivedAt }), 'attribute_not_exists(pk)');
    const from = this.set.changes.length;
    for (const computedAward of input.awards) this.set.add(this.recorded(computedAward, met.voidWith, spelt), null);
    this.changesOf.set(i, [from, this.set.changes.length]);
    const awardIds = input.awards.map((a) => a.awardId).sort();
    recordMet(this.set, met, awardIds, input.source, receivedAt);
    const outcome: EventOutcome = { kind: 'awards', eventId: input.eventId, awardIds, receivedAt, ...(met.voidWith ? { voidedBy: met.voidWith.eventId } : {}) };
    // The fact's key as read (absent, or holding revocations): a revocation that lands meanwhile fails this write.
    const record: RecordedFact = { state: 'recorded', source: input.source, eventId: input.eventId, awardIds, computed, version: (stored?.version ?? 0) + 1 };
    const { condition, values } = factCondition(stored);
    this.set.put(factItem(factKey, input.fact, record, receivedAt), condition, values);
    this.set.put(this.keeping(eventItem(outcome), input), 'attribute_not_exists(pk)');
    this.factsInChunk.set(keyOf(factKey), record);
    this.results.set(i, { outcome, awards: [], repeated: false, redelivered: false, revocations: { applied: met.applied, refused: met.refused } });
  }

  /**
   * One award of a fact's first arrival: voided by a revocation that waited, held as a second claim to lead a project
   * another recipient leads, or recorded; the first claim to lead a project is kept (lead-claims.ts).
   */
  private recorded(computed: ComputedAward, voidWith: RevokedBy | null, spelt: Hold | null): Change {
    const { now, fiscalYear } = this;
    if (voidWith !== null) return recordRevokedAward(computed, { now, revokedBy: voidWith });
    if (spelt !== null) return recordHeldAward(computed, { now, hold: spelt });
    const leadKey = leadKeyOf(computed);
    if (leadKey !== null) {
      const hold = secondLeadHold(computed, parseLead(this.item(leadKey)), now);
      if (hold !== null) return recordHeldAward(computed, { now, hold });
      if (this.item(leadKey) === null && !this.leadsWritten.has(keyOf(leadKey))) {
        this.leadsWritten.add(keyOf(leadKey));
        this.set.put(leadItem(computed, this.receivedAt), 'attribute_not_exists(pk)');
      }
    }
    return recordAward(computed, { now, budget: this.set.view(computed.jurisdiction, fiscalYear), config: this.core.config, actor: 'award-intake' });
  }

  /** A no-award's event, on an item of its own: its outcome's item is listed on gsi1 as a no-award (ADR 027). */
  private keep(input: NoAwardInput): void {
    const event = keptEvent(input, this.fiscalYear, false);
    if (event !== null) this.set.put(acceptedItem(event));
  }

  /** A fact's event, on its outcome's item (ADR 027). */
  private keeping(outcomeItem: Item, input: FactInput, duplicate = false): Item {
    const event = keptEvent(input, this.fiscalYear, duplicate);
    return event === null ? outcomeItem : outcomeKeepingEvent(outcomeItem, event);
  }

  /** The chunk's write: the change set built once (each head and budget written once), and each event's awards. */
  async finish(): Promise<ChunkPlan> {
    const { results, deferred } = this;
    const owners = new Map(this.claimed);
    if (this.set.changes.length === 0 && this.set.extra.length === 0) return { write: [], results, deferred, owners, oversize: null };
    const { write, awards } = await this.core.compose(this.set, this.now, this.heads);
    for (const [i, [from, to]] of this.changesOf) {
      const result = this.results.get(i) as Recorded;
      this.results.set(i, { ...result, awards: awards.slice(from, to) });
    }
    return { write, results, deferred, owners, oversize: transactionProblem(write) };
  }
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

/** An event's own keys whatever it did: its outcome, and a no-award's event as accepted when it is kept (a fact's is on its outcome's). */
const eventKeys = (input: BatchInput) => [keys.event(input.eventId), ...(input.kind === 'fact' || input.accepted === null ? [] : [acceptedKeys.event(input.eventId)])];

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

/** Keys once each (one fact's awards share a lead key). */
function uniqueKeys(ks: readonly Key[]): Key[] {
  return [...new Map(ks.map((k) => [keyOf(k), k])).values()];
}
