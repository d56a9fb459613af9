/** ISO 20022 money text and XML text: fen ↔ "617283.94" without floats, and escaping of everything written. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalToFen, fenToDecimal } from '../../shared/adapters/iso20022/index';
import { cutText, escapeXml, isoDateTimeBeijing } from '../../shared/adapters/iso20022/xml';
import { chinaDate, isCalendarDate } from '../../shared/domain/time';

describe('fenToDecimal', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [10, '0.10'],
    [99, '0.99'],
    [100, '1.00'],
    [61_728_394, '617283.94'],
    [500_000_000, '5000000.00'],
    [9_007_199_254_740_991, '90071992547409.91'],
  ])('%d fen → %s', (fen, text) => {
    expect(fenToDecimal(fen)).toBe(text);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 9_007_199_254_740_992])('refuses %s', (fen) => {
    expect(() => fenToDecimal(fen)).toThrow(/non-negative safe integer/);
  });
});

describe('decimalToFen', () => {
  it.each([
    ['0.01', 1],
    ['0', 0],
    ['0.00', 0],
    ['617283.94', 61_728_394],
    ['617283.9', 61_728_390],
    ['617283', 61_728_300],
    ['5000000.00', 500_000_000],
    ['90071992547409.91', 9_007_199_254_740_991],
    ['007.50', 750],
  ])('%s → %d fen', (text, fen) => {
    expect(decimalToFen(text)).toBe(fen);
  });

  it.each([
    '1.234', '-1', '1e3', ' 1', '1 ', '', '.5', '5.', '+1', '1,00', '１２', 'NaN', 'Infinity', '0x10',
    '90071992547409.92', '99999999999999999999.99', '1'.repeat(30),
  ])('refuses %j', (text) => {
    expect(decimalToFen(text)).toBeNull();
  });

  it('is the inverse of fenToDecimal for every safe amount', () => {
    fc.assert(fc.property(fc.maxSafeNat(), (fen) => decimalToFen(fenToDecimal(fen)) === fen));
  });
});

describe('XML text', () => {
  it('escapes the five special characters and keeps Chinese as it is', () => {
    expect(escapeXml('保定 & <某某> "公司" \'甲\'')).toBe('保定 &amp; &lt;某某&gt; &quot;公司&quot; &apos;甲&apos;');
  });

  it.each(['a\u0000b', 'bell\u0007', 'x\uFFFE', 'lone \uD800 surrogate'])('refuses text XML cannot carry: %j', (text) => {
    expect(() => escapeXml(text)).toThrow(/character XML cannot carry/);
  });

  it('cuts by characters, never through a surrogate pair', () => {
    expect(cutText('质量奖'.repeat(100), 140)).toHaveLength(140);
    expect(Array.from(cutText('𠀀'.repeat(200), 140))).toHaveLength(140);
    expect(cutText('short', 140)).toBe('short');
  });

  it('writes date-times in Beijing time, which has no summer time', () => {
    expect(isoDateTimeBeijing(new Date('2026-05-01T01:30:00.999Z'))).toBe('2026-05-01T09:30:00+08:00');
    expect(isoDateTimeBeijing(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01T00:00:00+08:00');
    expect(chinaDate(new Date('2026-07-01T15:59:59Z'))).toBe('2026-07-01');
    expect(chinaDate(new Date('2026-07-01T16:00:00Z'))).toBe('2026-07-02');
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-5-1')).toBe(false);
  });
});
