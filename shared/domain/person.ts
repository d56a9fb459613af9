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
 * Identity numbers in free text (issue 19 finding 3; fresh review F1). A text is read as a reader would: a number is a
 * chain of digits of one kind (the decimal digits of every script, the other digit signs that are one digit, such as
 * ① or ¹; or, as a kind of their own, the Chinese numerals 〇/零 to 九 with the financial 壹 to 玖), possibly ending in
 * X, with up to eight characters between two digits that are neither letters nor digits (spaces, dashes, dots,
 * slashes, brackets, commas), and invisible characters (format characters, combining marks) read as nothing. A letter
 * or `*` ends a chain. 李四 followed by a number is a name and a number: the two kinds never make one chain.
 */
const IGNORABLE = /^[\p{M}\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
const LETTER = /^\p{L}$/u;
const X_CHAR = /^[XxＸｘ]$/u;
const DECIMAL = /^\p{Nd}$/u;
const OTHER_NUMBER = /^\p{No}$/u;
const GAP_MAX = 8; // characters between two digits of one number, at most: more, and they are two numbers
const CHINESE_DIGITS: Readonly<Record<string, string>> = {
  〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9',
  壹: '1', 贰: '2', 貳: '2', 叁: '3', 參: '3', 叄: '3', 肆: '4', 伍: '5', 陆: '6', 陸: '6', 柒: '7', 捌: '8', 玖: '9',
};

type Kind = 'decimal' | 'chinese';
interface Digit { readonly kind: Kind; readonly value: string }

/** A decimal digit's value: its distance from the start of its run of decimal digits, modulo ten (every run is whole tens). */
function decimalValue(ch: string): string {
  let cp = ch.codePointAt(0) ?? 0;
  let n = 0;
  while (n < 100 && DECIMAL.test(String.fromCodePoint(cp - 1))) {
    cp -= 1;
    n += 1;
  }
  return String(n % 10);
}

function digitOf(ch: string): Digit | null {
  const chinese = CHINESE_DIGITS[ch];
  if (chinese !== undefined) return { kind: 'chinese', value: chinese };
  if (DECIMAL.test(ch)) return { kind: 'decimal', value: decimalValue(ch) };
  if (OTHER_NUMBER.test(ch)) {
    const folded = ch.normalize('NFKC');
    if (/^[0-9]$/.test(folded)) return { kind: 'decimal', value: folded };
  }
  return null;
}

interface Element { readonly value: string; readonly at: number } // a digit (or the closing X), at a code point index

/** The chains of digits of a text, in order. */
function chainsOf(chars: readonly string[]): Element[][] {
  const chains: Element[][] = [];
  let chain: Element[] = [];
  let kind: Kind | null = null;
  let gap = 0;
  let closed = false;
  const close = () => {
    if (chain.length > 0) chains.push(chain);
    chain = [];
    kind = null;
    gap = 0;
    closed = false;
  };
  chars.forEach((ch, at) => {
    if (IGNORABLE.test(ch)) return;
    const digit = digitOf(ch);
    if (digit !== null) {
      if (closed || (kind !== null && digit.kind !== kind)) close();
      chain.push({ value: digit.value, at });
      kind = digit.kind;
      gap = 0;
      return;
    }
    if (X_CHAR.test(ch) && chain.length > 0 && !closed) {
      chain.push({ value: 'X', at });
      closed = true;
      return;
    }
    if (ch === '*' || LETTER.test(ch)) {
      close();
      return;
    }
    gap += 1;
    if (gap > GAP_MAX) close();
  });
  close();
  return chains;
}

/** Whether eight digits are a birth date a number can state (1900 to 2099). */
const birthDate = (digits: string) => {
  const born = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  return /^\d{8}$/.test(digits) && born >= '1900-01-01' && born <= '2099-12-31' && isCalendarDate(born);
};

/** A stretch of one chain to mask: its elements from `from` to `to`, and which of them become `*`. */
interface Span { from: number; to: number; readonly hidden: Set<number> }

/**
 * What of a chain is a person's number. A chain that is one number (17 digits, or 18 with the last a digit or X) is
 * masked when it states a birth date (the check character is not required: a number mistyped in its last place is
 * still a person's); in a longer chain, every 18 elements that state a birth date and end in their check character (a
 * number a digit was put before or after); a chain of exactly 15 digits is an old number when it states a date in
 * the 1900s. `anyDate`: a chain of 15, 17 or 18 whatever date it states (a refused event's text, whose date may be
 * what is wrong); a longer chain as always (an event id's digits are not a number).
 */
function spansOf(chain: readonly Element[], anyDate: boolean): Span[] {
  const values = chain.map((e) => e.value);
  const digitsAt = (from: number, n: number) => values.slice(from, from + n).join('');
  const spans: Span[] = [];
  const window = (k: number, n: number) => {
    spans.push({ from: k, to: Math.min(k + n, chain.length) - 1, hidden: new Set(Array.from({ length: 8 }, (_, i) => k + 6 + i)) });
  };
  const closingX = values.at(-1) === 'X';
  const digits = closingX ? chain.length - 1 : chain.length;
  if (digits === 15 && !closingX) {
    if (anyDate || birthDate(`19${digitsAt(6, 6)}`)) spans.push({ from: 0, to: 14, hidden: new Set(Array.from({ length: 6 }, (_, i) => 6 + i)) });
    return spans;
  }
  if (digits < 17) return spans;
  if (chain.length === 17 || chain.length === 18) {
    if (anyDate || birthDate(digitsAt(6, 8))) window(0, 18);
    return spans;
  }
  for (let k = 0; k + 17 <= digits; k++) {
    const first17 = digitsAt(k, 17);
    if (birthDate(first17.slice(6, 14)) && values[k + 17] === idCheckCharacter(first17)) window(k, 18);
  }
  return spans;
}

/** Overlapping spans of one chain as one: their union, every hidden element kept hidden. */
function merged(spans: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.from - b.from)) {
    const last = out.at(-1);
    if (last !== undefined && span.from <= last.to) {
      last.to = Math.max(last.to, span.to);
      for (const h of span.hidden) last.hidden.add(h);
    } else out.push({ from: span.from, to: span.to, hidden: new Set(span.hidden) });
  }
  return out;
}

/** One pass: every number found masked, written as its digits (ASCII, X upper case) with the birth date as `*`. */
function maskOnce(text: string, anyDate: boolean): string {
  const chars = Array.from(text);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const chain of chainsOf(chars)) {
    for (const span of merged(spansOf(chain, anyDate))) {
      const shown = chain.slice(span.from, span.to + 1).map((e, i) => (span.hidden.has(span.from + i) ? '*' : e.value)).join('');
      edits.push({ start: (chain[span.from] as Element).at, end: (chain[span.to] as Element).at, text: shown });
    }
  }
  for (const edit of edits.sort((a, b) => b.start - a.start)) chars.splice(edit.start, edit.end - edit.start + 1, edit.text);
  return chars.join('');
}

/**
 * A text with every identity number in it masked (`130102********123X`), however it is written: what every answer,
 * file, CSV, log line and ledger note holds of a free text (a name, a reference, a reason). Masking can join what is
 * left to a neighbour into another number, so it is repeated until nothing changes; each pass hides digits, so it
 * ends, and the result is a fixed point (idempotent).
 */
export function redactIdNumbers(text: string, options: { anyDate?: boolean } = {}): string {
  const anyDate = options.anyDate === true;
  let current = text;
  for (;;) {
    const next = maskOnce(current, anyDate);
    if (next === current) return current;
    current = next;
  }
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
