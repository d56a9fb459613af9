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
import { axeViolations, describeViolations, launchBrowser, newPage, pageErrors, screenshot, signInLocally } from '../support/browser';
import { ROOT, type RunningStack, api, eventBridge, eventually, putEvents, startStack, token } from '../support/local-stack';

const SAMPLES = join(ROOT, 'events/samples');
const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(SAMPLES, f), 'utf8')) as Record<string, unknown>);
const invalid = JSON.parse(readFileSync(join(SAMPLES, 'invalid/amount-negative.json'), 'utf8')) as Record<string, unknown>;

const CHECKBOX: Record<string, string> = {
  'approver:130100': '石家庄市 审批人', 'approver:130000': '河北省 审批人', 'officer:130100': '石家庄市 经办人', 'officer:130000': '河北省 经办人',
  'budget-admin:130100': '石家庄市 预算管理员', 'auditor': '审计人员',
};

interface Award {
  awardId: string;
  jurisdiction: string;
  amountFen: number | null;
  status: string;
  recipient: { name: string; uscc?: string };
  approvals: unknown[];
}

let stack: RunningStack;
let browser: Browser;
let page: Page;
let auditor: string;
let base: string;

async function awards(query: string): Promise<Award[]> {
  const { json } = await api(stack, auditor, 'GET', `/awards?${query}&limit=100`);
  return json.items as Award[];
}

const signIn = (user: string, groups: readonly string[]) => signInLocally(page, base, user, groups.map((g) => CHECKBOX[g] ?? g));

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

  it('lets a budget admin raise a budget, which serves the award waiting for it', async () => {
    const admin = await token('test-budget-admin', ['budget-admin:130100']);
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const before = (await api(stack, admin, 'GET', `/budgets/130100/${year}`)).json;
    await api(stack, admin, 'PUT', `/budgets/130100/${year}`, { allocatedFen: before.allocatedFen - before.availableFen });
    const sample = samples.find((e) => (e.detail as { reference?: string }).reference === 'GB/T 43456-2024')!;
    const detail = { ...(sample.detail as Record<string, unknown>), reference: 'GB/T 49999-2026', standard: { number: 'GB/T 49999-2026', title: '智能配电终端技术规范', level: 'national' } };
    await putEvents(eventBridge(stack.eventsUrl), [{ ...sample, detail }]);
    const [waiting] = await eventually('an award waiting for budget', async () => {
      const found = await awards('status=AWAITING_BUDGET&jurisdiction=130100');
      return found.length > 0 ? found : undefined;
    });
    await signIn('chen.jing', ['budget-admin:130100', 'approver:130100']);
    await page.goto(`${base}#/budgets`);
    const card = page.locator('section.card', { has: page.getByRole('heading', { name: `石家庄市 ${year}` }) });
    await card.locator(`a[href="#/awards/${waiting!.awardId}"]`).waitFor();
    await check('budgets');
    await card.getByLabel('新的年度安排（元）').fill('20,000,000');
    await card.getByRole('button', { name: '调整预算' }).click();
    await page.getByRole('dialog', { name: '确认调整预算' }).getByRole('button', { name: '确认调整' }).click();
    await card.getByRole('status').filter({ hasText: '预算已调整为 ¥20,000,000.00，1 项等待中的奖励获得了预算。' }).waitFor();
    await card.getByText('没有等待预算的奖励').waitFor();
    expect((await api(stack, auditor, 'GET', `/awards/${waiting!.awardId}`)).json.status).toBe('PENDING_APPROVAL');
  });

  it('keeps a payee account under dual control: the proposer cannot confirm it, another officer does, and the award is paid', async () => {
    const [approved] = await awards('status=APPROVED&jurisdiction=130100');
    const uscc = approved!.recipient.uscc!;
    await signIn('wang.fang', ['officer:130100']);
    await page.goto(`${base}#/payees`);
    await page.locator(`a[href="#/payees?jurisdiction=130100&recipient=${uscc}"]`).first().click();
    await page.getByLabel('户名').fill(approved!.recipient.name);
    await page.getByLabel('账号').fill('6222 0204 0200 1234 567');
    await page.getByLabel('开户行行号（12位）').fill('102131000013');
    await page.getByLabel('开户行名称').fill('中国工商银行石家庄分行');
    await page.getByRole('button', { name: '提交登记' }).click();
    await page.getByRole('status').filter({ hasText: '已登记，等待另一名经办人确认。' }).waitFor();
    await page.getByRole('button', { name: '确认此账户' }).click();
    await page.getByRole('dialog', { name: '确认收款账户' }).getByRole('button', { name: '确认此账户' }).click();
    await page.getByRole('alert').filter({ hasText: '无权操作' }).waitFor();
    expect((await api(stack, await token('o', ['officer:130100']), 'GET', `/payees/130100/${uscc}`)).json.status).toBe('PENDING_CONFIRMATION');
    await signIn('zhao.lei', ['officer:130100']);
    await page.goto(`${base}#/payees?jurisdiction=130100&recipient=${uscc}`);
    const compare = page.getByRole('table', { name: '待确认的提案与现用账户逐项对照（变更处已标出）' });
    await compare.waitFor();
    expect(await compare.locator('tr[data-field="bankCode"]').textContent()).toContain('102131000013');
    // The attack of issue 19: while zhao.lei reads it, wang.fang replaces the proposal (same number, another bank and
    // name). zhao.lei's confirmation names the proposal zhao.lei saw, so it is refused, and nothing is confirmed.
    const officer = await token('wang.fang', ['officer:130100']);
    const replaced = await api(stack, officer, 'PUT', `/payees/130100/${uscc}`, { accountName: `${approved!.recipient.name}（代收）`, accountNumber: '6222020402001234567', bankCode: '103100000026', bankName: '中国农业银行北京分行' });
    expect(replaced.status).toBe(200);
    await page.getByRole('button', { name: '确认此账户' }).click();
    await page.getByRole('dialog', { name: '确认收款账户' }).getByRole('button', { name: '确认此账户' }).click();
    await page.getByRole('alert').filter({ hasText: '操作冲突' }).waitFor();
    expect((await api(stack, officer, 'GET', `/payees/130100/${uscc}`)).json).toMatchObject({ status: 'PENDING_CONFIRMATION', confirmed: null });
    // Read again, the replacement shows its id, and what changed is marked; zhao.lei confirms exactly that.
    await page.reload();
    await compare.waitFor();
    const proposalId = (replaced.json.pending as { proposalId: string }).proposalId;
    await compare.locator('code.proposal-id', { hasText: proposalId }).waitFor();
    expect(await compare.locator('tr[data-field="bankName"]').textContent()).toContain('中国农业银行北京分行');
    await check('payee-proposal');
    await page.getByRole('button', { name: '确认此账户' }).click();
    const dialog = page.getByRole('dialog', { name: '确认收款账户' });
    expect(await dialog.textContent()).toContain(proposalId);
    await dialog.getByRole('button', { name: '确认此账户' }).click();
    await page.getByText('wang.fang 登记，zhao.lei 确认').waitFor();
    expect((await api(stack, officer, 'GET', `/payees/130100/${uscc}`)).json.confirmed).toMatchObject({ proposalId, bankCode: '103100000026' });
    // A later change of one field: beside the account in use, that field is marked changed and the others the same.
    expect((await api(stack, officer, 'PUT', `/payees/130100/${uscc}`, { accountName: `${approved!.recipient.name}（代收）`, accountNumber: '6222020402001234567', bankCode: '103100000026', bankName: '中国农业银行石家庄分行' })).status).toBe(200);
    await page.reload();
    await compare.locator('tr[data-field="bankName"]', { hasText: '已变更' }).waitFor();
    expect(await compare.locator('tr[data-field="accountNumber"]').textContent()).toContain('相同');
    expect(await compare.locator('tr.changed').count()).toBe(1);
    await check('payee-change');
    await check('payees');
    await eventually('the award paid by the simulated bank', async () => ((await api(stack, auditor, 'GET', `/awards/${approved!.awardId}`)).json.status === 'DISBURSED' ? true : undefined));
    await page.goto(`${base}#/payments?jurisdiction=130100`);
    const file = page.getByRole('button', { name: /^下载 .*\.xml$/ }).first();
    await file.waitFor();
    await check('payments');
    const [download] = await Promise.all([page.waitForEvent('download'), file.click()]);
    expect(readFileSync(await download.path(), 'utf8')).toContain('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
    // The bank's answer to that file, saved again by the bank's tool as UTF-16 with a byte-order mark: picked in the
    // console, it is the same answer (a repeat, nothing changes). Read as UTF-8 (File.text()) it was "Start tag expected".
    const filed = new RegExp(`file (\\S+/${download.suggestedFilename().replace(/\./g, '\\.')})`).exec(stack.output())?.[1] ?? '';
    const camt054 = readFileSync(filed.replace(/([^/]+)\.pain\.001\.xml$/, 'inbound/$1.camt.054.xml'), 'utf8').replace('encoding="UTF-8"', 'encoding="UTF-16"');
    expect(camt054).toContain('encoding="UTF-16"');
    await page.getByLabel('导入银行回单（pain.002 / camt.054 / camt.053）').setInputFiles({
      name: 'answer.camt.054.xml', mimeType: 'application/xml', buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(camt054, 'utf16le')]),
    });
    await page.getByRole('status').filter({ hasText: /^回单 SIMBANK-NTF-[0-9a-f]{20} 已导入过，未作任何变更。$/ }).waitFor();
    await page.goto(`${base}#/awards/${approved!.awardId}`);
    await status('已拨付');
    expect(await page.locator('section[aria-labelledby="payment"]').textContent()).toContain('已入账');
    await check('award-disbursed');
  });

  it('lets an auditor verify the ledger to the end, export it, and read a quarantined event and the catalog', async () => {
    await signIn('sun.li', ['auditor']);
    await page.goto(`${base}#/ledger`);
    await page.getByRole('button', { name: '开始校验' }).click();
    await page.getByText('校验通过：哈希链完整，余额一致。').waitFor();
    expect(await page.locator('section[aria-labelledby="verify"]').textContent()).toMatch(/已校验 \d+ 条分录，完成 3 个辖区/);
    // Against the signed digests, in the browser: signed now, then every chain checked with the public key.
    await page.getByRole('button', { name: '立即签名' }).click();
    await page.getByRole('status').filter({ hasText: '已签名' }).waitFor();
    await page.getByRole('button', { name: '对照签名摘要校验' }).click();
    await page.getByText('对照签名摘要校验通过。').waitFor();
    expect(await page.locator('section[aria-labelledby="digests"]').textContent()).toMatch(/石家庄市：与 \d+ 个签名摘要一致/);
    await check('ledger');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    const bytes = readFileSync(await download.path());
    // One byte-order mark at the start of the whole download (Excel and WPS need it), one header row.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8').slice(1);
    expect(csv).not.toContain('\uFEFF');
    expect(csv.split('\r\n').filter((l) => l.startsWith('jurisdiction,seq,'))).toHaveLength(1);
    expect(csv.split('\r\n')[0]).toBe('jurisdiction,seq,at,type,fiscalYear,awardId,recipientId,amountFen,statusAfter,actor,eventId,postings,note,prevHash,hash');
    expect(csv.split('\r\n').filter((l) => l.startsWith('130100,')).length).toBeGreaterThan(3);
    await page.goto(`${base}#/rejections`);
    const row = page.locator('table.list tbody tr').first();
    expect(await row.locator('td.reason').textContent()).toMatch(/amount|negative|fen/i);
    await row.getByRole('button', { name: '查看原文' }).click();
    expect(await page.locator('pre.event').textContent()).toContain('"detail"');
    await check('rejections');
    await page.goto(`${base}#/policies`);
    await page.getByRole('heading', { name: '关于全面提升产品质量的若干措施', level: 2 }).waitFor();
    // Coverage is data (CONTRACT §6): Shijiazhuang's 1301xx, but Xinji, with the basis a finance officer reads.
    const city = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: '覆盖的行政区划代码' }) }).locator('tr[data-jurisdiction="130100"]');
    expect(await city.textContent()).toMatch(/1301xx.*130181.*不含省直管的辛集市/);
    expect(await page.getByText('每个项目只奖励一个主持单位').count()).toBeGreaterThan(0);
    expect(await page.locator('.conditions', { hasText: 'recipient.registrationAuthority' }).count()).toBe(1);
    await check('policies');
  });

  it('shows a second claim to lead a project on hold, with why, and an officer releases it with a basis', async () => {
    const [held] = await awards('status=ON_HOLD&jurisdiction=130000');
    expect(held).toMatchObject({ ruleId: 'hebei-2022/standard-lead-drafting', hold: { reason: 'SECOND_LEAD_CLAIM' } });
    await signIn('wang.fang', ['officer:130000']);
    await page.goto(`${base}#/awards/${held!.awardId}`);
    await status('暂缓支付');
    const card = page.locator('section[aria-labelledby="hold"]');
    expect(await card.textContent()).toMatch(/同一事项重复申报.*系统（受理时）.*已由 石家庄科林电气股份有限公司（91130102MA07AB123U）主持申报.*每个项目只奖励一个主持单位/s);
    // The first claim's award is a link, for the officer to compare the two claims (attack review M3).
    const first = card.locator('a[href^="#/awards/aw-"]');
    expect(await first.count()).toBe(1);
    expect(await first.getAttribute('href')).toMatch(/^#\/awards\/aw-[0-9a-f]{32}$/);
    await check('award-on-hold');
    await card.getByLabel('解除依据').fill('经省标准化院核实，两家为联合牵头单位');
    await card.getByRole('button', { name: '解除暂缓' }).click();
    await page.getByRole('dialog', { name: '确认解除暂缓' }).getByRole('button', { name: '解除暂缓' }).click();
    await status('待审批');
    expect(await page.locator('section[aria-labelledby="hold"] h2').textContent()).toBe('曾暂缓支付');
    expect(await page.locator('section[aria-labelledby="hold"]').textContent()).toMatch(/解除人wang\.fang.*解除依据经省标准化院核实.*暂缓由 wang\.fang 解除，本奖励须由其他审批人审批/s);
    expect((await api(stack, await token('o', ['officer:130000']), 'GET', `/awards/${held!.awardId}`)).json.status).toBe('PENDING_APPROVAL');
  });

  it('speaks English with ?lang=en', async () => {
    await page.goto(`${stack.apiUrl}/console/?lang=en#/queue`);
    await page.getByRole('heading', { name: 'Approval queue', level: 1 }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    // An auditor decides nothing: no selection and no decision buttons (the API would refuse them anyway).
    expect(await page.locator('.selection-bar, table.list tbody input[type=checkbox]').count()).toBe(0);
    await check('queue-en');
    await page.getByRole('link', { name: '中文' }).click();
    await page.getByRole('heading', { name: '审批队列', level: 1 }).waitFor();
  });
});
