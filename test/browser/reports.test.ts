/**
 * 报表 (issue 22) in a real browser against the local stack, started on a data directory whose awards were recorded
 * three weeks ago (test/support/aged-data.ts): the year's budget execution (figures, the two charts, the tables), its
 * xlsx downloaded and read back with exceljs to the same figures as the API's JSON, the overdue list with who holds
 * each next step, and the approval queue marking and filtering overdue awards. Every page is axe-clean, logs no error
 * and is saved as a screenshot under test-artifacts/console/reports-*.png. The stack's daily overdue check logged the
 * overdue awards at start.
 */
import { readFileSync } from 'node:fs';
import type { Workbook } from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgedData, agedDataDir } from '../support/aged-data';
import { axeViolations, describeViolations, launchBrowser, newPage, pageErrors, screenshot, signInLocally } from '../support/browser';
import { type RunningStack, api, startStack, token } from '../support/local-stack';

const CHECKBOX: Record<string, string> = { 'approver:130000': '河北省 审批人', 'officer:130000': '河北省 经办人', 'auditor': '审计人员' };

let stack: RunningStack;
let browser: Browser;
let page: Page;
let aged: AgedData;
let auditor: string;
let base: string;

const signIn = (user: string, groups: readonly string[]) => signInLocally(page, base, user, groups.map((g) => CHECKBOX[g] ?? g));

async function check(name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const violations = await axeViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
  await screenshot(page, `reports-${name}`);
  expect(pageErrors(page).filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e))).toEqual([]);
}

beforeAll(async () => {
  aged = await agedDataDir(21);
  stack = await startStack({ inMemory: false, dataDir: aged.dataDir });
  base = `${stack.apiUrl}/console/`;
  auditor = await token('test-auditor', ['auditor']);
  browser = await launchBrowser();
  page = await newPage(browser);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('报表 in a browser', { timeout: 90_000 }, () => {
  it('logs the overdue awards at start, as the daily check does in AWS', () => {
    expect(stack.output()).toMatch(/overdue check: \d+ award\(s\) past their time limit \(超期未办\) — 130000: \d+/);
  });

  it('shows the year\'s budget execution: figures, charts and tables that are the API\'s, and an xlsx with the same figures', async () => {
    await signIn('li.na', ['officer:130000', 'approver:130000']);
    await page.getByRole('link', { name: '报表', exact: true }).click();
    await page.getByRole('heading', { name: '预算执行与超期报表', level: 1 }).waitFor();
    await page.getByLabel('预算年度').selectOption(String(aged.year));
    const { json } = await api(stack, auditor, 'GET', `/reports/budget-execution?jurisdiction=130000&year=${aged.year}`);
    const figures = page.locator('dl.figures');
    await figures.waitFor();
    const money = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    expect(await figures.locator('div', { hasText: '预算安排' }).locator('dd').textContent()).toBe(money(json.accounts.allocatedFen));
    expect(await figures.locator('div', { hasText: '已拨付' }).locator('dd').textContent()).toBe(money(json.accounts.disbursedFen));
    expect(json.accounts.disbursedFen).toBeGreaterThan(0);
    // Both charts are images with a title and a description that carries their figures, for a screen reader.
    await expect.poll(() => page.locator('figure.chart svg[role="img"]').count()).toBe(2);
    expect(await page.locator('#month-chart-desc').textContent()).toContain(money(json.accounts.disbursedFen));
    const clause = page.locator('section[aria-labelledby="by-clause"] table');
    for (const line of json.byClause as Array<{ policy: string; clause: string }>) await expect.poll(() => clause.textContent()).toContain(line.policy);
    expect(await clause.locator('tfoot').textContent()).toContain(money(json.total.positions.disbursedFen));
    expect(await page.locator('section[aria-labelledby="by-region"]').textContent()).toContain('长安区');
    await check('execution');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Excel（全部报表）' }).click()]);
    expect(download.suggestedFilename()).toBe(`budget-execution-130000-${aged.year}-seq${json.throughSeq}.xlsx`);
    const ExcelJS = (await import('exceljs')).default;
    const wb: Workbook = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['按政策条款', '按月份', '按月份和条款', '按地区', '账户核对']);
    const sheet = wb.getWorksheet('按政策条款')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const total = sheet.getRow(sheet.rowCount);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(header.indexOf('已拨付（元）') + 1).value).toBe(json.total.positions.disbursedFen / 100);
    expect(total.getCell(header.indexOf('登记件数') + 1).value).toBe(json.total.flows.recorded.count);
  });

  it('lists the overdue awards with their step, due date, working days late and who holds the next step', async () => {
    const list = page.locator('section[aria-labelledby="overdue"] table');
    const pending = list.locator(`tr[data-award="${aged.pending}"]`);
    await pending.waitFor();
    const cells = await pending.locator('td').allTextContents();
    expect(cells[3]).toBe('审批');
    expect(cells[4]).toMatch(/^\d{4}-\d{2}-\d{2}$|期限未知/);
    expect(cells[6]).toContain('审批人');
    // The next step in the page's language only (the server writes it in both).
    expect(cells[6]).toContain('审批（第 1/1 人）');
    expect(cells[6]).not.toMatch(/approval/);
    const approved = await list.locator(`tr[data-award="${aged.approved}"] td`).allTextContents();
    expect(approved[3]).toBe('支付');
    expect(await list.locator(`tr[data-award="${aged.paid}"]`).count()).toBe(0);
    await page.locator('section[aria-labelledby="overdue"]').scrollIntoViewIfNeeded();
    await check('overdue');
  });

  it('marks overdue awards in the approval queue and filters the queue by them', async () => {
    await page.getByRole('link', { name: '审批队列', exact: true }).click();
    await page.getByRole('heading', { name: '审批队列', level: 1 }).waitFor();
    const row = page.locator('table.list tr', { hasText: '冀工设〔2026〕101号' });
    await row.waitFor();
    expect(await row.locator('[data-overdue="approval"]').textContent()).toMatch(/超期 \d+ 个工作日|期限无法计算/);
    await page.getByLabel('状态').selectOption('OVERDUE');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/status=OVERDUE/);
    await page.locator('table.list tr', { hasText: '冀工设〔2026〕102号' }).waitFor();
    const rows = await page.locator('table.list tbody tr').allTextContents();
    expect(rows.every((r) => /超期|期限无法计算/.test(r))).toBe(true);
    await check('queue-overdue');
  });
});
