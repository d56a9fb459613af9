/**
 * How every Lambda function is bundled: one esbuild build, the same for the stack (infra/constructs/function.ts,
 * at synth) and for the bench (bench/bundles.ts), so the bench measures what is deployed (ADR 022).
 *
 * ESM, minified, source maps without their sources (a third of the size and a faster cold start; NODE_OPTIONS
 * --enable-source-maps gives stack traces), the AWS SDK left to the runtime, and code splitting: a module loaded by
 * `import()` is a chunk of its own beside `index.mjs`, read from disk only when the code first asks for it. That is
 * how libxml2-wasm (most of a bundle's bytes, ~40 ms to instantiate) stays out of every cold start: only the code
 * that parses or validates an ISO 20022 file loads it (shared/adapters/iso20022/validate.ts). The ISO schemas ship
 * beside the chunks, in xsd/, where validate.ts finds them from its own URL.
 */
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { type BuildOptions, type Metafile, buildSync } from 'esbuild';
import { validatedCatalog } from '../shared/policies';

const ROOT = join(import.meta.dirname, '..');

/** The file Lambda loads (handler `index.handler`). */
export const BUNDLE_ENTRY = 'index.mjs';

const XSD_DIR = join(ROOT, 'shared/adapters/iso20022/xsd');

/** The esbuild options of a function's bundle, from its handler module (an absolute path) into `outdir`. */
export function bundleOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outExtension: { '.js': '.mjs' },
    // Chunks sit beside index.mjs (not in a folder): validate.ts finds ./xsd/ from its chunk's own URL.
    chunkNames: '[name]-[hash]',
    minify: true,
    // Chinese text (the policies' words, the calendar, the messages) as UTF-8, three bytes a character, not \uXXXX escapes' six.
    charset: 'utf8',
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    // Some dependencies (the X-Ray SDK) are CommonJS and call require: give every ESM chunk one.
    banner: { js: 'import { createRequire as topLevelCreateRequire } from \'module\'; const require = topLevelCreateRequire(import.meta.url);' },
    logLevel: 'warning',
  };
}

export interface BundleFiles {
  /** The bytes a cold start loads: index.mjs and the chunks it imports statically, transitively (no maps). */
  readonly loadedBytes: number;
  /** The chunks only an `import()` reaches, by file name, with their bytes: loaded when the code first asks. */
  readonly lazyChunks: Readonly<Record<string, number>>;
}

/** The chunks `file` imports statically, itself included, transitively, from the build's metafile. */
function staticClosure(outputs: Metafile['outputs'], file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const imported of outputs[file]?.imports ?? []) {
    if (imported.kind === 'import-statement' && !imported.external) staticClosure(outputs, imported.path, seen);
  }
  return seen;
}

/** Bundles the handler module `entry` (absolute, or from the repository root) into `outdir` (empty or new), with xsd/ beside it. */
export function bundleFunction(entry: string, outdir: string): BundleFiles {
  // The catalog is code the bundle carries, validated here, not at every cold start (shared/policies/index.ts): an
  // invalid catalog stops `cdk synth`, and with it every deployment, naming what is wrong.
  validatedCatalog();
  const result = buildSync({ ...bundleOptions(resolve(ROOT, entry), outdir), metafile: true });
  if (result.errors.length > 0) throw new Error(`bundling ${entry} failed: ${result.errors.map((e) => e.text).join('; ')}`);
  cpSync(XSD_DIR, join(outdir, 'xsd'), { recursive: true });
  const { outputs } = result.metafile;
  // The metafile names outputs relative to the working directory; map them to their files in outdir.
  const chunks = Object.keys(outputs).filter((file) => file.endsWith('.mjs'));
  const index = chunks.find((file) => basename(file) === BUNDLE_ENTRY);
  assert(index !== undefined, `esbuild wrote no ${BUNDLE_ENTRY} for ${entry}`);
  const loaded = staticClosure(outputs, index);
  const lazyChunks: Record<string, number> = {};
  let loadedBytes = 0;
  for (const file of chunks) {
    const bytes = outputs[file]?.bytes ?? 0;
    if (loaded.has(file)) loadedBytes += bytes;
    else lazyChunks[basename(file)] = bytes;
  }
  return { loadedBytes, lazyChunks };
}
