import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'cdk-synth-'));
/** A bundle must sit inside the project to resolve the AWS SDK, which Lambda's runtime provides and esbuild leaves out. */
const smoke = join(ROOT, 'cdk.out', `smoke-${process.pid}`);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(smoke, { recursive: true, force: true });
});

describe('npx cdk synth', () => {
  it('synthesises with real esbuild bundling, cdk-nag on, and no AWS credentials', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[name];
    await run('npx', ['--no-install', 'cdk', 'synth', '--quiet', '-o', out], { cwd: ROOT, env, timeout: 300_000 });
    const template = JSON.parse(readFileSync(join(out, 'AwardPipeline.template.json'), 'utf8'));
    expect(Object.keys(template.Resources).length).toBeGreaterThan(50);
    const assets = readdirSync(out).filter((d) => d.startsWith('asset.') && statSync(join(out, d)).isDirectory()).map((d) => join(out, d));
    // The seven function bundles; the other assets are the console's files and the handlers of CDK's custom resources.
    const bundles = assets.filter((d) => existsSync(join(d, 'index.mjs')));
    expect(bundles).toHaveLength(7);
    // The ISO 20022 schemas travel with every bundle (payment files and bank answers are validated at run time).
    for (const b of bundles) expect(readdirSync(join(b, 'xsd')).sort()).toEqual(['camt.053.001.08.xsd', 'camt.054.001.08.xsd', 'pain.001.001.09.xsd', 'pain.002.001.11.xsd']);
    // libxml2 is a chunk of its own beside the functions that read or write ISO 20022 files, in no cold start (ADR 022).
    const withLibxml2 = bundles.filter((b) => readdirSync(b).some((name) => /^libxml2-[A-Z0-9]+\.mjs$/.test(name)));
    expect(withLibxml2.length).toBeGreaterThanOrEqual(3);
    for (const b of bundles) expect(readFileSync(join(b, 'index.mjs'), 'utf8'), b).not.toContain('WebAssembly');

    // The console as uploaded: index.html alone in one asset (uploaded last), the hashed script and style it names in
    // another, and config.json, whose deploy-time values are markers the upload fills in.
    const holding = (name: string) => assets.filter((d) => existsSync(join(d, name)));
    const [page] = holding('index.html');
    expect(holding('index.html')).toHaveLength(1);
    expect(readdirSync(page as string)).toEqual(['index.html']);
    const named = [...readFileSync(join(page as string, 'index.html'), 'utf8').matchAll(/(?:src|href)="\.\/(app-[A-Z0-9]+\.(?:js|css))"/g)].map((m) => m[1] as string);
    expect(named.some((n) => n.endsWith('.js'))).toBe(true);
    for (const name of named) expect(holding(name), name).toHaveLength(1);
    const [configDir] = holding('config.json');
    const config = JSON.parse(readFileSync(join(configDir as string, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ apiUrl: expect.stringMatching(/^<<marker:/), auth: { kind: 'cognito', domain: expect.stringMatching(/^https:\/\/<<marker:.*\.amazoncognito\.com$/) } });

    // The API bundle, minified ESM, loads on Node and answers the health check.
    const api = bundles.map((d) => join(d, 'index.mjs')).find((f) => readFileSync(f, 'utf8').includes('GET /health'));
    expect(api).toBeDefined();
    // The whole asset: index.mjs imports the chunks beside it.
    cpSync(dirname(api as string), smoke, { recursive: true });
    process.env.TABLE_NAME = 'unused';
    process.env.AWS_REGION ??= 'us-east-1';
    // In AWS the key comes from Secrets Manager; the bundle reads a file where PERSON_KEY_FILE names one.
    writeFileSync(join(smoke, 'person-key'), 'smoke-test person key, long enough to be a key');
    process.env.PERSON_KEY_FILE = join(smoke, 'person-key');
    process.env.PAYMENTS_DIR = join(smoke, 'payments');
    // Digests as in AWS: the bundle loads the KMS and S3 clients at cold start but calls neither until it signs or lists.
    process.env.DIGEST_KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000';
    process.env.DIGEST_BUCKET = 'smoke-digests';
    // What-if: the API sends a simulation's first step here (nothing is sent unless one is started).
    process.env.SIMULATIONS_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/smoke-simulations';
    const { handler } = (await import(join(smoke, 'index.mjs'))) as { handler: (e: unknown, c: unknown) => Promise<{ statusCode: number; body: string }> };
    const context = { functionName: 'api', awsRequestId: 'smoke', getRemainingTimeInMillis: () => 1_000 };
    expect(await handler({ routeKey: 'GET /health', requestContext: { requestId: 'r' } }, context)).toMatchObject({ statusCode: 200, body: '{"status":"ok"}' });
    expect(await handler({ routeKey: 'GET /awards', requestContext: { requestId: 'r' } }, context)).toMatchObject({ statusCode: 401 });
  }, 300_000);
});
