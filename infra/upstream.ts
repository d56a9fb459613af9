/**
 * The upstream systems that may send facts (DESIGN.md, "Upstream systems are principals"): one table, from which
 * the stack generates the bus's resource policy, so each system can put only its own `source` values and the
 * detail-types it reports. A revocation counts only from the source that sent the fact, so an upstream that may send
 * `AchievementRevoked` can revoke nothing but its own facts.
 */
import { type DetailType } from '../shared/domain/vocabulary';

export interface UpstreamSystem {
  /** Short name, used in the role name and construct ids. */
  readonly name: string;
  readonly description: string;
  /**
   * The IAM principal (a role ARN, usually in the upstream's own account) that calls PutEvents. Absent: the stack
   * creates a role `award-upstream-<name>` in its own account for the system to assume.
   */
  readonly principal?: string;
  readonly sources: readonly string[];
  readonly detailTypes: readonly DetailType[];
}

/**
 * The default table. A deployment sets `principal` for each system it connects (CDK context `upstreamPrincipals`,
 * `{ "<name>": "arn:aws:iam::<account>:role/<role>" }`), and edits the table when a system's remit changes.
 */
export const UPSTREAM_SYSTEMS: readonly UpstreamSystem[] = [
  {
    name: 'standards',
    description: 'Standardisation administration (标准化主管部门): standards, leaders, awards, series, bases, pilots',
    sources: ['quality.standards'],
    detailTypes: [
      'StandardPublished',
      'StandardLeaderListed',
      'StandardInnovationAwardWon',
      'StandardSeriesDeveloped',
      'InnovationBaseApproved',
      'StandardizationPilotUndertaken',
      'StandardizationPilotAccepted',
      'AchievementRevoked',
    ],
  },
  {
    name: 'market-regulation',
    description: 'Market regulation (市场监督管理部门): inspection and testing centres, demonstration zones, honours',
    sources: ['quality.market-regulation'],
    detailTypes: ['CentreApproved', 'DemonstrationZoneWon', 'HonourConferred', 'AchievementRevoked'],
  },
  {
    name: 'science',
    description: 'Science and technology department (科技主管部门): funded technology projects',
    sources: ['quality.science'],
    detailTypes: ['TechnologyProjectFunded', 'AchievementRevoked'],
  },
  {
    name: 'industry',
    description: 'Industry and information technology department (工业和信息化主管部门): design and metrology centres, design services',
    sources: ['quality.industry'],
    detailTypes: ['CentreApproved', 'DesignServicePurchased', 'AchievementRevoked'],
  },
];

/** The table with each system's principal taken from the deployment's context, where it names one. */
export function upstreamSystems(principals: Readonly<Record<string, string>> = {}): UpstreamSystem[] {
  const unknown = Object.keys(principals).filter((name) => !UPSTREAM_SYSTEMS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`upstreamPrincipals names no upstream system: ${unknown.join(', ')}`);
  const taken = new Map<string, string>();
  for (const system of UPSTREAM_SYSTEMS) {
    for (const source of system.sources) {
      const owner = taken.get(source);
      if (owner !== undefined) throw new Error(`source ${source} belongs to both ${owner} and ${system.name}: a source has one sender`);
      taken.set(source, system.name);
    }
  }
  return UPSTREAM_SYSTEMS.map((system) => (principals[system.name] ? { ...system, principal: principals[system.name] } : system));
}
