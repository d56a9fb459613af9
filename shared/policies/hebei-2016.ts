/**
 * 河北省人民政府关于实施质量强省战略的意见 (冀政发〔2016〕33号, 2016-07-06), seed 001, stored in traditional
 * characters; the citation is quoted as the seed has it. Clause 五(二) promises rewards to enterprises and
 * individuals "落实…奖励政策" without amounts: each is recorded as AMOUNT_REQUIRED for finance of 130000.
 */
import type { Policy, Rule } from '../domain/catalog';

const CITATION = '落實對獲得省政府質量獎、省級及以上名牌產品、馳(著)名商標等獎項的企業和個人的獎勵政策。';

const honours = [
  ['provincial-quality-award', 'Hebei provincial government quality award (省政府质量奖)'],
  ['famous-brand-product', 'provincial-or-higher famous-brand product (省级及以上名牌产品)'],
  ['well-known-trademark', 'well-known or famous trademark (驰(著)名商标)'],
] as const;

const rules: Rule[] = honours.map(([honour, label]) => ({
  id: `hebei-2016/${honour}`,
  clause: '五(二)',
  citation: CITATION,
  summary: `${label}, per regulation`,
  detailType: 'HonourConferred',
  when: [
    { path: 'recipient.kind', oneOf: ['enterprise'] },
    { path: 'honour', oneOf: [honour] },
  ],
  amount: { kind: 'per-regulation' },
}));

export const hebei2016: Policy = {
  id: 'hebei-2016',
  title: '河北省人民政府关于实施质量强省战略的意见',
  titleEn: 'Opinions of the Hebei Provincial Government on implementing the quality province strategy',
  issuer: '河北省人民政府',
  documentNumber: '冀政发〔2016〕33号',
  jurisdiction: '130000',
  seed: '001_169ff624e3d11753.txt',
  versions: [{ version: 1, effectiveFrom: '2016-07-06', effectiveTo: null, rules }],
};
