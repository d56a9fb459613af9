/**
 * The module bundled as the Lambda functions are bundled (esbuild, ESM, node22) must still work: libxml2-wasm has
 * top-level await and an inner import cycle, which esbuild turns into a silent deadlock when it sits behind a
 * dynamic import(). The schemas are files, so the bundle needs xsd/ beside it; without it the error says so.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('../../shared/adapters/iso20022/index.ts', import.meta.url));
const XSD_DIR = fileURLToPath(new URL('../../shared/adapters/iso20022/xsd', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/iso20022/batches.ts', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iso20022-bundle-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, [
    `import { readBankFile, simulateBank, writePain001 } from ${JSON.stringify(MODULE)};`,
    `import { GOLDEN_BATCH } from ${JSON.stringify(FIXTURES)};`,
    'const answers = await simulateBank(writePain001(GOLDEN_BATCH), { now: new Date(\'2026-05-06T02:00:00Z\') });',
    'const read = await readBankFile(answers.camt054);',
    'console.log(read.ok ? read.file.entries.map((e) => e.outcome).join(\',\') : read.reason);',
  ].join('\n'));
  await build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node22', minify: true,
    outfile: join(dir, 'out', 'index.mjs'), logLevel: 'silent',
    banner: { js: 'import { createRequire as topLevelCreateRequire } from \'module\'; const require = topLevelCreateRequire(import.meta.url);' },
  });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(): { status: number; output: string } {
  try {
    return { status: 0, output: execFileSync(process.execPath, [join(dir, 'out', 'index.mjs')], { encoding: 'utf8', stdio: 'pipe', timeout: 20_000 }) };
  } catch (error) {
    const failed = error as { status: number; stderr: string };
    return { status: failed.status, output: failed.stderr };
  }
}

describe('shared/adapters/iso20022 in an esbuild bundle', () => {
  it('names the missing schema folder when xsd/ is not beside the bundle', () => {
    const { status, output } = run();
    expect(status).not.toBe(0);
    expect(output).toMatch(/a bundle must ship shared\/adapters\/iso20022\/xsd\/ beside it/);
  });

  it('writes, validates, answers and reads with xsd/ beside the bundle', () => {
    cpSync(XSD_DIR, join(dir, 'out', 'xsd'), { recursive: true });
    expect(run()).toEqual({ status: 0, output: 'CONFIRMED,CONFIRMED,CONFIRMED\n' });
  });
});
