/**
 * Revocations (CONTRACT §1, ADR 006). A revocation counts only from the source that sent the fact: the awards of the
 * facts that source sent are voided (before payment) or put into clawback (after), one transaction per award, each
 * idempotent; a fact sent by another source is left as it is and the revocation is refused, with the reason. A
 * revocation of a fact not yet seen is remembered on the fact's marker, permanently, and met when the fact arrives.
 * The record and the event's outcome are written last, conditioned on the facts it did not see still being absent,
 * so a fact that lands meanwhile makes the plan run again and revoke it too.
 */
import type { Award, RevokedBy } from '../domain/awards';
import type { RevocationTarget } from '../domain/identity';
import { LIMITS } from '../limits';
import { ChangeSet } from './change-set';
import type { StoreCore } from './core';
import type { Item } from './items';
import { type EventOutcome, type MarkedRevocation, type Revocation, type RevocationState, eventItem, parseFact, parseMarker, parseOutcome, parseRevocation, revocationItem } from './records';
import { wrongSource } from './records';
import { keys } from './table';

export interface RevocationInput {
  readonly eventId: string;
  readonly source: string;
  readonly target: RevocationTarget;
  /** As sent, for auditors. */
  readonly revokes: { readonly detailType: string; readonly reference: string };
  readonly reason: string;
}

export interface RecordedRevocation {
  readonly outcome: EventOutcome;
  readonly changed: Award[];
  readonly repeated: boolean;
  readonly revocation: Revocation | null;
}

export interface RevocationDeps {
  readonly core: StoreCore;
  readonly revoke: (awardId: string, revokedBy: RevokedBy) => Promise<{ ok: true; value: Award } | { ok: false }>;
  readonly serveWaiting: (jurisdiction: string, fiscalYear: number) => Promise<number>;
}

export async function recordRevocation(deps: RevocationDeps, input: RevocationInput): Promise<RecordedRevocation> {
  const { core } = deps;
  const { target } = input;
  const factKeys = target.identities.map((identity) => keys.fact(target.detailType, target.recipientId, identity));
  const markerKey = keys.revocationMarker(target.detailType, target.recipientId, target.revocationName);
  const revokedBy: RevokedBy = { eventId: input.eventId, reason: input.reason };
  const changed = new Map<string, Award>();
  const result = await core.transact<RecordedRevocation>('recordRevocation', async () => {
    const receivedAt = core.clock().toISOString();
    const seen = await core.get(keys.event(input.eventId));
    if (seen !== null) {
      const record = await core.get(keys.revocation(input.eventId));
      return { done: { outcome: parseOutcome(seen), changed: [], repeated: true, revocation: record === null ? null : parseRevocation(record) } };
    }
    const read = await core.getMany([...factKeys, markerKey]);
    const facts = factKeys.map((k) => read.get(`${k.pk}\u0000${k.sk}`) ?? null);
    const present = facts.filter((f): f is Item => f !== null).map(parseFact);
    const own = present.filter((f) => f.source === input.source);
    const others = present.filter((f) => f.source !== input.source);
    for (const awardId of own.flatMap((f) => f.awardIds)) {
      const revoked = await deps.revoke(awardId, revokedBy);
      if (revoked.ok) changed.set(awardId, revoked.value);
    }
    const marker = parseMarker(read.get(`${markerKey.pk}\u0000${markerKey.sk}`) ?? null);
    const entries = marker?.revocations ?? [];
    const listed = entries.some((e) => e.eventId === input.eventId);
    const markerFull = !listed && entries.length >= LIMITS.store.revocationsPerFactMax;
    const refusedReason
      = own.length > 0 ? null
        : others[0] !== undefined ? wrongSource(others[0].source)
          : markerFull ? `${entries.length} revocations already wait for this fact; no more are kept` : null;
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
    const set = new ChangeSet(core.table);
    factKeys.forEach((key, i) => {
      if (facts[i] === null) set.check(key, 'attribute_not_exists(pk)');
    });
    if (!listed && !markerFull) {
      const entry: MarkedRevocation = { eventId: input.eventId, source: input.source, reason: input.reason, receivedAt };
      const item = { ...markerKey, itemType: 'revocation-marker', detailType: target.detailType, recipientId: target.recipientId, name: target.revocationName, revocations: [...entries, entry], version: (marker?.version ?? 0) + 1 };
      if (marker === null) set.put(item, 'attribute_not_exists(pk)');
      else set.put(item, 'version = :v', { ':v': marker.version });
    }
    set.put(revocationItem(revocation), 'attribute_not_exists(pk)');
    const outcome: EventOutcome = { kind: 'revocation', eventId: input.eventId, awardIds, receivedAt, stateOnArrival: state };
    set.put(eventItem(outcome), 'attribute_not_exists(pk)');
    return { write: set.extra, result: { outcome, changed: [], repeated: false, revocation } };
  });
  // Budget a voided award released goes to the awards waiting for it; the budget sweeper finishes this after a crash.
  for (const award of changed.values()) await deps.serveWaiting(award.jurisdiction, award.fiscalYear);
  return { ...result, changed: [...changed.values()] };
}
