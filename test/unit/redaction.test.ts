/**
 * Identity numbers masked in every text, however they are written into it (issue 19, finding 8): a property test
 * that embeds valid numbers in texts every way people and upstream systems write them, and checks that what comes out
 * holds no number whole, in any spelling, and that everything around the number is kept as it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdsIdNumber, idCheckCharacter, maskIdNumber, redactIdNumbers } from '../../shared/domain/person';
import { redactTexts } from '../../shared/domain/redaction';

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

const FULL_WIDTH = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCodePoint((c === 'X' ? 0xff38 : 0xff10 + Number(c))));

/** The ways a number is written inside a text. */
const spellings = fc.constantFrom<Array<(n: string) => string>>(
  (n) => n,
  (n) => n.toLowerCase(),
  (n) => FULL_WIDTH(n),
  (n) => `${n.slice(0, 6)} ${n.slice(6, 14)} ${n.slice(14)}`,
  (n) => `${n.slice(0, 6)}-${n.slice(6, 14)}-${n.slice(14)}`,
);

/** What stands before and after it: letters (`ID…`, `No…`), Chinese, brackets of both widths, punctuation, nothing. */
const neighbours = fc.constantFrom('', 'ID', 'No', 'no.', 'NO:', '身份证号', '（', '(', '【', '：', ':', ' ', '"', '号', 'abc', '\n', '\u200b');
const filler = fc.string({ unit: fc.constantFrom('李', '四', '冀', '〔', '〕', 'a', 'Z', ' ', '-', '/', '.', '号'), maxLength: 12 });

const embedded = fc.record({ n: idNumbers, spell: spellings, before: neighbours, after: neighbours, head: filler, tail: filler }).map((r) => ({
  ...r,
  text: `${r.head}${r.before}${r.spell(r.n)}${r.after}${r.tail}`,
}));

/** Digits only, full-width folded: how a reader would find the number again in any spelling. */
const digitsOf = (s: string) => s.normalize('NFKC').replace(/[^0-9X]/gi, '').toUpperCase();

describe('identity numbers in free text', () => {
  it('are masked however they are written, and nothing around them changes', () => {
    fc.assert(fc.property(embedded, ({ n, before, after, head, tail, text }) => {
      const out = redactIdNumbers(text);
      expect(digitsOf(out)).not.toContain(n);
      expect(digitsOf(out)).not.toContain(n.slice(6, 14));
      expect(out).toBe(`${head}${before}${maskIdNumber(n)}${after}${tail}`);
      expect(holdsIdNumber(out)).toBe(false);
      expect(redactIdNumbers(out)).toBe(out);
    }), { numRuns: 2000 });
  });

  it('masks every number of a text with several, and in JSON', () => {
    fc.assert(fc.property(fc.array(embedded, { minLength: 2, maxLength: 5 }), (parts) => {
      const text = parts.map((p) => p.text).join('；');
      const out = redactIdNumbers(JSON.stringify({ name: text }));
      for (const p of parts) expect(digitsOf(out)).not.toContain(p.n);
    }), { numRuns: 500 });
  });

  it('leaves alone what is not a person\'s number', () => {
    for (const text of [
      '6222020402001234567', // a 19-digit account number
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
