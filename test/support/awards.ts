/** Computed awards for integration tests, made by the real engine from valid events. */
import type { FactDetailType } from '../../events/contracts';
import type { Award } from '../../shared/domain/awards';
import { type ComputedAward, computeAwards } from '../../shared/domain/engine';
import { type FactIdentity, identifyFact, identifyRevocation } from '../../shared/domain/identity';
import { recipientIdOf } from '../../shared/domain/person';
import { CATALOG } from '../../shared/policies';
import type { AwardStore, RevocationInput } from '../../shared/store/store';
import { type EventOptions, RECIPIENTS, type RecipientName, factEvent, validEvent, TEST_PERSON_KEY } from './events';

/** What the store's recordAwards takes, as award-intake builds it. */
export interface Fact {
  eventId: string;
  source: string;
  fact: FactIdentity;
  reference: string;
  awards: ComputedAward[];
}

export function fact(detailType: FactDetailType, extra: Record<string, unknown>, options: EventOptions & { recipient?: RecipientName } = {}): Fact {
  const event = factEvent(detailType, extra, options);
  const result = computeAwards(event, CATALOG, TEST_PERSON_KEY);
  if (result.kind !== 'awards') throw new Error(`test fact earns nothing: ${result.reason}`);
  return {
    eventId: event.eventId ?? 'no-id',
    source: event.source,
    fact: identifyFact(event, TEST_PERSON_KEY),
    reference: event.detail.reference,
    awards: [...result.awards],
  };
}

/** A Hebei-only design-services award of exactly `amountFen` (half of twice the amount). */
export function designAward(amountFen: number, reference: string, eventId?: string): Fact {
  return fact('DesignServicePurchased', { approvedCostFen: amountFen * 2 }, { recipient: 'baoding', reference, ...(eventId ? { eventId } : {}) });
}

/** A Fujian "per regulation" award: AMOUNT_REQUIRED until an officer sets it. */
export function perRegulationAward(reference: string): Fact {
  return fact('HonourConferred', { honour: 'china-quality-award' }, { recipient: 'fuzhou', reference });
}

/**
 * The revocation of an award's fact, as award-intake builds it from an AchievementRevoked event naming the fact by
 * its reference. Test facts are identified by their reference (or a standard number equal to it).
 */
export function revocationOf(award: Award | ComputedAward, eventId: string, reason = 'revoked', source = award.source): RevocationInput {
  const recipient = (Object.keys(RECIPIENTS) as RecipientName[]).find((name) => recipientIdOf(RECIPIENTS[name], TEST_PERSON_KEY) === award.recipientId);
  const event = validEvent('AchievementRevoked', { revokes: { detailType: award.detailType, reference: award.reference }, reason }, { eventId, reference: `REVOKE-${eventId}`, ...(recipient ? { recipient } : {}) });
  if (event.detailType !== 'AchievementRevoked') throw new Error('not a revocation');
  const target = identifyRevocation(event, TEST_PERSON_KEY);
  if (!target.identities.includes(award.identity)) throw new Error(`a revocation by reference cannot name ${award.awardId}`);
  return { eventId, source, target, revokes: event.detail.revokes, reason };
}

/** Revokes an award's fact through the store, as an AchievementRevoked event from the fact's own source would. */
export async function revokeAward(store: AwardStore, awardId: string, eventId: string, reason = 'revoked') {
  const award = await store.getAward(awardId);
  if (award === null) throw new Error(`no award ${awardId} to revoke`);
  return store.recordRevocation(revocationOf(award, eventId, reason));
}
