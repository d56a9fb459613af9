/**
 * 关于进一步推进质量强省建设的八条措施(试行) (福建省质量强省工作联席会议, 2021-11-29), seed 003. Clause 五
 * promises awards "分别按规定给予相应奖励" (per regulation) without amounts: each is recorded as AMOUNT_REQUIRED
 * and finance of 350000 sets the sum. Clause 七 sets the provincial fund at no less than 50,000,000 yuan a year.
 */
import type { Policy, Rule } from '../domain/catalog';

const CITATION
  = '对获得中国质量奖及提名奖、福建省政府质量奖及提名奖、中国标准创新贡献奖、福建省标准贡献奖、中国专利奖、福建省专利奖、国家级、省级质量标杆、工信部制造业单项冠军示范(培育)企业、省级制造业单项冠军示范企业,分别按规定给予相应奖励。';

const honours = [
  ['china-quality-award', 'China Quality Award (中国质量奖)'],
  ['china-quality-award-nomination', 'China Quality Award nomination (提名奖)'],
  ['provincial-quality-award', 'Fujian provincial government quality award (福建省政府质量奖)'],
  ['provincial-quality-award-nomination', 'Fujian provincial government quality award nomination'],
  ['china-patent-award', 'China Patent Award (中国专利奖)'],
  ['provincial-patent-award', 'Fujian Patent Award (福建省专利奖)'],
  ['national-quality-benchmark', 'national quality benchmark (国家级质量标杆)'],
  ['provincial-quality-benchmark', 'provincial quality benchmark (省级质量标杆)'],
  ['miit-single-champion', 'MIIT manufacturing single champion (工信部制造业单项冠军示范(培育)企业)'],
  ['provincial-single-champion', 'provincial manufacturing single champion (省级制造业单项冠军示范企业)'],
] as const;

/**
 * The honours whose own rules honour people too (version 3, CONTRACT §6): the China Quality Award and Fujian's
 * government quality award, with their nominations, have categories for individuals, and the patent awards go to
 * inventors and designers as well as their units. Benchmarks and single champions are titles of enterprises.
 */
const PAYS_PEOPLE: ReadonlySet<string> = new Set([
  'china-quality-award', 'china-quality-award-nomination', 'provincial-quality-award', 'provincial-quality-award-nomination', 'china-patent-award', 'provincial-patent-award',
]);

const honourRules: Rule[] = honours.map(([honour, label]) => ({
  id: `fujian-2021/${honour}`,
  clause: '五',
  citation: CITATION,
  summary: `${label}, per regulation`,
  detailType: 'HonourConferred',
  when: PAYS_PEOPLE.has(honour)
    ? [{ path: 'recipient.kind', oneOf: ['enterprise', 'organization', 'individual'] }, { path: 'honour', oneOf: [honour] }]
    : [{ path: 'recipient.kind', oneOf: ['enterprise'] }, { path: 'honour', oneOf: [honour] }],
  amount: { kind: 'per-regulation' },
  reading: PAYS_PEOPLE.has(honour)
    ? '分别按规定给予相应奖励: per regulation, to enterprises, organizations and people, as the honour\'s own rules honour people (individual categories; inventors); provincial-* honours are read as Fujian\'s own.'
    : '分别按规定给予相应奖励: per regulation, to enterprises: 质量标杆 and 单项冠军示范(培育)企业 are titles of enterprises.',
}));

/** 中国标准创新贡献奖 and 福建省标准贡献奖 have project, organization and individual categories: all paid per regulation. */
const STANDARD_AWARD_READING = '分别按规定给予相应奖励: every category of the award (project, organization, individual), per regulation; a person for the individual category.';

export const fujian2021: Policy = {
  id: 'fujian-2021',
  title: '关于进一步推进质量强省建设的八条措施(试行)',
  titleEn: 'Eight measures for further advancing Fujian as a quality province (trial)',
  issuer: '福建省质量强省工作联席会议',
  documentNumber: null,
  jurisdiction: '350000',
  seed: '003_6684ed5e897413fb.txt',
  versions: [
    {
      version: 1,
      effectiveFrom: '2021-11-29',
      effectiveTo: null,
      rules: [
        ...honourRules,
        {
          id: 'fujian-2021/china-standard-innovation-contribution',
          clause: '五',
          citation: CITATION,
          summary: 'China Standard Innovation Contribution Award (中国标准创新贡献奖), any category, per regulation',
          detailType: 'StandardInnovationAwardWon',
          when: [{ path: 'recipient.kind', oneOf: ['enterprise', 'organization', 'individual'] }, { path: 'award', oneOf: ['china-standard-innovation-contribution'] }],
          amount: { kind: 'per-regulation' },
          reading: STANDARD_AWARD_READING,
        },
        {
          id: 'fujian-2021/fujian-standard-contribution',
          clause: '五',
          citation: CITATION,
          summary: 'Fujian Standard Contribution Award (福建省标准贡献奖), any category, per regulation',
          detailType: 'StandardInnovationAwardWon',
          when: [{ path: 'recipient.kind', oneOf: ['enterprise', 'organization', 'individual'] }, { path: 'award', oneOf: ['fujian-standard-contribution'] }],
          amount: { kind: 'per-regulation' },
          reading: STANDARD_AWARD_READING,
        },
      ],
    },
  ],
};
