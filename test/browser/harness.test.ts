/**
 * The browser harness itself: each check is shown to pass on a good page and to fail on a bad one, against pages
 * served with the console's kind of strict Content-Security-Policy.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM_ARGS, axeViolations, chromiumPath, cjkFontFamilies, cjkFontsPresent, cjkRenderingProblems, describeViolations,
  launchBrowser, newPage, pageErrors, pickChromium, screenshot,
} from '../support/browser';

const CSP = 'default-src \'none\'; script-src \'self\'; style-src \'self\'';

const page = (title: string, body: string, lang = 'zh-CN') =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title>`
  + `<link rel="stylesheet" href="/site.css"></head><body>${body}</body></html>`;

const ROUTES: Record<string, { type: string; body: string }> = {
  '/chinese': { type: 'text/html', body: page('奖励', '<main><h1>奖励</h1><p id="t">奖励资金</p></main>') },
  '/clean': {
    type: 'text/html',
    body: page('奖励申请', '<main><h1>奖励申请</h1><label for="amount">金额</label><input id="amount" name="amount"></main>'),
  },
  '/broken': { type: 'text/html', body: '<!doctype html><html><body><input name="amount"><img src="/logo.png"></body></html>' },
  '/scripted': { type: 'text/html', body: page('脚本', '<main><h1 id="h">脚本</h1></main><script src="/app.js"></script>') },
  '/inline': { type: 'text/html', body: page('内联', '<main><h1>内联</h1></main><script>document.title = "ran"</script>') },
  '/throws': { type: 'text/html', body: page('错误', '<main><h1>错误</h1></main><script src="/throws.js"></script>') },
  '/app.js': { type: 'text/javascript', body: 'document.getElementById("h").dataset.ran = "yes";' },
  '/throws.js': { type: 'text/javascript', body: 'throw new Error("boom from throws.js");' },
  '/site.css': { type: 'text/css', body: 'body { margin: 2rem; font-size: 16px; }' },
};

function startServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const route = ROUTES[new URL(req.url ?? '/', 'http://x').pathname];
    res.setHeader('Content-Security-Policy', CSP);
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': `${route.type}; charset=utf-8` }).end(route.body);
  });
  return new Promise((resolveStart) => {
    server.listen(0, '127.0.0.1', () => {
      resolveStart({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    });
  });
}

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  ({ server, origin } = await startServer());
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server ? server.close(done) : done(undefined));
});

async function open(path: string): Promise<Page> {
  const p = await newPage(browser);
  await p.goto(`${origin}${path}`);
  return p;
}

describe('choosing Chromium', () => {
  it('takes the first candidate that exists', () => {
    expect(pickChromium(['/a', '/b', '/c'], (p) => p !== '/a')).toBe('/b');
  });

  it('says how to install Chromium and what it tried when no candidate exists', () => {
    expect(() => pickChromium(['/nonexistent', '/usr/bin/nope'], () => false)).toThrow(
      'The browser tests need Chromium: apt-get install -y chromium fonts-noto-cjk (or set AWARDS_CHROMIUM to a Chromium/Chrome binary). '
      + 'Tried: /nonexistent, /usr/bin/nope',
    );
  });

  it('prefers AWARDS_CHROMIUM when it is an executable file and passes over it when it is not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'awards-chromium-'));
    try {
      const executable = join(dir, 'chrome');
      const plain = join(dir, 'not-executable');
      writeFileSync(executable, '#!/bin/sh\n', { mode: 0o755 });
      writeFileSync(plain, '', { mode: 0o644 });
      expect(chromiumPath({ AWARDS_CHROMIUM: executable })).toBe(executable);
      let chosen: string;
      try {
        chosen = chromiumPath({ AWARDS_CHROMIUM: plain });
      } catch (error) {
        chosen = (error as Error).message;
        expect(chosen).toContain(`Tried: ${plain}, /usr/bin/chromium,`);
      }
      expect(chosen).not.toBe(plain);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a page in the harness', () => {
  it('keeps the server CSP: same-origin scripts run, inline scripts are refused and reported as errors', async () => {
    const ok = await open('/scripted');
    await expect.poll(() => ok.getAttribute('#h', 'data-ran')).toBe('yes');
    expect(pageErrors(ok)).toEqual([]);
    await ok.close();

    const inline = await open('/inline');
    await expect.poll(() => pageErrors(inline).join('\n')).toMatch(/Content Security Policy/);
    expect(await inline.title()).toBe('内联');
    await inline.close();
  });

  it('reports uncaught script errors', async () => {
    const p = await open('/throws');
    await expect.poll(() => pageErrors(p)).toEqual([expect.stringContaining('boom from throws.js')]);
    await p.close();
  });

  it('speaks Chinese in China: zh-CN locale and Asia/Shanghai time', async () => {
    const p = await open('/clean');
    const { language, zone } = await p.evaluate(() => ({
      language: (globalThis as unknown as { navigator: { language: string } }).navigator.language,
      zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    }));
    expect({ language, zone }).toEqual({ language: 'zh-CN', zone: 'Asia/Shanghai' });
    expect(p.viewportSize()).toEqual({ width: 1280, height: 900 });
    await p.close();
  });
});

describe('Chinese text', () => {
  it('renders with a CJK font, each character its own glyph', async () => {
    const p = await open('/chinese');
    expect(await cjkRenderingProblems(p, '#t')).toEqual([]);
    await p.close();
  });

  it('is caught rendering as boxes when Chromium has no CJK font', async () => {
    // A fontconfig that only knows the DejaVu and Liberation fonts: what a machine without fonts-noto-cjk looks like.
    const dir = mkdtempSync(join(tmpdir(), 'awards-nocjk-'));
    const config = join(dir, 'fonts.conf');
    writeFileSync(config, `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
      <dir>/usr/share/fonts/truetype</dir><cachedir>${join(dir, 'cache')}</cachedir></fontconfig>`);
    const env = { ...process.env, FONTCONFIG_FILE: config };
    expect(cjkFontsPresent(env)).toBe(false);
    const bare = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS], env });
    try {
      const p = await newPage(bare);
      await p.goto(`${origin}/chinese`);
      const problems = await cjkRenderingProblems(p, '#t', cjkFontFamilies());
      expect(problems).toEqual(expect.arrayContaining([
        expect.stringMatching(/^no CJK font rendered #t; Chromium used: /),
        'drawn as the missing-glyph box: 奖励资金',
      ]));
    } finally {
      await bare.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('accessibility checks', () => {
  it('find an unlabelled input and an image without alt text, despite a CSP that forbids inline scripts', async () => {
    const p = await open('/broken');
    const violations = await axeViolations(p);
    expect(violations.map((v) => v.id)).toEqual(expect.arrayContaining(['label', 'image-alt']));
    expect(violations.every((v) => v.impact === 'serious' || v.impact === 'critical')).toBe(true);
    const message = describeViolations(violations);
    expect(message).toMatch(/^image-alt \(critical\): .+\n {4}at img: <img src="\/logo.png">/m);
    expect(message).toMatch(/^label \(critical\): .+\n {4}at input: <input name="amount">/m);
    expect(pageErrors(p).filter((e) => !e.includes('logo.png'))).toEqual([]);
    await p.close();
  });

  it('find nothing serious on a labelled page with a language, title, main landmark and one h1', async () => {
    const p = await open('/clean');
    const violations = await axeViolations(p);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(pageErrors(p)).toEqual([]);
    await p.close();
  });

  it('check again after a navigation (axe is injected into each new document)', async () => {
    const p = await open('/clean');
    expect(await axeViolations(p)).toEqual([]);
    await p.goto(`${origin}/broken`);
    expect((await axeViolations(p)).length).toBeGreaterThan(0);
    await p.close();
  });
});

describe('screenshots', () => {
  it('are written as PNG files under test-artifacts/console with a safe name', async () => {
    const p = await open('/chinese');
    const path = await screenshot(p, 'harness/chinese text?');
    expect(path).toMatch(/test-artifacts\/console\/harness-chinese-text\.png$/);
    expect(readFileSync(path).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    await p.close();
  });
});
