/**
 * The evidence pack's page in a real browser against the local stack (`npm start`): an award approved, paid by the
 * simulated bank and signed into a digest, then read by an auditor at `#/evidence/<id>`: the Chinese citation, every
 * ledger entry matching its signed hash, the file's SHA-256, axe-clean, and a print view without navigation or buttons.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, launchBrowser, newPage, pageErrors, screenshot, signInLocally } from '../support/browser';
import { ROOT, type RunningStack, api, confirmPayees, eventBridge, eventually, putEvents, startStack, token } from '../support/local-stack';

const SAMPLES = join(ROOT, 'events/samples');
const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(SAMPLES, f), 'utf8')) as Record<string, unknown>);

interface Award {
  awardId: string;
  jurisdiction: string;
  recipientId: string;
  status: string;
  approvalsRequired: number | null;
  citation: string;
}

let stack: RunningStack;
let browser: Browser;
let page: Page;
let auditor: string;
let paid: Award;

beforeAll(async () => {
  stack = await startStack({ inMemory: true });
  auditor = await token('test-auditor', ['auditor']);
  await putEvents(eventBridge(stack.eventsUrl), samples);
  const pending = await eventually('an award waiting for one approval', async () => {
    const { json } = await api(stack, auditor, 'GET', '/awards?status=PENDING_APPROVAL&jurisdiction=130100&limit=100');
    return (json.items as Award[]).find((a) => a.approvalsRequired === 1);
  });
  const approver = await token('zhang.wei', ['approver:130100']);
  expect((await api(stack, approver, 'POST', `/awards/${pending.awardId}/decisions`, { decision: 'approve', comment: '材料齐全' })).status).toBe(200);
  await confirmPayees(stack, [pending]);
  paid = await eventually('the award paid by the simulated bank', async () => {
    const { json } = await api(stack, auditor, 'GET', `/awards/${pending.awardId}`);
    return json.status === 'DISBURSED' ? (json as Award) : undefined;
  });
  // The auditor has the ledger signed now rather than waiting for the digest schedule.
  expect((await api(stack, auditor, 'POST', '/ledger/digests')).status).toBe(200);
  browser = await launchBrowser();
  page = await newPage(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the evidence pack in a browser', { timeout: 60_000 }, () => {
  it('shows an auditor the citation, each entry matching its signed digest, and the file by its hash; it prints as a document', async () => {
    await signInLocally(page, `${stack.apiUrl}/console/`, 'sun.li', ['审计人员']);
    await page.goto(`${stack.apiUrl}/console/#/awards/${paid.awardId}`);
    await page.getByRole('link', { name: '证据包' }).click();
    await page.getByRole('heading', { name: /^奖励证据包：/, level: 1 }).waitFor();
    expect(await page.locator('section[aria-labelledby="ev-rule"] blockquote[lang="zh-CN"]').textContent()).toBe(paid.citation);
    const verdicts = await page.locator('table.evidence-ledger tbody tr td:last-child').allTextContents();
    expect(verdicts.length).toBeGreaterThanOrEqual(4);
    expect(new Set(verdicts)).toEqual(new Set(['与签名哈希一致']));
    const { json: pack } = await api(stack, auditor, 'GET', `/awards/${paid.awardId}/evidence`);
    expect(await page.locator('section[aria-labelledby="ev-payment"]').textContent()).toContain(pack.payment.file.sha256);
    await page.waitForLoadState('networkidle');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(page, 'evidence');
    expect(pageErrors(page)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    expect(await page.locator('section[aria-labelledby="ev-ledger"]').isVisible()).toBe(true);
    await screenshot(page, 'evidence-print');
  });
});
