/**
 * Builds the console (ADR 011): one esbuild pass over `console/src/main.tsx` into a static site of three files,
 * `index.html`, `app-<hash>.js` and `app-<hash>.css`, content-hashed so a CDN may cache them for a year while
 * `index.html` and the runtime `config.json` are always revalidated. The same build serves `npm start`, the browser
 * tests and the CDK stack (which uploads the directory to the console bucket).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface ConsoleBuild {
  readonly dir: string;
  /** Each file of the site by name, with its bytes. */
  readonly files: ReadonlyMap<string, Buffer>;
}

/** Bundles the site in memory: each file by name, with its bytes. */
export function bundleConsole(): ReadonlyMap<string, Buffer> {
  const result = buildSync({
    entryPoints: { app: join(HERE, 'src/main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'chrome120', 'firefox120', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    outdir: '/console-site',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    tsconfig: join(HERE, 'tsconfig.json'),
  });
  const files = new Map<string, Buffer>();
  for (const out of result.outputFiles) files.set(basename(out.path), Buffer.from(out.contents));
  const names = [...files.keys()];
  const js = names.find((n) => n.endsWith('.js'));
  const css = names.find((n) => n.endsWith('.css'));
  if (js === undefined) throw new Error('the console build wrote no script');
  const html = readFileSync(join(HERE, 'index.html'), 'utf8')
    .replace('<!--script-->', `<script type="module" src="./${js}"></script>`)
    .replace('<!--style-->', css === undefined ? '' : `<link rel="stylesheet" href="./${css}">`);
  files.set('index.html', Buffer.from(html));
  return files;
}

/** Builds into `outDir` (replacing it). Synchronous, so `cdk synth` can call it. */
export function buildConsole(outDir: string = join(HERE, 'dist')): ConsoleBuild {
  const files = bundleConsole();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const [name, bytes] of files) writeFileSync(join(outDir, name), bytes);
  return { dir: outDir, files };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { dir, files } = buildConsole();
  for (const [name, bytes] of files) console.log(`${join(dir, name)}  ${bytes.length} bytes`);
}
