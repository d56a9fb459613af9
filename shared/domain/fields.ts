/**
 * The fields of each fact a catalog rule may test or compute from, with the values they can take. The catalog
 * validates its rules against this table on load, so a misspelt field or value in a policy module is an error at
 * start-up rather than a rule that silently never matches.
 */
import {
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
  STANDARD_LEVELS,
} from './vocabulary';

/** An enumeration of values, a drafting rank (integer >= 1), or money in fen. */
export type FieldDomain = readonly string[] | 'rank' | 'fen';

const recipient = { 'recipient.kind': RECIPIENT_KINDS } as const;

export const FACT_FIELDS: Readonly<Record<FactDetailType, Readonly<Record<string, FieldDomain>>>> = {
  StandardPublished: { ...recipient, 'standard.level': STANDARD_LEVELS, 'draftingRank': 'rank' },
  StandardLeaderListed: { ...recipient },
  StandardInnovationAwardWon: { ...recipient, award: INNOVATION_AWARDS, prize: PRIZES, draftingRank: 'rank' },
  StandardSeriesDeveloped: { ...recipient },
  InnovationBaseApproved: { ...recipient },
  StandardizationPilotUndertaken: { ...recipient, level: PILOT_LEVELS },
  StandardizationPilotAccepted: { ...recipient, level: PILOT_LEVELS },
  CentreApproved: { ...recipient, 'centre.kind': CENTRE_KINDS, 'centre.level': CENTRE_LEVELS, 'centre.stage': CENTRE_STAGES },
  DemonstrationZoneWon: { ...recipient },
  DesignServicePurchased: { ...recipient, approvedCostFen: 'fen' },
  TechnologyProjectFunded: { ...recipient, programme: PROGRAMMES, grantedAmountFen: 'fen' },
  HonourConferred: { ...recipient, honour: HONOURS },
};
