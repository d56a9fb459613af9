/**
 * The policy catalog as data. A policy module (shared/policies/) lists versions; a version lists rules; a rule
 * names the fact it pays for, a condition on that fact's fields, and an amount. The engine reads rules and never
 * names a policy, so adding or amending a policy never touches it (DESIGN.md, "The catalog is data").
 */
import { jurisdictionCovers, jurisdictionPrefix } from './region';
import type { FactDetailType } from './vocabulary';
import { RECIPIENT_KINDS } from './vocabulary';

/** Who a rule pays when it names no kind of recipient: anyone but a person. */
const ORGANISATION_KINDS = RECIPIENT_KINDS.filter((k) => k !== 'individual');

export type FieldValue = string | number;

/** The fact's field at `path` (dotted, from the detail) must be one of `oneOf`. */
export interface Predicate {
  readonly path: string;
  readonly oneOf: readonly FieldValue[];
}

export type AmountSpec
  /** A fixed sum per fact. */
  = | { readonly kind: 'fixed'; readonly amountFen: number }
  /** A sum chosen by the value of one field; a value without a tier does not match the rule. */
    | { readonly kind: 'tiered'; readonly path: string; readonly tiersFen: Readonly<Record<string, number>> }
  /** A share of a money field, rounded down to the fen, then capped. */
    | {
      readonly kind: 'percentage';
      readonly path: string;
      readonly basisPoints: number;
      readonly capFen: number;
    }
  /** The amount another programme granted, paid up to a cap. */
    | { readonly kind: 'granted'; readonly path: string; readonly capFen: number }
  /** "按规定给予相应奖励": the document names no sum; finance of the jurisdiction sets it. */
    | { readonly kind: 'per-regulation' };

export interface Rule {
  /** Stable and unique across the catalog: award ids are derived from it, so it never changes once used. */
  readonly id: string;
  /** The clause of the document, as the document numbers it. */
  readonly clause: string;
  /** The sentence of the seed the rule rests on, quoted verbatim. */
  readonly citation: string;
  /** What the rule pays for, in English, for people. */
  readonly summary: string;
  readonly detailType: FactDetailType;
  /**
   * A condition on `recipient.kind` names who may be paid. Without one, enterprises and organizations are: a person
   * is paid only by a rule that names `individual` (CONTRACT §1, version 2).
   */
  readonly when: readonly Predicate[];
  readonly amount: AmountSpec;
  /** How an ambiguous sentence is read, in English, with the words it turns on (ADR 002); shown by the API and explain. */
  readonly reading?: string;
  /**
   * Rules of the same jurisdiction, in other policies, that pay the same fact too, with the sentence that says the
   * awards add up. Two rules of one jurisdiction that can match one fact must be declared here or be disjoint.
   */
  readonly stacksWith?: readonly StackDeclaration[];
  /**
   * 每个项目: the rule pays one lead drafter per project. A second recipient's claim to have led (draftingRank 1) the
   * same project under this rule is recorded ON_HOLD (SECOND_LEAD_CLAIM), for an officer to decide (CONTRACT §6).
   */
  readonly oneLeadPerProject?: boolean;
  /**
   * The fact is one thing with one recipient (a centre, a base, a zone): the rule pays it once, to the first recipient
   * that claims it. Another recipient's claim to the same fact, under this or any other rule, is recorded ON_HOLD
   * (SECOND_LEAD_CLAIM), for an officer to decide (issue 20 attack review, H5).
   */
  readonly oncePerFact?: boolean;
}

export interface StackDeclaration {
  readonly ruleId: string;
  /** The sentence, quoted from a seed, that says both are paid. */
  readonly sentence: string;
}

export interface PolicyVersion {
  readonly version: number;
  /** First day in force (occurredOn on or after it), YYYY-MM-DD. */
  readonly effectiveFrom: string;
  /** Last day in force, inclusive, or null while the policy has no end date. */
  readonly effectiveTo: string | null;
  readonly rules: readonly Rule[];
}

export interface Policy {
  readonly id: string;
  readonly title: string;
  readonly titleEn: string;
  readonly issuer: string;
  readonly documentNumber: string | null;
  /** The division code of the jurisdiction whose fund pays: it covers region codes with its prefix. */
  readonly jurisdiction: string;
  /** The file in shared/policies/seeds/ (a copy of ../shared/seeds/) the policy is transcribed from. */
  readonly seed: string;
  readonly versions: readonly PolicyVersion[];
}

/**
 * Which recipients a jurisdiction's fund covers, as data (CONTRACT §6): a region code starting with one of `prefixes`
 * and not starting with one of `except` (Shijiazhuang covers 1301xx but Xinji, 130181, which the province administers
 * directly). `basis` says why, for people.
 */
export interface Coverage {
  readonly jurisdiction: string;
  readonly prefixes: readonly string[];
  readonly except: readonly string[];
  readonly basis: string;
}

export interface Catalog {
  readonly policies: readonly Policy[];
  /** Each jurisdiction's coverage; one the list does not name covers the codes of its own prefix (region.ts). */
  readonly coverage?: readonly Coverage[];
  /**
   * Rules this deployment does not pay through the pipeline (configuration, not policy: AWARDS_RULES_OFF, the stack's
   * `rulesOff`), such as (八) where the provincial S&T plan pays its grants itself. The engine names them as off.
   */
  readonly rulesOff?: readonly string[];
}

export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** Whether `jurisdiction` covers a recipient in `regionCode`, by the catalog's coverage or else by its prefix. */
export function covers(catalog: Catalog, jurisdiction: string, regionCode: string): boolean {
  const coverage = catalog.coverage?.find((c) => c.jurisdiction === jurisdiction);
  if (coverage === undefined) return jurisdictionCovers(jurisdiction, regionCode);
  return /^\d{6}$/.test(regionCode) && coverage.prefixes.some((p) => regionCode.startsWith(p)) && !coverage.except.some((e) => regionCode.startsWith(e));
}

/** The coverage of a jurisdiction as people read it: `1301xx except 130181`. */
export function describeCoverage(catalog: Catalog, jurisdiction: string): string {
  const coverage = catalog.coverage?.find((c) => c.jurisdiction === jurisdiction);
  const prefixes = coverage?.prefixes ?? [jurisdictionPrefix(jurisdiction)];
  const except = coverage?.except ?? [];
  return `${prefixes.map((p) => p.padEnd(6, 'x')).join(', ')}${except.length > 0 ? ` except ${except.map((e) => e.padEnd(6, 'x')).join(', ')}` : ''}`;
}

/** Every jurisdiction the catalog pays in, sorted. */
export function catalogJurisdictions(catalog: Catalog): string[] {
  return [...new Set(catalog.policies.map((p) => p.jurisdiction))].sort();
}

/** Reads the field at a dotted path of a detail, or undefined. */
export function fieldAt(detail: unknown, path: string): unknown {
  let value: unknown = detail;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The version of a policy in force on a date, or null. */
export function versionInForce(policy: Policy, occurredOn: string): PolicyVersion | null {
  return (
    policy.versions.find(
      (v) => v.effectiveFrom <= occurredOn && (v.effectiveTo === null || occurredOn <= v.effectiveTo),
    ) ?? null
  );
}

/**
 * The values each field may take for a rule to match, combining its predicates and its tiers. A field that is
 * absent may take any value.
 */
export function ruleConstraints(rule: Rule): ReadonlyMap<string, ReadonlySet<string>> {
  // Rules are immutable data and the engine asks for every candidate rule of every fact: computed once per rule.
  const known = CONSTRAINTS.get(rule);
  if (known !== undefined) return known;
  const computed = computeConstraints(rule);
  CONSTRAINTS.set(rule, computed);
  return computed;
}

const CONSTRAINTS = new WeakMap<Rule, ReadonlyMap<string, ReadonlySet<string>>>();

function computeConstraints(rule: Rule): Map<string, Set<string>> {
  const constraints = new Map<string, Set<string>>();
  const narrow = (path: string, values: Iterable<FieldValue>) => {
    const next = new Set(Array.from(values, String));
    const previous = constraints.get(path);
    constraints.set(path, previous ? new Set([...previous].filter((v) => next.has(v))) : next);
  };
  for (const predicate of rule.when) narrow(predicate.path, predicate.oneOf);
  if (rule.amount.kind === 'tiered') narrow(rule.amount.path, Object.keys(rule.amount.tiersFen));
  // Last, so that a mismatch names the rule's own conditions first.
  if (!constraints.has('recipient.kind')) constraints.set('recipient.kind', new Set(ORGANISATION_KINDS));
  return constraints;
}
