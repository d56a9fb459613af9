/** Names and telephone numbers as the public notice and the ledger show them (shared/domain/names.ts, issue 21). */
import { describe, expect, it } from 'vitest';
import { maskNameIn, maskPersonName, maskPhoneNumbers } from '../../shared/domain/names';

describe('maskPhoneNumbers', () => {
  it('masks a mobile or a landline with its area code but for the last four digits', () => {
    expect(maskPhoneNumbers('电话13800138000，请回电')).toBe('电话138****8000，请回电');
    expect(maskPhoneNumbers('0311-87654321 石家庄')).toBe('0311-****4321 石家庄');
    expect(maskPhoneNumbers('010 6512345')).toBe('010-***2345');
  });

  it('leaves dates, ids, accounts and amounts alone', () => {
    for (const text of ['2026-12-03', 'aw-13800138000x', '账号6222020402001234567', '¥13,800,138.00', 'ob-1380013800012']) expect(maskPhoneNumbers(text)).toBe(text);
  });
});

describe('names on the public notice', () => {
  it('masks a person\'s name wherever a reference names them', () => {
    expect(maskPersonName('张三丰')).toBe('张*丰');
    expect(maskNameIn('张三丰技能大师工作室（张三丰）', '张三丰')).toBe('张*丰技能大师工作室（张*丰）');
    expect(maskNameIn('技能大师工作室', '张')).toBe('技能大师工作室');
  });
});

describe('maskPhoneNumbers, however the number is written (attack review of issue 21)', () => {
  it('masks +86 and 86 prefixes, groups, full-width digits and landlines without a separator', () => {
    for (const [text, whole] of [
      ['+86 138 1234 8000', '13812348000'], ['138-1234-8000', '13812348000'], ['电话１３８１２３４８０００', '13812348000'],
      ['8613812348000', '13812348000'], ['(0311)87654321', '87654321'], ['031187654321', '87654321'],
    ] as const) {
      const masked = maskPhoneNumbers(text);
      expect(masked.replace(/\D/g, ''), text).not.toContain(whole);
      expect(masked.endsWith(whole.slice(-4)) || masked.includes(whole.slice(-4)), text).toBe(true);
    }
  });
});
