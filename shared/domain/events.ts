/**
 * The event types of CONTRACT.md §1, as the domain sees them once validated: plain TypeScript, no validation
 * library, no node:* module, nothing outside shared/domain. The domain owns them; events/contracts.ts validates
 * against zod schemas and proves at compile time that each schema's output is exactly the type declared here.
 */
import type {
  AwardCategory,
  CentreKind,
  CentreLevel,
  CentreStage,
  DetailType,
  FactDetailType,
  Honour,
  InnovationAward,
  PilotLevel,
  Prize,
  Programme,
  StandardAction,
  StandardLevel,
  ZoneStage,
} from './vocabulary';

// ---------------------------------------------------------------------------------------------- recipient

/** An enterprise or organization, named by its credit code. */
export interface OrganisationRecipient {
  readonly kind: 'enterprise' | 'organization';
  readonly uscc: string;
  readonly name: string;
  readonly regionCode: string;
}

/** A person, named by the identity number (upper case `X`); personal data (shared/domain/person.ts). */
export interface IndividualRecipient {
  readonly kind: 'individual';
  readonly idNumber: string;
  readonly name: string;
  readonly regionCode: string;
}

/** Who a fact is about. The region code is always present: sent, or taken from the credit code or identity number. */
export type Recipient = OrganisationRecipient | IndividualRecipient;

// ---------------------------------------------------------------------------------------------- details

/** The fields every detail-type carries. */
export interface CommonDetail {
  recipient: Recipient;
  /** A calendar date YYYY-MM-DD, China Standard Time. */
  occurredOn: string;
  /** The document that states the fact (a 文号, a certificate number). */
  reference: string;
}

export interface StandardPublished extends CommonDetail {
  standard: {
    number: string;
    title: string;
    level: StandardLevel;
    /** Version 3: 制定 or 修订. Present for every group standard (its sentence pays 制定 only). */
    action?: StandardAction | undefined;
  };
  /** 1 = the unit that led the drafting. */
  draftingRank: number;
}

export interface StandardLeaderListed extends CommonDetail {
  standardNumber: string;
}

export interface StandardInnovationAwardWon extends CommonDetail {
  award: InnovationAward;
  /** Version 3: a person's prize goes to a person, a project's and a unit's to a unit. */
  category: AwardCategory;
  prize: Prize;
  /** Present for a project prize: 1 = the unit that led (主持起草). */
  draftingRank?: number | undefined;
}

export interface StandardSeriesDeveloped extends CommonDetail {
  seriesName: string;
}

export interface InnovationBaseApproved extends CommonDetail {
  baseName: string;
}

export interface StandardizationPilotUndertaken extends CommonDetail {
  level: PilotLevel;
  projectName: string;
}

export interface StandardizationPilotAccepted extends CommonDetail {
  level: PilotLevel;
  projectName: string;
}

export interface CentreApproved extends CommonDetail {
  centre: {
    kind: CentreKind;
    level: CentreLevel;
    name: string;
    /** Version 3: required; a centre is paid at one stage, not again at a later one. */
    stage: CentreStage;
  };
}

export interface DemonstrationZoneWon extends CommonDetail {
  zoneName: string;
  /** Version 3: (十六) pays a zone 新获得, named (验收命名), not one approved for creation. */
  stage: ZoneStage;
}

export interface DesignServicePurchased extends CommonDetail {
  /** Positive integer fen (1 yuan = 100 fen). */
  approvedCostFen: number;
}

export interface TechnologyProjectFunded extends CommonDetail {
  programme: Programme;
  /** Positive integer fen (1 yuan = 100 fen). */
  grantedAmountFen: number;
  projectName: string;
}

export interface HonourConferred extends CommonDetail {
  honour: Honour;
}

export interface AchievementRevoked extends CommonDetail {
  /** The fact withdrawn: its detail-type and its document's reference. */
  revokes: { detailType: FactDetailType; reference: string };
  reason: string;
}

/** Each detail-type's `detail`, by name. */
export interface Details {
  StandardPublished: StandardPublished;
  StandardLeaderListed: StandardLeaderListed;
  StandardInnovationAwardWon: StandardInnovationAwardWon;
  StandardSeriesDeveloped: StandardSeriesDeveloped;
  InnovationBaseApproved: InnovationBaseApproved;
  StandardizationPilotUndertaken: StandardizationPilotUndertaken;
  StandardizationPilotAccepted: StandardizationPilotAccepted;
  CentreApproved: CentreApproved;
  DemonstrationZoneWon: DemonstrationZoneWon;
  DesignServicePurchased: DesignServicePurchased;
  TechnologyProjectFunded: TechnologyProjectFunded;
  HonourConferred: HonourConferred;
  AchievementRevoked: AchievementRevoked;
}

export type DetailOf<T extends DetailType> = Details[T];

// ---------------------------------------------------------------------------------------------- events

/** A validated event: what the core sees. */
export type AwardEvent = {
  [T in DetailType]: {
    eventId: string | null;
    source: string;
    detailType: T;
    time: string | null;
    detail: DetailOf<T>;
  };
}[DetailType];

export type FactEvent = Extract<AwardEvent, { detailType: FactDetailType }>;
export type RevocationEvent = Extract<AwardEvent, { detailType: 'AchievementRevoked' }>;
