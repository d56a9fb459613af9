/**
 * The vocabulary of the event contracts (CONTRACT.md §1): detail-types and the values their fields take. Plain
 * constants with no dependency, so the pure domain can name them without loading the validation library.
 */

export const RECIPIENT_KINDS = ['enterprise', 'organization', 'individual'] as const;

export const STANDARD_LEVELS = [
  'international',
  'national',
  'industry',
  'provincial-local',
  'municipal-local',
  'group-national',
  'group-provincial',
  'group-municipal',
] as const;
export const PILOT_LEVELS = ['national', 'provincial'] as const;
export const CENTRE_KINDS = ['inspection-testing', 'industrial-metrology', 'industrial-design'] as const;
export const CENTRE_LEVELS = ['national', 'provincial'] as const;
/** Version 2: the stage a centre document reports: 获批筹建, 验收, 认定. */
export const CENTRE_STAGES = ['construction-approved', 'accepted', 'recognised'] as const;
export type CentreStage = (typeof CENTRE_STAGES)[number];

/** The stage a centre document reports when it names none (CONTRACT §1): design centres are recognised, others approved. */
export function defaultCentreStage(kind: (typeof CENTRE_KINDS)[number]): CentreStage {
  return kind === 'industrial-design' ? 'recognised' : 'construction-approved';
}
export const INNOVATION_AWARDS = [
  'china-standard-innovation-contribution',
  'fujian-standard-contribution',
] as const;
export const PRIZES = ['first', 'second', 'third'] as const;
export const PROGRAMMES = ['core-technology', 'achievement-transfer'] as const;
export const HONOURS = [
  'china-quality-award',
  'china-quality-award-nomination',
  'provincial-quality-award',
  'provincial-quality-award-nomination',
  'china-patent-award',
  'provincial-patent-award',
  'national-quality-benchmark',
  'provincial-quality-benchmark',
  'miit-single-champion',
  'provincial-single-champion',
  'famous-brand-product',
  'well-known-trademark',
] as const;

export const DETAIL_TYPES = [
  'StandardPublished',
  'StandardLeaderListed',
  'StandardInnovationAwardWon',
  'StandardSeriesDeveloped',
  'InnovationBaseApproved',
  'StandardizationPilotUndertaken',
  'StandardizationPilotAccepted',
  'CentreApproved',
  'DemonstrationZoneWon',
  'DesignServicePurchased',
  'TechnologyProjectFunded',
  'HonourConferred',
  'AchievementRevoked',
] as const;
export type DetailType = (typeof DETAIL_TYPES)[number];

/** Detail-types that state a fact an award can be paid for (all but the revocation). */
export type FactDetailType = Exclude<DetailType, 'AchievementRevoked'>;

export const FACT_DETAIL_TYPES = DETAIL_TYPES.filter((t): t is FactDetailType => t !== 'AchievementRevoked');
