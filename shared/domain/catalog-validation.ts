/**
 * The catalog checked once, on load (shared/policies/index.ts): unique ids, dates, positive integer amounts, fields
 * that exist, versions that do not overlap, and no two rules of one jurisdiction that could pay the same fact unless
 * one declares that they stack, with the sentence that says so (DESIGN.md, "Readings added in version 2").
 */
import assert from './assert';
import { type Catalog, CatalogError, type FieldValue, type Policy, type PolicyVersion, type Rule, ruleConstraints } from './catalog';
import { FACT_FIELDS, type FieldDomain } from './fields';
import { isFen } from './money';
import { REGION_CODE, jurisdictionPrefix } from './region';

/** A field value of the domain, described for people, for the overlap message. */
function describeOverlap(a: ReadonlyMap<string, ReadonlySet<string>>, b: ReadonlyMap<string, ReadonlySet<string>>): string | null {
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
  if (rule.oneLeadPerProject === true && !rule.when.some((p) => p.path === 'draftingRank' && p.oneOf.length === 1 && Number(p.oneOf[0]) === 1)) {
    throw new CatalogError(`${where}: one lead per project needs the rule to pay the lead alone (draftingRank 1)`);
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

function checkVersion(policy: Policy, version: PolicyVersion, next: PolicyVersion | undefined, ruleIds: Map<string, string>): void {
  const where = `${policy.id} v${version.version}`;
  if (!DATE.test(version.effectiveFrom)) throw new CatalogError(`${where}: effectiveFrom must be YYYY-MM-DD`);
  if (version.effectiveTo !== null && !(DATE.test(version.effectiveTo) && version.effectiveFrom <= version.effectiveTo)) {
    throw new CatalogError(`${where}: effectiveTo must be a date on or after effectiveFrom`);
  }
  if (next && (version.effectiveTo === null || version.effectiveTo >= next.effectiveFrom)) {
    throw new CatalogError(`${where} and v${next.version} are both in force on ${next.effectiveFrom}`);
  }
  const seen = new Set<string>();
  for (const rule of version.rules) {
    const ruleWhere = `${where} rule ${rule.id}`;
    if (!rule.id.startsWith(`${policy.id}/`)) throw new CatalogError(`${ruleWhere}: id must start with '${policy.id}/'`);
    const owner = ruleIds.get(rule.id);
    // The same rule id may recur across versions of one policy (that is how a rule is amended), never elsewhere.
    if (owner !== undefined && owner !== policy.id) throw new CatalogError(`${ruleWhere}: id used by ${owner}`);
    ruleIds.set(rule.id, policy.id);
    if (seen.has(rule.id)) throw new CatalogError(`${where}: rule id ${rule.id} appears twice`);
    seen.add(rule.id);
    checkRule(ruleWhere, rule);
  }
}

/** A rule where it is in force: its policy, version and window. */
interface Placed {
  readonly policy: Policy;
  readonly version: PolicyVersion;
  readonly rule: Rule;
}

const windowOf = (p: Placed) => `${p.version.effectiveFrom} to ${p.version.effectiveTo ?? 'no end date'}`;
const sameWindow = (a: Placed, b: Placed) =>
  a.version.effectiveFrom <= (b.version.effectiveTo ?? '9999-12-31') && b.version.effectiveFrom <= (a.version.effectiveTo ?? '9999-12-31');
const declares = (a: Rule, b: Rule) => (a.stacksWith ?? []).some((d) => d.ruleId === b.id);

/**
 * Two rules of one jurisdiction (its fund pays both), from any of its policies and versions, that are in force on a
 * common day and could match one fact must be declared to stack; otherwise the fact would be paid twice by mistake.
 * Rules of one version never stack: a version pays a fact by one rule.
 */
function checkJurisdiction(placed: readonly Placed[], ruleIds: ReadonlyMap<string, string>): void {
  for (const p of placed) {
    for (const declaration of p.rule.stacksWith ?? []) {
      const where = `${p.policy.id} v${p.version.version} rule ${p.rule.id}`;
      const other = placed.find((q) => q.rule.id === declaration.ruleId);
      if (other === undefined) {
        const elsewhere = ruleIds.get(declaration.ruleId);
        throw new CatalogError(`${where}: stacksWith ${declaration.ruleId}, ${elsewhere === undefined ? 'which is no rule of the catalog' : `a rule of another jurisdiction (${elsewhere}); funds of different jurisdictions always stack`}`);
      }
      if (declaration.sentence.trim().length === 0) throw new CatalogError(`${where}: stacksWith ${declaration.ruleId} needs the sentence that says both are paid`);
    }
  }
  placed.forEach((a, i) => {
    for (const b of placed.slice(i + 1)) {
      if (a.rule.detailType !== b.rule.detailType || a.rule.id === b.rule.id || !sameWindow(a, b)) continue;
      const overlap = describeOverlap(ruleConstraints(a.rule), ruleConstraints(b.rule));
      if (overlap === null) continue;
      const oneVersion = a.policy.id === b.policy.id && a.version.version === b.version.version;
      if (!oneVersion && (declares(a.rule, b.rule) || declares(b.rule, a.rule))) continue;
      const whereA = `${a.rule.id} (${a.policy.id} v${a.version.version}, ${windowOf(a)})`;
      const whereB = `${b.rule.id} (${b.policy.id} v${b.version.version}, ${windowOf(b)})`;
      throw new CatalogError(
        oneVersion
          ? `${a.policy.id} v${a.version.version}: rules ${a.rule.id} and ${b.rule.id} both match a ${a.rule.detailType} fact with ${overlap}`
          : `jurisdiction ${a.policy.jurisdiction}: rules ${whereA} and ${whereB} both match a ${a.rule.detailType} fact with ${overlap}; `
            + 'declare that they stack (stacksWith, with the sentence that says so) or make them disjoint',
      );
    }
  });
}

/**
 * The coverage entries: one per jurisdiction at most, each paying jurisdiction named, prefixes of digits that start
 * within the jurisdiction's own prefix, exceptions that are division codes under one of them.
 */
function checkCoverage(catalog: Catalog, jurisdictions: ReadonlySet<string>): void {
  const seen = new Set<string>();
  for (const c of catalog.coverage ?? []) {
    const where = `coverage of ${c.jurisdiction}`;
    if (!REGION_CODE.test(c.jurisdiction)) throw new CatalogError(`${where}: jurisdiction must be a division code`);
    if (seen.has(c.jurisdiction)) throw new CatalogError(`${where} appears twice`);
    seen.add(c.jurisdiction);
    if (c.prefixes.length === 0) throw new CatalogError(`${where}: it covers no prefix`);
    const own = jurisdictionPrefix(c.jurisdiction);
    for (const p of c.prefixes) if (!/^\d{1,6}$/.test(p) || !p.startsWith(own)) throw new CatalogError(`${where}: prefix '${p}' is not digits within ${own}`);
    for (const e of c.except) if (!REGION_CODE.test(e) || !c.prefixes.some((p) => e.startsWith(p))) throw new CatalogError(`${where}: exception '${e}' is not a division code it would otherwise cover`);
    if (c.basis.trim().length === 0) throw new CatalogError(`${where}: say on what it rests (basis)`);
  }
  if (catalog.coverage !== undefined) {
    for (const j of jurisdictions) if (!seen.has(j)) throw new CatalogError(`coverage names no entry for ${j}, which a policy pays in`);
  }
}

/** Rules switched off by the deployment must be rules of the catalog: a misspelt id would switch nothing off. */
function checkRulesOff(catalog: Catalog, ruleIds: ReadonlyMap<string, string>): void {
  for (const id of catalog.rulesOff ?? []) if (!ruleIds.has(id)) throw new CatalogError(`rulesOff names ${id}, which is no rule of the catalog`);
}

/**
 * Checks a catalog once, on load, and returns it, so modules can export `validateCatalog({...})`.
 */
export function validateCatalog(catalog: Catalog): Catalog {
  const policyIds = new Set<string>();
  const ruleIds = new Map<string, string>();
  const byJurisdiction = new Map<string, Placed[]>();
  for (const policy of catalog.policies) {
    if (policyIds.has(policy.id)) throw new CatalogError(`policy id '${policy.id}' appears twice`);
    policyIds.add(policy.id);
    if (!REGION_CODE.test(policy.jurisdiction)) throw new CatalogError(`${policy.id}: jurisdiction must be a division code`);
    if (policy.versions.length === 0) throw new CatalogError(`${policy.id}: a policy needs a version`);
    const versions = [...policy.versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    versions.forEach((version, index) => checkVersion(policy, version, versions[index + 1], ruleIds));
    const placed = byJurisdiction.get(policy.jurisdiction) ?? [];
    for (const version of versions) for (const rule of version.rules) placed.push({ policy, version, rule });
    byJurisdiction.set(policy.jurisdiction, placed);
  }
  for (const placed of byJurisdiction.values()) checkJurisdiction(placed, ruleIds);
  checkCoverage(catalog, new Set(byJurisdiction.keys()));
  checkRulesOff(catalog, ruleIds);
  assert.equal(policyIds.size, catalog.policies.length);
  return catalog;
}
