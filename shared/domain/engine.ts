/**
 * The award engine: a pure function from a validated fact and a catalog to the awards the policies grant, each
 * citing its clause, or a precise reason why none applies. No clock, no I/O, no AWS (STYLE 1, 2).
 */
import assert from './assert';
import type { FactEvent, Recipient, RevocationEvent } from './events';
import type { FactDetailType } from './vocabulary';
import {
  type Catalog,
  catalogJurisdictions,
  covers,
  describeCoverage,
  fieldAt,
  type Policy,
  type PolicyVersion,
  type Rule,
  ruleConstraints,
  versionInForce,
} from './catalog';
import { type FactIdentity, awardIdOf, identifyFact, identifyRevocation } from './identity';
import { type Amount, amountWords, computeAmount } from './award-amount';
import { assertFen } from './money';
import type { PersonKey } from './person';
import { JURISDICTION_NAMES } from './region';

/** What the engine says of one award: payable now, or waiting for finance to set the amount. */
export type ComputedStatus = 'PAYABLE' | 'AMOUNT_REQUIRED';

export interface ComputedAward {
  readonly awardId: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly ruleId: string;
  readonly clause: string;
  readonly citation: string;
  /** How the rule reads its sentence, where that needed deciding (ADR 002); null when the sentence says it plainly. */
  readonly reading: string | null;
  readonly jurisdiction: string;
  readonly detailType: FactDetailType;
  readonly recipient: Recipient;
  /** The credit code, or a person's keyed id: what keys and indexes name the recipient by (never an identity number). */
  readonly recipientId: string;
  readonly reference: string;
  /** The fact's identity fields in canonical form (CONTRACT §1): what makes two events the same fact. */
  readonly identity: string;
  /** The upstream system that sent the fact (the event's `source`): only it can revoke the fact. */
  readonly source: string;
  readonly eventId: string | null;
  readonly occurredOn: string;
  /** Null while the amount is "per regulation". */
  readonly amountFen: number | null;
  readonly status: ComputedStatus;
  /** The amount before the cap, where a cap applies to the rule; null otherwise. */
  readonly uncappedAmountFen: number | null;
  readonly capApplied: boolean;
  /** One sentence for people: which document, clause and computation. */
  readonly basis: string;
  /**
   * Where the rule pays one recipient per fact (one lead per project, 每个项目; or a centre, base or zone paid once):
   * the fact's identity, in canonical form, that this award claims; another recipient's claim to the same fact, under
   * any rule, is held (SECOND_LEAD_CLAIM). Null for every other rule.
   */
  readonly leadClaim: string | null;
}

export type EngineResult
  = | { readonly kind: 'awards'; readonly awards: readonly ComputedAward[] }
    | { readonly kind: 'no-policy'; readonly reason: string };

/**
 * The fact as rules read it: the detail, and what the engine derives from it. `recipient.registrationAuthority` is the
 * first character of a credit code (GB 32100-2015: 1 for a government body or management committee); a person has
 * none, so a rule that names one never pays a person.
 */
export function factView(detail: FactEvent['detail']): unknown {
  const { recipient } = detail;
  const registrationAuthority = recipient.kind === 'individual' ? null : recipient.uscc.charAt(0);
  return { ...detail, recipient: { ...recipient, registrationAuthority } };
}

/** The first constraint of a rule a fact does not meet, with the value the fact has, or null when it meets them all. */
function firstMismatch(rule: Rule, detail: unknown): { path: string; allowed: ReadonlySet<string>; value: string } | null {
  for (const [path, allowed] of ruleConstraints(rule)) {
    const value = String(fieldAt(detail, path));
    if (!allowed.has(value)) return { path, allowed, value };
  }
  return null;
}

/** Why a rule does not match a fact, or null when it does. */
export function ruleMismatch(rule: Rule, detail: unknown): string | null {
  const miss = firstMismatch(rule, detail);
  return miss === null ? null : `${rule.id} needs ${miss.path} ${[...miss.allowed].join(' or ')}, got ${miss.value}`;
}

/** Whether a rule matches a fact, without the words of why not (what-if keeps none). */
const ruleMatches = (rule: Rule, detail: unknown): boolean => firstMismatch(rule, detail) === null;

function award(policy: Policy, version: number, rule: Rule, event: FactEvent, fact: FactIdentity, amount: Amount, view: unknown): ComputedAward {
  const { detail } = event;
  const how = amountWords(rule.amount, view, amount, policy.jurisdiction);
  return {
    awardId: awardIdOf(rule.id, fact.recipientId, fact.identity),
    policyId: policy.id,
    policyVersion: version,
    ruleId: rule.id,
    clause: rule.clause,
    citation: rule.citation,
    reading: rule.reading ?? null,
    jurisdiction: policy.jurisdiction,
    detailType: event.detailType,
    recipient: detail.recipient,
    recipientId: fact.recipientId,
    reference: detail.reference,
    identity: fact.identity,
    source: event.source,
    eventId: event.eventId,
    occurredOn: detail.occurredOn,
    amountFen: amount.amountFen,
    status: amount.amountFen === null ? 'AMOUNT_REQUIRED' : 'PAYABLE',
    uncappedAmountFen: amount.uncappedAmountFen,
    capApplied: amount.capApplied,
    basis: `${policy.title} ${rule.clause} (${policy.id} v${version}): ${rule.summary}; ${how}`,
    leadClaim: rule.oneLeadPerProject === true || rule.oncePerFact === true ? fact.identity : null,
  };
}

function describeJurisdiction(code: string): string {
  return `${code} ${JURISDICTION_NAMES[code] ?? ''}`.trim();
}

/** What one policy grants one fact: the version in force on its date, the one rule in it that matches, and the amount. */
export interface PolicyGrant {
  readonly version: PolicyVersion;
  readonly rule: Rule;
  readonly amount: Amount;
}

/**
 * What one policy that covers the recipient grants a fact (`view`, its factView): the version in force on the fact's
 * date, and in it the one rule (validation guarantees at most one) that matches and is not off, with a non-zero
 * amount; or null, the reason pushed to `reasons` (what-if passes null: it needs no reasons).
 */
export function policyGrant(policy: Policy, off: ReadonlySet<string>, event: FactEvent, view: unknown, reasons: string[] | null): PolicyGrant | null {
  const { occurredOn } = event.detail;
  const version = versionInForce(policy, occurredOn);
  if (version === null) {
    const windows = policy.versions
      .map((v) => `${v.effectiveFrom} to ${v.effectiveTo ?? 'no end date'}`)
      .join(', ');
    reasons?.push(`${policy.id} is in force ${windows}, not on ${occurredOn}`);
    return null;
  }
  const candidates = version.rules.filter((r) => r.detailType === event.detailType);
  if (candidates.length === 0) {
    reasons?.push(`${policy.id} has no rule for ${event.detailType}`);
    return null;
  }
  const matching = candidates.filter((r) => (reasons === null ? ruleMatches(r, view) : ruleMismatch(r, view) === null));
  assert.ok(
    matching.length <= 1,
    `${policy.id} v${version.version}: rules ${matching.map((r) => r.id)} overlap`,
  );
  const rule = matching[0];
  if (rule === undefined) {
    reasons?.push(`${policy.id}: ${candidates.map((r) => ruleMismatch(r, view)).join('; ')}`);
    return null;
  }
  if (off.has(rule.id)) {
    reasons?.push(`${rule.id} matches, but this deployment does not pay it through the pipeline (rulesOff, ADR 002)`);
    return null;
  }
  const amount = computeAmount(rule.amount, view);
  if (amount.amountFen === 0) {
    // A share that rounds down to nothing is not an award: nothing to approve, reserve or pay.
    reasons?.push(`${rule.id}: ${amountWords(rule.amount, view, amount, policy.jurisdiction)}, nothing to pay`);
    return null;
  }
  if (amount.amountFen !== null) {
    assertFen(amount.amountFen, `${rule.id} amount`);
    assert.ok(amount.amountFen > 0, `${rule.id} computed a zero award`);
  }
  return { version, rule, amount };
}

/**
 * Every award the catalog grants for one fact: for each policy whose jurisdiction covers the recipient's region,
 * the version in force on the fact's date, and in it the one rule (validation guarantees at most one) matching.
 */
export function computeAwards(event: FactEvent, catalog: Catalog, key: PersonKey): EngineResult {
  const { detail } = event;
  const region = detail.recipient.regionCode;
  const covering = catalog.policies.filter((p) => covers(catalog, p.jurisdiction, region));
  if (covering.length === 0) {
    const known = catalogJurisdictions(catalog)
      .map((j) => `${describeJurisdiction(j)} (${describeCoverage(catalog, j)})`)
      .join(', ');
    return { kind: 'no-policy', reason: `no policy covers region ${region}; the catalog pays in ${known}` };
  }
  const view = factView(detail);
  const off = new Set(catalog.rulesOff ?? []);
  const fact = identifyFact(event, key);
  const awards: ComputedAward[] = [];
  const reasons: string[] = [];
  for (const policy of covering) {
    const grant = policyGrant(policy, off, event, view, reasons);
    if (grant !== null) awards.push(award(policy, grant.version.version, grant.rule, event, fact, grant.amount, view));
  }
  if (awards.length === 0) return { kind: 'no-policy', reason: reasons.join('; ') };
  assert.equal(
    new Set(awards.map((a) => a.awardId)).size,
    awards.length,
    'award ids of one fact must be distinct',
  );
  return { kind: 'awards', awards };
}

/**
 * The ids of every award a revocation could concern: the facts its name can stand for (CONTRACT §1), for the same
 * recipient, under every rule of that detail-type in any version. The store finds the facts themselves by their keys;
 * this list is what `awards explain` shows an upstream engineer before sending.
 */
export function revocationTargets(event: RevocationEvent, catalog: Catalog, key: PersonKey): string[] {
  const target = identifyRevocation(event, key);
  const ids = new Set<string>();
  for (const policy of catalog.policies) {
    for (const version of policy.versions) {
      for (const rule of version.rules) {
        if (rule.detailType !== target.detailType) continue;
        for (const identity of target.identities) ids.add(awardIdOf(rule.id, target.recipientId, identity));
      }
    }
  }
  return [...ids].sort();
}
