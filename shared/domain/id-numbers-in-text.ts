/**
 * Identity numbers in free text, found as a reader finds them and masked (issue 19 finding 3, fresh review F1,
 * re-attack H3): what every answer, file, CSV, log line and ledger note holds of a text someone else wrote.
 */
import { idCheckCharacter } from './id-check';
import { isCalendarDate } from './time';
import { LIMITS } from '../limits';

/**
 * Identity numbers in free text (issue 19 finding 3; fresh review F1; re-attack H3). A text is read as a reader would:
 * a number is a chain of digits, written any way one is (the decimal digits of every script; the signs that are one
 * digit, circled, parenthesised, with a stop, in dingbats; the Chinese numerals 〇/○/零 to 九, the financial 壹 to 玖,
 * 幺 for one), mixed as they may be, possibly ending in X, with up to eight characters between two digits that are
 * neither letters nor digits (spaces, dashes, dots, slashes, brackets, commas, the long-vowel mark ー), and invisible
 * characters (format characters, combining marks) read as nothing. A letter or `*` ends a chain. 李四 followed by a
 * number is a name and a number: the number is found inside the longer chain by its birth date and check character.
 */
const IGNORABLE = /^[\p{M}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]$/u;
const LETTER = /^(?!\p{Lm})\p{L}$/u;
const X_CHAR = /^[XxＸｘ]$/u;
const DECIMAL = /^\p{Nd}$/u;
const OTHER_NUMBER = /^\p{No}$/u;
const CHINESE_DIGITS: Readonly<Record<string, string>> = {
  '〇': '0', '零': '0', '○': '0', '◯': '0', '一': '1', '幺': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9',
  '两': '2', '〡': '1', '〢': '2', '〣': '3', '〤': '4', '〥': '5', '〦': '6', '〧': '7', '〨': '8', '〩': '9',
  '壹': '1', '贰': '2', '貳': '2', '叁': '3', '參': '3', '叄': '3', '肆': '4', '伍': '5', '陆': '6', '陸': '6', '柒': '7', '捌': '8', '玖': '9',
};
/** Dingbat digits NFKC leaves as they are: ❶–❾, ➀–➈, ➊–➒, ⓵–⓽ (1 to 9 each), ⓿ and 🄋 🄌 (0). */
const DINGBAT_RUNS: ReadonlyArray<readonly [number, number]> = [[0x2776, 1], [0x2780, 1], [0x278a, 1], [0x24f5, 1]];
const DINGBAT_ZEROS = new Set([0x24ff, 0x1f10b, 0x1f10c]);

/** A decimal digit's value: its distance from the start of its run of decimal digits, modulo ten (every run is whole tens). */
export function decimalValue(ch: string): string {
  let cp = ch.codePointAt(0) ?? 0;
  let n = 0;
  while (n < 100 && DECIMAL.test(String.fromCodePoint(cp - 1))) {
    cp -= 1;
    n += 1;
  }
  return String(n % 10);
}

export function digitOf(ch: string): string | null {
  return CHINESE_DIGITS[ch] ?? otherDigitOf(ch);
}

function otherDigitOf(ch: string): string | null {
  if (DECIMAL.test(ch)) return decimalValue(ch);
  if (!OTHER_NUMBER.test(ch)) return null;
  const cp = ch.codePointAt(0) ?? 0;
  if (DINGBAT_ZEROS.has(cp)) return '0';
  const run = DINGBAT_RUNS.find(([first]) => cp >= first && cp < first + 9);
  if (run !== undefined) return String(cp - run[0] + run[1]);
  // ①, ¹, ⑴ `(1)`, ⒈ `1.`, 🄂 `1,`: one digit once NFKC and its punctuation are read.
  const folded = ch.normalize('NFKC').replace(/[().,]/gu, '');
  return /^[0-9]$/.test(folded) ? folded : null;
}

/** A digit (or the closing X), at a code point index, of which kind, after how many separators. */
interface Element { readonly value: string; readonly at: number; readonly chinese: boolean; readonly gap: number }

/** A text's reading units: an encoded character (URL, HTML, \\u escapes) as one, else each code point. */
const TOKEN = /%[0-9A-Fa-f]{2}|&#[0-9]{1,7};|&#[xX][0-9A-Fa-f]{1,6};|&[A-Za-z]{2,8};|\\u[0-9A-Fa-f]{4}|[\s\S]/gu;

/** The chains of digits of a text, in order. */
function chainsOf(chars: readonly string[]): Element[][] {
  const chains: Element[][] = [];
  let chain: Element[] = [];
  let gap = 0;
  let closed = false;
  const close = () => {
    if (chain.length > 0) chains.push(chain);
    chain = [];
    gap = 0;
    closed = false;
  };
  chars.forEach((ch, at) => {
    if (ch.length > 2) {
      gap += 1;
      if (gap > LIMITS.text.idNumberGapMax) close();
      return;
    }
    if (IGNORABLE.test(ch)) return;
    const digit = digitOf(ch);
    if (digit !== null) {
      if (closed) close();
      chain.push({ value: digit, at, chinese: CHINESE_DIGITS[ch] !== undefined, gap });
      gap = 0;
      return;
    }
    if (X_CHAR.test(ch) && chain.length > 0 && !closed) {
      chain.push({ value: 'X', at, chinese: chain.at(-1)?.chinese ?? false, gap });
      closed = true;
      return;
    }
    if (ch === '*' || LETTER.test(ch)) {
      close();
      return;
    }
    gap += 1;
    if (gap > LIMITS.text.idNumberGapMax) close();
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
  const spans = wholeSpans(chain, 0, chain.length, anyDate);
  // A run of one kind of digit inside the chain (ASCII digits after 李四) is a whole number of its own.
  let from = 0;
  for (let i = 1; i <= chain.length; i++) {
    const e = chain[i];
    if (i < chain.length && e !== undefined && (e.chinese === chain[i - 1]?.chinese || e.value === 'X')) continue;
    if (from > 0 || i < chain.length) spans.push(...wholeSpans(chain, from, i, anyDate));
    from = i;
  }
  const values = chain.map((e) => e.value);
  const digits = values.at(-1) === 'X' ? chain.length - 1 : chain.length;
  if (chain.length > 18) {
    for (let k = 0; k + 17 <= digits; k++) {
      const first17 = values.slice(k, k + 17).join('');
      // A number put in a longer run shows by its check character; one set apart from its neighbours (an amount
      // before it, a space between) is a number of its own, its last character mistyped or not (re-attack 2, M1).
      const apart = k + 18 <= chain.length && (k === 0 || (chain[k]?.gap ?? 0) > 0) && (k + 18 === chain.length || (chain[k + 18]?.gap ?? 0) > 0);
      if (birthDate(first17.slice(6, 14)) && (values[k + 17] === idCheckCharacter(first17) || apart)) spans.push(windowSpan(k, 18, chain.length));
    }
  }
  return spans;
}

/** Elements k to k+n-1 of a chain (at most to its end), with its birth date (k+6 to k+13) hidden. */
function windowSpan(k: number, n: number, length: number): Span {
  return { from: k, to: Math.min(k + n, length) - 1, hidden: new Set(Array.from({ length: 8 }, (_, i) => k + 6 + i)) };
}

/** The elements `from` to `to` (exclusive) of a chain as one number: 17 or 18 stating a birth date, or an old 15. */
function wholeSpans(chain: readonly Element[], from: number, to: number, anyDate: boolean): Span[] {
  const values = chain.slice(from, to).map((e) => e.value);
  const length = values.length;
  const closingX = values.at(-1) === 'X';
  if (length === 15 && !closingX) {
    return anyDate || birthDate(`19${values.slice(6, 12).join('')}`) ? [{ from, to: from + 14, hidden: new Set(Array.from({ length: 6 }, (_, i) => from + 6 + i)) }] : [];
  }
  if (length !== 17 && length !== 18) return [];
  if (length === 17 && closingX) return [];
  return anyDate || birthDate(values.slice(6, 14).join('')) ? [windowSpan(from, 18, to)] : [];
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
  // An encoded blank (%20, &#160;, &nbsp;, \\u3000) is one separator, not digits and letters of its own (re-attack 3).
  const chars = text.match(TOKEN) ?? [];
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
