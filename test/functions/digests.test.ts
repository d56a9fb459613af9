/**
 * The API and the digests (ADR 012, issue 19 finding 12): the API never signs. "Sign now" (POST /ledger/digests) runs
 * ledger-digest and answers what it signed: in AWS a synchronous Lambda Invoke, here the local stack's Lambda endpoint,
 * reached with the real SDK client. GET /ledger/digest-key tells verifiers the keys and the period they are signed on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createApi } from '../../functions/api/app';
import { DigestRunError, apiDigestsFromEnv, ledgerDigestInvoker } from '../../shared/adapters/digests/from-env';
import { type LambdaEndpoint, startLambdaEndpoint } from '../../infra/local/lambda-endpoint';
import { CATALOG } from '../../shared/policies';
import type { AwardStore } from '../../shared/store/store';
import { apiDigests, fourApprovedAwards } from '../support/digests';
import { TEST_PERSON_KEY } from '../support/events';
import { apiEvent, lambdaContext, quietObservability } from '../support/lambda';
import { memoryFiles, testDigests } from '../support/payments';
import { freshStore, people } from '../support/store';

const J = '130000';
let store: AwardStore;
let endpoint: LambdaEndpoint;
const saved = { ...process.env };

beforeAll(async () => {
  ({ store } = await freshStore());
  await fourApprovedAwards(store, J);
  endpoint = await startLambdaEndpoint({ context: lambdaContext, log: () => undefined });
});

afterAll(async () => {
  await endpoint?.stop();
  process.env = saved;
});

const api = (digests: Parameters<typeof createApi>[0]['digests']) =>
  createApi({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: memoryFiles(), digests });

describe('signing on demand', () => {
  it('answers the runs of ledger-digest, which signed them: the API holds no signer', async () => {
    const digests = testDigests();
    const through = apiDigests(store, digests, [J]);
    expect(Object.keys(through.signer)).not.toContain('sign');
    const answer = await api(through)(apiEvent({ routeKey: 'POST /ledger/digests', principal: people.auditor() }), lambdaContext('api'));
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body ?? '{}')).toEqual({ runs: [{ jurisdiction: J, digests: 1, entries: 9, signedThrough: 9, bookmarkRefused: null }] });
    expect((await digests.log.list(J, { cursor: null, limit: 10 })).items.map((d) => [d.fromSeq, d.seq, d.keyId])).toEqual([[1, 9, digests.signer.keyId]]);
  });

  it('answers 503 where no function to sign with was given, and signs nothing', async () => {
    const { signer, log } = testDigests();
    const answer = await api({ signer, log })(apiEvent({ routeKey: 'POST /ledger/digests', principal: people.auditor() }), lambdaContext('api'));
    expect([answer.statusCode, JSON.parse(answer.body ?? '{}').error.code]).toEqual([503, 'UNAVAILABLE']);
    expect((await log.list(J, { cursor: null, limit: 10 })).items).toEqual([]);
  });

  it('tells verifiers the keys and the signing period', async () => {
    const { signer, log } = testDigests();
    const answer = await api({ signer, log, periodSeconds: 300 })(apiEvent({ routeKey: 'GET /ledger/digest-key', principal: people.auditor() }), lambdaContext('api'));
    expect(JSON.parse(answer.body ?? '{}')).toEqual({ keys: await signer.publicKeys(), periodSeconds: 300 });
  });
});

describe('ledger-digest invoked through Lambda\'s Invoke API (the local endpoint, the real SDK client)', () => {
  it('answers the function\'s runs; a function that throws is a DigestRunError with its message', async () => {
    Object.assign(process.env, { AWS_ENDPOINT_URL_LAMBDA: endpoint.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', DIGEST_FUNCTION_NAME: 'ledger-digest' });
    const runs = [{ jurisdiction: J, digests: 2, entries: 300, signedThrough: 300, bookmarkRefused: null }];
    let invoked = 0;
    endpoint.serve('ledger-digest', async () => (invoked += 1, { digests: 2, entries: 300, runs }));
    expect(await ledgerDigestInvoker()()).toEqual(runs);
    expect(invoked).toBe(1);
    endpoint.serve('ledger-digest', async () => {
      throw new Error('signing digests failed for 1 jurisdiction(s)');
    });
    await expect(ledgerDigestInvoker()()).rejects.toThrow(DigestRunError);
    await expect(ledgerDigestInvoker()()).rejects.toThrow(/Unhandled.*signing digests failed for 1 jurisdiction/);
  });

  it('is what the API is given from its environment, with the period, and never the signer\'s sign', async () => {
    Object.assign(process.env, { DIGEST_DIR: testDigests().dir, DIGEST_PERIOD_SECONDS: '300' });
    const digests = await apiDigestsFromEnv();
    expect(Object.keys(digests.signer)).toEqual(['publicKeys']);
    expect((await digests.signer.publicKeys()).length).toBeGreaterThan(0);
    expect(digests.periodSeconds).toBe(300);
    process.env.DIGEST_PERIOD_SECONDS = 'soon';
    await expect(apiDigestsFromEnv()).rejects.toThrow(/DIGEST_PERIOD_SECONDS=soon/);
  });
});

describe('digest adapters that cannot be loaded', () => {
  it('answer 503 naming no path, log which configuration, and are tried again on the next request', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const base = mkdtempSync(join(tmpdir(), 'digest-unavailable-'));
    const dir = join(base, 'digests');
    writeFileSync(dir, 'a file where the directory should be');
    Object.assign(process.env, { DIGEST_DIR: dir, DIGEST_PERIOD_SECONDS: '' });
    const logged: unknown[] = [];
    const observability = quietObservability();
    observability.logger.error = (...args: unknown[]) => void logged.push(args);
    const digests = await apiDigestsFromEnv();
    const handler = createApi({ ...observability, store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: memoryFiles(), digests });
    const ask = () => handler(apiEvent({ routeKey: 'GET /ledger/digest-key', principal: people.auditor() }), lambdaContext('api'));
    const refused = await ask();
    expect(refused.statusCode).toBe(503);
    expect(JSON.parse(refused.body ?? '{}')).toEqual({ error: { code: 'UNAVAILABLE', message: 'the ledger digests\' signer or log is unavailable; retry shortly' } });
    expect(refused.body).not.toContain(base);
    expect(JSON.stringify(logged, (_, v: unknown) => (v instanceof Error ? v.message : v))).toContain(`DIGEST_DIR=${dir}`);
    rmSync(dir);
    const answered = await ask();
    expect(answered.statusCode).toBe(200);
    rmSync(base, { recursive: true, force: true });
  });
  it('answer 503 when the log or key fails at a call after loading (a KMS key disabled, S3 out of reach), and 200 once it is back', async () => {
    const { mkdtempSync, writeFileSync, rmSync, mkdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'digest-fails-later-'));
    Object.assign(process.env, { DIGEST_DIR: dir, DIGEST_PERIOD_SECONDS: '' });
    const digests = await apiDigestsFromEnv();
    const handler = createApi({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: memoryFiles(), digests });
    const ask = () => handler(apiEvent({ routeKey: 'GET /ledger/digests', principal: people.auditor(), query: { jurisdiction: '130000' } }), lambdaContext('api'));
    expect((await ask()).statusCode).toBe(200);
    // Hebei's log file turns into a directory under it: its next read fails as a file system does (EISDIR).
    mkdirSync(join(dir, 'log', '130000.jsonl'));
    const refused = await ask();
    expect([refused.statusCode, JSON.parse(refused.body ?? '{}').error?.code]).toEqual([503, 'UNAVAILABLE']);
    expect(refused.body).not.toContain(dir);
    rmSync(join(dir, 'log', '130000.jsonl'), { recursive: true });
    writeFileSync(join(dir, 'log', '130000.jsonl'), '');
    expect((await ask()).statusCode).toBe(200);
    rmSync(dir, { recursive: true, force: true });
  });
});
