/**
 * The policy catalog as data. A policy module (shared/policies/) lists versions; a version lists rules; a rule
 * names the fact it pays for, a condition on that fact's fields, and an amount. The engine reads rules and never
 * names a policy, so adding or amending a policy never touches it (DESIGN.md, "The catalog is data").
 */
import assert from 'node:assert/strict';
import type { FactDetailType } from './vocabulary';
import { FACT_FIELDS, type FieldDomain } from './fields';
import { isFen } from './money';
import { REGION_CODE } from './region';

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
  readonly when: readonly Predicate[];
  readonly amount: AmountSpec;
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

export interface Catalog {
  readonly policies: readonly Policy[];
}

export class CatalogError extends Error {
  override name = 'CatalogError';
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
export function ruleConstraints(rule: Rule): Map<string, Set<string>> {
  const constraints = new Map<string, Set<string>>();
  const narrow = (path: string, values: Iterable<FieldValue>) => {
    const next = new Set(Array.from(values, String));
    const previous = constraints.get(path);
    constraints.set(path, previous ? new Set([...previous].filter((v) => next.has(v))) : next);
  };
  for (const predicate of rule.when) narrow(predicate.path, predicate.oneOf);
  if (rule.amount.kind === 'tiered') narrow(rule.amount.path, Object.keys(rule.amount.tiersFen));
  return constraints;
}

/** A field value of the domain, described for people, for the overlap message. */
function describeOverlap(a: Map<string, Set<string>>, b: Map<string, Set<string>>): string | null {
  const parts: string[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const left = a.get(path);
    const right = b.get(path);
    const both = left && right ? [...left].filter((v) => right.has(v)) : [...(left ?? right ?? [])];
    if (both.length === 0) return null;
    parts.push(`${path}=${both[0]}`);
  }
  return parts.join(', ') || 'any fact';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkField(where: string, rule: Rule, path: string, expect: 'enumerable' | 'fen'): FieldDomain {
  const domain = FACT_FIELDS[rule.detailType][path];
  if (domain === undefined) throw new CatalogError(`${where}: ${rule.detailType} has no field '${path}'`);
  if (expect === 'fen' && domain !== 'fen')
    throw new CatalogError(`${where}: '${path}' is not a money field`);
  if (expect === 'enumerable' && domain === 'fen')
    throw new CatalogError(`${where}: '${path}' is money, not a condition`);
  return domain;
}

function checkValues(where: string, path: string, domain: FieldDomain, values: readonly FieldValue[]): void {
  if (values.length === 0) throw new CatalogError(`${where}: '${path}' admits no value`);
  for (const value of values) {
    const ok
      = domain === 'rank'
        ? Number.isSafeInteger(Number(value)) && Number(value) >= 1
        : domain !== 'fen' && domain.includes(String(value));
    if (!ok) throw new CatalogError(`${where}: '${value}' is not a value of '${path}'`);
  }
}

function checkRule(where: string, rule: Rule): void {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(rule.id))
    throw new CatalogError(`${where}: id must be policy/slug in kebab case`);
  if (rule.citation.trim().length === 0)
    throw new CatalogError(`${where}: a rule needs the sentence it rests on`);
  for (const predicate of rule.when) {
    const domain = checkField(where, rule, predicate.path, 'enumerable');
    checkValues(where, predicate.path, domain, predicate.oneOf);
  }
  const amount = rule.amount;
  switch (amount.kind) {
    case 'fixed':
      if (!isFen(amount.amountFen) || amount.amountFen === 0)
        throw new CatalogError(`${where}: amount must be positive fen`);
      break;
    case 'tiered': {
      const domain = checkField(where, rule, amount.path, 'enumerable');
      checkValues(where, amount.path, domain, Object.keys(amount.tiersFen));
      for (const [tier, amountFen] of Object.entries(amount.tiersFen)) {
        if (!isFen(amountFen) || amountFen === 0)
          throw new CatalogError(`${where}: tier '${tier}' must be positive fen`);
      }
      break;
    }
    case 'percentage':
      checkField(where, rule, amount.path, 'fen');
      if (
        !Number.isSafeInteger(amount.basisPoints)
        || amount.basisPoints <= 0
        || amount.basisPoints > 10_000
      ) {
        throw new CatalogError(`${where}: basis points must be in 1..10000`);
      }
      if (!isFen(amount.capFen) || amount.capFen === 0)
        throw new CatalogError(`${where}: cap must be positive fen`);
      break;
    case 'granted':
      checkField(where, rule, amount.path, 'fen');
      if (!isFen(amount.capFen) || amount.capFen === 0)
        throw new CatalogError(`${where}: cap must be positive fen`);
      break;
    case 'per-regulation':
      break;
    default: {
      const unreachable: never = amount;
      throw new CatalogError(`${where}: unknown amount ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Checks a catalog once, on load: unique ids, dates, positive integer amounts, fields that exist, versions that
 * do not overlap, and no two rules of one version that could match the same fact (which would pay twice).
 * Returns the catalog so modules can export `validateCatalog({...})`.
 */
export function validateCatalog(catalog: Catalog): Catalog {
  const policyIds = new Set<string>();
  const ruleIds = new Map<string, string>();
  for (const policy of catalog.policies) {
    if (policyIds.has(policy.id)) throw new CatalogError(`policy id '${policy.id}' appears twice`);
    policyIds.add(policy.id);
    if (!REGION_CODE.test(policy.jurisdiction))
      throw new CatalogError(`${policy.id}: jurisdiction must be a division code`);
    if (policy.versions.length === 0) throw new CatalogError(`${policy.id}: a policy needs a version`);
    const versions = [...policy.versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    versions.forEach((version, index) => {
      const where = `${policy.id} v${version.version}`;
      if (!DATE.test(version.effectiveFrom))
        throw new CatalogError(`${where}: effectiveFrom must be YYYY-MM-DD`);
      if (
        version.effectiveTo !== null
        && !(DATE.test(version.effectiveTo) && version.effectiveFrom <= version.effectiveTo)
      ) {
        throw new CatalogError(`${where}: effectiveTo must be a date on or after effectiveFrom`);
      }
      const next = versions[index + 1];
      if (next && (version.effectiveTo === null || version.effectiveTo >= next.effectiveFrom)) {
        throw new CatalogError(`${where} and v${next.version} are both in force on ${next.effectiveFrom}`);
      }
      for (const rule of version.rules) {
        const ruleWhere = `${where} rule ${rule.id}`;
        if (!rule.id.startsWith(`${policy.id}/`))
          throw new CatalogError(`${ruleWhere}: id must start with '${policy.id}/'`);
        const owner = ruleIds.get(rule.id);
        // The same rule id may recur across versions of one policy (that is how a rule is amended), never elsewhere.
        if (owner !== undefined && owner !== policy.id)
          throw new CatalogError(`${ruleWhere}: id used by ${owner}`);
        ruleIds.set(rule.id, policy.id);
        checkRule(ruleWhere, rule);
      }
      const seen = new Set<string>();
      for (const rule of version.rules) {
        if (seen.has(rule.id)) throw new CatalogError(`${where}: rule id ${rule.id} appears twice`);
        seen.add(rule.id);
      }
      version.rules.forEach((a, i) => {
        for (const b of version.rules.slice(i + 1)) {
          if (a.detailType !== b.detailType) continue;
          const overlap = describeOverlap(ruleConstraints(a), ruleConstraints(b));
          if (overlap !== null) {
            throw new CatalogError(
              `${where}: rules ${a.id} and ${b.id} both match a ${a.detailType} fact with ${overlap}`,
            );
          }
        }
      });
    });
  }
  assert.equal(policyIds.size, catalog.policies.length);
  return catalog;
}
