/**
 * The controls before payment (issue 21) in a real browser against the local stack, started with a notice period of
 * five working days (AWARDS_PUBLICITY_WORKING_DAYS=5): an approved award on the public notice (公示) with its CSV and
 * xlsx, a written objection recorded from the notice in a dialog (the award held) and dismissed by another officer
 * (back on notice); a credit-list entry imported, which holds a new award of its recipient until an officer who did not
 * import it releases it; an officer's own hold, which the same officer cannot release. Every page is axe-clean, logs
 * no error and is saved as a screenshot under test-artifacts/console/controls-*.png.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, launchBrowser, newPage, pageErrors, screenshot, signInLocally } from '../support/browser';
import { ROOT, type RunningStack, api, eventBridge, eventually, putEvents, startStack, token } from '../support/local-stack';

const SAMPLES = join(ROOT, 'events/samples');
const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(SAMPLES, f), 'utf8')) as Record<string, unknown>);

const CHECKBOX: Record<string, string> = {
  'officer:130100': '石家庄市 经办人', 'officer:130000': '河北省 经办人', 'approver:130100': '石家庄市 审批人', 'auditor': '审计人员',
};
const OFFICERS = ['officer:130100', 'officer:130000'];
/** 石家庄科林电气股份有限公司, the recipient the credit list names here. */
const LISTED = '91130102MA07AB123U';

interface Award {
  awardId: string;
  jurisdiction: string;
  status: string;
  reference: string;
  amountFen: number | null;
  approvalsRequired: number | null;
  recipient: { name: string; uscc?: string };
  publicity: { from: string; until: string } | null;
  hold: { reason: string; by: string; importedBy?: string[] } | null;
  objections: Array<{ objectorName: string; contact: string; decision: { outcome: string } | null }>;
}

let stack: RunningStack;
let browser: Browser;
let page: Page;
let auditor: string;
let base: string;
/** The award approved in setup: on the notice of 130100. */
let noticed: Award;

const cstDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

async function award(awardId: string): Promise<Award> {
  return (await api(stack, auditor, 'GET', `/awards/${awardId}`)).json as Award;
}

async function awards(query: string): Promise<Award[]> {
  return (await api(stack, auditor, 'GET', `/awards?${query}&limit=100`)).json.items as Award[];
}

const signIn = (user: string, groups: readonly string[]) => signInLocally(page, base, user, groups.map((g) => CHECKBOX[g] ?? g));

/** Every page: no serious or critical accessibility violation, a screenshot, and nothing logged as an error. */
async function check(name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const violations = await axeViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
  await screenshot(page, `controls-${name}`);
  expect(pageErrors(page).filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e))).toEqual([]);
}

const status = (text: string) => page.locator('section[aria-labelledby="summary"] .tag', { hasText: text }).waitFor();

beforeAll(async () => {
  stack = await startStack({ inMemory: true, env: { AWARDS_PUBLICITY_WORKING_DAYS: '5' } });
  base = `${stack.apiUrl}/console/`;
  auditor = await token('test-auditor', ['auditor']);
  await putEvents(eventBridge(stack.eventsUrl), samples);
  const pending = await eventually('the group standard of Shijiazhuang pending approval', async () => {
    return (await awards('status=PENDING_APPROVAL&jurisdiction=130100')).find((a) => a.reference === 'T/CPA 012-2024' && a.approvalsRequired === 1);
  });
  const approver = await token('zhang.wei', ['approver:130100']);
  const approved = await api(stack, approver, 'POST', `/awards/${pending.awardId}/decisions`, { decision: 'approve', comment: '材料齐全' });
  expect(approved.json).toMatchObject({ status: 'IN_PUBLICITY' });
  noticed = approved.json as Award;
  browser = await launchBrowser();
  page = await newPage(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the controls before payment in a browser', { timeout: 90_000 }, () => {
  it('lists an approved award on the public notice with its basis, amount and period, and downloads it as CSV and xlsx', async () => {
    await signIn('wang.fang', OFFICERS);
    await page.getByRole('link', { name: '公示', exact: true }).click();
    await page.getByRole('heading', { name: '奖励公示', level: 1 }).waitFor();
    await page.getByLabel('辖区').selectOption('130100');
    await page.waitForURL(/jurisdiction=130100/);
    const row = page.locator(`table.notice tr[data-award="${noticed.awardId}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    const period = `${cstDate(noticed.publicity!.from)} 至 ${cstDate(noticed.publicity!.until)}`;
    expect(cells.slice(0, 8)).toEqual([
      '1', '石家庄某某药业有限公司', '91130104MA0FN2WQ4C', expect.stringMatching(/^石家庄市质量强市建设行动方案.+/), 'T/CPA 012-2024', '¥30,000.00', period, '公示中',
    ]);
    expect(await row.locator('td.num').evaluate((td) => (globalThis as unknown as { getComputedStyle(e: unknown): { textAlign: string } }).getComputedStyle(td).textAlign)).toBe('right');
    expect(await page.locator('main').textContent()).toContain('公示期为 5 个工作日（法定节假日不计）');
    const { json: notice } = await api(stack, auditor, 'GET', '/publicity?jurisdiction=130100');
    expect(await page.locator('section[aria-labelledby="objections-to"]').textContent()).toContain(notice.objectionsTo);
    await check('publicity');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 CSV' }).click()]);
    const csvBytes = readFileSync(await csv.path());
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvBytes.toString('utf8')).toMatch(/^\uFEFF序号,受奖单位或个人,统一社会信用代码,.*\r\n1,石家庄某某药业有限公司,91130104MA0FN2WQ4C,/s);
    expect(csv.suggestedFilename()).toBe('publicity-130100.csv');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Excel（xlsx）' }).click()]);
    expect(readFileSync(await xlsx.path()).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(xlsx.suggestedFilename()).toBe('publicity-130100.xlsx');
  });

  it('records a written objection from the notice in a dialog, which holds the award; another officer dismisses it and it is back on notice', async () => {
    const row = page.locator(`table.notice tr[data-award="${noticed.awardId}"]`);
    await row.getByRole('button', { name: '登记异议：石家庄某某药业有限公司' }).click();
    const dialog = page.getByRole('dialog', { name: '登记异议：石家庄某某药业有限公司' });
    await dialog.getByRole('button', { name: '登记并暂缓支付' }).click();
    await dialog.getByRole('alert').filter({ hasText: '匿名异议不予受理' }).waitFor();
    await dialog.getByLabel('异议人姓名（实名）').fill('李建国');
    await dialog.getByLabel('联系方式（电话或地址）').fill('0311-86001234');
    await dialog.getByLabel('异议事项和理由').fill('该公司并非 T/CPA 012-2024 的牵头起草单位，牵头单位为另一家企业。');
    await dialog.getByLabel('证明材料编号（可选）').fill('石财收〔2026〕118号');
    await check('objection-dialog');
    await dialog.getByRole('button', { name: '登记并暂缓支付' }).click();
    await dialog.getByRole('status').filter({ hasText: '已登记异议。该奖励现为“暂缓支付”（公示期异议）' }).waitFor();
    await check('objection-recorded');
    expect(await award(noticed.awardId)).toMatchObject({ status: 'ON_HOLD', hold: { reason: 'OBJECTION', by: 'wang.fang' } });
    await dialog.getByRole('button', { name: '关闭' }).click();
    await row.getByText('异议处理中').waitFor();

    // The officer who recorded it reads it whole, and may not decide it.
    await page.goto(`${base}#/awards/${noticed.awardId}`);
    await status('暂缓支付');
    const objections = page.locator('section[aria-labelledby="objections"]');
    expect(await objections.textContent()).toMatch(/异议 1\s*待处理.*李建国.*0311-86001234.*wang\.fang.*石财收〔2026〕118号.*并非 T\/CPA 012-2024/s);
    await objections.getByText('此异议由你登记，须由本辖区另一名经办人处理。').waitFor();
    expect(await objections.getByRole('button', { name: '提交处理意见' }).count()).toBe(0);
    expect(await page.locator('section[aria-labelledby="hold"]').textContent()).toContain('公示期异议不能直接解除');
    await check('award-objection-open');

    await signIn('zhao.lei', OFFICERS);
    await page.goto(`${base}#/awards/${noticed.awardId}`);
    await status('暂缓支付');
    const form = objections.getByRole('form', { name: '处理此异议（异议 1）' });
    await form.getByRole('button', { name: '提交处理意见' }).click();
    await form.getByRole('alert').filter({ hasText: '请选择异议是否成立' }).waitFor();
    await form.getByLabel('异议不成立').check();
    await form.getByLabel('处理依据').fill('经核对标准文本封面与起草单位名单，该公司为牵头起草单位，异议不成立。');
    await check('award-objection-decide');
    await form.getByRole('button', { name: '提交处理意见' }).click();
    const confirm = page.getByRole('dialog', { name: '确认异议不成立' });
    expect(await confirm.textContent()).toContain(`恢复公示至 ${cstDate(noticed.publicity!.until)}`);
    await confirm.getByRole('button', { name: '确认异议不成立' }).click();
    await status('公示中');
    expect(await award(noticed.awardId)).toMatchObject({ status: 'IN_PUBLICITY', objections: [{ decision: { outcome: 'dismissed' } }] });
    expect(await objections.textContent()).toMatch(/异议 1\s*异议不成立.*处理人zhao\.lei.*该公司为牵头起草单位/s);
    const timeline = await page.locator('section[aria-labelledby="timeline"]').textContent();
    expect(timeline).toContain(`列入公示，公示期 ${cstDate(noticed.publicity!.from)} 至 ${cstDate(noticed.publicity!.until)}`);
    expect(timeline).toMatch(/登记异议 · wang\.fang → 暂缓支付\s*异议人 李建国：该公司并非/);
    expect(timeline).toMatch(/处理异议 · zhao\.lei → 公示中\s*异议不成立。依据：经核对/);
    await check('award-objection-dismissed');
    // Back on notice, the queue's status filter finds it, with the end of its period.
    await page.getByRole('link', { name: '审批队列', exact: true }).click();
    await page.getByLabel('状态').selectOption({ label: '公示中' });
    await page.getByLabel('辖区').selectOption('130100');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/status=IN_PUBLICITY/);
    const listed = page.locator('table.list tbody tr', { has: page.locator(`a[href="#/awards/${noticed.awardId}"]`) });
    expect(await listed.textContent()).toMatch(new RegExp(`事项文号：T/CPA 012-2024.*公示中公示至 ${cstDate(noticed.publicity!.until)}`, 's'));
    await check('queue-in-publicity');

    // Anyone but the jurisdiction's officers reads the objector masked.
    await signIn('sun.li', ['auditor']);
    await page.goto(`${base}#/awards/${noticed.awardId}`);
    await status('公示中');
    const masked = await objections.textContent();
    expect(masked).not.toContain('李建国');
    expect(masked).not.toContain('0311-86001234');
    expect(masked).toContain('***');
  });

  it('imports a credit-list entry, which holds a new award of its recipient; the importer cannot release it, another officer does', async () => {
    await signIn('wang.fang', OFFICERS);
    await page.getByRole('link', { name: '失信名单' }).click();
    await page.getByRole('heading', { name: '失信名单：导入与查询', level: 1 }).waitFor();
    // Big5 (Traditional-Chinese Windows) is valid GB18030 too: picked, it is refused in the officer's words with both
    // readings, and nothing is read into the table (it was read as 「ア獺砆磅︽虫」 and could be imported so).
    const big5 = Buffer.concat([Buffer.from(`recipientId,listName,from\r\n${LISTED},`), Buffer.from('a5a2ab48b351b0f5a6e6a448a657b3e6', 'hex'), Buffer.from(',2026-01-01\r\n')]);
    await page.getByLabel('或选择 CSV 文件').setInputFiles({ name: 'credit.csv', mimeType: 'text/csv', buffer: big5 });
    await page.getByRole('alert').filter({ hasText: '该文件不是 UTF-8，其第 2 行按 GB18030（GBK）读作「ア獺砆磅︽□□虫」，不是中文文本；它可能是繁体中文 Windows 的 Big5 编码，读作「失信被執行人名單」' }).waitFor();
    expect(await page.getByLabel('CSV 内容').inputValue()).toBe('');
    await check('credit-big5-refused');
    // A CSV Excel saved on Chinese Windows is GBK: picked, it is read as GB18030 and the officer is told so.
    const gbk = Buffer.concat([Buffer.from(`recipientId,listName,from\r\n${LISTED},`), Buffer.from('caa7d0c5b1bbd6b4d0d0c8cbc3fbb5a5', 'hex'), Buffer.from(',2026-01-01\r\n')]);
    await page.getByLabel('或选择 CSV 文件').setInputFiles({ name: 'credit.csv', mimeType: 'text/csv', buffer: gbk });
    await page.getByRole('status').filter({ hasText: '已读入 1 行，请核对后导入。 该文件不是 UTF-8 编码，已按 GB18030' }).waitFor();
    expect(await page.getByLabel('第 1 行 名单名称').inputValue()).toBe('失信被执行人名单');
    expect(await page.getByLabel('CSV 内容').inputValue()).toContain(`${LISTED},失信被执行人名单,2026-01-01`);
    await page.getByLabel('CSV 内容').fill(`recipientId,listName,from,to\r\n${LISTED},失信被执行人名单,2026-01-01,\r\nABC123,失信被执行人名单,2026-01-01,2026-12-31\r\n`);
    await page.getByRole('button', { name: '读入表格' }).click();
    await page.getByRole('status').filter({ hasText: '已读入 2 行' }).waitFor();
    expect(await page.getByLabel('第 1 行 统一社会信用代码或身份证号').inputValue()).toBe(LISTED);
    expect(await page.getByLabel('第 2 行 移出日期（可空）').inputValue()).toBe('2026-12-31');
    await page.getByRole('button', { name: '导入 2 条' }).click();
    const confirm = page.getByRole('dialog', { name: '确认导入失信名单' });
    expect(await confirm.textContent()).toContain('你本人不能解除');
    await confirm.getByRole('button', { name: '导入 2 条' }).click();
    await page.getByRole('heading', { name: '导入结果：导入 1 条，重复 0 条，拒绝 1 条' }).waitFor();
    expect(await page.locator('.results tr[data-outcome="imported"]').textContent()).toMatch(new RegExp(`^1${LISTED}失信被执行人名单✓ 已导入—cl-[0-9a-f]{24}$`));
    expect(await page.locator('.results tr[data-outcome="refused"]').textContent()).toMatch(/^2ABC123失信被执行人名单✗ 拒绝不是有效的统一社会信用代码或身份证号recipientId is not a unified social credit code/);
    await check('credit-import');
    await page.getByLabel('受奖对象（统一社会信用代码、身份证号或 P:编号）').fill(LISTED.toLowerCase());
    await page.getByRole('button', { name: '查询', exact: true }).click();
    const found = page.getByRole('table', { name: `${LISTED} 的名单记录` });
    expect(await found.locator('tbody tr').first().textContent()).toMatch(new RegExp(`^${LISTED}失信被执行人名单2026-01-01 至 长期wang\\.fang`));
    await check('credit-lookup');

    // A new fact of the listed recipient: recorded on hold, not reserved, not approvable.
    const sample = samples.find((e) => (e.detail as { reference?: string }).reference === 'GB/T 43456-2024' && (e.detail as { recipient: { uscc?: string } }).recipient.uscc === LISTED)!;
    const detail = { ...(sample.detail as Record<string, unknown>), reference: 'GB/T 49998-2026', standard: { number: 'GB/T 49998-2026', title: '配电自动化终端通用技术条件', level: 'national' } };
    await putEvents(eventBridge(stack.eventsUrl), [{ ...sample, detail }]);
    const held = await eventually('the new award of the listed recipient held', async () => (await awards('status=ON_HOLD&jurisdiction=130100')).find((a) => a.reference === 'GB/T 49998-2026'));
    expect(held.hold).toMatchObject({ reason: 'CREDIT_LISTED', by: 'credit-list', importedBy: ['wang.fang'] });
    await page.goto(`${base}#/queue?status=ON_HOLD&jurisdiction=130100`);
    const queued = page.locator('table.list tbody tr', { has: page.locator(`a[href="#/awards/${held.awardId}"]`) });
    expect(await queued.textContent()).toMatch(/石家庄科林电气股份有限公司.*事项文号：GB\/T 49998-2026.*暂缓支付列入失信名单/s);
    await check('queue-on-hold');
    await queued.locator(`a[href="#/awards/${held.awardId}"]`).click();
    await status('暂缓支付');
    const card = page.locator('section[aria-labelledby="hold"]');
    expect(await card.textContent()).toMatch(/列入失信名单.*系统（失信名单核查）.*失信被执行人名单 \(2026-01-01–\).*可解除的人本辖区经办人，wang\.fang（名单导入人）除外/s);
    await card.getByText('暂缓此奖励的失信名单记录由你导入，须由本辖区另一名经办人核实后解除。').waitFor();
    expect(await card.getByLabel('解除依据').count()).toBe(0);
    expect(await card.getByRole('link', { name: '查看该对象的名单记录' }).getAttribute('href')).toBe(`#/credit-lists?recipient=${LISTED}`);
    await check('award-credit-held');

    await signIn('zhao.lei', OFFICERS);
    await page.goto(`${base}#/awards/${held.awardId}`);
    await card.getByLabel('解除依据').fill('经信用中国核查，该公司已于 2026-11-20 履行完毕并移出名单');
    await card.getByRole('button', { name: '解除暂缓' }).click();
    const release = page.getByRole('dialog', { name: '确认解除暂缓' });
    expect(await release.textContent()).toContain('解除所依据的失信名单记录不再暂缓此奖励');
    await release.getByRole('button', { name: '解除暂缓' }).click();
    await page.locator('section[aria-labelledby="hold"] h2', { hasText: '曾暂缓支付' }).waitFor();
    expect(['PENDING_APPROVAL', 'AWAITING_BUDGET']).toContain((await award(held.awardId)).status);
    expect(await page.locator('section[aria-labelledby="timeline"]').textContent()).toMatch(/暂缓原因：列入失信名单.*解除暂缓 · zhao\.lei.*解除依据：经信用中国核查/s);
    await check('award-credit-released');
  });

  it('lets an officer hold an award with a note; the same officer cannot release it, another officer does with a basis', async () => {
    const [target] = (await awards('status=PENDING_APPROVAL&jurisdiction=130000')).filter((a) => a.reference === 'IEC 63402-1:2024');
    await signIn('wang.fang', OFFICERS);
    await page.goto(`${base}#/awards/${target!.awardId}`);
    await status('待审批');
    await page.getByRole('button', { name: '暂缓支付', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `暂缓支付：${target!.recipient.name}` });
    await dialog.getByRole('button', { name: '暂缓支付' }).click();
    await dialog.getByRole('alert').filter({ hasText: '请写明暂缓原因' }).waitFor();
    await dialog.getByLabel('暂缓原因（必填）').fill('收到举报，需核实该企业是否为 IEC 63402-1:2024 的国内主导单位');
    await check('manual-hold-dialog');
    await dialog.getByRole('button', { name: '暂缓支付' }).click();
    await status('暂缓支付');
    const card = page.locator('section[aria-labelledby="hold"]');
    expect(await card.textContent()).toMatch(/人工暂缓.*wang\.fang.*收到举报.*可解除的人本辖区经办人，wang\.fang（暂缓人）除外/s);
    await card.getByText('此暂缓由你提出，须由本辖区另一名经办人解除。').waitFor();
    expect(await award(target!.awardId)).toMatchObject({ status: 'ON_HOLD', hold: { reason: 'MANUAL', by: 'wang.fang' } });
    await check('manual-hold');

    await signIn('zhao.lei', OFFICERS);
    await page.goto(`${base}#/awards/${target!.awardId}`);
    await card.getByLabel('解除依据').fill('经省标准化院函复，该企业为国内主导单位');
    await card.getByRole('button', { name: '解除暂缓' }).click();
    await page.getByRole('dialog', { name: '确认解除暂缓' }).getByRole('button', { name: '解除暂缓' }).click();
    await status('待审批');
    expect(await page.locator('section[aria-labelledby="timeline"]').textContent()).toMatch(/暂缓支付 · wang\.fang → 暂缓支付\s*暂缓原因：人工暂缓.*解除暂缓 · zhao\.lei → 待审批\s*解除依据：经省标准化院函复/s);
    await check('manual-released');
  });

  it('shows the notice and the credit list in English with ?lang=en', async () => {
    await page.goto(`${base}?lang=en#/publicity?jurisdiction=130100`);
    await page.getByRole('heading', { name: 'Public notice of awards', level: 1 }).waitFor();
    await page.locator(`table.notice tr[data-award="${noticed.awardId}"]`, { hasText: 'On notice' }).waitFor();
    await check('publicity-en');
    await page.goto(`${base}?lang=en#/credit-lists`);
    await page.getByRole('heading', { name: 'Credit list: import and look up', level: 1 }).waitFor();
    await check('credit-en');
  });
});
