/**
 * The functions as they are deployed (infra/stack.ts): ESM, minified, source maps without their sources, the AWS SDK
 * left to the runtime; cold init with `--enable-source-maps` (the stack's NODE_OPTIONS), against an empty handler
 * that builds the same SDK clients. Runs are interleaved (every bundle once per round) so drift in the machine's
 * load falls on all of them alike; the median of the rounds is reported.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { fmt, median, notes, row } from './report';
import { sized } from './scale';

const ROOT = join(import.meta.dirname, '..');
const FUNCTIONS = {
  'award-intake': 'functions/award-intake/handler.ts',
  'api': 'functions/api/handler.ts',
  'payment-run': 'functions/payment-run/handler.ts',
  'bank-inbound': 'functions/bank-inbound/handler.ts',
  'budget-sweeper': 'functions/budget-sweeper/handler.ts',
} as const;
const ROUNDS = sized(15, 1);

const EMPTY = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const clients = [DynamoDBDocumentClient.from(new DynamoDBClient({})), new SQSClient({})];
export const handler = async () => clients.length;
`;

export async function benchBundles(out: string): Promise<void> {
  const dir = join(out, 'bundles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'empty.ts'), EMPTY);
  const entries: Record<string, string> = { empty: join(dir, 'empty.ts'), ...Object.fromEntries(Object.entries(FUNCTIONS).map(([name, entry]) => [name, join(ROOT, entry)])) };
  const sizes: Record<string, number> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const outfile = join(dir, `${name}.mjs`);
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      sourcemap: true,
      sourcesContent: false,
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*'],
      banner: { js: 'import { createRequire as topLevelCreateRequire } from \'module\'; const require = topLevelCreateRequire(import.meta.url);' },
      logLevel: 'silent',
    });
    sizes[name] = statSync(outfile).size;
  }
  writeFileSync(join(dir, 'person-key'), 'bench person key: long enough to be a key, not a secret');
  // What each function is told by the stack (its environment), pointed at local stand-ins: a function that needs a
  // variable at import stops the bench otherwise (issue 19).
  const env = {
    ...process.env, TABLE_NAME: 't', PERSON_KEY_FILE: join(dir, 'person-key'), PAYMENTS_DIR: join(dir, 'payments'), DIGEST_DIR: join(dir, 'digests'),
    SIMULATIONS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/bench-simulations', DIGEST_FUNCTION_NAME: 'bench-ledger-digest',
    AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
  const runs: Record<string, number[]> = Object.fromEntries(Object.keys(entries).map((name) => [name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of Object.keys(entries)) {
      const file = join(dir, `${name}.mjs`);
      const script = `const t=performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now()-t)`;
      runs[name]?.push(Number(execFileSync(process.execPath, ['--enable-source-maps', '--no-warnings', '--input-type=module', '-e', script], { env, cwd: ROOT }).toString().trim()));
    }
  }
  const empty = median(runs.empty ?? []);
  for (const name of Object.keys(FUNCTIONS)) {
    row(`bundle size: ${name}`, `${fmt((sizes[name] ?? 0) / 1024)} KiB`, `the limit: ${fmt(350)} KiB`, (sizes[name] ?? 0) / 1024 / 350);
    row(`cold init: ${name}`, `${fmt(median(runs[name] ?? []))} ms`, `empty handler with the same SDK clients: ${fmt(empty)} ms`, median(runs[name] ?? []) / empty);
  }
  notes.push(`Cold init is the median of ${ROUNDS} fresh Node processes importing the bundle with --enable-source-maps, as deployed (module load and cold-start construction, no invocation), interleaved with the empty handler's. The SDK is external, as in Lambda.`);
}
