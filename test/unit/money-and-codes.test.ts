import { describe, expect, it } from 'vitest';
import { formatYuan, percentOfFen, yuan } from '../../shared/domain/money';
import { jurisdictionCovers, jurisdictionPrefix } from '../../shared/domain/region';
import { regionFromUscc, usccCheckCharacter, usccProblem } from '../../shared/domain/uscc';
import { chinaDate, chinaDayStart, chinaTime, isCalendarDate } from '../../shared/domain/time';

describe('money', () => {
  it.each([
    [0, '¥0.00'],
    [1, '¥0.01'],
    [123_456, '¥1,234.56'],
    [yuan(200_000), '¥200,000.00'],
    [-5, '-¥0.05'],
    [Number.MAX_SAFE_INTEGER, '¥90,071,992,547,409.91'],
  ])('formats %i fen as %s', (fen, text) => expect(formatYuan(fen)).toBe(text));

  it('converts whole yuan to fen and refuses fractions', () => {
    expect(yuan(30_000)).toBe(3_000_000);
    expect(() => yuan(0.5)).toThrow(/whole yuan/);
  });

  it('rounds a percentage down to the fen, exactly, even near the largest safe integer', () => {
    expect(percentOfFen(3, 5_000)).toBe(1);
    expect(percentOfFen(Number.MAX_SAFE_INTEGER, 5_000)).toBe(4_503_599_627_370_495);
    expect(() => percentOfFen(1.5, 5_000)).toThrow(/safe integer/);
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  it.each([
    // Published codes of well-known enterprises (Huawei, Alibaba China, Tencent), checked independently too.
    ['91440300192203821', '6'],
    ['91330100716105852', 'F'],
    ['9144030071526726X', 'G'],
  ])('computes the check character of %s as %s', (first17, check) => {
    expect(usccCheckCharacter(first17)).toBe(check);
  });

  it('accepts a valid code and names each kind of problem', () => {
    expect(usccProblem('913501007358963238')).toBeNull();
    expect(usccProblem('91350100735896323')).toEqual({ kind: 'length', length: 17 });
    expect(usccProblem('91350100735896323O')).toEqual({ kind: 'character', position: 18, character: 'O' });
    expect(usccProblem('913501007358963230')).toEqual({ kind: 'check', expected: '8', actual: '0' });
  });

  it('reads the division code from characters 3 to 8', () => {
    expect(regionFromUscc('91130102MA07AB123U')).toBe('130102');
  });
});

describe('jurisdictions', () => {
  it.each([
    ['130000', '13'],
    ['130100', '1301'],
    ['350000', '35'],
    ['130102', '130102'],
  ])('%s covers region codes starting %s', (code, prefix) => expect(jurisdictionPrefix(code)).toBe(prefix));

  it('covers a Shijiazhuang district for both the province and the city, and not Baoding for the city', () => {
    expect(jurisdictionCovers('130000', '130102')).toBe(true);
    expect(jurisdictionCovers('130100', '130102')).toBe(true);
    expect(jurisdictionCovers('130100', '130602')).toBe(false);
    expect(jurisdictionCovers('350000', '130102')).toBe(false);
  });
});

describe('China Standard Time', () => {
  it('reads an instant as a person in China does, across midnight, and names the instants a day spans', () => {
    expect(chinaTime(new Date('2026-11-22T16:30:05Z'))).toBe('2026-11-23 00:30:05');
    expect(chinaDate(new Date('2026-11-22T15:59:59Z'))).toBe('2026-11-22');
    expect(chinaDate(new Date('2026-11-22T16:00:00Z'))).toBe('2026-11-23');
    expect(chinaDayStart('2026-11-23')).toBe('2026-11-22T16:00:00.000Z');
    expect(chinaDayStart('2026-12-31', 1)).toBe('2026-12-31T16:00:00.000Z');
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
  });
});
