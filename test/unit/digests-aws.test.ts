/**
 * The AWS digest adapters (ADR 012) against fakes, since nothing here reaches AWS: a fake KMS client that signs as
 * KMS does (MessageType RAW, ECDSA_SHA_256: SHA-256 of the message, then ECDSA P-256, DER) with a real P-256 key from
 * node:crypto, and a fake S3 client that keeps objects in a map and answers as S3 does for the calls the log makes
 * (If-None-Match with a 412 PreconditionFailed, ListObjectsV2 pages with continuation tokens, GetObject bodies). The
 * signatures are real, and checked by the domain's own verifier (the digest checker, signatureProblem).
 */
import { randomBytes, type KeyObject, generateKeyPairSync, sign } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { type DigestBody, type DigestKey, type SignedDigest, digestChecker, digestMessage, planDigests, signatureProblem } from '../../shared/adapters/digests/node-digest';
import { DigestKeyError, kmsSigner } from '../../shared/adapters/digests/kms';
import type { DigestSigner } from '../../shared/app/digests/ports';
import { digestObjectKey, lastSignedSeq, s3DigestLog } from '../../shared/adapters/digests/s3';
import { digestsFromEnv } from '../../shared/adapters/digests/from-env';
import { ConfigurationError } from '../../functions/runtime';

const KEY_ARN = 'arn:aws:kms:cn-north-1:111122223333:key/0d8f7a1e-2b3c-4d5e-8f90-123456789abc';

/** A KMS client that holds one P-256 key; `spec` lets a test hand out a key of another kind. */
function fakeKms(keys = generateKeyPairSync('ec', { namedCurve: 'P-256' }), spec = 'ECC_NIST_P256') {
  const calls: string[] = [];
  const client = {
    send: async (command: unknown) => {
      if (command instanceof SignCommand) {
        const { KeyId, Message, MessageType, SigningAlgorithm } = command.input;
        calls.push(`Sign ${KeyId} ${MessageType} ${SigningAlgorithm}`);
        // KMS in RAW mode with ECDSA_SHA_256 hashes the message with SHA-256 and signs that: node's sign('sha256') does the same.
        return { KeyId, SigningAlgorithm, Signature: new Uint8Array(sign('sha256', Buffer.from(Message as Uint8Array), keys.privateKey)) };
      }
      if (command instanceof GetPublicKeyCommand) {
        calls.push(`GetPublicKey ${command.input.KeyId}`);
        const der = keys.publicKey.export({ format: 'der', type: 'spki' });
        return { KeyId: KEY_ARN, KeySpec: spec, KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['ECDSA_SHA_256'], PublicKey: new Uint8Array(der) };
      }
      throw new Error(`the fake KMS does not answer ${String(command)}`);
    },
  };
  return { client: client as unknown as KMSClient, calls, publicKey: keys.publicKey as KeyObject };
}

const hash = () => randomBytes(32).toString('hex');
/** When the test's entries were written: they are all signed, so it only has to be a time. */
const AT = '2026-11-22T08:00:00.000Z';
const entries = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, hash: hash() }));

async function signed(signer: DigestSigner, body: DigestBody): Promise<SignedDigest> {
  return { ...body, keyId: signer.keyId, signature: (await signer.sign(digestMessage(body))).toString('base64') };
}

const keyMap = (keys: DigestKey[]) => new Map(keys.map((k) => [k.kid, k]));

describe('the KMS signer', () => {
  it('signs digests that the digest checker accepts, asking KMS for RAW ECDSA_SHA_256 with the key ARN', async () => {
    const kms = fakeKms();
    const signer = kmsSigner(kms.client, KEY_ARN);
    const ledger = entries(1, 300);
    const digests = await Promise.all(planDigests('130000', ledger, '2026-11-22T08:00:00.000Z').map(async (b) => signed(signer, b)));
    expect(digests.map((d) => [d.fromSeq, d.seq])).toEqual([[1, 256], [257, 300]]);
    const checker = digestChecker('130000', keyMap(await signer.publicKeys()));
    for (const d of digests) await checker.addDigest(d);
    for (const e of ledger) checker.checkEntry({ ...e, at: AT });
    expect(checker.result()).toEqual({ jurisdiction: '130000', ok: true, digests: 2, signedThrough: 300, unsigned: null });
    expect(new Set(kms.calls)).toEqual(new Set([`Sign ${KEY_ARN} RAW ECDSA_SHA_256`, `GetPublicKey ${KEY_ARN}`]));
  });

  it('names the key by its ARN and answers it as an ES256 JWK, asking KMS once', async () => {
    const kms = fakeKms();
    const signer = kmsSigner(kms.client, KEY_ARN);
    const [first] = await signer.publicKeys();
    await signer.publicKeys();
    expect(signer.keyId).toBe(KEY_ARN);
    const jwk = kms.publicKey.export({ format: 'jwk' });
    expect(first).toEqual({ kid: KEY_ARN, kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, alg: 'ES256' });
    expect(kms.calls.filter((c) => c.startsWith('GetPublicKey'))).toHaveLength(1);
  });

  it('refuses a digest signed by another P-256 key under the same key id', async () => {
    const ours = kmsSigner(fakeKms().client, KEY_ARN);
    const forger = kmsSigner(fakeKms().client, KEY_ARN);
    const [body] = planDigests('130000', entries(1, 3), '2026-11-22T08:00:00.000Z');
    const forged = await signed(forger, body as DigestBody);
    const keys = keyMap(await ours.publicKeys());
    expect(signatureProblem(forged, keys)).toBe('its signature does not verify with the digest key');
    expect(signatureProblem(await signed(ours, body as DigestBody), keys)).toBeNull();
    const checker = digestChecker('130000', keys);
    await checker.addDigest(forged);
    expect(checker.result()).toMatchObject({ ok: false, badSeq: 1 });
  });

  it('names the first entry altered after it was signed', async () => {
    const signer = kmsSigner(fakeKms().client, KEY_ARN);
    const ledger = entries(1, 10);
    const checker = digestChecker('350000', keyMap(await signer.publicKeys()));
    for (const b of planDigests('350000', ledger, '2026-11-22T08:00:00.000Z')) await checker.addDigest(await signed(signer, b));
    for (const e of ledger) checker.checkEntry({ ...(e.seq === 7 ? { ...e, hash: hash() } : e), at: AT });
    expect(checker.result()).toMatchObject({ ok: false, badSeq: 7 });
  });

  it('refuses a key that is not ECC_NIST_P256 for signing, and asks again after a failure', async () => {
    const kms = fakeKms(undefined, 'RSA_2048');
    const signer = kmsSigner(kms.client, KEY_ARN);
    await expect(signer.publicKeys()).rejects.toThrow(DigestKeyError);
    await expect(signer.publicKeys()).rejects.toThrow(/RSA_2048/);
    expect(kms.calls.filter((c) => c.startsWith('GetPublicKey'))).toHaveLength(2);
  });
});

/** S3 as the log uses it: conditional puts, listed pages with continuation tokens, object bodies. */
function fakeS3(options: { conflictsFirst?: number } = {}) {
  const objects = new Map<string, string>();
  const tokens = new Map<string, string>();
  const puts: Array<Record<string, unknown>> = [];
  let conflicts = options.conflictsFirst ?? 0;
  const fail = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  const client = {
    send: async (command: unknown) => {
      if (command instanceof PutObjectCommand) {
        const { Key, Body, IfNoneMatch } = command.input as { Key: string; Body: string; IfNoneMatch?: string };
        puts.push({ ...command.input });
        if (conflicts-- > 0) throw fail('ConditionalRequestConflict', 409);
        if (IfNoneMatch === '*' && objects.has(Key)) throw fail('PreconditionFailed', 412);
        objects.set(Key, Body);
        return {};
      }
      if (command instanceof ListObjectsV2Command) {
        const { Prefix = '', MaxKeys = 1000, ContinuationToken, StartAfter } = command.input;
        const after = ContinuationToken === undefined ? (StartAfter ?? '') : tokens.get(ContinuationToken);
        if (after === undefined) throw fail('InvalidArgument', 400);
        const keys = [...objects.keys()].filter((k) => k.startsWith(Prefix) && k > after).sort();
        const page = keys.slice(0, MaxKeys);
        const truncated = keys.length > page.length;
        const token = randomBytes(24).toString('base64');
        if (truncated) tokens.set(token, page.at(-1) as string);
        const next = truncated ? { NextContinuationToken: token } : {};
        return { Contents: page.map((Key) => ({ Key })), KeyCount: page.length, IsTruncated: truncated, ...next };
      }
      if (command instanceof GetObjectCommand) {
        const body = objects.get(command.input.Key as string);
        if (body === undefined) throw fail('NoSuchKey', 404);
        return { ContentLength: Buffer.byteLength(body), Body: { transformToString: async () => body } };
      }
      throw new Error(`the fake S3 does not answer ${String(command)}`);
    },
  };
  return { client: client as unknown as S3Client, objects, puts };
}

const digest = (jurisdiction: string, fromSeq: number, seq: number, at = '2026-11-22T08:00:00.000Z'): SignedDigest => {
  const [body] = planDigests(jurisdiction, entries(fromSeq, seq), at);
  return { ...(body as DigestBody), keyId: KEY_ARN, signature: randomBytes(70).toString('base64') };
};

describe('the Object Lock digest log', () => {
  it('names a digest\'s object by its range, zero-padded, so the names sort as the ranges do', () => {
    expect(digestObjectKey({ jurisdiction: '130100', fromSeq: 1, seq: 256 })).toBe('digests/130100/000000000256-000000000001.json');
    expect(digestObjectKey({ jurisdiction: '130100', fromSeq: 257, seq: 300 }) > digestObjectKey({ jurisdiction: '130100', fromSeq: 9, seq: 99 })).toBe(true);
    expect(() => digestObjectKey({ jurisdiction: '../x', fromSeq: 1, seq: 1 })).toThrow(/6-digit/);
  });

  it('writes a digest once, as JSON, only if absent: appending it again (a retried run) keeps the first', async () => {
    const s3 = fakeS3();
    const log = s3DigestLog(s3.client, 'digests-bucket');
    const first = digest('130000', 1, 5);
    await log.append(first);
    await log.append({ ...first, at: '2026-11-22T08:05:00.000Z' });
    expect([...s3.objects.keys()]).toEqual(['digests/130000/000000000005-000000000001.json']);
    expect(JSON.parse(s3.objects.get('digests/130000/000000000005-000000000001.json') as string)).toEqual(first);
    expect(s3.puts[0]).toMatchObject({ Bucket: 'digests-bucket', IfNoneMatch: '*', ContentType: 'application/json', ChecksumAlgorithm: 'SHA256' });
    expect((await log.list('130000', { cursor: null, limit: 10 })).items).toEqual([first]);
  });

  it('asks again when S3 reports a conflicting write of the same name (409), a bounded number of times', async () => {
    const twice = fakeS3({ conflictsFirst: 2 });
    await s3DigestLog(twice.client, 'b').append(digest('130000', 1, 1));
    expect(twice.objects.size).toBe(1);
    const always = fakeS3({ conflictsFirst: 3 });
    await expect(s3DigestLog(always.client, 'b').append(digest('130000', 1, 1))).rejects.toThrow('ConditionalRequestConflict');
  });

  it('lists one jurisdiction\'s digests in the order of their ranges, a page at a time, with cursors', async () => {
    const s3 = fakeS3();
    const log = s3DigestLog(s3.client, 'b');
    const ranges: Array<[number, number]> = [[1, 9], [10, 99], [100, 100], [101, 356], [357, 1000]];
    const written = ranges.map(([from, to]) => digest('130000', from, to));
    for (const d of [...written].reverse()) await log.append(d);
    await log.append(digest('350000', 1, 3));
    const pages: SignedDigest[][] = [];
    let cursor: string | null = null;
    do {
      const page = await log.list('130000', { cursor, limit: 2 });
      pages.push(page.items);
      cursor = page.cursor;
    } while (cursor !== null);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(written);
    expect((await log.list('350000', { cursor: null, limit: 50 })).items.map((d) => d.jurisdiction)).toEqual(['350000']);
    expect(await log.list('130100', { cursor: null, limit: 50 })).toEqual({ items: [], cursor: null });
  });

  it('finds the digest covering an entry with one listing and one read, by the names\' order', async () => {
    const { client } = fakeS3();
    const log = s3DigestLog(client, 'digests-bucket');
    for (const [from, to] of [[1, 256], [257, 300], [301, 301]] as const) await log.append(digest('130000', from, to));
    expect([(await log.covering('130000', 1))?.seq, (await log.covering('130000', 256))?.seq, (await log.covering('130000', 257))?.seq, (await log.covering('130000', 301))?.seq])
      .toEqual([256, 256, 300, 301]);
    expect(await log.covering('130000', 302)).toBeNull();
    expect(await log.covering('130100', 1)).toBeNull();
  });

  it('tells where signing really stopped by the names alone: whether a digest ends at an entry, and the last one', async () => {
    const s3 = fakeS3();
    const calls: string[] = [];
    const send = async (command: { constructor: { name: string } }) => (calls.push(command.constructor.name), s3.client.send(command as never));
    const counting = { send } as unknown as S3Client;
    const log = s3DigestLog(counting, 'digests-bucket');
    expect(await log.lastSigned('130000')).toBe(0);
    for (const [from, to] of [[1, 256], [257, 300], [301, 301], [302, 557]] as const) await log.append(digest('130000', from, to));
    await log.append(digest('130100', 89_900, 90_000));
    calls.length = 0;
    expect([await log.endsAt('130000', 300), await log.endsAt('130000', 299), await log.endsAt('130000', 558)]).toEqual([true, false, false]);
    expect(calls).toEqual(Array(3).fill('ListObjectsV2Command'));
    calls.length = 0;
    expect(await log.lastSigned('130000')).toBe(557);
    // A binary search over twelve-digit names: tens of listings for a trillion entries, and no digest read.
    expect(calls.length).toBeLessThanOrEqual(45);
    expect(new Set(calls)).toEqual(new Set(['ListObjectsV2Command']));
    expect(await log.lastSigned('130100')).toBe(90_000);
    expect(await lastSignedSeq(async (n) => (n <= 1 ? 1 : null))).toBe(1);
  });

  it('refuses a cursor S3 did not issue as not a digest cursor (the route answers 400), and a page over 50', async () => {
    const log = s3DigestLog(fakeS3().client, 'b');
    await expect(log.list('130000', { cursor: 'bm90LWEtdG9rZW4=', limit: 5 })).rejects.toThrow(new RangeError('not a digest cursor'));
    await expect(log.list('130000', { cursor: null, limit: 51 })).rejects.toThrow(/1 to 50/);
  });
});

describe('digestsFromEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['DIGEST_DIR', 'DIGEST_KEY_ARN', 'DIGEST_BUCKET', 'AWS_REGION']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('uses the KMS key and the Object Lock bucket when both are named, without calling AWS', async () => {
    delete process.env.DIGEST_DIR;
    process.env.AWS_REGION ??= 'cn-north-1';
    process.env.DIGEST_KEY_ARN = KEY_ARN;
    process.env.DIGEST_BUCKET = 'digests-bucket';
    const { signer } = await digestsFromEnv();
    expect(signer.keyId).toBe(KEY_ARN);
  });

  it('refuses to start with only one of the two', async () => {
    delete process.env.DIGEST_DIR;
    process.env.DIGEST_KEY_ARN = KEY_ARN;
    delete process.env.DIGEST_BUCKET;
    await expect(digestsFromEnv()).rejects.toThrow(ConfigurationError);
  });
});
