/**
 * The identity of a fact (CONTRACT.md §1, version 2): the recipient plus the identity fields of its detail-type,
 * compared in canonical form. Everything that must recognise "the same fact" (award ids, fact keys, revocation
 * targets, the reference query) goes through this module, so no two places can disagree about it (ADR 006).
 */
import { sha256Hex } from './sha256';
import type { FactEvent, RevocationEvent } from './events';
import { type PersonKey, recipientIdOf } from './person';
import { CENTRE_KINDS, CENTRE_LEVELS, type FactDetailType, PILOT_LEVELS, PROGRAMMES } from './vocabulary';

/** Every dash, hyphen and minus sign the contract reads as `-` (after NFKC, which maps some of them already). */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/gu;
/**
 * What is never part of an identity: white space, format characters (Cf: zero-width space, soft hyphen, bidi marks),
 * every default-ignorable code point (the combining grapheme joiner U+034F, variation selectors, the Hangul fillers
 * U+3164 and U+FFA0, Mongolian free variation selectors), the braille blank U+2800 (a letter Unicode-wise, blank to
 * the eye) and the combining marks NFKC leaves uncomposed (a U+0301 after a Chinese character). Each is invisible, or
 * nearly, where people read the text: a second spelling with one is the same fact, not a second payment (issue 20
 * attack review, H1).
 */
const INVISIBLE = /[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}\p{M}\u2800]/gu;

/**
 * The canonical form of a text that identifies a fact: Unicode NFKC, every dash read as `-`, white space and format
 * characters removed, letters upper-cased. `GB/T 43456-2024`, `GB/T43456–2024`, `gb/t 43456－2024` and
 * `GB/T\u200b 43456-2024` are one text. NFKC runs again at the end because upper-casing and removing an invisible
 * character between a letter and its combining mark can each leave a string that is not yet normalised; the result
 * is a fixed point (canonicalText of it is itself).
 */
export function canonicalText(text: string): string {
  // Invisible characters go before upper-casing: U+0345, a combining mark, upper-cases to a visible Greek Ι.
  const upper = text.normalize('NFKC').replace(INVISIBLE, '').toUpperCase();
  return upper.replace(DASHES, '-').replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, '');
}

/**
 * A bracketed preparation marker, in any bracket a Chinese document uses (after NFKC: `(筹)` `[筹]` `{筹}` `<筹>`
 * `【筹】` `〔筹〕` `〈筹〉` `《筹》` `〖筹〗` `「筹」` `『筹』`, brackets mixed too) and in simplified or traditional characters,
 * with 筹建 and 筹备 read as 筹: `国家某某质检中心(筹)` is the centre `国家某某质检中心` while it is being built, not
 * another one (CONTRACT §6; issue 20 attack review, H2).
 */
const OPENING = '([{<\u3008\u300A\u300C\u300E\u3010\u3014\u3016\u3018\u301A';
const CLOSING = ')\\]}>\u3009\u300B\u300D\u300F\u3011\u3015\u3017\u3019\u301B';
const PREPARATION_MARKER = new RegExp(`[${OPENING}][筹籌](?:建|备|備)?[${CLOSING}]`, 'gu');

/** Whether a name is nothing but a preparation marker (once canonical): the contract refuses it, since it names nothing. */
export function isOnlyPreparationMarker(text: string): boolean {
  const canonical = canonicalText(text);
  return canonical.length > 0 && canonical.replace(PREPARATION_MARKER, '').length === 0;
}

/** Whether a text a person wrote (a basis, a comment, a note) says anything once invisible characters are set aside. */
export function saysNothing(text: string): boolean {
  return canonicalText(text).length === 0;
}

/**
 * The canonical form of a name that identifies a fact (a centre, a base, a series, a project, a zone): canonical as a
 * reference is, with any preparation marker removed. A name that is nothing but the marker stays as it is.
 */
export function canonicalName(text: string): string {
  const canonical = canonicalText(text);
  const unmarked = canonical.replace(PREPARATION_MARKER, '');
  return unmarked.length > 0 ? unmarked : canonical;
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

/**
 * The identity fields of each detail-type (CONTRACT §1, changed in version 3, §6): what the fact is about, not the
 * document that reports it, so an approval and an acceptance of one base, or two notices of one pilot, are one fact.
 * A name that a level or a programme qualifies is `level/name`; a revocation, which names the fact by its name,
 * concerns it at every level (identifyRevocation).
 */
export function identifyFact(event: FactEvent, key: PersonKey): FactIdentity {
  return identifyFactOf(event, recipientIdOf(event.detail.recipient, key));
}

/**
 * A fact identified for a recipient id already known: what-if's, which intake kept (the kept detail holds a person's
 * number masked, so no key could compute it again). identifyFact is this with the id the person key gives.
 */
export function identifyFactOf(event: FactEvent, recipientId: string): FactIdentity {
  const base = { detailType: event.detailType, recipientId };
  const plain = (text: string): FactIdentity => ({ ...base, identity: canonicalText(text) });
  const named = (text: string, qualifier?: string): FactIdentity => ({ ...base, identity: qualified(qualifier, canonicalName(text)) });
  switch (event.detailType) {
    case 'StandardPublished':
      return plain(event.detail.standard.number);
    case 'StandardLeaderListed':
      return plain(event.detail.standardNumber);
    case 'CentreApproved': {
      const { kind, level, name } = event.detail.centre;
      return { ...base, identity: centreIdentity(kind, level, canonicalName(name)) };
    }
    case 'DemonstrationZoneWon':
      return named(event.detail.zoneName);
    case 'StandardSeriesDeveloped':
      return named(event.detail.seriesName);
    case 'InnovationBaseApproved':
      return named(event.detail.baseName);
    case 'StandardizationPilotUndertaken':
    case 'StandardizationPilotAccepted':
      return named(event.detail.projectName, event.detail.level);
    case 'TechnologyProjectFunded':
      return named(event.detail.projectName, event.detail.programme);
    case 'StandardInnovationAwardWon':
    case 'DesignServicePurchased':
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

const qualified = (qualifier: string | undefined, name: string) => (qualifier === undefined ? name : `${qualifier}/${name}`);

/** The identities a revocation's name stands for, per detail-type: every level or programme a name can be at. */
function revokedIdentities(detailType: FactDetailType, reference: string): string[] {
  switch (detailType) {
    case 'CentreApproved': {
      const name = canonicalName(reference);
      return CENTRE_KINDS.flatMap((kind) => CENTRE_LEVELS.map((level) => centreIdentity(kind, level, name)));
    }
    case 'StandardizationPilotUndertaken':
    case 'StandardizationPilotAccepted':
      return PILOT_LEVELS.map((level) => qualified(level, canonicalName(reference)));
    case 'TechnologyProjectFunded':
      return PROGRAMMES.map((programme) => qualified(programme, canonicalName(reference)));
    case 'DemonstrationZoneWon':
    case 'StandardSeriesDeveloped':
    case 'InnovationBaseApproved':
      return [canonicalName(reference)];
    case 'StandardPublished':
    case 'StandardLeaderListed':
    case 'StandardInnovationAwardWon':
    case 'DesignServicePurchased':
    case 'HonourConferred':
      return [canonicalText(reference)];
    default: {
      const unreachable: never = detailType;
      throw new Error(`no identity fields for ${String(unreachable)}`);
    }
  }
}

/**
 * What a revocation concerns: `revokes.reference` names the fact by its identity field (the standard number, the
 * centre's, base's, series', project's or zone's name, else the fact's reference), canonicalised as the fact's is.
 */
export function identifyRevocation(event: RevocationEvent, key: PersonKey): RevocationTarget {
  const { revokes, recipient } = event.detail;
  return { detailType: revokes.detailType, recipientId: recipientIdOf(recipient, key), identities: revokedIdentities(revokes.detailType, revokes.reference) };
}

/**
 * An award's id, derived from the fact alone (rule, recipient, canonical identity) so that the same fact arriving
 * again, under any event id, in any spelling and at any time, lands on the same award (DESIGN.md, "Never pay twice").
 */
export function awardIdOf(ruleId: string, recipientId: string, identity: string): string {
  return `aw-${sha256Hex(`${ruleId}\u0000${recipientId}\u0000${identity}`).slice(0, 32)}`;
}
