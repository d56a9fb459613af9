/**
 * Approval routing: who must approve an award and how many distinct approvals it needs. Tiers are configuration
 * per jurisdiction (DESIGN.md, "Approval"); the default is one approval below 1,000,000 yuan and two from it.
 */
import assert from './assert';
import { assertFen, yuan } from './money';
import { REGION_CODE } from './region';

export interface ApprovalTier {
  /** The tier applies to amounts from this many fen upwards. */
  readonly fromFen: number;
  readonly approvalsRequired: number;
}

export interface ApprovalConfig {
  readonly defaultTiers: readonly ApprovalTier[];
  /** Tiers of a jurisdiction that does not use the default. */
  readonly byJurisdiction: Readonly<Record<string, readonly ApprovalTier[]>>;
}

export const DEFAULT_TIERS: readonly ApprovalTier[] = [
  { fromFen: 0, approvalsRequired: 1 },
  { fromFen: yuan(1_000_000), approvalsRequired: 2 },
];

export const DEFAULT_APPROVAL_CONFIG: ApprovalConfig = { defaultTiers: DEFAULT_TIERS, byJurisdiction: {} };

export interface Route {
  /** The JWT group whose members may approve (CONTRACT §2). */
  readonly approverGroup: string;
  readonly approvalsRequired: number;
}

export class ApprovalConfigError extends Error {
  override name = 'ApprovalConfigError';
}

function checkTiers(where: string, tiers: readonly ApprovalTier[]): void {
  if (tiers[0]?.fromFen !== 0) throw new ApprovalConfigError(`${where}: the first tier must start at 0 fen`);
  tiers.forEach((tier, i) => {
    if (!Number.isSafeInteger(tier.fromFen) || tier.fromFen < 0)
      throw new ApprovalConfigError(`${where}: fromFen must be fen`);
    if (
      !Number.isSafeInteger(tier.approvalsRequired)
      || tier.approvalsRequired < 1
      || tier.approvalsRequired > 5
    ) {
      throw new ApprovalConfigError(`${where}: approvalsRequired must be 1 to 5`);
    }
    const previous = tiers[i - 1];
    if (
      previous
      && !(previous.fromFen < tier.fromFen && previous.approvalsRequired <= tier.approvalsRequired)
    ) {
      throw new ApprovalConfigError(
        `${where}: tiers must rise in amount and never ask fewer approvals for more money`,
      );
    }
  });
}

export function validateApprovalConfig(config: ApprovalConfig): ApprovalConfig {
  checkTiers('default tiers', config.defaultTiers);
  for (const [jurisdiction, tiers] of Object.entries(config.byJurisdiction)) {
    if (!REGION_CODE.test(jurisdiction))
      throw new ApprovalConfigError(`'${jurisdiction}' is not a division code`);
    checkTiers(`tiers of ${jurisdiction}`, tiers);
  }
  return config;
}

/** The approvals an award of `amountFen` in `jurisdiction` needs, and from whom. */
export function routeApproval(
  award: { jurisdiction: string; amountFen: number },
  config: ApprovalConfig,
): Route {
  assertFen(award.amountFen, 'routeApproval amount');
  const tiers = config.byJurisdiction[award.jurisdiction] ?? config.defaultTiers;
  const tier = tiers.findLast((t) => t.fromFen <= award.amountFen);
  assert.ok(tier !== undefined, 'validated tiers start at 0 fen');
  return { approverGroup: `approver:${award.jurisdiction}`, approvalsRequired: tier.approvalsRequired };
}
