/**
 * The reports as tables a finance officer reads (issue 22): the budget execution's sheets and the overdue list, with
 * Chinese headers, the policy's title, the clause and its sentence, and the region's name. One definition serves the
 * xlsx workbook (a sheet per table) and the CSV (one table per file), so the two never differ.
 */
import type { Catalog } from './catalog';
import { FLOWS, type Execution, type Flow, type Line } from './execution';
import type { Overdue } from './overdue';
import { regionName } from './region';
import type { ExecutionTable } from './execution-tables';

/** A column as both writers take it: `yuan` is integer fen, `date` a China date, `datetime` an ISO instant. */
export interface TableColumn {
  readonly header: string;
  readonly kind: 'text' | 'yuan' | 'integer' | 'date' | 'datetime';
  readonly width?: number;
}

export interface Table {
  /** The sheet's name (at most 31 characters, Excel's rule). */
  readonly name: string;
  readonly columns: readonly TableColumn[];
  readonly rows: ReadonlyArray<readonly unknown[]>;
}

export const FLOW_WORDS: Readonly<Record<Flow, string>> = {
  recorded: '登记', approved: '审批通过', publicity: '进入公示', held: '暂缓', rejected: '不予奖励',
  paid: '拨付', returned: '银行退回', voided: '作废', clawedBack: '追回', repaid: '缴回',
};

const POSITION_WORDS = [['reservedFen', '已预留'], ['inTransitFen', '在途'], ['disbursedFen', '已拨付'], ['receivableFen', '待追回']] as const;

const flowColumns: TableColumn[] = FLOWS.flatMap((f) => [
  { header: `${FLOW_WORDS[f]}件数`, kind: 'integer' as const },
  { header: `${FLOW_WORDS[f]}金额（元）`, kind: 'yuan' as const },
]);
const positionColumns: TableColumn[] = POSITION_WORDS.map(([, word]) => ({ header: `${word}（元）`, kind: 'yuan' as const }));
const lineCells = (line: Line): unknown[] => [
  ...FLOWS.flatMap((f) => [line.flows[f].count, line.flows[f].fen]),
  ...POSITION_WORDS.map(([field]) => line.positions[field]),
];

/** A rule as people name it: its policy's title, its clause, and the sentence it rests on. */
export function ruleWords(catalog: Catalog, policyId: string, ruleId: string): { policy: string; citation: string } {
  const policy = catalog.policies.find((p) => p.id === policyId);
  const rule = policy?.versions.flatMap((v) => v.rules).find((r) => r.id === ruleId);
  return { policy: policy?.title ?? policyId, citation: rule?.citation ?? ruleId };
}

/** The execution with the words a reader needs beside each code: what GET /reports/budget-execution answers. */
export function executionView(execution: Execution, catalog: Catalog) {
  return {
    ...execution,
    jurisdictionName: regionName(execution.jurisdiction),
    byClause: execution.byClause.map((l) => ({ ...l, ...ruleWords(catalog, l.policyId, l.ruleId) })),
    byClauseMonth: execution.byClauseMonth.map((l) => ({ ...l, policy: ruleWords(catalog, l.policyId, l.ruleId).policy })),
    byRegion: execution.byRegion.map((l) => ({ ...l, regionName: regionName(l.regionCode) })),
  };
}

export { EXECUTION_TABLES, type ExecutionTable } from './execution-tables';

/** The report's tables, in the workbook's order: by policy and clause, by month, by month and clause, by region, the accounts. */
export function executionTables(execution: Execution, catalog: Catalog): Record<ExecutionTable, Table> {
  const words = (l: { policyId: string; ruleId: string }) => ruleWords(catalog, l.policyId, l.ruleId);
  const a = execution.accounts;
  return {
    'clause': {
      name: '按政策条款',
      columns: [{ header: '政策', kind: 'text' }, { header: '条款', kind: 'text' }, { header: '条款原文', kind: 'text', width: 60 }, { header: '规则编号', kind: 'text' }, ...flowColumns, ...positionColumns],
      rows: [
        ...execution.byClause.map((l) => [words(l).policy, l.clause, words(l).citation, l.ruleId, ...lineCells(l)]),
        ['合计', '', '', '', ...lineCells(execution.total)],
      ],
    },
    'month': {
      name: '按月份',
      columns: [{ header: '月份', kind: 'text', width: 10 }, ...flowColumns, ...positionColumns, { header: '月末预算安排（元）', kind: 'yuan' }, { header: '月末可用（元）', kind: 'yuan' }],
      rows: [
        ...execution.byMonth.map((l) => [l.month, ...lineCells(l), l.closing.allocatedFen, l.closing.availableFen]),
        ['合计', ...lineCells(execution.total), a.allocatedFen, a.availableFen],
      ],
    },
    'clause-month': {
      name: '按月份和条款',
      columns: [{ header: '月份', kind: 'text', width: 10 }, { header: '政策', kind: 'text' }, { header: '条款', kind: 'text' }, { header: '规则编号', kind: 'text' }, ...flowColumns, ...positionColumns],
      rows: execution.byClauseMonth.map((l) => [l.month, words(l).policy, l.clause, l.ruleId, ...lineCells(l)]),
    },
    'region': {
      name: '按地区',
      columns: [{ header: '区划代码', kind: 'text', width: 10 }, { header: '地区', kind: 'text' }, ...flowColumns, ...positionColumns],
      rows: [
        ...execution.byRegion.map((l) => [l.regionCode, regionName(l.regionCode), ...lineCells(l)]),
        ['合计', '', ...lineCells(execution.total)],
      ],
    },
    'accounts': {
      name: '账户核对',
      columns: [{ header: '账户', kind: 'text', width: 24 }, { header: '金额（元）', kind: 'yuan' }, { header: '说明', kind: 'text', width: 60 }],
      rows: [
        ['预算安排 allocated', a.allocatedFen, `${execution.fiscalYear} 年度预算`],
        ['可用 available', a.availableFen, '尚未预留的预算'],
        ['已预留 reserved', a.reservedFen, '已登记待审批、公示中、待支付的奖励'],
        ['在途 in transit', a.inTransitFen, '已发送银行、待回单'],
        ['已拨付 disbursed', a.disbursedFen, '银行确认已支付'],
        ['待追回 receivable', a.receivableFen, '已撤销待缴回'],
        ['台账核对', null, `截至台账序号 ${execution.throughSeq}：读取本年度分录 ${execution.entries} 笔、奖励 ${execution.awards} 项；各表合计与台账账户余额一致（精确到分）`],
      ],
    },
  };
}

/** An overdue award as its table shows it: the check's finding, and what the award is. */
interface OverdueRow {
  overdue: Overdue;
  award: { recipient: { name: string }; policyId: string; ruleId: string; clause: string; reference: string; amountFen: number | null };
}

/** The overdue list as a table: oldest first, with who holds the next step. */
export function overdueTable(items: readonly OverdueRow[], catalog: Catalog): Table {
  return {
    name: '超期未办',
    columns: [
      { header: '序号', kind: 'integer', width: 6 }, { header: '环节', kind: 'text', width: 8 }, { header: '状态', kind: 'text' }, { header: '起算时间', kind: 'datetime' },
      { header: '办理期限', kind: 'date' }, { header: '超期工作日', kind: 'integer' }, { header: '待办人', kind: 'text' }, { header: '待办事项', kind: 'text' },
      { header: '受奖单位或个人', kind: 'text' }, { header: '政策', kind: 'text' }, { header: '条款', kind: 'text' }, { header: '事项', kind: 'text' },
      { header: '金额（元）', kind: 'yuan' }, { header: 'awardId', kind: 'text' }, { header: '说明', kind: 'text' },
    ],
    rows: items.map(({ overdue: o, award }, i) => [
      i + 1, o.step === 'approval' ? '审批' : '支付', o.status, o.since, o.dueDate, o.workingDaysLate, o.next.holder, o.next.action,
      award.recipient.name, ruleWords(catalog, award.policyId, award.ruleId).policy, award.clause, award.reference, award.amountFen, o.awardId,
      o.unknown ?? (o.lateAtLeast ? `至少 ${o.workingDaysLate} 个工作日（其后年份的法定节假日尚未纳入日历）` : ''),
    ]),
  };
}

// ------------------------------------------------------------------------------------------ exports of the lists

/** What the awards export shows of an award (the list's own view: a person's number already masked). */
interface AwardRow {
  readonly awardId: string;
  readonly jurisdiction: string;
  readonly status: string;
  readonly recipient: { readonly kind: string; readonly name: string; readonly uscc?: string; readonly idNumber?: string; readonly regionCode: string };
  readonly policyId: string;
  readonly ruleId: string;
  readonly clause: string;
  readonly reference: string;
  readonly amountFen: number | null;
  readonly approvals: ReadonlyArray<{ readonly decision: string }>;
  readonly approvalsRequired: number | null;
  readonly fiscalYear: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function awardsTable(awards: readonly AwardRow[], catalog: Catalog): Table {
  return {
    name: '奖励清单',
    columns: [
      { header: '序号', kind: 'integer', width: 6 }, { header: 'awardId', kind: 'text' }, { header: '辖区', kind: 'text', width: 8 }, { header: '状态', kind: 'text' },
      { header: '受奖单位或个人', kind: 'text' }, { header: '统一社会信用代码或身份证号', kind: 'text', width: 22 }, { header: '地区', kind: 'text' },
      { header: '政策', kind: 'text' }, { header: '条款', kind: 'text' }, { header: '事项', kind: 'text' }, { header: '金额（元）', kind: 'yuan' },
      { header: '审批进度', kind: 'text', width: 8 }, { header: '预算年度', kind: 'integer' }, { header: '登记时间', kind: 'datetime' }, { header: '更新时间', kind: 'datetime' },
    ],
    rows: awards.map((a, i) => [
      i + 1, a.awardId, a.jurisdiction, a.status, a.recipient.name, a.recipient.uscc ?? a.recipient.idNumber ?? '', regionName(a.recipient.regionCode),
      ruleWords(catalog, a.policyId, a.ruleId).policy, a.clause, a.reference, a.amountFen,
      `${a.approvals.filter((x) => x.decision === 'approve').length}/${a.approvalsRequired ?? '-'}`, a.fiscalYear, a.createdAt, a.updatedAt,
    ]),
  };
}

interface EntryRow {
  readonly jurisdiction: string;
  readonly seq: number;
  readonly at: string;
  readonly type: string;
  readonly fiscalYear: number;
  readonly awardId: string | null;
  readonly recipientId: string | null;
  readonly amountFen: number;
  readonly postings: ReadonlyArray<{ readonly account: string; readonly deltaFen: number }>;
  readonly statusAfter: string | null;
  readonly actor: string;
  readonly note: string;
  readonly hash: string;
}

export function ledgerTable(entries: readonly EntryRow[]): Table {
  return {
    name: '台账',
    columns: [
      { header: '辖区', kind: 'text', width: 8 }, { header: '序号', kind: 'integer' }, { header: '时间（北京时间）', kind: 'datetime' }, { header: '类型', kind: 'text' },
      { header: '预算年度', kind: 'integer' }, { header: 'awardId', kind: 'text' }, { header: 'recipientId', kind: 'text' }, { header: '金额（元）', kind: 'yuan' },
      { header: '记账', kind: 'text', width: 40 }, { header: '之后状态', kind: 'text' }, { header: '操作人', kind: 'text' }, { header: '说明', kind: 'text', width: 60 },
      { header: 'hash', kind: 'text', width: 66 },
    ],
    rows: entries.map((e) => [
      e.jurisdiction, e.seq, e.at, e.type, e.fiscalYear, e.awardId, e.recipientId, e.amountFen,
      e.postings.map((p) => `${p.account} ${p.deltaFen > 0 ? '+' : ''}${(p.deltaFen / 100).toFixed(2)}`).join('; '), e.statusAfter, e.actor, e.note, e.hash,
    ]),
  };
}

interface ExceptionRow {
  readonly exceptionId: string;
  readonly kind: string;
  readonly jurisdiction: string | null;
  readonly endToEndId: string | null;
  readonly amountFen: number | null;
  readonly detail: string;
  readonly messageId: string;
  readonly status: string;
  readonly createdAt: string;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
  readonly note: string | null;
}

export function exceptionsTable(items: readonly ExceptionRow[]): Table {
  return {
    name: '对账异常',
    columns: [
      { header: 'exceptionId', kind: 'text' }, { header: '类型', kind: 'text' }, { header: '辖区', kind: 'text', width: 8 }, { header: '端到端编号', kind: 'text' },
      { header: '金额（元）', kind: 'yuan' }, { header: '详情', kind: 'text', width: 60 }, { header: '银行报文', kind: 'text' }, { header: '状态', kind: 'text', width: 8 },
      { header: '发现时间', kind: 'datetime' }, { header: '处理人', kind: 'text' }, { header: '处理时间', kind: 'datetime' }, { header: '处理说明', kind: 'text', width: 40 },
    ],
    rows: items.map((x) => [
      x.exceptionId, x.kind, x.jurisdiction, x.endToEndId, x.amountFen, x.detail, x.messageId, x.status, x.createdAt, x.resolvedBy, x.resolvedAt, x.note,
    ]),
  };
}

interface SimulatedRow {
  readonly recipientId: string;
  readonly recipient: { readonly kind: string; readonly name: string; readonly uscc?: string; readonly idNumber?: string };
  readonly currentFen: number;
  readonly simulatedFen: number;
  readonly deltaFen: number;
  readonly awards: ReadonlyArray<{
    readonly ruleId: string;
    readonly jurisdiction: string;
    readonly fiscalYear: number;
    readonly currentFen: number | null;
    readonly simulatedFen: number | null;
  }>;
}

export function whatifTable(items: readonly SimulatedRow[]): Table {
  return {
    name: '政策测算',
    columns: [
      { header: 'recipientId', kind: 'text' }, { header: '类别', kind: 'text', width: 12 }, { header: '受奖单位或个人', kind: 'text' }, { header: '统一社会信用代码或身份证号', kind: 'text', width: 22 },
      { header: '现行（元）', kind: 'yuan' }, { header: '测算（元）', kind: 'yuan' }, { header: '差额（元）', kind: 'yuan' }, { header: '奖励（规则 辖区/年度 现行>测算，分）', kind: 'text', width: 60 },
    ],
    rows: items.map((i) => [
      i.recipientId, i.recipient.kind, i.recipient.name, i.recipient.uscc ?? i.recipient.idNumber ?? '', i.currentFen, i.simulatedFen, i.deltaFen,
      i.awards.map((a) => `${a.ruleId} ${a.jurisdiction}/${a.fiscalYear} ${a.currentFen ?? '-'}>${a.simulatedFen ?? '-'}`).join('; '),
    ]),
  };
}
