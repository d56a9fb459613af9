/**
 * Real-browser test helpers: the system's Chromium driven by playwright-core (no browser download), pages that keep the
 * server's Content-Security-Policy, console and page errors collected per page, axe-core accessibility checks,
 * a check that Chinese text renders with a CJK font, and full-page screenshots under test-artifacts/console/.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { ImpactValue, Result as AxeResult } from 'axe-core';
import { type Browser, type Page, chromium } from 'playwright-core';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts', 'console');

/**
 * Flags for Chromium on a machine whose closed network refuses its background connections (updates, sync, QUIC),
 * in a container without a GPU, a sandbox or a large /dev/shm.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const INSTALL_HINT = 'apt-get install -y chromium fonts-noto-cjk (or set AWARDS_CHROMIUM to a Chromium/Chrome binary)';

/** The first candidate that exists; otherwise an error that says how to get Chromium and what was tried. */
export function pickChromium(candidates: readonly string[], exists: (path: string) => boolean): string {
  const found = candidates.find((path) => exists(path));
  if (found !== undefined) return found;
  throw new Error(`The browser tests need Chromium: ${INSTALL_HINT}. Tried: ${candidates.join(', ') || '(nothing)'}`);
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** AWARDS_CHROMIUM if set, then the usual Debian and Google install paths: the first that is an executable file. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.AWARDS_CHROMIUM?.trim();
  const candidates = [
    ...(fromEnv ? [fromEnv] : []),
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ];
  return pickChromium(candidates, isExecutableFile);
}

/** Families fontconfig offers for Chinese (`fc-list :lang=zh family`); empty when there are none or fc-list is missing. */
export function cjkFontFamilies(env: NodeJS.ProcessEnv = process.env): Set<string> {
  const run = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', env, timeout: 10_000 });
  if (run.error || run.status !== 0) return new Set();
  return new Set(run.stdout.split(/[\n,]/).map((family) => family.trim()).filter((family) => family !== ''));
}

export function cjkFontsPresent(env: NodeJS.ProcessEnv = process.env): boolean {
  return cjkFontFamilies(env).size > 0;
}

/** Headless system Chromium; Playwright gives it a fresh temporary profile and removes it on close. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!cjkFontsPresent()) {
    throw new Error('Chinese text would render as boxes: apt-get install -y fonts-noto-cjk (fc-list :lang=zh lists no font)');
  }
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: 60_000 });
}

const errorsByPage = new WeakMap<Page, string[]>();

/**
 * A page in its own context: 1280x900, zh-CN (unless told otherwise), Asia/Shanghai, the server's CSP enforced.
 * Console errors (CSP violations among them) and uncaught page errors are collected for pageErrors().
 * Closing the page closes its context.
 */
export async function newPage(browser: Browser, opts: { locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: opts.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    bypassCSP: false,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  errorsByPage.set(page, errors);
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    errors.push(`console error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
  });
  page.on('close', () => {
    context.close().catch(() => undefined);
  });
  return page;
}

/** Console errors and uncaught errors seen on the page so far (a copy). */
export function pageErrors(page: Page): string[] {
  const errors = errorsByPage.get(page);
  if (!errors) throw new Error('pageErrors: this page was not made by newPage()');
  return [...errors];
}

export type Violation = Pick<AxeResult, 'id' | 'impact' | 'help' | 'helpUrl' | 'description' | 'tags'> & {
  nodes: Array<{ html: string; target: unknown[]; failureSummary?: string; impact?: ImpactValue }>;
};

export interface AxeOptions {
  /** CSS selector of the part of the page to check; the whole document by default. */
  include?: string;
  /** Rule ids to skip, each with a reason in the calling test. */
  disableRules?: string[];
  /** Impacts to report; serious and critical by default. */
  impacts?: ImpactValue[];
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
let axeSource: string | undefined;

interface AxeInPage {
  run(context: unknown, options: unknown): Promise<{ violations: AxeResult[] }>;
}

/**
 * axe-core's serious and critical violations (WCAG 2.1 A/AA and best practice). axe is injected through the DevTools
 * protocol (page.evaluate), which the page's CSP does not govern, so pages that forbid inline scripts can be checked.
 */
export async function axeViolations(page: Page, options: AxeOptions = {}): Promise<Violation[]> {
  const present = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!present) {
    axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axeSource);
  }
  const rules = Object.fromEntries((options.disableRules ?? []).map((id) => [id, { enabled: false }]));
  const violations = await page.evaluate(async ({ include, tags, rules }) => {
    const { axe, document } = globalThis as unknown as { axe: AxeInPage; document: unknown };
    const result = await axe.run(include ?? document, { runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, description: v.description, tags: v.tags,
      nodes: v.nodes.map((n) => ({ html: n.html, target: [...n.target], failureSummary: n.failureSummary, impact: n.impact })),
    }));
  }, { include: options.include, tags: AXE_TAGS, rules });
  const impacts = options.impacts ?? ['serious', 'critical'];
  return violations.filter((v) => impacts.includes(v.impact ?? null));
}

/** A readable account of violations for expect(violations, describeViolations(violations)).toEqual([]). */
export function describeViolations(violations: readonly Violation[], nodesPerRule = 3): string {
  if (violations.length === 0) return 'no accessibility violations';
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, nodesPerRule).map((n) => `    at ${n.target.map(String).join(' >>> ')}: ${n.html.slice(0, 200)}`);
    const more = v.nodes.length > nodesPerRule ? [`    …and ${v.nodes.length - nodesPerRule} more`] : [];
    return [`${v.id} (${v.impact ?? 'no impact'}): ${v.help} — ${v.helpUrl}`, ...nodes, ...more].join('\n');
  }).join('\n');
}

interface GlyphReport { found: boolean; han: string[]; tofu: string[]; blank: string[]; distinct: number }

interface CanvasPage {
  document: {
    querySelector(selector: string): { textContent: string | null } | null;
    createElement(tag: 'canvas'): {
      width: number; height: number;
      getContext(kind: '2d', options: { willReadFrequently: boolean }): {
        font: string; fillStyle: string; textBaseline: string;
        clearRect(x: number, y: number, w: number, h: number): void;
        fillText(text: string, x: number, y: number): void;
        getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
      } | null;
    };
  };
  getComputedStyle(element: unknown): { fontFamily: string };
}

/** Draws each Han character of the element in its font family and compares it with a character no font has. */
async function glyphReport(page: Page, selector: string): Promise<GlyphReport> {
  return page.evaluate((selector) => {
    const w = globalThis as unknown as CanvasPage;
    const element = w.document.querySelector(selector);
    if (!element) return { found: false, han: [], tofu: [], blank: [], distinct: 0 };
    const han = [...new Set([...(element.textContent ?? '')].filter((c) => /\p{Script=Han}/u.test(c)))];
    const canvas = w.document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 64;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2d canvas');
    const draw = (c: string): string => {
      ctx.clearRect(0, 0, 64, 64);
      ctx.font = `48px ${w.getComputedStyle(element).fontFamily}`;
      ctx.fillStyle = '#000';
      ctx.textBaseline = 'top';
      ctx.fillText(c, 8, 8);
      const { data } = ctx.getImageData(0, 0, 64, 64);
      let alpha = '';
      for (let i = 3; i < data.length; i += 4) alpha += String.fromCharCode(data[i] ?? 0);
      return alpha;
    };
    const missing = draw('\u0378'); // unassigned: every font draws its missing-glyph box
    const drawn = han.map((c) => ({ c, bitmap: draw(c) }));
    return {
      found: true,
      han,
      tofu: drawn.filter((d) => d.bitmap === missing).map((d) => d.c),
      blank: drawn.filter((d) => !/[^\0]/.test(d.bitmap)).map((d) => d.c),
      distinct: new Set(drawn.map((d) => d.bitmap)).size,
    };
  }, selector);
}

/** The platform fonts Chromium used for the element's text (DevTools CSS.getPlatformFontsForNode). */
export async function renderedFonts(page: Page, selector: string): Promise<Array<{ familyName: string; glyphCount: number }>> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`renderedFonts: nothing matches ${selector}`);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map(({ familyName, glyphCount }) => ({ familyName, glyphCount }));
  } finally {
    await cdp.detach();
  }
}

/**
 * Why the Chinese text of an element would not read as Chinese: no CJK font among those Chromium used for it,
 * characters drawn as the missing-glyph box or blank, or distinct characters drawn alike. Empty when it renders well.
 * `cjkFamilies` defaults to what fc-list offers for Chinese on this machine.
 */
export async function cjkRenderingProblems(page: Page, selector: string, cjkFamilies = cjkFontFamilies()): Promise<string[]> {
  const glyphs = await glyphReport(page, selector);
  if (!glyphs.found) return [`nothing matches ${selector}`];
  if (glyphs.han.length === 0) return [`${selector} has no Chinese characters to check`];
  const problems: string[] = [];
  const fonts = await renderedFonts(page, selector);
  if (!fonts.some((f) => cjkFamilies.has(f.familyName))) {
    const used = fonts.map((f) => `${f.familyName} (${f.glyphCount} glyphs)`).join(', ') || 'none';
    problems.push(`no CJK font rendered ${selector}; Chromium used: ${used}`);
  }
  if (glyphs.tofu.length > 0) problems.push(`drawn as the missing-glyph box: ${glyphs.tofu.join('')}`);
  if (glyphs.blank.length > 0) problems.push(`drawn blank: ${glyphs.blank.join('')}`);
  if (glyphs.distinct < glyphs.han.length) problems.push(`${glyphs.han.length} distinct characters drawn as only ${glyphs.distinct} different shapes`);
  return problems;
}

/** Saves a full-page PNG as test-artifacts/console/<name>.png (name reduced to A-Z a-z 0-9 _ -) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const safe = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'screenshot';
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${safe}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Signs in on the console's local sign-in page (`<consoleUrl>#/signin`) as a person would: a user name and the roles
 * ticked by their checkbox labels (e.g. `石家庄市 审批人`, `审计人员`); waits for the page the console lands on.
 */
export async function signInLocally(page: Page, consoleUrl: string, user: string, roleLabels: readonly string[]): Promise<void> {
  await page.goto(`${consoleUrl}#/signin`);
  await page.getByRole('heading', { name: '登录', level: 1 }).waitFor();
  await page.getByLabel('用户名').fill(user);
  for (const label of roleLabels) await page.getByLabel(label, { exact: true }).check();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator('h1', { hasNotText: '登录' }).waitFor();
}
