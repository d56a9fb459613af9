/**
 * Revocations (CONTRACT §1, ADR 006). A revocation counts only from the source that sent the fact: the awards of the
 * facts that source sent are voided (before payment) or put into clawback (after), one transaction per award, each
 * idempotent; a fact sent by another source is left as it is and the revocation is refused, with the reason. A
 * revocation of a fact not yet seen is kept on the fact's key, permanently, and met when the fact arrives. The fact
 * keys are written with the record and the event's outcome, under their versions (or as new), so a fact that lands
 * meanwhile makes the plan run again and revoke it too. The awards are voided (or put into clawback) in the
 * record's own transaction (ADR 028): a revocation is recorded with its voids or not at all.
 */
import type { Award, RevokedBy } from '../domain/awards';
import type { RevocationTarget } from '../domain/identity';
import { LIMITS } from '../limits';
import { type AcceptedEvent, type FirstEvent, acceptedItem, acceptedKeys, keptOtherEvent } from './accepted-events';
import { ChangeSet } from './change-set';
import { addCommand } from './commands';
import type { Head } from './items';
import { type StoreCore } from './core';
import {
  type EventOutcome,
  type Revocation,
  type RevocationState,
  type WaitingRevocation,
  eventItem,
  factCondition,
  factItem,
  parseFact,
  parseOutcome,
  parseRevocation,
  revocationItem,
  wrongSource,
} from './records';
import { keyOf, keys } from './table';

export interface RevocationInput {
  readonly eventId: string;
  readonly source: string;
  readonly target: RevocationTarget;
  /** As sent, for auditors. */
  readonly revokes: { readonly detailType: string; readonly reference: string };
  readonly reason: string;
  /** The event as accepted, kept with its outcome in one transaction (ADR 019); null where no event was delivered. */
  readonly accepted: AcceptedEvent | null;
}

export interface RecordedRevocation {
  readonly outcome: EventOutcome;
  readonly changed: Award[];
  readonly repeated: boolean;
  readonly revocation: Revocation | null;
  /** Not a redelivery: the id is another event's (a fact's, or another revocation's), which it keeps; nothing was written. */
  readonly otherEvent?: FirstEvent;
}

export interface RevocationDeps {
  readonly core: StoreCore;
  readonly serveWaiting: (jurisdiction: string, fiscalYear: number) => Promise<number>;
}

export async function recordRevocation(deps: RevocationDeps, input: RevocationInput): Promise<RecordedRevocation> {
  const { core } = deps;
  const { target } = input;
  const factKeys = target.identities.map((identity) => keys.fact(target.detailType, target.recipientId, identity));
  const revokedBy: RevokedBy = { eventId: input.eventId, reason: input.reason };
  const result = await core.transact<RecordedRevocation>('recordRevocation', async () => {
    const now = core.clock();
    const receivedAt = now.toISOString();
    const kept = acceptedKeys.event(input.eventId);
    const read = await core.getMany([keys.event(input.eventId), keys.revocation(input.eventId), kept, ...factKeys]);
    const seen = read.get(keyOf(keys.event(input.eventId)));
    if (seen !== undefined) {
      // Another event under this id (a fact, another revocation) is no redelivery: refused by intake, never dropped unseen.
      const first = keptOtherEvent(seen, read.get(keyOf(kept)) ?? null, input, 'revocation');
      if (first !== null) return { done: { outcome: parseOutcome(seen), changed: [], repeated: true, revocation: null, otherEvent: first } };
      const record = read.get(keyOf(keys.revocation(input.eventId)));
      return { done: { outcome: parseOutcome(seen), changed: [], repeated: true, revocation: record === undefined ? null : parseRevocation(record) } };
    }
    const facts = factKeys.map((key) => ({ key, fact: parseFact(read.get(keyOf(key)) ?? null) }));
    const { revocation, waiting, full, entry } = decided(input, facts, receivedAt);
    const { awardIds, state } = revocation;
    // The voids (or clawbacks) in the record's transaction (ADR 028): of two revocations under one id at once only the
    // one whose record lands changes an award, and no crash leaves a revocation recorded over awards still payable.
    const set = new ChangeSet(core.table);
    const heads = new Map<string, Head>();
    for (const awardId of awardIds) await addCommand(core, set, heads, awardId, { kind: 'revoke', revokedBy }, now);
    if (!full) {
      for (const { key, fact } of waiting) {
        const before = fact?.state === 'revoked-before-arrival' ? fact.revocations : [];
        const { condition, values } = factCondition(fact);
        set.put(factItem(key, null, { state: 'revoked-before-arrival', revocations: [...before, entry], version: (fact?.version ?? 0) + 1 }, receivedAt), condition, values);
      }
    }
    set.put(revocationItem(revocation), 'attribute_not_exists(pk)');
    const outcome: EventOutcome = { kind: 'revocation', eventId: input.eventId, awardIds: [...awardIds], receivedAt, stateOnArrival: state };
    set.put(eventItem(outcome), 'attribute_not_exists(pk)');
    // Unconditional: the outcome's condition decides whether this lands, and a redelivery carries the same record.
    if (input.accepted !== null) set.put(acceptedItem(input.accepted));
    const { write, awards } = await core.build(set, now, heads);
    return { write, result: { outcome, changed: awards, repeated: false, revocation } };
  });
  // Budget a voided award released goes to the awards waiting for it; the budget sweeper finishes this after a crash.
  for (const award of result.changed) await deps.serveWaiting(award.jurisdiction, award.fiscalYear);
  return result;
}

type ReadFact = { key: { pk: string; sk: string }; fact: ReturnType<typeof parseFact> };

/** What a revocation comes to over the facts it names as read: its record, and the fact keys it waits on. */
function decided(input: RevocationInput, facts: readonly ReadFact[], receivedAt: string) {
  const { target } = input;
  const recorded = facts.flatMap(({ fact }) => (fact?.state === 'recorded' ? [fact] : []));
  const own = recorded.filter((f) => f.source === input.source);
  const others = recorded.filter((f) => f.source !== input.source);
  // Every identity the name stands for that has no fact yet keeps the revocation on its key, for the fact to meet.
  const waiting = facts.filter(({ fact }) => fact?.state !== 'recorded');
  const entry: WaitingRevocation = { eventId: input.eventId, source: input.source, reason: input.reason, receivedAt };
  const full = waiting.some(({ fact }) => fact?.state === 'revoked-before-arrival' && fact.revocations.length >= LIMITS.store.revocationsPerFactMax);
  const refusedReason
    = own.length > 0 ? null
      : others[0] !== undefined ? wrongSource(others[0].source)
        : full ? `${LIMITS.store.revocationsPerFactMax} revocations already wait for this fact; no more are kept` : null;
  const state: RevocationState = own.length > 0 ? 'APPLIED' : refusedReason !== null ? 'REFUSED' : 'PENDING';
  const awardIds = own.flatMap((f) => f.awardIds).sort();
  const revocation: Revocation = {
    eventId: input.eventId,
    source: input.source,
    revokes: input.revokes,
    recipientId: target.recipientId,
    reason: input.reason,
    receivedAt,
    state,
    awardIds,
    appliedAt: state === 'APPLIED' ? receivedAt : null,
    refusedAt: state === 'REFUSED' ? receivedAt : null,
    refusedReason,
  };
  return { revocation, waiting, full, entry };
}
