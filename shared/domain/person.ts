/**
 * A person as a recipient (CONTRACT §1, version 2): the resident identity number of GB 11643-1999 and how the
 * pipeline keeps it. The number is personal data: it is checked (ISO 7064 MOD 11-2 check character, a birth date
 * that exists), shown whole only to officers of a jurisdiction that pays the person, masked everywhere else, never
 * logged, and every id, key or index derived from it goes through a keyed hash (HMAC-SHA256 with a deployment
 * secret), so nobody holding the table can recover a number by trying the few billion that exist (ADR 009).
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { isCalendarDate } from './time';

/** Weights of ISO 7064 MOD 11-2 for the first 17 digits: 2^(17-i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export type IdNumberProblem
  = | { readonly kind: 'length'; readonly length: number }
    | { readonly kind: 'character'; readonly position: number }
    | { readonly kind: 'birth-date' }
    | { readonly kind: 'check' };

/** The check character for the first 17 digits (`0`-`9` or `X`), or null if they are not 17 digits. */
export function idCheckCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  return CHECK.charAt(sum % 11);
}

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

/**
 * A digit as people and systems write one: ASCII, full-width, Arabic-Indic (both forms), Devanagari and the
 * mathematical digits (bold, double-struck, …); and, as a script of its own, the Chinese numerals 〇/零 to 九. The two
 * are never mixed in one number: 李四 followed by a number is a name and a number, not a number of 19 digits.
 */
const DIGIT = '[0-9\\uFF10-\\uFF19\\u0660-\\u0669\\u06F0-\\u06F9\\u0966-\\u096F\\u{1D7CE}-\\u{1D7FF}]';
const HANZI = '[〇零一二三四五六七八九]';
const X = '[XxＸｘ]';
/**
 * What may stand between the digits of one number: white space of any kind (U+3000 included), format characters
 * (zero-width space, soft hyphen, word joiner), every dash and minus, dots, the middle dots and an underscore: up to
 * three between any two digits, so `130102 1978 0412 3516`, `130102－19780412－3516` and the same with a zero-width
 * space or an ideographic space between the groups are numbers.
 */
const SEP = '[\\s\\p{Cf}\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D\\-.\\uFF0E\\u00B7\\u30FB_]{0,3}';
/** 18 digits (the last may be X), or the old 15, in one script, next to anything but another digit of that script. */
const numberOf = (d: string) => `(?<!${d})(?:${d}(?:${SEP}${d}){16}${SEP}(?:${d}|${X})|${d}(?:${SEP}${d}){14})(?!${d})`;
const ID_NUMBER_LIKE = new RegExp(`${numberOf(DIGIT)}|${numberOf(HANZI)}`, 'gu');

const CHINESE_DIGITS: Readonly<Record<string, string>> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
/** The first code point of each block of ten digits the recogniser takes (the mathematical ones run 50 in a row). */
const ZEROS = [0x30, 0xff10, 0x660, 0x6f0, 0x966];

function digitOf(ch: string): string | null {
  if (CHINESE_DIGITS[ch] !== undefined) return CHINESE_DIGITS[ch];
  if (/^[XxＸｘ]$/u.test(ch)) return 'X';
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x1d7ce && cp <= 0x1d7ff) return String((cp - 0x1d7ce) % 10);
  const zero = ZEROS.find((z) => cp >= z && cp < z + 10);
  return zero === undefined ? null : String(cp - zero);
}

/** The digits of a number as found (every way of writing a digit folded to ASCII, separators dropped, X upper case). */
function foldIdNumber(found: string): string {
  return Array.from(found, digitOf).filter((d): d is string => d !== null).join('');
}

/**
 * Whether the digits read as a person's number: the birth date they state exists (characters 7 to 14 of 18, within
 * 1900 to 2099; characters 7 to 12 of the old 15, in the 1900s). The check character is not required: a number
 * mistyped in its last place is still a person's. Dates keep the false alarms few (a random run of digits holds a
 * real date about once in 150). `anyDate` masks every number-shaped run (what a refused event holds: its date may
 * be the very thing that is wrong).
 */
function looksLikeIdNumber(folded: string, anyDate: boolean): boolean {
  if (anyDate) return true;
  const born = folded.length === 18 ? birthDateOf(folded) : `19${folded.slice(6, 8)}-${folded.slice(8, 10)}-${folded.slice(10, 12)}`;
  return born >= '1900-01-01' && born <= '2099-12-31' && isCalendarDate(born);
}

/** `130102******123`: an old 15-digit number masked as the 18-digit ones are (its region and its last three). */
const maskOld = (folded: string) => `${folded.slice(0, 6)}${'*'.repeat(6)}${folded.slice(12)}`;

/**
 * A text with every identity number in it masked (`130102********123X`), however it is written: what every answer,
 * file, CSV, log line and ledger note holds of a free text (a name, a reference, a reason). Idempotent.
 */
export function redactIdNumbers(text: string, options: { anyDate?: boolean } = {}): string {
  return text.replace(ID_NUMBER_LIKE, (found) => {
    const folded = foldIdNumber(found);
    if (!looksLikeIdNumber(folded, options.anyDate === true)) return found;
    return folded.length === 18 ? maskIdNumber(folded) : maskOld(folded);
  });
}

/** Whether a text still holds an identity number whole (what redactIdNumbers would change). */
export function holdsIdNumber(text: string): boolean {
  return redactIdNumbers(text) !== text;
}

/** The prefix of a person's key: a USCC never contains `:`. */
export const PERSON_KEY_PREFIX = 'P:';

/**
 * The deployment secret and the one thing it is for: a person's recipient id, `P:` and 128 bits of
 * HMAC-SHA256(secret, identity number). Award ids, fact keys, index keys and ledger entries use it in place of the
 * number. The secret is an AWS Secrets Manager secret in the stack, a file under `.data/` locally, a fixed value in
 * tests; losing it changes every person's id, so it is never rotated (ADR 009).
 */
export class PersonKey {
  readonly #secret: Buffer;

  constructor(secret: Uint8Array) {
    assert.ok(secret.length >= 32, 'the person key needs at least 256 bits');
    this.#secret = Buffer.from(secret);
  }

  recipientIdOf(idNumber: string): string {
    assert.equal(idNumberProblem(idNumber, null), null, 'a person key is computed only for a valid identity number');
    const mac = createHmac('sha256', this.#secret).update(idNumber, 'utf8').digest('hex');
    return `${PERSON_KEY_PREFIX}${mac.slice(0, 32)}`;
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
