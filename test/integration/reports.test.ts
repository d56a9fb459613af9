/**
 * What finance reports upward (issue 22) on DynamoDB Local: a year's budget execution after payments, a return by the
 * bank, a void, a rejection, a clawback and a partial repayment, agreeing to the fen with the ledger's accounts and
 * with what each award's own state says it holds; its xlsx read back with exceljs and compared with its JSON; the CSV
 * with its byte-order mark; the overdue list with who holds the next step.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Workbook } from 'exceljs';
import { createHandler as createApi } from '../../functions/api/app';
import { createBudgetSweeper } from '../../functions/budget-sweeper/app';
import type { Award } from '../../shared/domain/awards';
import { FLOWS, type Execution } from '../../shared/domain/execution';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import type { AwardStore } from '../../shared/store/store';
import { designAward, fact, revokeAward } from '../support/awards';
import { controlsFor } from '../support/controls';
import { TEST_PERSON_KEY } from '../support/events';
import { type ApiRequest, apiEvent, lambdaContext, quietObservability } from '../support/lambda';
import { memoryFiles, payAward, testDigests } from '../support/payments';
import { freshStore, people } from '../support/store';
import { positionsOfAwards } from '../support/reports';

const HEBEI = '130000';
const YEAR = 2026;
const clock = { now: new Date('2026-01-12T02:00:00Z') };
let store: AwardStore;
let api: ReturnType<typeof createApi>;
const ids: Record<'paid' | 'returned' | 'voided' | 'clawedBack' | 'rejected' | 'pending', string> = { paid: '', returned: '', voided: '', clawedBack: '', rejected: '', pending: '' };

async function call(request: ApiRequest) {
  const response = await api(apiEvent(request), lambdaContext('api'));
  const text = response.body ?? '';
  const isJson = String(response.headers?.['content-type'] ?? '').startsWith('application/json');
  return { status: response.statusCode, headers: response.headers ?? {}, text, body: isJson ? JSON.parse(text) : text };
}

const recordOne = async (f: ReturnType<typeof designAward>) => (await store.recordAwards(f)).awards.find((a) => a.jurisdiction === HEBEI) as Award;
const approve = async (award: Award) => expect((await store.decide(award.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' })).ok).toBe(true);

beforeAll(async () => {
  ({ store } = await freshStore({ controls: controlsFor([HEBEI], { approvalWorkingDays: 5, paymentWorkingDays: 3 }), clock: () => clock.now }));
  await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
  // January: one paid, one returned by the bank (its account ends in 0000), one left pending.
  const paid = await recordOne(designAward(yuan(100_000), 'RPT-A'));
  const returned = await recordOne(fact('DesignServicePurchased', { approvedCostFen: yuan(100_000) }, { recipient: 'shijiazhuang', reference: 'RPT-B' }));
  const pending = await recordOne(designAward(yuan(7_000), 'RPT-P'));
  await approve(paid);
  await approve(returned);
  expect((await payAward(store, paid.awardId)).status).toBe('DISBURSED');
  expect((await payAward(store, returned.awardId, '6222020402000000')).status).toBe('PAYMENT_FAILED');
  // February: a void, a rejection, a standard paid then revoked (clawback) and partly repaid.
  clock.now = new Date('2026-02-10T03:00:00Z');
  const voided = await recordOne(designAward(yuan(30_000), 'RPT-C'));
  await revokeAward(store, voided.awardId, 'rpt-revoke-c');
  const rejected = await recordOne(designAward(yuan(20_000), 'RPT-E'));
  expect((await store.decide(rejected.awardId, people.approver(HEBEI), { decision: 'reject', comment: '材料不全' })).ok).toBe(true);
  const standard = await recordOne(fact('StandardPublished', { standard: { number: 'GB/T 49001-2026', title: '某某', level: 'national' }, draftingRank: 1 }, { recipient: 'baoding', reference: 'GB/T 49001-2026', eventId: 'rpt-std' }));
  await approve(standard);
  expect((await payAward(store, standard.awardId)).status).toBe('DISBURSED');
  clock.now = new Date('2026-03-03T03:00:00Z');
  await revokeAward(store, standard.awardId, 'rpt-revoke-std');
  expect((await store.recordRepayment(standard.awardId, people.officer(HEBEI), { amountFen: yuan(80_000) })).ok).toBe(true);
  Object.assign(ids, {
    paid: paid.awardId,
    returned: returned.awardId,
    voided: voided.awardId,
    clawedBack: standard.awardId,
    rejected: rejected.awardId,
    pending: pending.awardId,
  });
  api = createApi({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: memoryFiles(), digests: testDigests() });
}, 120_000);

describe('budget execution (GET /reports/budget-execution)', () => {
  let report: Execution;
  let awards: Award[];
  beforeAll(async () => {
    report = await store.budgetExecution(HEBEI, YEAR);
    awards = (await store.listAwards({ jurisdictions: [HEBEI], limit: 100 })).items;
  });

  it('agrees to the fen with the ledger\'s accounts, and with what each award\'s state holds', async () => {
    const budget = await store.getBudget(HEBEI, YEAR);
    const { jurisdiction: _j, fiscalYear: _y, waitingCount: _w, version: _v, ...balances } = budget;
    expect(report.accounts).toEqual(balances);
    // Independent of the ledger: what the awards' statuses, amounts and repayments say is reserved, sent, paid, owed.
    expect(report.total.positions).toEqual(positionsOfAwards(awards));
    const clawedBackFen = awards.find((a) => a.awardId === ids.clawedBack)?.amountFen ?? 0;
    expect(report.total.positions).toEqual({
      reservedFen: yuan(50_000 + 7_000),
      inTransitFen: 0,
      disbursedFen: yuan(100_000),
      receivableFen: clawedBackFen - yuan(80_000),
    });
    expect(report.throughSeq).toBe((await store.ledger(HEBEI)).length);
  });

  it('counts each flow once, in the month it happened (China time)', async () => {
    const std = awards.find((a) => a.awardId === ids.clawedBack)!.amountFen!;
    const t = report.total.flows;
    expect(t.recorded).toEqual({ count: 6, fen: yuan(100_000 + 50_000 + 7_000 + 30_000 + 20_000) + std });
    expect(t.approved).toEqual({ count: 3, fen: yuan(100_000 + 50_000) + std });
    expect(t.paid).toEqual({ count: 2, fen: yuan(100_000) + std });
    expect(t.returned).toEqual({ count: 1, fen: yuan(50_000) });
    expect(t.voided).toEqual({ count: 1, fen: yuan(30_000) });
    expect(t.rejected.count).toBe(1);
    expect(t.clawedBack).toEqual({ count: 1, fen: std });
    expect(t.repaid).toEqual({ count: 1, fen: yuan(80_000) });
    expect(report.byMonth.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    const [jan, feb, mar] = report.byMonth;
    expect(jan?.flows.paid.count).toBe(1);
    expect(jan?.flows.returned.count).toBe(1);
    expect(feb?.flows.paid.fen).toBe(std);
    expect(mar?.flows.clawedBack.count).toBe(1);
    expect(mar?.flows.repaid.fen).toBe(yuan(80_000));
    // Each month closes with the year's accounts as they stood: the last month's are the accounts now.
    expect(mar?.closing).toEqual(report.accounts);
    expect(jan?.closing.disbursedFen).toBe(yuan(100_000));
  });

  it('breaks the year down by policy and clause and by region (the recipient\'s county), each adding up to the total', () => {
    expect(report.byClause.map((c) => c.ruleId).sort()).toEqual(['hebei-2022/design-services', 'hebei-2022/standard-lead-drafting'].sort());
    expect(report.byRegion.map((r) => r.regionCode)).toEqual(['130102', '130600']);
    expect(report.byRegion.find((r) => r.regionCode === '130102')?.flows.returned.count).toBe(1);
    for (const flow of FLOWS) expect(report.byClause.reduce((n, c) => n + c.flows[flow].fen, 0), flow).toBe(report.total.flows[flow].fen);
  });

  it('answers an xlsx that exceljs reads back to the same figures as the JSON, money in yuan in the ¥ format', async () => {
    const json = await call({ routeKey: 'GET /reports/budget-execution', principal: people.approver(HEBEI), query: { jurisdiction: HEBEI, year: String(YEAR) } });
    expect(json.status).toBe(200);
    const file = await call({ routeKey: 'GET /reports/budget-execution', principal: people.auditor(), query: { jurisdiction: HEBEI, year: String(YEAR), format: 'xlsx' } });
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain(`budget-execution-${HEBEI}-${YEAR}-seq${report.throughSeq}.xlsx`);
    expect(file.headers['x-ledger-through-seq']).toBe(String(report.throughSeq));
    const ExcelJS = (await import('exceljs')).default;
    const wb: Workbook = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.text, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['按政策条款', '按月份', '按月份和条款', '按地区', '账户核对']);
    const sheet = wb.getWorksheet('按政策条款')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const body = json.body as { byClause: Array<{ ruleId: string; policy: string; citation: string; flows: Execution['total']['flows']; positions: Execution['total']['positions'] }>; total: Execution['total'] };
    for (const line of body.byClause) {
      const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(col('规则编号')).value === line.ruleId)!;
      expect(row.getCell(col('政策')).value).toBe(line.policy);
      expect(row.getCell(col('条款原文')).value).toBe(line.citation);
      expect(row.getCell(col('拨付件数')).value).toBe(line.flows.paid.count);
      expect(row.getCell(col('拨付金额（元）')).value).toBe(line.flows.paid.fen / 100);
      expect(row.getCell(col('已拨付（元）')).value).toBe(line.positions.disbursedFen / 100);
      expect(row.getCell(col('拨付金额（元）')).numFmt).toBe('"¥"#,##0.00');
    }
    const total = sheet.getRow(sheet.rowCount);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(col('登记金额（元）')).value).toBe(body.total.flows.recorded.fen / 100);
    expect(total.getCell(col('待追回（元）')).value).toBe(body.total.positions.receivableFen / 100);
    const accounts = wb.getWorksheet('账户核对')!;
    expect(accounts.getCell('B2').value).toBe(report.accounts.allocatedFen / 100);
    expect(accounts.getCell('B3').value).toBe(report.accounts.availableFen / 100);
  });

  it('answers one table as CSV with its byte-order mark, and refuses what it cannot answer', async () => {
    const csv = await call({ routeKey: 'GET /reports/budget-execution', principal: people.budgetAdmin(HEBEI), query: { jurisdiction: HEBEI, year: String(YEAR), format: 'csv', table: 'region' } });
    expect(csv.status).toBe(200);
    expect(csv.text.startsWith('\uFEFF区划代码,地区,登记件数,')).toBe(true);
    expect(csv.text).toContain('130102,长安区,');
    expect(csv.text).toContain('130600,保定市,');
    const refused = await Promise.all([
      call({ routeKey: 'GET /reports/budget-execution', principal: people.officer('350000'), query: { jurisdiction: HEBEI, year: String(YEAR) } }),
      call({ routeKey: 'GET /reports/budget-execution', principal: people.auditor(), query: { jurisdiction: HEBEI, year: '26' } }),
      call({ routeKey: 'GET /reports/budget-execution', principal: people.auditor(), query: { jurisdiction: HEBEI, year: String(YEAR), table: 'region' } }),
    ]);
    expect(refused.map((r) => r.status)).toEqual([403, 400, 400]);
    expect(refused[1]?.body.error.message).toContain('year');
    // L1: a year as people write it, and a jurisdiction the catalog pays from.
    const odd = await Promise.all(['0x7EA', '2.026e3', '2026.0', ' 2026'].map((year) => call({ routeKey: 'GET /reports/budget-execution', principal: people.auditor(), query: { jurisdiction: HEBEI, year } })));
    expect(odd.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    const unknown = await call({ routeKey: 'GET /reports/budget-execution', principal: people.auditor(), query: { jurisdiction: '110000', year: String(YEAR) } });
    expect(unknown.status).toBe(404);
  });

  it('reports a year with no entries as zeros, agreeing with an empty budget', async () => {
    const empty = await store.budgetExecution(HEBEI, 2025);
    expect(empty.entries).toBe(0);
    expect(empty.total.flows.recorded).toEqual({ count: 0, fen: 0 });
    expect(empty.accounts.allocatedFen).toBe(0);
  });
});

describe('the lists as files (issue 22)', () => {
  it('the awards list as xlsx and CSV, the ledger as xlsx, each whole and saying so', async () => {
    const xlsx = await call({ routeKey: 'GET /awards', principal: people.approver(HEBEI), query: { jurisdiction: HEBEI, format: 'xlsx' } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['x-export-complete']).toBe('true');
    const ExcelJS = (await import('exceljs')).default;
    const wb: Workbook = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.text, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('奖励清单')!;
    expect(sheet.rowCount).toBe(1 + 6);
    const references = sheet.getColumn(10).values.slice(2);
    expect(references).toEqual(expect.arrayContaining(['RPT-A', 'RPT-B', 'RPT-C', 'RPT-E', 'RPT-P', 'GB/T 49001-2026']));
    const csv = await call({ routeKey: 'GET /awards', principal: people.approver(HEBEI), query: { jurisdiction: HEBEI, format: 'csv' } });
    expect(csv.text.startsWith('\uFEFF序号,awardId,辖区,状态,受奖单位或个人,')).toBe(true);
    const ledger = await call({ routeKey: 'GET /ledger', principal: people.auditor(), query: { jurisdiction: HEBEI, format: 'xlsx' } });
    const lwb: Workbook = new ExcelJS.Workbook();
    await lwb.xlsx.load(Buffer.from(ledger.text, 'base64') as unknown as ArrayBuffer);
    expect(lwb.getWorksheet('台账')!.rowCount).toBe(1 + (await store.ledger(HEBEI)).length);
  });
});

describe('the overdue list (GET /reports/overdue)', () => {
  it('lists the awards past their limit, oldest first, with who holds the next step; nothing before the limit', async () => {
    // 12 January (the pending award's recording) + 5 working days is 19 January; 4 March is long after.
    const list = await call({ routeKey: 'GET /reports/overdue', principal: people.officer(HEBEI), query: { jurisdiction: HEBEI } });
    expect(list.status).toBe(200);
    const items = list.body.items as Array<{ overdue: { awardId: string; step: string; dueDate: string; next: { holder: string } } }>;
    const byId = new Map(items.map((i) => [i.overdue.awardId, i.overdue]));
    expect(byId.get(ids.pending)).toMatchObject({ step: 'approval', dueDate: '2026-01-19', next: { holder: 'approver:130000' } });
    // The returned payment: approved 12 January, due 15 January, waiting for an officer to pay it again.
    expect(byId.get(ids.returned)).toMatchObject({ step: 'payment', dueDate: '2026-01-15', next: { holder: 'officer:130000' } });
    for (const settled of [ids.paid, ids.voided, ids.rejected, ids.clawedBack]) expect(byId.has(settled)).toBe(false);
    expect(items.map((i) => i.overdue.dueDate)).toEqual([...items.map((i) => i.overdue.dueDate)].sort());
    // The queue marks the same award as overdue.
    const queue = await call({ routeKey: 'GET /awards', principal: people.approver(HEBEI), query: { jurisdiction: HEBEI, status: 'PENDING_APPROVAL' } });
    expect(queue.body.items.find((a: { awardId: string }) => a.awardId === ids.pending)?.overdue).toMatchObject({ dueDate: '2026-01-19' });
    const file = await call({ routeKey: 'GET /reports/overdue', principal: people.auditor(), query: { jurisdiction: HEBEI, format: 'csv' } });
    expect(file.text.startsWith('\uFEFF序号,环节,状态,起算时间,办理期限,超期工作日,待办人,待办事项')).toBe(true);
  });

  it('lists nothing while every award is within its limit', async () => {
    const saved = clock.now;
    clock.now = new Date('2026-01-13T02:00:00Z');
    try {
      const list = await call({ routeKey: 'GET /reports/overdue', principal: people.auditor(), query: { jurisdiction: HEBEI } });
      expect(list.body.items.filter((i: { overdue: { awardId: string } }) => i.overdue.awardId === ids.pending)).toEqual([]);
    } finally {
      clock.now = saved;
    }
  });
});

describe('attack review of issue 22', () => {
  it('M2: awards whose due date falls in a year the calendar does not hold are listed as unknown, and do not raise the alarm', async () => {
    const c = { now: new Date('2026-12-30T02:00:00Z') };
    const { store: s } = await freshStore({ controls: controlsFor([HEBEI], { approvalWorkingDays: 5, paymentWorkingDays: 3 }), clock: () => c.now });
    await s.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: 2026, allocatedFen: yuan(1_000_000) });
    await s.recordAwards(designAward(yuan(10_000), 'M2-NEW-YEAR'));
    c.now = new Date('2027-01-04T02:00:00Z');
    const sweeper = createBudgetSweeper({ ...quietObservability(), store: s, jurisdictions: [HEBEI] });
    const check = await sweeper({ task: 'overdue' }, lambdaContext()) as { overdue: number; byJurisdiction: Record<string, { unknown: number }> };
    expect(check.overdue).toBe(0);
    expect(check.byJurisdiction[HEBEI]?.unknown).toBe(1);
  });

  it('H1: an award held and released three times, and approved again each time, is one held and one approved award', async () => {
    const c = { now: new Date('2026-04-06T02:00:00Z') };
    const { store: s } = await freshStore({ clock: () => c.now });
    await s.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: yuan(1_000_000) });
    const award = (await s.recordAwards(designAward(yuan(30_000), 'H1-HOLDS'))).awards[0] as Award;
    for (let round = 0; round < 3; round++) {
      expect((await s.decide(award.awardId, people.approver(HEBEI, `approver-${round}`), { decision: 'approve', comment: '' })).ok).toBe(true);
      expect((await s.hold(award.awardId, people.officer(HEBEI, 'officer-a'), { note: `复核第 ${round + 1} 次` })).ok).toBe(true);
      expect((await s.releaseHold(award.awardId, people.officer(HEBEI, 'officer-b'), { basis: '复核无误' })).ok).toBe(true);
    }
    const report = await s.budgetExecution(HEBEI, YEAR);
    expect(report.total.flows.recorded).toEqual({ count: 1, fen: yuan(30_000) });
    expect(report.total.flows.held).toEqual({ count: 1, fen: yuan(30_000) });
    expect(report.total.flows.approved).toEqual({ count: 1, fen: yuan(30_000) });
    expect(report.total.positions.reservedFen).toBe(yuan(30_000));
  });

  it('H3: reads the chain from the year\'s first day: a budget set the December before, and last year\'s entries, still agree', async () => {
    const c = { now: new Date('2025-06-10T02:00:00Z') };
    const { store: s } = await freshStore({ clock: () => c.now });
    await s.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: 2025, allocatedFen: yuan(500_000) });
    await s.recordAwards(designAward(yuan(40_000), 'H3-2025'));
    c.now = new Date('2025-12-20T02:00:00Z');
    await s.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: 2026, allocatedFen: yuan(800_000) });
    c.now = new Date('2026-01-15T02:00:00Z');
    await s.recordAwards(designAward(yuan(70_000), 'H3-2026'));
    await s.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: 2026, allocatedFen: yuan(900_000) });
    const report = await s.budgetExecution(HEBEI, 2026);
    const { jurisdiction: _j, fiscalYear: _y, waitingCount: _w, version: _v, ...balances } = await s.getBudget(HEBEI, 2026);
    expect(report.accounts).toEqual(balances);
    expect(report.accounts).toMatchObject({ allocatedFen: yuan(900_000), reservedFen: yuan(70_000), availableFen: yuan(830_000) });
    expect(report.total.flows.recorded).toEqual({ count: 1, fen: yuan(70_000) });
    // The month closes with the year's allocation, the December one included.
    expect(report.byMonth.map((m) => [m.month, m.closing.allocatedFen])).toEqual([['2026-01', yuan(900_000)]]);
    // Last year's report, and a year that never had a budget or an award.
    expect((await s.budgetExecution(HEBEI, 2025)).total.flows.recorded).toEqual({ count: 1, fen: yuan(40_000) });
    expect((await s.budgetExecution(HEBEI, 2000)).entries).toBe(0);
    // Re-check N3: a year whose only entry is its budget, set the December before, has no month of the year before.
    c.now = new Date('2026-12-21T02:00:00Z');
    await s.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: 2027, allocatedFen: yuan(300_000) });
    const next = await s.budgetExecution(HEBEI, 2027);
    expect(next.byMonth).toEqual([]);
    expect(next.accounts).toMatchObject({ allocatedFen: yuan(300_000), availableFen: yuan(300_000) });
  });
});
