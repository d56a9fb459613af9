/**
 * 石家庄市质量强市建设行动方案(2023—2027年), seed 002: the standards section of the action plan as the Hebei
 * Daily reported it on 2023-07-05. The plan names no clause numbers; the clause is the section heading.
 * It pays "各类企业或团体", so enterprises and organizations alike.
 */
import type { Policy } from '../domain/catalog';
import { yuan } from '../domain/money';

const INNOVATION = '激发标准化创新动力';
const DEMONSTRATION = '争创标准化示范项目';

export const shijiazhuang2023: Policy = {
  id: 'shijiazhuang-2023',
  title: '石家庄市质量强市建设行动方案(2023—2027年)',
  titleEn: 'Shijiazhuang quality city action plan 2023-2027',
  issuer: '石家庄市人民政府',
  documentNumber: null,
  jurisdiction: '130100',
  seed: '002_1df9a377e47d37ca.txt',
  versions: [
    {
      version: 1,
      effectiveFrom: '2023-07-05',
      effectiveTo: '2027-12-31',
      rules: [
        {
          id: 'shijiazhuang-2023/standard-lead-drafting',
          clause: INNOVATION,
          citation:
            '对主持国际、国家、行业、省地方、市地方标准制修订的各类企业或团体,每个项目分别资助30万元、20万元、10万元、3万元、2万元。',
          summary: 'led the drafting of a published international, national, industry or local standard',
          reading: '主持…制修订…每个项目: the lead drafter (draftingRank 1) of a standard drafted or revised, one lead per project (a second claim is held for an officer).',
          detailType: 'StandardPublished',
          when: [{ path: 'draftingRank', oneOf: [1] }],
          oneLeadPerProject: true,
          amount: {
            kind: 'tiered',
            path: 'standard.level',
            tiersFen: {
              'international': yuan(300_000),
              'national': yuan(200_000),
              'industry': yuan(100_000),
              'provincial-local': yuan(30_000),
              'municipal-local': yuan(20_000),
            },
          },
        },
        {
          id: 'shijiazhuang-2023/group-standard-lead',
          clause: INNOVATION,
          citation: '对主持国家级、省市级团体标准制定的各类企业或团体,每个项目分别资助3万元、1万元。',
          summary: 'led a newly drafted national-level, provincial-level or municipal-level group standard',
          reading: '团体标准制定: a group standard newly drafted (standard.action drafted); a revision (修订) earns nothing under this sentence, unlike the 制修订 sentences. 省市级 covers group-provincial and group-municipal alike. One lead per project.',
          detailType: 'StandardPublished',
          when: [{ path: 'draftingRank', oneOf: [1] }, { path: 'standard.action', oneOf: ['drafted'] }],
          oneLeadPerProject: true,
          amount: {
            kind: 'tiered',
            path: 'standard.level',
            tiersFen: {
              'group-national': yuan(30_000),
              'group-provincial': yuan(10_000),
              'group-municipal': yuan(10_000),
            },
          },
        },
        {
          id: 'shijiazhuang-2023/standard-participation',
          clause: INNOVATION,
          citation:
            '对参与(第二、第三名)国际、国家、行业标准制修订的各类企业或团体,每个项目分别资助5万元、3万元、2万元。',
          summary:
            'took part in drafting, ranked second or third, an international, national or industry standard',
          detailType: 'StandardPublished',
          when: [{ path: 'draftingRank', oneOf: [2, 3] }],
          amount: {
            kind: 'tiered',
            path: 'standard.level',
            tiersFen: { international: yuan(50_000), national: yuan(30_000), industry: yuan(20_000) },
          },
        },
        {
          id: 'shijiazhuang-2023/standardization-pilot-accepted',
          clause: DEMONSTRATION,
          citation:
            '对于完成国家级、省级标准化示范试点项目建设并通过评估验收的,每个项目分别给予10万元、5万元资金支持。',
          summary: 'completed a national or provincial standardization pilot that passed acceptance',
          detailType: 'StandardizationPilotAccepted',
          when: [],
          amount: {
            kind: 'tiered',
            path: 'level',
            tiersFen: { national: yuan(100_000), provincial: yuan(50_000) },
          },
        },
      ],
    },
  ],
};
