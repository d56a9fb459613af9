/**
 * 关于全面提升产品质量的若干措施 (河北省人民政府, 2022-09-06), seed 000; 004 is a machine translation that drops
 * amounts (clause (八) reads 最高1000万 in Chinese). Citations are quoted from the Chinese original.
 */
import type { Policy } from '../domain/catalog';
import { yuan } from '../domain/money';

const enterprise = { path: 'recipient.kind', oneOf: ['enterprise'] } as const;

export const hebei2022: Policy = {
  id: 'hebei-2022',
  title: '关于全面提升产品质量的若干措施',
  titleEn: 'Measures for comprehensively improving product quality (Hebei)',
  issuer: '河北省人民政府',
  documentNumber: null,
  jurisdiction: '130000',
  seed: '000_19d1ca60a910770b.txt',
  versions: [
    {
      version: 1,
      effectiveFrom: '2022-09-06',
      effectiveTo: null,
      rules: [
        {
          id: 'hebei-2022/standard-leader',
          clause: '(一)',
          citation:
            '实施企业标准“领跑者”制度,每年评价发布河北省企业标准“领跑者”30个以上,按每个项目3万元给予企业资金支持。',
          summary: 'enterprise standard listed as a Hebei "leader" (领跑者)',
          detailType: 'StandardLeaderListed',
          when: [enterprise],
          amount: { kind: 'fixed', amountFen: yuan(30_000) },
        },
        {
          id: 'hebei-2022/standard-lead-drafting',
          clause: '(二)',
          citation: '对主持国际、国家、行业标准制修订的企业,每个项目分别资助30万元、20万元、10万元',
          summary: 'led the drafting of a published international, national or industry standard',
          reading: '主持…制修订…每个项目: the lead drafter (draftingRank 1) of a standard drafted or revised, one lead per project: a second enterprise claiming to have led the same standard is held (SECOND_LEAD_CLAIM) for an officer.',
          detailType: 'StandardPublished',
          when: [enterprise, { path: 'draftingRank', oneOf: [1] }],
          oneLeadPerProject: true,
          amount: {
            kind: 'tiered',
            path: 'standard.level',
            tiersFen: { international: yuan(300_000), national: yuan(200_000), industry: yuan(100_000) },
          },
        },
        {
          id: 'hebei-2022/standard-innovation-award',
          clause: '(二)',
          citation:
            '对获中国标准创新贡献奖标准项目奖一等奖、二等奖、三等奖主持起草的企业,分别给予20万元、15万元、10万元的资金支持。',
          summary: 'lead drafter of a China Standard Innovation Contribution Award standard project prize',
          reading: '标准项目奖…主持起草的企业: the standard project prize (category project) only, paid to the enterprise that led its drafting (draftingRank 1); an organization or individual prize of the award earns nothing here, whatever its prize level.',
          detailType: 'StandardInnovationAwardWon',
          when: [
            enterprise,
            { path: 'award', oneOf: ['china-standard-innovation-contribution'] },
            { path: 'category', oneOf: ['project'] },
            { path: 'draftingRank', oneOf: [1] },
          ],
          amount: {
            kind: 'tiered',
            path: 'prize',
            tiersFen: { first: yuan(200_000), second: yuan(150_000), third: yuan(100_000) },
          },
        },
        {
          id: 'hebei-2022/standard-series',
          clause: '(二)',
          citation: '对承担系列技术标准创新族研制的企业给予20万元的资金支持。',
          summary: 'developed a series of technical standards (创新族)',
          detailType: 'StandardSeriesDeveloped',
          when: [enterprise],
          amount: { kind: 'fixed', amountFen: yuan(200_000) },
        },
        {
          id: 'hebei-2022/innovation-base',
          clause: '(三)',
          citation: '对承担国家技术标准创新基地建设的企业,给予100万元的资金支持。',
          summary: 'undertook a national technical standard innovation base',
          detailType: 'InnovationBaseApproved',
          when: [enterprise],
          amount: { kind: 'fixed', amountFen: yuan(1_000_000) },
        },
        {
          id: 'hebei-2022/standardization-pilot',
          clause: '(三)',
          citation: '对承担国家级、省级标准化示范试点项目的企业分别给予6万元、3万元的资金支持。',
          summary: 'undertook a national or provincial standardization demonstration pilot',
          detailType: 'StandardizationPilotUndertaken',
          when: [enterprise],
          amount: {
            kind: 'tiered',
            path: 'level',
            tiersFen: { national: yuan(60_000), provincial: yuan(30_000) },
          },
        },
        {
          id: 'hebei-2022/core-technology',
          clause: '(八)',
          citation: '针对行业共性技术和核心技术的重大突破,在省级科技计划中给予最高1000万的资金支持。',
          summary: 'core technology breakthrough funded in the provincial science and technology plan',
          reading: '最高1000万 (no 元) is 10,000,000 yuan; the award is the amount granted in the provincial plan, paid up to that cap.',
          detailType: 'TechnologyProjectFunded',
          when: [{ path: 'programme', oneOf: ['core-technology'] }],
          amount: { kind: 'granted', path: 'grantedAmountFen', capFen: yuan(10_000_000) },
        },
        {
          id: 'hebei-2022/achievement-transfer',
          clause: '(八)',
          citation:
            '支持我省企业与国内外大院大所、龙头企业合作,在河北转化一批高水平成果,形成一批重大战略新产品,打造一批新技术集成应用示范场景,单个项目在省科技计划中给予最高500万元的资金支持。',
          summary: 'achievement transfer project of a Hebei enterprise, funded in the provincial science and technology plan',
          detailType: 'TechnologyProjectFunded',
          when: [enterprise, { path: 'programme', oneOf: ['achievement-transfer'] }],
          reading: '支持我省企业与…合作: the project of a Hebei enterprise; a university or institute is not paid by this rule (core technology has no such limit).',
          amount: { kind: 'granted', path: 'grantedAmountFen', capFen: yuan(5_000_000) },
        },
        {
          id: 'hebei-2022/design-centre-provincial',
          clause: '(九)',
          citation: '对新认定的省级工业设计中心(工业设计示范企业),给予100万元资金奖励',
          summary: 'newly recognised provincial industrial design centre',
          detailType: 'CentreApproved',
          when: [
            enterprise,
            { path: 'centre.kind', oneOf: ['industrial-design'] },
            { path: 'centre.level', oneOf: ['provincial'] },
            { path: 'centre.stage', oneOf: ['recognised'] },
          ],
          reading: '新认定: paid once, when the centre is recognised (认定); a later document about the same centre is the same fact.',
          amount: { kind: 'fixed', amountFen: yuan(1_000_000) },
        },
        {
          id: 'hebei-2022/design-centre-national',
          clause: '(九)',
          citation: '达到国家级工业设计中心标准的,再给予100万元资金奖励。',
          summary: 'industrial design centre reached the national level (a further award)',
          detailType: 'CentreApproved',
          when: [
            enterprise,
            { path: 'centre.kind', oneOf: ['industrial-design'] },
            { path: 'centre.level', oneOf: ['national'] },
            { path: 'centre.stage', oneOf: ['recognised'] },
          ],
          reading: '再给予: a top-up, paid once per centre when recognised at the national level; it does not require the provincial award to have been paid here.',
          amount: { kind: 'fixed', amountFen: yuan(1_000_000) },
        },
        {
          id: 'hebei-2022/design-services',
          clause: '(九)',
          citation:
            '对制造企业购买工业设计服务和设计成果转化项目,给予核定支出费用50%、最高不超过100万元的资金支持。',
          summary: 'manufacturer bought industrial design services: half the approved cost',
          reading: '核定支出费用50%: half the approved cost, rounded down to the fen, then capped at 1,000,000 yuan.',
          detailType: 'DesignServicePurchased',
          when: [enterprise],
          amount: {
            kind: 'percentage',
            path: 'approvedCostFen',
            basisPoints: 5_000,
            capFen: yuan(1_000_000),
          },
        },
        {
          id: 'hebei-2022/inspection-testing-centre',
          clause: '(十一)',
          citation: '对获批筹建的国家产品质量检验检测中心给予500万元资金支持',
          summary: 'national product quality inspection and testing centre approved for construction',
          detailType: 'CentreApproved',
          when: [
            { path: 'centre.kind', oneOf: ['inspection-testing'] },
            { path: 'centre.level', oneOf: ['national'] },
            { path: 'centre.stage', oneOf: ['construction-approved'] },
          ],
          reading: '获批筹建: paid once per centre, when approved for construction; its acceptance (验收) pays nothing, and a second document about the same centre is the same fact.',
          amount: { kind: 'fixed', amountFen: yuan(5_000_000) },
        },
        {
          id: 'hebei-2022/metrology-centre',
          clause: '(十二)',
          citation: '对获批筹建的国家级产业计量测试中心给予500万元资金支持。',
          summary: 'national industrial metrology and testing centre approved for construction',
          detailType: 'CentreApproved',
          when: [
            { path: 'centre.kind', oneOf: ['industrial-metrology'] },
            { path: 'centre.level', oneOf: ['national'] },
            { path: 'centre.stage', oneOf: ['construction-approved'] },
          ],
          reading: '获批筹建: paid once per centre, when approved for construction; its acceptance (验收) pays nothing, and a second document about the same centre is the same fact.',
          amount: { kind: 'fixed', amountFen: yuan(5_000_000) },
        },
        {
          id: 'hebei-2022/demonstration-zone',
          clause: '(十六)',
          citation: '对每家新获得全国质量品牌提升示范区的给予50万元资金奖励。',
          summary: 'newly won (named) a national quality-brand improvement demonstration zone',
          reading: '对每家新获得…示范区的: paid when the zone is named (验收命名: the title obtained), not when its creation is approved, once per zone, to the government body or management committee that won it (an organization whose credit code is registered by 机构编制, code 1); an enterprise gets nothing.',
          detailType: 'DemonstrationZoneWon',
          when: [
            { path: 'recipient.kind', oneOf: ['organization'] },
            { path: 'recipient.registrationAuthority', oneOf: ['1'] },
            { path: 'stage', oneOf: ['named'] },
          ],
          amount: { kind: 'fixed', amountFen: yuan(500_000) },
        },
      ],
    },
  ],
};
