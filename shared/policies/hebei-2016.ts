/**
 * 河北省人民政府关于实施质量强省战略的意见 (冀政发〔2016〕33号, 2016-07-06), seed 001, stored in traditional
 * characters; the citations are quoted as the seed has them. Two clauses promise rewards "落实…奖励政策" without
 * amounts, each recorded as AMOUNT_REQUIRED for finance of 130000 to set:
 * - 三(二) the award for leading the drafting of advanced standards, until hebei-2022 (二) set fixed amounts for it:
 *   version 1 (2016-07-06 to 2022-09-05) pays it, version 2 (from 2022-09-06) no longer does;
 * - 五(二) the provincial quality award, famous-brand products and well-known trademarks, to enterprises and
 *   individuals (企业和个人), in both versions.
 */
import type { Policy, Rule } from '../domain/catalog';

const HONOURS_CITATION = '落實對獲得省政府質量獎、省級及以上名牌產品、馳(著)名商標等獎項的企業和個人的獎勵政策。';

const honours = [
  ['provincial-quality-award', 'Hebei provincial government quality award (省政府质量奖)'],
  ['famous-brand-product', 'provincial-or-higher famous-brand product (省级及以上名牌产品)'],
  ['well-known-trademark', 'well-known or famous trademark (驰(著)名商标)'],
] as const;

const honourRules: Rule[] = honours.map(([honour, label]) => ({
  id: `hebei-2016/${honour}`,
  clause: '五(二)',
  citation: HONOURS_CITATION,
  summary: `${label}, per regulation`,
  detailType: 'HonourConferred',
  when: [
    { path: 'recipient.kind', oneOf: ['enterprise', 'individual'] },
    { path: 'honour', oneOf: [honour] },
  ],
  amount: { kind: 'per-regulation' },
  reading: 'Paid to enterprises and to people (企業和個人), not to other organizations; 馳名 and 著名 trademarks are both well-known-trademark.',
}));

const standardLeadDrafting: Rule = {
  id: 'hebei-2016/standard-lead-drafting',
  clause: '三(二)',
  citation: '推行企業產品和服務標準自我公開聲明和監督制度,落實先進標準制訂獎勵政策,鼓勵支持企業和社會組織參加國際、國家和行業標準化組織,推動河北標準“走出去”和“引進來”。',
  summary: 'led the drafting of a published international, national or industry standard, per regulation',
  detailType: 'StandardPublished',
  when: [
    { path: 'recipient.kind', oneOf: ['enterprise', 'organization'] },
    { path: 'draftingRank', oneOf: [1] },
    { path: 'standard.level', oneOf: ['international', 'national', 'industry'] },
  ],
  amount: { kind: 'per-regulation' },
  oneLeadPerProject: true,
  reading: '落實先進標準制訂獎勵政策 promises an award for leading (主持, draftingRank 1) an international, national or industry '
    + 'standard to the 企業和社會組織 the sentence names, with no amount: per regulation, until the day before hebei-2022 '
    + 'took effect (2022-09-05). From 2022-09-06 hebei-2022 (二) pays fixed amounts and this rule pays nothing.',
};

export const hebei2016: Policy = {
  id: 'hebei-2016',
  title: '河北省人民政府关于实施质量强省战略的意见',
  titleEn: 'Opinions of the Hebei Provincial Government on implementing the quality province strategy',
  issuer: '河北省人民政府',
  documentNumber: '冀政发〔2016〕33号',
  jurisdiction: '130000',
  seed: '001_169ff624e3d11753.txt',
  versions: [
    { version: 1, effectiveFrom: '2016-07-06', effectiveTo: '2022-09-05', rules: [standardLeadDrafting, ...honourRules] },
    { version: 2, effectiveFrom: '2022-09-06', effectiveTo: null, rules: honourRules },
  ],
};
