/**
 * What-if's one pass over a fact (ADR 021): the awards of the catalog in force and of the draft together, each policy
 * that is the same in both evaluated once. A draft changes a rule or two; the rest of it is the catalog in force, so a
 * fact is read (its view, its identity) once, a policy both catalogs hold alike is matched once, and an award id is
 * hashed once. The result is what computeAwards gives under each catalog, with only what a replay reads of an award:
 * test/unit/whatif-one-pass.test.ts holds it to that, on random facts and random drafts.
 */
import assert from './assert';
import { canonicalJson } from './canonical-json';
import { type Catalog, type Policy, covers } from './catalog';
import { factView, policyGrant } from './engine';
import type { FactEvent } from './events';
import { type FactIdentity, awardIdOf, identifyFactOf } from './identity';

/** One award of one fact as a replay reads it; the same object under both catalogs when the policy is shared. */
export interface GrantedAward {
  readonly awardId: string;
  readonly ruleId: string;
  readonly jurisdiction: string;
  /** Null while the amount is per regulation (按规定). */
  readonly amountFen: number | null;
}

/** The awards of one fact under each catalog, each list in its catalog's policy order (as computeAwards lists them). */
export interface PairedAwards {
  readonly current: readonly GrantedAward[];
  readonly draft: readonly GrantedAward[];
}

/**
 * A policy the replay evaluates once per fact, with the rules it has off: for the catalog in force, the draft, or both
 * where both hold it alike. Whether the policy covers the recipient is read under each side's own coverage.
 */
interface Unit {
  readonly policy: Policy;
  readonly off: ReadonlySet<string>;
  /** The catalogs the unit stands in, or null for the side it is not in. */
  readonly current: Catalog | null;
  readonly draft: Catalog | null;
}

/** The two catalogs as units: each side's policies in its own order, a unit shared where both hold the same policy. */
export interface ReplayPlan {
  readonly units: readonly Unit[];
  /** Indexes into `units`, in each catalog's policy order. */
  readonly current: readonly number[];
  readonly draft: readonly number[];
}

/**
 * What decides what one policy grants a fact it covers: the policy whole and which of its rules are off. Two policies
 * with the same key grant every fact they cover the same awards, whichever catalog they are read in.
 */
function unitKey(policy: Policy, off: ReadonlySet<string>): string {
  const ruleIds = [...new Set(policy.versions.flatMap((v) => v.rules.map((r) => r.id)))];
  return canonicalJson({ policy, off: ruleIds.filter((id) => off.has(id)).sort() });
}

function planOf(current: Catalog, draft: Catalog): ReplayPlan {
  const units: Unit[] = [];
  const unshared = new Map<string, number[]>();
  const offCurrent = new Set(current.rulesOff ?? []);
  const offDraft = new Set(draft.rulesOff ?? []);
  const currentOrder = current.policies.map((policy) => {
    const key = unitKey(policy, offCurrent);
    unshared.set(key, [...(unshared.get(key) ?? []), units.length]);
    return units.push({ policy, off: offCurrent, current, draft: null }) - 1;
  });
  const draftOrder = draft.policies.map((policy) => {
    // The same policy with the same rules off: the unit of the catalog in force stands for both sides (each pairs once).
    const same = unshared.get(unitKey(policy, offDraft))?.shift();
    if (same === undefined) return units.push({ policy, off: offDraft, current: null, draft }) - 1;
    const unit = units[same];
    assert.ok(unit !== undefined && unit.draft === null, 'a unit of the catalog in force pairs with one policy of the draft');
    units[same] = { ...unit, draft };
    return same;
  });
  return { units, current: currentOrder, draft: draftOrder };
}

const PLANS = new WeakMap<Catalog, WeakMap<Catalog, ReplayPlan>>();

/** The plan of two catalogs, computed once per pair (catalogs are immutable data, as the engine's rules are). */
export function replayPlan(current: Catalog, draft: Catalog): ReplayPlan {
  const byDraft = PLANS.get(current) ?? new WeakMap<Catalog, ReplayPlan>();
  PLANS.set(current, byDraft);
  const known = byDraft.get(draft);
  if (known !== undefined) return known;
  const plan = planOf(current, draft);
  byDraft.set(draft, plan);
  return plan;
}

/**
 * The awards one fact earns under each catalog of the plan, for the recipient id intake kept: what computeAwards
 * answers under each (its awards, or none for 'no-policy'), each unit evaluated once for both sides.
 */
export function pairedAwards(plan: ReplayPlan, event: FactEvent, recipientId: string): PairedAwards {
  const region = event.detail.recipient.regionCode;
  let view: unknown;
  let fact: FactIdentity | undefined;
  const granted: Array<Granted | null> = [];
  for (const unit of plan.units) {
    const inCurrent = unit.current !== null && covers(unit.current, unit.policy.jurisdiction, region);
    const inDraft = unit.draft !== null && covers(unit.draft, unit.policy.jurisdiction, region);
    if (!inCurrent && !inDraft) {
      granted.push(null);
      continue;
    }
    view ??= factView(event.detail);
    const grant = policyGrant(unit.policy, unit.off, event, view, null);
    if (grant === null) {
      granted.push(null);
      continue;
    }
    fact ??= identifyFactOf(event, recipientId);
    const ruleId = grant.rule.id;
    // A rule the draft changed is in two units, one per side, with one award id: hashed once.
    const awardId = granted.find((g) => g?.award.ruleId === ruleId)?.award.awardId ?? awardIdOf(ruleId, fact.recipientId, fact.identity);
    granted.push({ award: { awardId, ruleId, jurisdiction: unit.policy.jurisdiction, amountFen: grant.amount.amountFen }, inCurrent, inDraft });
  }
  return { current: side(plan.current, granted, 'inCurrent'), draft: side(plan.draft, granted, 'inDraft') };
}

/** A unit's award for one fact, and the sides whose coverage takes the recipient in. */
interface Granted {
  readonly award: GrantedAward;
  readonly inCurrent: boolean;
  readonly inDraft: boolean;
}

function side(order: readonly number[], granted: ReadonlyArray<Granted | null>, covered: 'inCurrent' | 'inDraft'): GrantedAward[] {
  const awards: GrantedAward[] = [];
  for (const index of order) {
    const unit = granted[index];
    if (unit === null || unit === undefined || !unit[covered]) continue;
    assert.ok(!awards.some((a) => a.awardId === unit.award.awardId), 'award ids of one fact must be distinct');
    awards.push(unit.award);
  }
  return awards;
}
