/**
 * The module bundled as the Lambda functions are bundled (infra/bundle.ts: esbuild, ESM, node22, code splitting) must
 * still work: libxml2-wasm has top-level await and an inner import cycle, and validate.ts loads it with import(), which
 * esbuild turns into a silent deadlock in a bundle of one file; split, it is a chunk of its own, loaded on first use
 * (ADR 022). The schemas are files, so the bundle needs xsd/ beside it; without it the error says so.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from '../../infra/bundle';
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
  // The functions' own build (infra/bundle.ts), without the xsd/ bundleFunction copies beside it.
  await build({ ...bundleOptions(entry, join(dir, 'out')), logLevel: 'silent' });
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

  it('keeps libxml2 out of index.mjs: a chunk of its own, loaded by import() on first use', () => {
    const chunks = readdirSync(join(dir, 'out')).filter((name) => name.endsWith('.mjs'));
    const libxml2 = chunks.filter((name) => name.startsWith('libxml2-'));
    expect(libxml2).toHaveLength(1);
    const index = readFileSync(join(dir, 'out', 'index.mjs'), 'utf8');
    expect(index).not.toContain('WebAssembly');
    expect(index).toContain(`import("./${libxml2[0] as string}")`);
    expect(statSync(join(dir, 'out', libxml2[0] as string)).size).toBeGreaterThan(statSync(join(dir, 'out', 'index.mjs')).size);
  });
});
