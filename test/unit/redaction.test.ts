/**
 * Identity numbers masked in every text, however they are written into it (issue 19, finding 8): a property test
 * that embeds valid numbers in texts every way people and upstream systems write them, and checks that what comes out
 * holds no number whole, in any spelling, and that everything around the number is kept as it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdsIdNumber, idCheckCharacter, maskIdNumber, redactIdNumbers } from '../../shared/domain/person';
import { redactEventText, redactTexts } from '../../shared/domain/redaction';

/** A valid identity number: a real division code, a birth date that exists, and its check character. */
const idNumbers = fc
  .record({
    region: fc.constantFrom('130102', '130181', '350102', '110105', '440304'),
    born: fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2015-12-31T00:00:00Z'), noInvalidDate: true }),
    order: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, born, order }) => {
    const first17 = `${region}${born.toISOString().slice(0, 10).replaceAll('-', '')}${String(order).padStart(3, '0')}`;
    return `${first17}${idCheckCharacter(first17) ?? ''}`;
  });

/** Digits in another script: each digit's code point from `zero` (X stays X, or its full-width form). */
const script = (zero: number, x = 'X') => (s: string) => Array.from(s, (c) => (c === 'X' ? x : String.fromCodePoint(zero + Number(c)))).join('');
const HANZI = '〇一二三四五六七八九';
/** In Chinese numerals: a script of its own (a Chinese numeral right beside it would make it another number). */
const hanzi = (n: string) => Array.from(n, (c) => (c === 'X' ? 'X' : HANZI[Number(c)])).join('');
const HANZI_NUMERAL = /[〇零一二三四五六七八九]/u;

/** Groups of the number (6-8-4, 6-4-4-4, fours) joined by `sep`. */
const grouped = (n: string, sizes: number[], sep: string) => {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) parts.push(n.slice(at, (at += size)));
  return parts.filter((p) => p.length > 0).join(sep);
};

/** The ways a number is written inside a text (the review of issue 19 found each of these leaking). */
const spellings = fc.constantFrom<Array<(n: string) => string>>(
  (n) => n,
  (n) => n.toLowerCase(),
  script(0xff10, 'Ｘ'),
  script(0x660),
  script(0x6f0),
  script(0x966),
  script(0x1d7ce),
  script(0x1d7d8),
  hanzi,
  ...[' ', '-', '\u3000', '\u200b', '\u00a0', '\uff0d', '\u2013', '  ', '.', '\t', '\n', '\u00ad', '\u2060', ' - '].flatMap((sep) => [
    (n: string) => grouped(n, [6, 8, 4], sep),
    (n: string) => grouped(n, [6, 4, 4, 4], sep),
    (n: string) => grouped(n, [4, 4, 4, 4, 2], sep),
  ]),
  (n) => `${n.slice(0, 6)} ${n.slice(6, 14)}-${n.slice(14)}`,
);

/** What stands before and after it: letters (`ID…`, `No…`), Chinese, brackets of both widths, punctuation, nothing. */
const neighbours = fc.constantFrom('', 'ID', 'No', 'no.', 'NO:', '身份证号', '（', '(', '【', '：', ':', ' ', '"', '号', 'abc', '\n', '\u200b');
const filler = fc.string({ unit: fc.constantFrom('李', '四', '冀', '〔', '〕', 'a', 'Z', ' ', '-', '/', '.', '号'), maxLength: 12 });

const embedded = fc.record({ n: idNumbers, spell: spellings, before: neighbours, after: neighbours, head: filler, tail: filler }).map((r) => ({
  ...r,
  text: `${r.head}${r.before}${r.spell(r.n)}${r.after}${r.tail}`,
}));

/** Every string a JSON text holds, its escapes decoded, joined (a text that is not JSON, as it is). */
function texts(json: string): string {
  const all: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') all.push(v);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  try {
    visit(JSON.parse(json));
    return all.join('|');
  } catch {
    return json;
  }
}

/** Digits only, full-width folded: how a reader would find the number again in any spelling. */
const ZEROS = [0x30, 0xff10, 0x660, 0x6f0, 0x966, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6];
const digitsOf = (s: string) => Array.from(s, (c) => {
  const cp = c.codePointAt(0) ?? 0;
  const zero = ZEROS.find((z) => cp >= z && cp < z + 10);
  if (zero !== undefined) return String(cp - zero);
  if (HANZI.includes(c)) return String(HANZI.indexOf(c));
  return /[XxＸｘ]/u.test(c) ? 'X' : '';
}).join('');

describe('identity numbers in free text', () => {
  it('are masked however they are written, and nothing around them changes', () => {
    fc.assert(fc.property(embedded, ({ n, before, after, head, tail, text }) => {
      const out = redactIdNumbers(text);
      expect(digitsOf(out)).not.toContain(n);
      expect(digitsOf(out)).not.toContain(n.slice(6, 14));
      // 李四 beside a number is one run of numerals with it, whatever script the number is written in (a run may mix
      // digits and Chinese numerals: 1301021920101201一八): no reader could tell where the number ends, so the run is
      // masked as one (above), and only where no numeral touches it is the rest of the text left exactly as it was.
      // Whatever is neither a letter nor a digit between digits (a space, a dash, a dot, a bracket, invisible marks: up
      // to eight, id-numbers-in-text.ts) joins a numeral beyond it to the run too: 130102192010120628.四四 (CI seed
      // 58128457) and 130102192010120118〔四四 (seed -1892341208) are each one run of twenty numerals, masked as one.
      const gap = /[^\p{L}\p{N}*]+/u;
      const touching = HANZI_NUMERAL.test(`${head}${before}`.replace(new RegExp(`${gap.source}$`, 'u'), '').slice(-1))
        || HANZI_NUMERAL.test(`${after}${tail}`.replace(new RegExp(`^${gap.source}`, 'u'), '').charAt(0));
      if (!touching) expect(out).toBe(`${head}${before}${maskIdNumber(n)}${after}${tail}`);
      expect(holdsIdNumber(out)).toBe(false);
      expect(redactIdNumbers(out)).toBe(out);
    }), { numRuns: 2000 });
  });

  it('masks every number of a text with several, in an answer\'s values and in a refused event\'s JSON text', () => {
    fc.assert(fc.property(fc.array(embedded.filter((p) => p.spell !== hanzi), { minLength: 2, maxLength: 5 }), (parts) => {
      const text = parts.map((p) => p.text).join('；');
      const answer = JSON.stringify(redactTexts({ items: [{ name: text, note: [text] }] }));
      // A refused event is kept as text: its JSON escapes (\u3000, \n between groups) are read before it is masked.
      const kept = redactEventText(JSON.stringify({ detail: { name: text } }));
      const broken = redactEventText(`${JSON.stringify({ detail: { name: text } }).slice(0, -1)},`);
      for (const out of [answer, kept, broken]) for (const p of parts) expect(digitsOf(texts(out))).not.toContain(p.n);
    }), { numRuns: 500 });
  });

  it('masks the old 15-digit numbers too, and every number-shaped run where asked (a refused event\'s text)', () => {
    expect(redactIdNumbers('旧身份证号130102780412351')).toBe('旧身份证号130102******351');
    expect(redactIdNumbers('13010219990230351X')).toBe('13010219990230351X');
    expect(redactIdNumbers('13010219990230351X', { anyDate: true })).toBe('130102********351X');
  });

  // Fresh review F1: each of these showed a number whole to anyone who reads the text.
  it('masks a number in a longer run of digits, in any script, with any separators, or with invisible marks between digits', () => {
    const n = '130102198503151235';
    const masked = '130102********1235';
    for (const [text, expected] of [
      [`李四（${n}1）`, `李四（${masked}1）`], // a digit put after it
      [`编号9${n}`, `编号9${masked}`], // or before it
      [`李四 ${n.slice(0, 17)}`, `李四 130102********123`], // its check character left off
      [script(0x9e6)(n), masked], // Bengali digits
      [script(0xe50)(n), masked], // Thai digits
      [Array.from(n, (c) => String.fromCodePoint(0x2460 + Number(c) - 1)).join('').replaceAll('\u245f', '⓪'), masked], // circled digits
      ['壹叁零壹零贰壹玖捌伍零叁壹伍壹贰叁伍', masked], // financial numerals
      ['130102/1985/0315/1235', masked],
      ['130102, 19850315, 1235', masked],
      ['130102        19850315        1235', masked], // eight spaces between groups
      [Array.from(n).join('\u0301'), masked], // a combining mark after each digit
      [Array.from(n).join('\u3164'), masked], // a Hangul filler between digits
      // The second attack review (H3): digits of two kinds mixed, more signs that are one digit, ー between groups.
      ['130102一九八五〇三一五1235', masked],
      ['13○1○2198503151235', masked],
      ['13◯1◯2198503151235', masked],
      ['幺30102198503151235', masked],
      [Array.from(n, (c) => (c === '0' ? '⓿' : String.fromCodePoint(0x2776 + Number(c) - 1))).join(''), masked], // ❶❸⓿…
      [Array.from(n, (c) => (c === '0' ? '🄋' : String.fromCodePoint(0x2780 + Number(c) - 1))).join(''), masked], // ➀➂🄋…
      [Array.from(n, (c) => (c === '0' ? '🄀' : String.fromCodePoint(0x2488 + Number(c) - 1))).join(''), masked], // ⒈⒊🄀…
      ['130102ー19850315ー1235', masked],
      ['130102ʼ19850315ʼ1235', masked],
      // The third review: Suzhou numerals and 两, and a number set apart after an amount with its last digit mistyped.
      ['〡〣〇〡〇两〡〩〨〥〇〣〡〥〡两〣〥', masked],
      ['¥200,000.00 130102198503151237', '¥200,000.00 130102********1237'],
      // Encoded blanks between groups (a URL, HTML): one separator each.
      ['130102%2019850315%201235', masked],
      ['130102&#160;19850315&#160;1235', masked],
      ['130102&nbsp;19850315&nbsp;1235', masked],
      ['130102\\u300019850315\\u30001235', masked],
    ] as const) {
      expect(redactIdNumbers(text), JSON.stringify(text)).toBe(expected);
      expect(holdsIdNumber(redactIdNumbers(text))).toBe(false);
    }
    // Nine characters apart, they are two numbers, as a reader sees them.
    expect(redactIdNumbers('130102198         503151235')).toBe('130102198         503151235');
  });

  it('is a fixed point on any text: masking what masking left changes nothing', () => {
    const pieces = fc.oneof(idNumbers, fc.constantFrom('1', '19', '2024-05-01', ' ', '/', '（', '）', 'X', '李四', '*', '\u200b', '〇一二', '壹贰'), fc.string({ maxLength: 4 }));
    fc.assert(fc.property(fc.array(pieces, { maxLength: 12 }), fc.boolean(), (parts, anyDate) => {
      const once = redactIdNumbers(parts.join(''), { anyDate });
      expect(redactIdNumbers(once, { anyDate })).toBe(once);
    }), { numRuns: 2000 });
  });

  it('leaves alone what is not a person\'s number', () => {
    for (const text of [
      '6222020402001234567', // a 19-digit account number
      '6222 0204 0200 1234 567', // the same, grouped
      '2024-05-01 2024-05-02 2024-05-03', // dates one after another
      '李四', // a name of Chinese numerals, and no number
      '91130102MA07AB123U', // a credit code
      'GB/T 43456-2024',
      '冀政质奖〔2024〕个人007号',
      '130102********1235', // already masked
      '123456789012345678', // 18 digits that name no birth date
      'aw-232333c02ae71d1af7502acb933e64a2',
    ]) expect(redactIdNumbers(text)).toBe(text);
  });

  it('masks every text of an answer but its ids and hashes', () => {
    const n = '130102198503151235';
    const answer = {
      items: [{ awardId: 'aw-1', recipient: { kind: 'individual', idNumber: n, name: `李四（${n}）` }, reference: `ID${n}`, hash: `ab${n}cd`, notes: [`No${n}`] }],
      cursor: null,
    };
    const out = redactTexts(answer);
    expect(out.items[0]?.recipient).toEqual({ kind: 'individual', idNumber: n, name: `李四（${maskIdNumber(n)}）` });
    expect(out.items[0]?.reference).toBe(`ID${maskIdNumber(n)}`);
    expect(out.items[0]?.notes).toEqual([`No${maskIdNumber(n)}`]);
    // A hash is never a text: left exactly as it is, or verification would fail.
    expect(out.items[0]?.hash).toBe(`ab${n}cd`);
    expect(answer.items[0]?.reference).toBe(`ID${n}`);
  });
});
