/**
 * The fields of each fact a catalog rule may test or compute from, with the values they can take. The catalog
 * validates its rules against this table on load, so a misspelt field or value in a policy module is an error at
 * start-up rather than a rule that silently never matches.
 */
import {
  AWARD_CATEGORIES,
  CENTRE_KINDS,
  CENTRE_LEVELS,
  CENTRE_STAGES,
  type FactDetailType,
  HONOURS,
  INNOVATION_AWARDS,
  PILOT_LEVELS,
  PRIZES,
  PROGRAMMES,
  RECIPIENT_KINDS,
  REGISTRATION_AUTHORITIES,
  STANDARD_ACTIONS,
  STANDARD_LEVELS,
  ZONE_STAGES,
} from './vocabulary';

/** An enumeration of values, a drafting rank (integer >= 1), or money in fen. */
export type FieldDomain = readonly string[] | 'rank' | 'fen';

/**
 * `recipient.registrationAuthority` is derived, not sent: the first character of a credit code (GB 32100-2015), which
 * says who registered the unit (1: 机构编制, a government body or management committee). The engine reads it from
 * the fact (factView in engine.ts); a person has none.
 */
const recipient = { 'recipient.kind': RECIPIENT_KINDS, 'recipient.registrationAuthority': REGISTRATION_AUTHORITIES } as const;

export const FACT_FIELDS: Readonly<Record<FactDetailType, Readonly<Record<string, FieldDomain>>>> = {
  StandardPublished: { ...recipient, 'standard.level': STANDARD_LEVELS, 'standard.action': STANDARD_ACTIONS, 'draftingRank': 'rank' },
  StandardLeaderListed: { ...recipient },
  StandardInnovationAwardWon: { ...recipient, award: INNOVATION_AWARDS, category: AWARD_CATEGORIES, prize: PRIZES, draftingRank: 'rank' },
  StandardSeriesDeveloped: { ...recipient },
  InnovationBaseApproved: { ...recipient },
  StandardizationPilotUndertaken: { ...recipient, level: PILOT_LEVELS },
  StandardizationPilotAccepted: { ...recipient, level: PILOT_LEVELS },
  CentreApproved: { ...recipient, 'centre.kind': CENTRE_KINDS, 'centre.level': CENTRE_LEVELS, 'centre.stage': CENTRE_STAGES },
  DemonstrationZoneWon: { ...recipient, stage: ZONE_STAGES },
  DesignServicePurchased: { ...recipient, approvedCostFen: 'fen' },
  TechnologyProjectFunded: { ...recipient, programme: PROGRAMMES, grantedAmountFen: 'fen' },
  HonourConferred: { ...recipient, honour: HONOURS },
};
