/**
 * A person as a recipient (CONTRACT §1, version 2): the resident identity number of GB 11643-1999 and how the
 * pipeline keeps it. The number is personal data: it is checked (ISO 7064 MOD 11-2 check character, a birth date
 * that exists), shown whole only to officers of a jurisdiction that pays the person, masked everywhere else, never
 * logged, and every id, key or index derived from it goes through a keyed hash (HMAC-SHA256 with a deployment
 * secret), so nobody holding the table can recover a number by trying the few billion that exist (ADR 009).
 */
import assert from './assert';
import { HmacSha256 } from './sha256';
import { idCheckCharacter } from './id-check';
import { isCalendarDate } from './time';

export { idCheckCharacter };

export type IdNumberProblem
  = | { readonly kind: 'length'; readonly length: number }
    | { readonly kind: 'character'; readonly position: number }
    | { readonly kind: 'birth-date' }
    | { readonly kind: 'check' };

/** The birth date an identity number states (characters 7 to 14), as YYYY-MM-DD. */
export function birthDateOf(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

/**
 * What is wrong with an identity number, or null when it is well formed: 17 digits and a check character (`X`
 * allowed, upper case: callers upper-case first), a birth date that exists and is not after `notAfter` (the date of
 * the fact: nobody wins an award before being born), and the check character of ISO 7064 MOD 11-2.
 */
export function idNumberProblem(idNumber: string, notAfter: string | null): IdNumberProblem | null {
  const chars = Array.from(idNumber);
  if (chars.length !== 18) return { kind: 'length', length: chars.length };
  for (let i = 0; i < 18; i++) {
    const c = chars[i] ?? '';
    if (!(/^\d$/.test(c) || (i === 17 && c === 'X'))) return { kind: 'character', position: i + 1 };
  }
  const born = birthDateOf(idNumber);
  if (!isCalendarDate(born) || born < '1900-01-01' || (notAfter !== null && born > notAfter)) return { kind: 'birth-date' };
  if (idCheckCharacter(idNumber.slice(0, 17)) !== idNumber.charAt(17)) return { kind: 'check' };
  return null;
}

/** The reason for people; it never repeats the number or any digit of it (reasons are logged and kept for audit). */
export function describeIdNumberProblem(problem: IdNumberProblem): string {
  switch (problem.kind) {
    case 'length':
      return `must be 18 characters (GB 11643-1999), got ${problem.length}`;
    case 'character':
      return `character ${problem.position} is not allowed (17 digits, then a digit or X)`;
    case 'birth-date':
      return 'states a birth date (characters 7 to 14) that does not exist or is after the fact';
    case 'check':
      return 'has a check character that does not match GB 11643-1999 (ISO 7064 MOD 11-2)';
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}

/** Characters 1 to 6 of an identity number: the division code of where it was issued. */
export function regionFromIdNumber(idNumber: string): string {
  return idNumber.slice(0, 6);
}

/** `130102********123X`: the region and the last four, as the contract shows a number to anyone but an officer. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length !== 18) return '*'.repeat(Math.max(idNumber.length, 1));
  return `${idNumber.slice(0, 6)}${'*'.repeat(8)}${idNumber.slice(14)}`;
}

export { holdsIdNumber, redactIdNumbers } from './id-numbers-in-text';

/** The prefix of a person's key: a USCC never contains `:`. */
export const PERSON_KEY_PREFIX = 'P:';

/**
 * The deployment secret and the one thing it is for: a person's recipient id, `P:` and 128 bits of
 * HMAC-SHA256(secret, identity number). Award ids, fact keys, index keys and ledger entries use it in place of the
 * number. The secret is an AWS Secrets Manager secret in the stack, a file under `.data/` locally, a fixed value in
 * tests; losing it changes every person's id, so it is never rotated (ADR 009).
 */
export class PersonKey {
  readonly #mac: HmacSha256;

  constructor(secret: Uint8Array) {
    assert.ok(secret.length >= 32, 'the person key needs at least 256 bits');
    this.#mac = new HmacSha256(secret);
  }

  recipientIdOf(idNumber: string): string {
    assert.equal(idNumberProblem(idNumber, null), null, 'a person key is computed only for a valid identity number');
    const mac = this.#mac.hex(idNumber);
    return `${PERSON_KEY_PREFIX}${mac.slice(0, 32)}`;
  }

  /**
   * A key for another purpose (e.g. 'cursors-v1'), derived from this one so a deployment keeps one secret: the MAC of
   * the label. Knowing a derived key tells nothing of the person key, nor of another label's.
   */
  derivedKey(label: string): Uint8Array {
    assert.ok(label.length > 0 && !/^\d{17}[\dX]$/.test(label), 'a derived key is named, and never for an identity number');
    const hex = this.#mac.hex(`derived-key:${label}`);
    return Uint8Array.from({ length: hex.length / 2 }, (_, i) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));
  }

  /**
   * What tells one event from another under one id (attack 2026-12-07-x, M1): a MAC of the event as received, whole,
   * where what is kept of it is masked (two people whose numbers mask alike). Keyed, so it cannot be used to guess a
   * number; labelled, so it is never a person's key.
   */
  fingerprintOf(text: string): string {
    return this.#mac.hex(`fingerprint-v1:${text}`).slice(0, 32);
  }

  /** Never print the secret. */
  toJSON(): string {
    return '[PersonKey]';
  }
}

/** What identifies a recipient in keys: a credit code as it is, a person only through the key. */
export type RecipientLike
  = | { readonly kind: 'enterprise' | 'organization'; readonly uscc: string }
    | { readonly kind: 'individual'; readonly idNumber: string };

export function recipientIdOf(recipient: RecipientLike, key: PersonKey): string {
  return recipient.kind === 'individual' ? key.recipientIdOf(recipient.idNumber) : recipient.uscc;
}

/** The recipient's number as someone may see it: a credit code whole; an identity number whole only if `whole`. */
export function recipientNumberOf(recipient: RecipientLike, whole: boolean): string {
  if (recipient.kind !== 'individual') return recipient.uscc;
  return whole ? recipient.idNumber : maskIdNumber(recipient.idNumber);
}
