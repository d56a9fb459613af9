/**
 * One table of ledgers against their signed digests (ADR 012), run through both verifiers an auditor has: the CLI's
 * (`awards verify --digests`, node:crypto) and the console's (the browser's WebCrypto, which Node provides too), each
 * reading the real HTTP API in this process over DynamoDB Local. Both must reach the same verdict on every row, and
 * the verdict each row expects: a rewritten entry, a rewrite signed again after the bookmark was set back, a foreign
 * or forged signature, a malformed digest, a cut chain, entries never signed, and entries signed too late.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAgainstDigests } from '../../cli/digests';
import { type ReadApi, checkJurisdiction } from '../../console/src/digest-check';
import { createHandler as createApi } from '../../functions/api/app';
import { fileDigestLog, signerOf } from '../../shared/adapters/digests/local';
import type { DigestLog, DigestSigner } from '../../shared/app/digests/ports';
import { signDigests } from '../../shared/app/digests/run';
import { type DigestBody, type DigestKey, planDigests } from '../../shared/adapters/digests/node-digest';
import { CATALOG } from '../../shared/policies';
import type { AwardStore } from '../../shared/store/store';
import { designAward } from '../support/awards';
import { alterUnderOldHash, cutAfter, es256Signer, fourApprovedAwards, ledgerOf, rewriteEntry, serveApi, setBookmark, signBody } from '../support/digests';
import { TEST_PERSON_KEY } from '../support/events';
import { quietObservability } from '../support/lambda';
import { memoryFiles, testDigests } from '../support/payments';
import { freshStore } from '../support/store';

const J = '130000';
const PERIOD_SECONDS = 60;
const MINUTE_MS = 60_000;
const OTHER_KEY = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIHlpGa+Y5MgsxxUSeomapslLLODy64WDeUANsqevxVc5\n-----END PRIVATE KEY-----\n';

interface Ledger {
  readonly store: AwardStore;
  readonly signer: DigestSigner;
  readonly log: DigestLog;
  readonly dir: string;
}

/** Signs what the signer would sign now, as the schedule does. */
const signNow = async (l: Ledger) => signDigests(l.store, { signer: l.signer, log: l.log }, [J], { now: new Date() });
const bodies = async (l: Ledger, from: number, to: number): Promise<DigestBody[]> =>
  planDigests(J, (await ledgerOf(l.store, J)).filter((e) => e.seq >= from && e.seq <= to), new Date().toISOString());

interface Row {
  readonly name: string;
  /** Makes the ledger and its digests what the row says; answers the instant the verifier checks at. */
  readonly make: (l: Ledger) => Promise<number>;
  readonly verdict: Record<string, unknown>;
}

const rows: Row[] = [
  {
    name: 'an untouched ledger, every entry signed',
    make: async (l) => (await signNow(l), Date.now()),
    verdict: { ok: true, digests: 1, signedThrough: 9, unsigned: null },
  },
  {
    name: 'an entry rewritten after it was signed, every later hash and the head recomputed',
    make: async (l) => (await signNow(l), await rewriteEntry(l.store, J, 5, (e) => ({ ...e, actor: 'zhao.nobody' })), Date.now()),
    verdict: { ok: false, badSeq: 5, reason: expect.stringContaining('entry 5 has hash') },
  },
  {
    name: 'an entry rewritten and re-chained, then the bookmark set back so the signer signs the rewrite too',
    make: async (l) => {
      await signNow(l);
      await rewriteEntry(l.store, J, 2, (e) => ({ ...e, actor: 'zhao.nobody' }));
      await setBookmark(l.store, J, 0);
      await signNow(l);
      return Date.now();
    },
    verdict: { ok: false, badSeq: 2, reason: expect.stringContaining('two signed digests disagree about entry 2') },
  },
  {
    name: 'an entry\'s content changed under its old hash, after it was signed (the stated hashes all agree)',
    make: async (l) => (await signNow(l), await alterUnderOldHash(l.store, J, 3, (e) => ({ ...e, note: 'TAMPERED: paid to 某某空壳公司' })), Date.now()),
    verdict: { ok: false, badSeq: 3, reason: expect.stringContaining('entry 3\'s content does not hash to its hash') },
  },
  {
    name: 'an entry\'s content changed under its old hash, not yet signed',
    make: async (l) => (await alterUnderOldHash(l.store, J, 9, (e) => ({ ...e, actor: 'zhao.nobody' })), Date.now()),
    verdict: { ok: false, badSeq: 9, reason: expect.stringContaining('entry 9\'s content does not hash to its hash') },
  },
  {
    name: 'a digest signed by a key that is not the ledger\'s',
    make: async (l) => (await signDigests(l.store, { signer: signerOf(OTHER_KEY), log: l.log }, [J], { now: new Date() }), Date.now()),
    verdict: { ok: false, badSeq: 1, reason: expect.stringContaining('not a digest key of this ledger') },
  },
  {
    name: 'a digest that names the ledger\'s key but was signed with another',
    make: async (l) => {
      const [body] = await bodies(l, 1, 9);
      const forged = await signBody(signerOf(OTHER_KEY), body!);
      await l.log.append({ ...forged, keyId: l.signer.keyId });
      return Date.now();
    },
    verdict: { ok: false, badSeq: 1, reason: expect.stringContaining('signature does not verify') },
  },
  {
    name: 'a malformed digest (a hash missing from its range), properly signed',
    make: async (l) => {
      const [body] = await bodies(l, 1, 9);
      await l.log.append(await signBody(l.signer, { ...body!, hashes: body!.hashes.slice(1) }));
      return Date.now();
    },
    verdict: { ok: false, badSeq: 1, reason: expect.stringContaining('malformed') },
  },
  {
    name: 'a digest of another jurisdiction among this one\'s',
    make: async (l) => {
      const [body] = await bodies(l, 1, 9);
      await signNow(l);
      // Written into this jurisdiction's file, as someone who can write the log's storage would.
      appendFileSync(join(l.dir, `${J}.jsonl`), `${JSON.stringify(await signBody(l.signer, { ...body!, jurisdiction: '130100' }))}\n`);
      return Date.now();
    },
    verdict: { ok: false, badSeq: 1, reason: expect.stringContaining('130100') },
  },
  {
    name: 'signed entries cut from the end of the chain',
    make: async (l) => (await signNow(l), await cutAfter(l.store, J, 7), Date.now()),
    verdict: { ok: false, badSeq: 8, reason: expect.stringContaining('entries 8..9 were signed but are no longer in the ledger') },
  },
  {
    name: 'entries never signed before the last signed one (a bookmark moved forward past them)',
    make: async (l) => {
      for (const [from, to] of [[1, 3], [6, 9]] as const) for (const body of await bodies(l, from, to)) await l.log.append(await signBody(l.signer, body));
      return Date.now();
    },
    verdict: { ok: false, badSeq: 4, reason: expect.stringContaining('entries 4..5 were never signed') },
  },
  {
    name: 'entries written after the last digest, within two digest periods',
    make: async (l) => (await signNow(l), await l.store.recordAwards(designAward(7_000_00, 'DIGEST-LATER')), Date.now()),
    verdict: { ok: true, digests: 1, signedThrough: 9, unsigned: { fromSeq: 10, count: 1, since: expect.any(String) } },
  },
  {
    name: 'entries written after the last digest and older than two digest periods (signing stopped)',
    make: async (l) => (await signNow(l), await l.store.recordAwards(designAward(7_000_00, 'DIGEST-STALE')), Date.now() + 3 * PERIOD_SECONDS * 1000),
    verdict: { ok: false, badSeq: 10, reason: expect.stringMatching(/^1 entry from entry 10 not signed since .+, more than two digest periods \(2 × 60 s\)/) },
  },
  {
    name: 'a ledger never signed at all, its first entry older than two digest periods',
    make: async () => Date.now() + 10 * MINUTE_MS,
    verdict: { ok: false, badSeq: 1, digests: 0, reason: expect.stringContaining('9 entries from entry 1 not signed since') },
  },
];

let api: Awaited<ReturnType<typeof serveApi>>;
let current: ReturnType<typeof createApi> | null = null;
let read: ReadApi;

beforeAll(async () => {
  api = await serveApi(() => {
    if (current === null) throw new Error('no ledger is being served');
    return current;
  });
  const token = await api.token('qian', ['auditor']);
  Object.assign(process.env, { AWARDS_API_URL: api.url, AWARDS_TOKEN: token });
  // The console's reader as its api.ts `get` reads: the query without its empty values, the bearer token, the JSON.
  read = async <T>(path: string, query: Record<string, string | null>): Promise<T> => {
    const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== null && e[1] !== ''));
    const response = await fetch(`${api.url}${path}${q.size > 0 ? `?${q}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
});

afterAll(async () => {
  await api?.close();
});

const SIGNERS: ReadonlyArray<[string, () => DigestSigner]> = [
  ['an Ed25519 key (this machine)', () => testDigests().signer],
  ['an ES256 key (KMS)', () => es256Signer()],
];

describe.each(SIGNERS)('verified by the CLI and by the console, signed with %s', (_kind, makeSigner) => {
  it.each(rows.map((r) => [r.name, r]))('%s', async (_name, row) => {
    const { store } = await freshStore();
    const { dir } = testDigests();
    const ledger: Ledger = { store, signer: makeSigner(), log: fileDigestLog(dir), dir };
    await fourApprovedAwards(store, J);
    const at = await row.make(ledger);
    const digests = { signer: ledger.signer, log: ledger.log };
    current = createApi({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: memoryFiles(), digests });
    const options = { now: new Date(at), periodSeconds: PERIOD_SECONDS };
    const keys = new Map<string, DigestKey>((await ledger.signer.publicKeys()).map((k) => [k.kid, k]));
    const [cli] = await verifyAgainstDigests([J], options);
    const web = await checkJurisdiction(J, keys, () => undefined, { ...options, read });
    expect(cli, 'the CLI\'s verdict').toMatchObject({ jurisdiction: J, ...row.verdict });
    expect(web, 'the console\'s verdict is the CLI\'s').toEqual(cli);
  });
});
