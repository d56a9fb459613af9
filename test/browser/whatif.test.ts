/**
 * The what-if page in a real browser against the local stack (`npm start`): the samples received, an auditor signs in
 * on the local sign-in page, starts from the catalog in force, doubles the national-standard award of hebei-2022 (二)
 * in the draft, runs it, and reads the summary per jurisdiction-year and the recipients: axe-clean, a person masked,
 * nothing logged as an error, and a screenshot under test-artifacts/console/whatif.png.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, launchBrowser, newPage, pageErrors, screenshot, signInLocally } from '../support/browser';
import { ROOT, type RunningStack, api, eventBridge, eventually, putEvents, startStack, token } from '../support/local-stack';

const SAMPLES = join(ROOT, 'events/samples');
const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(SAMPLES, f), 'utf8')) as Record<string, unknown>);
/** The person of the samples (honour-conferred-hebei-quality-award-individual.json). */
const PERSON = '130102197804123516';

interface Rule { id: string; amount: { kind: string; tiersFen?: Record<string, number> } }
interface Policy { id: string; versions: Array<{ rules: Rule[] }> }

let stack: RunningStack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stack = await startStack({ inMemory: true });
  const auditor = await token('test-auditor', ['auditor']);
  const ids = (await putEvents(eventBridge(stack.eventsUrl), samples)).filter((id): id is string => id !== null);
  expect(ids).toHaveLength(samples.length);
  // Every event accounted for: its accepted record is kept before its outcome is.
  await eventually('every sample recorded', async () => {
    for (const id of ids) if ((await api(stack, auditor, 'GET', `/events/${id}`)).status !== 200) return undefined;
    return true;
  });
  browser = await launchBrowser();
  page = await newPage(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the what-if page in a browser', { timeout: 90_000 }, () => {
  it('runs a draft that doubles the national-standard award of hebei-2022 and shows what it would cost, and to whom', async () => {
    await signInLocally(page, `${stack.apiUrl}/console/`, 'sun.li', ['审计人员']);
    await page.getByRole('link', { name: '政策测算' }).click();
    await page.getByRole('heading', { name: '政策测算：草案与现行政策对比', level: 1 }).waitFor();

    await page.getByRole('button', { name: '从现行政策开始' }).click();
    await page.getByText('已填入现行政策').waitFor();
    const draft = page.getByLabel(/^政策草案/);
    const catalog = JSON.parse(await draft.inputValue()) as { policies: Policy[] };
    const rule = catalog.policies.find((p) => p.id === 'hebei-2022')?.versions[0]?.rules.find((r) => r.id === 'hebei-2022/standard-lead-drafting');
    if (rule?.amount.tiersFen?.national === undefined) throw new Error('the national tier of hebei-2022 (二)');
    rule.amount.tiersFen.national *= 2;
    await draft.fill(JSON.stringify(catalog, null, 2));
    await page.getByRole('button', { name: '开始测算' }).click();

    await page.waitForURL(/#\/whatif\?id=/);
    await page.locator('table.whatif-summary').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('status').first().textContent()).toMatch(/测算完成：回放 \d+ 个事件/);
    // Three national-standard leads in Hebei in the samples (one a second claim the ledger holds): ¥200,000 more each.
    const hebei = page.locator('table.whatif-summary tbody tr', { has: page.getByRole('rowheader', { name: '河北省' }) });
    await expect.poll(() => hebei.count()).toBeGreaterThan(0);
    expect(await hebei.first().locator('td').nth(3).textContent()).toBe('+¥600,000.00');
    expect(await page.locator('figure.whatif-chart svg').getAttribute('aria-label')).toMatch(/^现行政策与草案所需金额对比：河北省 \d{4} 年：现行政策 ¥[\d,]+\.\d\d，草案 ¥[\d,]+\.\d\d/);

    const recipients = page.locator('table.whatif-recipients tbody tr');
    await expect.poll(() => recipients.count()).toBeGreaterThan(2);
    const first = await recipients.first().locator('td').allTextContents();
    expect(first[4]).toBe('+¥400,000.00');
    expect(await page.locator('table.whatif-recipients').textContent()).toContain('保定某某新能源科技有限公司');
    expect(await page.locator('main').textContent()).toContain('暂缓支付（如重复申报主持单位）、已撤销或已驳回的奖励也计入');
    expect(await page.locator('table.whatif-recipients').textContent()).toContain('130102********3516');
    expect(await page.content()).not.toContain(PERSON);

    await page.waitForLoadState('networkidle');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(page, 'whatif');
    expect(pageErrors(page)).toEqual([]);
  });
});
