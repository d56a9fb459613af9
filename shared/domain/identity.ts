/**
 * The identity of a fact (CONTRACT.md §1, version 2): the recipient plus the identity fields of its detail-type,
 * compared in canonical form. Everything that must recognise "the same fact" (award ids, fact keys, revocation
 * targets, the reference query) goes through this module, so no two places can disagree about it (ADR 006).
 */
import { createHash } from 'node:crypto';
import type { FactEvent, RevocationEvent } from '../../events/contracts';
import { type PersonKey, recipientIdOf } from './person';
import { CENTRE_KINDS, CENTRE_LEVELS, type FactDetailType } from './vocabulary';

/** Every dash, hyphen and minus sign the contract reads as `-` (after NFKC, which maps some of them already). */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/gu;
/** White space and Unicode format characters (Cf: zero-width space, soft hyphen, bidi marks): never part of an identity. */
const INVISIBLE = /[\p{White_Space}\p{Cf}]/gu;

/**
 * The canonical form of a text that identifies a fact: Unicode NFKC, every dash read as `-`, white space and format
 * characters removed, letters upper-cased. `GB/T 43456-2024`, `GB/T43456–2024`, `gb/t 43456－2024` and
 * `GB/T\u200b 43456-2024` are one text. NFKC runs again at the end because upper-casing and removing an invisible
 * character between a letter and its combining mark can each leave a string that is not yet normalised; the result
 * is a fixed point (canonicalText of it is itself).
 */
export function canonicalText(text: string): string {
  const upper = text.normalize('NFKC').toUpperCase();
  return upper.replace(DASHES, '-').replace(INVISIBLE, '').normalize('NFKC');
}

/** How a fact is identified: its recipient and the canonical identity fields of its detail-type. */
export interface FactIdentity {
  readonly detailType: FactDetailType;
  /** The recipient's unified social credit code, or a person's keyed id (shared/domain/person.ts): never the number. */
  readonly recipientId: string;
  /** The identity fields in canonical form. */
  readonly identity: string;
}

/** A centre is one fact per kind, level and name, whatever document or stage reports it. */
function centreIdentity(kind: string, level: string, canonicalName: string): string {
  return `${kind}/${level}/${canonicalName}`;
}

export function identifyFact(event: FactEvent, key: PersonKey): FactIdentity {
  const base = { detailType: event.detailType, recipientId: recipientIdOf(event.detail.recipient, key) };
  const plain = (text: string): FactIdentity => ({ ...base, identity: canonicalText(text) });
  switch (event.detailType) {
    case 'StandardPublished':
      return plain(event.detail.standard.number);
    case 'CentreApproved': {
      // A revocation names a centre by its name; it concerns the centre at every kind and level (identifyRevocation).
      const { kind, level, name } = event.detail.centre;
      return { ...base, identity: centreIdentity(kind, level, canonicalText(name)) };
    }
    case 'DemonstrationZoneWon':
      return plain(event.detail.zoneName);
    case 'StandardLeaderListed':
    case 'StandardInnovationAwardWon':
    case 'StandardSeriesDeveloped':
    case 'InnovationBaseApproved':
    case 'StandardizationPilotUndertaken':
    case 'StandardizationPilotAccepted':
    case 'DesignServicePurchased':
    case 'TechnologyProjectFunded':
    case 'HonourConferred':
      return plain(event.detail.reference);
    default: {
      const unreachable: never = event;
      throw new Error(`no identity fields for ${JSON.stringify(unreachable)}`);
    }
  }
}

/** What a revocation names: the detail-type, the recipient, and the canonical name it revokes. */
export interface RevocationTarget {
  readonly detailType: FactDetailType;
  readonly recipientId: string;
  /** The identities of every fact the name can stand for: one, or a centre at each kind and level. */
  readonly identities: readonly string[];
}

export function identifyRevocation(event: RevocationEvent, key: PersonKey): RevocationTarget {
  const { revokes, recipient } = event.detail;
  const name = canonicalText(revokes.reference);
  const identities
    = revokes.detailType === 'CentreApproved'
      ? CENTRE_KINDS.flatMap((kind) => CENTRE_LEVELS.map((level) => centreIdentity(kind, level, name)))
      : [name];
  return { detailType: revokes.detailType, recipientId: recipientIdOf(recipient, key), identities };
}

/**
 * An award's id, derived from the fact alone (rule, recipient, canonical identity) so that the same fact arriving
 * again, under any event id, in any spelling and at any time, lands on the same award (DESIGN.md, "Never pay twice").
 */
export function awardIdOf(ruleId: string, recipientId: string, identity: string): string {
  const digest = createHash('sha256').update(`${ruleId}\u0000${recipientId}\u0000${identity}`, 'utf8');
  return `aw-${digest.digest('hex').slice(0, 32)}`;
}
