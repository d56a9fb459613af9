/**
 * The vocabulary of the event contracts (CONTRACT.md §1): detail-types and the values their fields take. Plain
 * constants with no dependency, so the pure domain can name them without loading the validation library.
 */

export const RECIPIENT_KINDS = ['enterprise', 'organization', 'individual'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

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
export type StandardLevel = (typeof STANDARD_LEVELS)[number];
export const PILOT_LEVELS = ['national', 'provincial'] as const;
export type PilotLevel = (typeof PILOT_LEVELS)[number];
export const CENTRE_KINDS = ['inspection-testing', 'industrial-metrology', 'industrial-design'] as const;
export type CentreKind = (typeof CENTRE_KINDS)[number];
export const CENTRE_LEVELS = ['national', 'provincial'] as const;
export type CentreLevel = (typeof CENTRE_LEVELS)[number];
/** The stage a centre document reports: 获批筹建, 验收, 认定 (version 3: required, no default). */
export const CENTRE_STAGES = ['construction-approved', 'accepted', 'recognised'] as const;
export type CentreStage = (typeof CENTRE_STAGES)[number];
/** Version 3: the stage a demonstration-zone document reports: 创建/筹建 approved, or 验收命名 (the title obtained). */
export const ZONE_STAGES = ['construction-approved', 'named'] as const;
export type ZoneStage = (typeof ZONE_STAGES)[number];
/** Version 3: what a standard's publication is: 制定 (newly drafted) or 修订 (revised). */
export const STANDARD_ACTIONS = ['drafted', 'revised'] as const;
export type StandardAction = (typeof STANDARD_ACTIONS)[number];
/** The levels at which `standard.action` is required: the group-standard sentence pays 制定 only. */
export const GROUP_LEVELS = ['group-national', 'group-provincial', 'group-municipal'] as const;
/** Version 3: the categories of a standard innovation award (its own): a project prize, a unit's, a person's. */
export const AWARD_CATEGORIES = ['project', 'organization', 'individual'] as const;
export type AwardCategory = (typeof AWARD_CATEGORIES)[number];
/**
 * The registration-authority codes of GB 32100-2015, the first character of a credit code: 1 机构编制 (party and
 * government bodies, public institutions, management committees), 5 民政, 9 工商 (enterprises), and the others.
 */
export const REGISTRATION_AUTHORITIES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'N', 'Y'] as const;
export const INNOVATION_AWARDS = [
  'china-standard-innovation-contribution',
  'fujian-standard-contribution',
] as const;
export type InnovationAward = (typeof INNOVATION_AWARDS)[number];
export const PRIZES = ['first', 'second', 'third'] as const;
export type Prize = (typeof PRIZES)[number];
export const PROGRAMMES = ['core-technology', 'achievement-transfer'] as const;
export type Programme = (typeof PROGRAMMES)[number];
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
export type Honour = (typeof HONOURS)[number];

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
