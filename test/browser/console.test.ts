/**
 * The console in a real browser (Debian's Chromium driven by playwright-core) against the local stack as `npm start`
 * runs it: sign-in, the queue and its filters, single and bulk decisions with dual control, a rejection that needs a
 * comment, an amount set by an officer, a budget raised to serve a waiting award, payee dual control, and an auditor
 * verifying the ledger and reading a quarantined event. Every page is scanned with axe-core (no serious or critical
 * violation) and saved as a screenshot under test-artifacts/console/; no page may log an error (a CSP refusal would).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, launchBrowser, newPage, pageErrors, screenshot } from '../support/browser';
import { ROOT, type RunningStack, api, eventBridge, eventually, putEvents, startStack, token } from '../support/local-stack';

const SAMPLES = join(ROOT, 'events/samples');
const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(SAMPLES, f), 'utf8')) as Record<string, unknown>);
const invalid = JSON.parse(readFileSync(join(SAMPLES, 'invalid/amount-negative.json'), 'utf8')) as Record<string, unknown>;

const CHECKBOX: Record<string, string> = {
  'approver:130100': '石家庄市 审批人', 'approver:130000': '河北省 审批人', 'officer:130100': '石家庄市 经办人', 'officer:130000': '河北省 经办人',
  'budget-admin:130100': '石家庄市 预算管理员', 'auditor': '审计人员',
};

interface Award { awardId: string; jurisdiction: string; amountFen: number | null; status: string; recipient: { name: string; uscc?: string }; approvals: unknown[] }

let stack: RunningStack;
let browser: Browser;
let page: Page;
let auditor: string;
let base: string;

async function awards(query: string): Promise<Award[]> {
  const { json } = await api(stack, auditor, 'GET', `/awards?${query}&limit=100`);
  return json.items as Award[];
}

async function signIn(user: string, groups: readonly string[]): Promise<void> {
  await page.goto(`${base}#/signin`);
  await page.getByRole('heading', { name: '登录', level: 1 }).waitFor();
  await page.getByLabel('用户名').fill(user);
  for (const g of groups) await page.getByLabel(CHECKBOX[g] ?? g, { exact: true }).check();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator('h1', { hasNotText: '登录' }).waitFor();
}

/** Every page: no serious or critical accessibility violation, a screenshot, and nothing logged as an error. */
async function check(name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const violations = await axeViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
  await screenshot(page, name);
  // A refusal the page shows (403, 409) is also logged by Chromium as a failed resource; anything else is a fault.
  expect(pageErrors(page).filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e))).toEqual([]);
}

const status = (text: string) => page.locator('section[aria-labelledby="summary"] .tag', { hasText: text }).waitFor();

beforeAll(async () => {
  stack = await startStack({ inMemory: true });
  base = `${stack.apiUrl}/console/`;
  auditor = await token('test-auditor', ['auditor']);
  const bus = eventBridge(stack.eventsUrl);
  await putEvents(bus, [...samples, invalid]);
  await eventually('the samples recorded', async () => ((await awards('status=PENDING_APPROVAL&jurisdiction=130100')).length >= 4 ? true : undefined));
  await eventually('the invalid sample quarantined', async () => ((await api(stack, auditor, 'GET', '/rejections')).json.items.length > 0 ? true : undefined));
  browser = await launchBrowser();
  page = await newPage(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the console in a browser', { timeout: 60_000 }, () => {
  it('signs in on the local sign-in page, in Chinese, and lands on the approval queue', async () => {
    await page.goto(base);
    await page.getByRole('heading', { name: '登录', level: 1 }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await check('signin');
    await signIn('zhang.wei', ['approver:130100', 'approver:130000']);
    expect(await page.locator('h1').textContent()).toBe('审批队列');
    expect(await page.locator('header .who').textContent()).toContain('zhang.wei');
  });

  it('filters the queue by jurisdiction and amount, in the address', async () => {
    await page.getByLabel('辖区').selectOption('130100');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/jurisdiction=130100/);
    const inCity = (await awards('status=PENDING_APPROVAL&jurisdiction=130100')).length;
    await expect.poll(() => page.locator('table.list tbody tr').count()).toBe(inCity);
    const places = await page.locator('table.list tbody tr td:nth-child(4)').allTextContents();
    expect(new Set(places)).toEqual(new Set(['石家庄市']));
    await check('queue');
    await page.getByLabel('最低金额（元）').fill('100,000');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/min=100/);
    const expected = (await awards('status=PENDING_APPROVAL&jurisdiction=130100&minFen=10000000')).length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(inCity);
    await expect.poll(() => page.locator('table.list tbody tr').count()).toBe(expected);
  });

  it('approves one award from its page, after a confirmation', async () => {
    const [target] = await awards('status=PENDING_APPROVAL&jurisdiction=130100');
    await page.goto(`${base}#/awards/${target!.awardId}`);
    await status('待审批');
    expect(await page.locator('blockquote[lang="zh-CN"]').textContent()).toMatch(/[\u4e00-\u9fff]/);
    await check('award');
    await page.getByRole('button', { name: '批准', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '批准 1 项奖励' });
    await dialog.getByRole('button', { name: /^批准 1 项，合计 ¥/ }).click();
    await status('已批准');
    expect((await api(stack, auditor, 'GET', `/awards/${target!.awardId}`)).json.status).toBe('APPROVED');
  });

  it('bulk-approves with a confirmation naming the count and total, and shows each result: the same person\'s second approval is refused (dual control)', async () => {
    const large = (await awards('status=PENDING_APPROVAL&jurisdiction=130000&minFen=100000000')).filter((a) => a.approvals.length === 0);
    const [first, second] = large;
    expect(second).toBeDefined();
    const query = '#/queue?status=PENDING_APPROVAL&jurisdiction=130000&min=1000000';
    await page.goto(`${base}${query}`);
    await page.getByLabel(`选择 ${first!.recipient.name}`).first().waitFor();
    // First pass: one approval of two on the first award.
    await page.locator(`tr:has(a[href="#/awards/${first!.awardId}"]) input[type=checkbox]`).check();
    await page.getByRole('button', { name: '批量批准' }).click();
    await page.getByRole('dialog').getByRole('button', { name: /^批准 1 项/ }).click();
    await page.getByRole('heading', { name: '处理结果：成功 1 项，失败 0 项' }).waitFor();
    // Second pass: both awards together; the first is refused to the same approver, the second takes its first approval.
    for (const a of [first!, second!]) await page.locator(`tr:has(a[href="#/awards/${a.awardId}"]) input[type=checkbox]`).check();
    const total = (first!.amountFen! + second!.amountFen!) / 100;
    const yuan = `¥${total.toLocaleString('en-US')}.00`;
    expect(await page.locator('.selection-bar span').textContent()).toBe(`已选 2 项，合计 ${yuan}`);
    await page.getByRole('button', { name: '批量批准' }).click();
    const dialog = page.getByRole('dialog', { name: '批准 2 项奖励' });
    expect(await dialog.textContent()).toContain(`合计 ${yuan}`);
    await check('queue-bulk-dialog');
    await dialog.getByRole('button', { name: `批准 2 项，合计 ${yuan}` }).click();
    await page.getByRole('heading', { name: '处理结果：成功 1 项，失败 1 项' }).waitFor();
    const refused = page.locator('.results tr.failed', { has: page.locator(`a[href="#/awards/${first!.awardId}"]`) });
    expect(await refused.textContent()).toMatch(/✗/);
    await check('queue-bulk-results');
    expect((await api(stack, auditor, 'GET', `/awards/${first!.awardId}`)).json.approvals).toHaveLength(1);
    // Another approver gives the second approval.
    await signIn('li.na', ['approver:130000']);
    await page.goto(`${base}#/awards/${first!.awardId}`);
    await page.getByRole('button', { name: '批准', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: /^批准 1 项/ }).click();
    await status('已批准');
    expect(await page.locator('section[aria-labelledby="summary"]').textContent()).toContain('2/2');
  });

  it('refuses a rejection without a comment, then rejects with one', async () => {
    await signIn('zhang.wei', ['approver:130100']);
    const [target] = await awards('status=PENDING_APPROVAL&jurisdiction=130100');
    await page.goto(`${base}#/awards/${target!.awardId}`);
    await page.getByRole('button', { name: '驳回', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '驳回 1 项奖励' });
    await dialog.getByRole('button', { name: '驳回 1 项' }).click();
    await dialog.getByRole('alert').filter({ hasText: '驳回必须填写理由' }).waitFor();
    expect(await dialog.isVisible()).toBe(true);
    expect((await api(stack, auditor, 'GET', `/awards/${target!.awardId}`)).json.status).toBe('PENDING_APPROVAL');
    await dialog.getByLabel('驳回理由（必填）').fill('申报材料与标准文本不符');
    await dialog.getByRole('button', { name: '驳回 1 项' }).click();
    await status('已驳回');
    expect(await page.locator('section[aria-labelledby="timeline"]').textContent()).toContain('申报材料与标准文本不符');
  });

  it('lets an officer set the amount of an award whose rule names none', async () => {
    await signIn('wang.fang', ['officer:130000']);
    await page.goto(`${base}#/queue?status=AMOUNT_REQUIRED&jurisdiction=130000`);
    const [target] = await awards('status=AMOUNT_REQUIRED&jurisdiction=130000');
    await page.locator(`a[href="#/awards/${target!.awardId}"]`).first().click();
    await status('待核定金额');
    await page.getByLabel('金额（元）').fill('150,000');
    await page.getByLabel('核定依据').fill('冀政办字〔2016〕号 按省级名牌产品标准核定');
    await check('award-amount');
    await page.getByRole('button', { name: '核定', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '核定为 ¥150,000.00' }).click();
    await status('待审批');
    const after = (await api(stack, auditor, 'GET', `/awards/${target!.awardId}`)).json;
    expect([after.amountFen, after.amountSetBy]).toEqual([15_000_000, 'wang.fang']);
  });
});

