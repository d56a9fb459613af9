/** Computed awards for integration tests, made by the real engine from valid events. */
import { oneRecipientSkeleton } from '../../shared/domain/skeleton';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { FactDetailType } from '../../shared/domain/vocabulary';
import type { Award } from '../../shared/domain/awards';
import { type ComputedAward, computeAwards } from '../../shared/domain/engine';
import { type FactIdentity, identifyFact, identifyRevocation } from '../../shared/domain/identity';
import { recipientIdOf } from '../../shared/domain/person';
import { CATALOG } from '../../shared/policies';
import type { AwardStore, RevocationInput } from '../../shared/store/store';
import { keys } from '../../shared/store/table';
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
 * What a revocation names a fact by: its identity field (CONTRACT §6), the name alone where a level, programme or
 * kind qualifies it in the identity (`national/项目` → `项目`). Canonical already, and canonical form is a fixed point.
 */
function nameOf(award: Award | ComputedAward): string {
  const qualified = ['CentreApproved', 'StandardizationPilotUndertaken', 'StandardizationPilotAccepted', 'TechnologyProjectFunded'].includes(award.detailType);
  return qualified ? award.identity.split('/').slice(award.detailType === 'CentreApproved' ? 2 : 1).join('/') : award.identity;
}

/** The revocation of an award's fact, as award-intake builds it from an AchievementRevoked event naming the fact. */
export function revocationOf(award: Award | ComputedAward, eventId: string, reason = 'revoked', source = award.source): RevocationInput {
  const recipient = (Object.keys(RECIPIENTS) as RecipientName[]).find((name) => recipientIdOf(RECIPIENTS[name], TEST_PERSON_KEY) === award.recipientId);
  const event = validEvent('AchievementRevoked', { revokes: { detailType: award.detailType, reference: nameOf(award) }, reason }, { eventId, reference: `REVOKE-${eventId}`, ...(recipient ? { recipient } : {}) });
  if (event.detailType !== 'AchievementRevoked') throw new Error('not a revocation');
  const target = identifyRevocation(event, TEST_PERSON_KEY);
  if (!target.identities.includes(award.identity)) throw new Error(`a revocation by name cannot name ${award.awardId}`);
  return { eventId, source, target, revokes: event.detail.revokes, reason, accepted: null };
}

/** Revokes an award's fact through the store, as an AchievementRevoked event from the fact's own source would. */
export async function revokeAward(store: AwardStore, awardId: string, eventId: string, reason = 'revoked') {
  const award = await store.getAward(awardId);
  if (award === null) throw new Error(`no award ${awardId} to revoke`);
  return store.recordRevocation(revocationOf(award, eventId, reason));
}

/**
 * An award recorded ON_HOLD as a second lead claim (CONTRACT §6), in any jurisdiction: a fact's awards marked as
 * claiming one project's lead, after another recipient's claim to it was kept. Where the catalog has a rule that pays
 * one lead per project, tests send two StandardPublished events instead; this reaches jurisdictions that have none.
 */
export async function heldAward(store: AwardStore, input: Fact): Promise<Award> {
  const project = `HELD-${input.reference}`;
  const awards = input.awards.map((a) => ({ ...a, leadClaim: project }));
  const [first] = awards;
  if (first === undefined) throw new Error('no award to hold');
  const lead = { ...keys.lead(first.detailType, oneRecipientSkeleton(first.detailType, project)), itemType: 'lead', ruleId: first.ruleId, project, recipientId: 'OTHER-LEAD', recipientName: '另一家主持单位', awardId: 'aw-other', reference: 'X', at: new Date().toISOString() };
  await store.core.client.send(new PutCommand({ TableName: store.core.table, Item: lead }));
  const recorded = await store.recordAwards({ ...input, awards });
  const held = recorded.awards[0];
  if (held?.status !== 'ON_HOLD') throw new Error(`expected a held award, got ${held?.status ?? 'none'}`);
  return held;
}
