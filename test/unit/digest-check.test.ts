/**
 * The digest checker streams (issue 24, ADR 020): it holds the signed hashes of about one digest window, however long
 * the ledger, and reads the digests only as far ahead of the entries as it needs; and its verdicts are the ones the
 * checker reached before it streamed (test/support/digest-oracle.ts, which read every digest first and kept one hash
 * per signed entry), on named ledgers and on random ones: digests missing, repeated, overlapping, out of order,
 * disagreeing, refused; entries rewritten, changed under their hash, missing, repeated, cut, unsigned, foreign.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SYNTHETIC_JURISDICTION as J, syntheticEntry, syntheticLedger } from '../../bench/digest-ledger';
import { signerOf } from '../../shared/adapters/digests/local';
import { verifySignature } from '../../shared/adapters/digests/node-digest';
import { type DigestBody, DigestChecker, DigestOrderError, type DigestSource, type SignedDigest, checkDigests, digestText } from '../../shared/domain/digest-check';
import { entryHashText } from '../../shared/domain/entry-text';
import { GENESIS_HASH, type LedgerEntry } from '../../shared/domain/ledger';
import { LIMITS } from '../../shared/limits';
import { linearCheckDigests } from '../support/digest-oracle';

const WINDOW = LIMITS.digests.hashesMax;
const AT = Date.parse('2026-01-01T00:00:00.000Z');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const { privateKey } = generateKeyPairSync('ed25519');
const signer = signerOf(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
const keys = new Map((await signer.publicKeys()).map((k) => [k.kid, k]));

describe('the digest checker holds one window, not the ledger', () => {
  it('verifies 40 windows of entries holding at most two windows of signed hashes, reading digests at most that far ahead', async () => {
    const count = 40 * WINDOW + 100;
    const ledger = await syntheticLedger(count, { entriesPerPage: 1000, digestsPerPage: 2 });
    const entries = ledger.source.entries;
    let aheadMax = 0;
    // How far ahead of the entries the digests were read, each time a page of entries is asked for.
    const source: DigestSource = {
      ...ledger.source,
      entries: async function* () {
        for await (const page of entries()) {
          aheadMax = Math.max(aheadMax, ledger.read.digestHashes - (ledger.read.entries - page.length));
          yield page;
        }
      },
    };
    let held = { hashes: 0, hashesMax: 0 };
    const verdict = await checkDigests(J, source, { now: new Date(), periodSeconds: 60, retained: (r) => void (held = r) });
    expect(verdict).toEqual({ jurisdiction: J, ok: true, digests: Math.ceil(count / WINDOW), signedThrough: count, unsigned: null });
    expect(ledger.read).toEqual({ digestHashes: count, entries: count });
    // A window past the next entry, the digest that reaches past it, and the rest of that digest's page of two.
    expect(aheadMax, 'signed hashes read ahead of the entries').toBeLessThanOrEqual(4 * WINDOW);
    expect(held.hashesMax, 'signed hashes the checker held at once').toBeLessThanOrEqual(2 * WINDOW);
    expect(held.hashes, 'hashes held at the end').toBeLessThanOrEqual(WINDOW);
  });
});

describe('the checker given entries and digests by hand', () => {
  it('refuses a digest after the entries it would have to cover were checked, rather than judge them without it', async () => {
    const checker = new DigestChecker(J, keys, verifySignature, { now: new Date(soon), periodSeconds: 60 });
    await checker.addDigest(digestOf(chain, 1, 10));
    for (const e of chain.slice(0, 12)) checker.checkEntry(e);
    // Entries 11 and 12 were counted as not signed yet: a digest that reaches them, or past them, comes too late.
    await expect(checker.addDigest(digestOf(chain, 13, 20))).rejects.toThrow(DigestOrderError);
    await expect(checker.addDigest(digestOf(chain, 5, 10))).rejects.toThrow(DigestOrderError);
  });
});

/** A ledger's served entries and its digests, as a case builds them. */
interface Case {
  readonly entries: readonly LedgerEntry[];
  readonly digests: readonly SignedDigest[];
  readonly now: number;
  readonly entriesPerPage?: number;
  readonly digestsPerPage?: number;
}

function chainOf(count: number, jurisdiction = J): LedgerEntry[] {
  const chain: LedgerEntry[] = [];
  for (let seq = 1, prev = GENESIS_HASH; seq <= count; seq++) {
    const entry = syntheticEntry(seq, prev, jurisdiction);
    chain.push(entry);
    prev = entry.hash;
  }
  return chain;
}

/** Entry `seq`'s note changed and every later entry re-chained: what someone who can write the table does. */
function rewritten(count: number, seq: number): LedgerEntry[] {
  const chain: LedgerEntry[] = [];
  for (let s = 1, prev = GENESIS_HASH; s <= count; s++) {
    const entry = syntheticEntry(s, prev);
    const { hash: _old, ...body } = s === seq ? { ...entry, note: 'TAMPERED: paid to 某某空壳公司' } : entry;
    const again = { ...body, hash: sha256(entryHashText(body)) };
    chain.push(again);
    prev = again.hash;
  }
  return chain;
}

/** Signs any body, well formed or not, as the local signer would (Ed25519 over SHA-256 of its canonical JSON). */
function signed(body: DigestBody): SignedDigest {
  const message = createHash('sha256').update(digestText(body), 'utf8').digest();
  return { ...body, keyId: signer.keyId, signature: sign(null, message, privateKey).toString('base64') };
}

/** The digest of `chain`'s entries `from`..`to`, signed. */
function digestOf(chain: readonly LedgerEntry[], from: number, to: number, change: Partial<DigestBody> = {}): SignedDigest {
  const hashes = chain.slice(from - 1, to).map((e) => e.hash);
  return signed({ v: 1, jurisdiction: J, fromSeq: from, seq: to, hash: hashes.at(-1)!, hashes, at: new Date(AT).toISOString(), ...change });
}

/** Digests of consecutive runs of `size` entries over `from`..`to`. */
function digestsOf(chain: readonly LedgerEntry[], from: number, to: number, size: number = WINDOW): SignedDigest[] {
  const out: SignedDigest[] = [];
  for (let f = from; f <= to; f += size) out.push(digestOf(chain, f, Math.min(to, f + size - 1)));
  return out;
}

function sourceOf(c: Case): DigestSource {
  const paged = <T>(items: readonly T[], size: number) => async function* () {
    for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
  };
  const digests = paged(c.digests, c.digestsPerPage ?? 50);
  return { keys, verify: verifySignature, sha256: async (t) => sha256(t), digests, entries: paged(c.entries, c.entriesPerPage ?? 1000) };
}

async function bothVerdicts(c: Case) {
  const options = { now: new Date(c.now), periodSeconds: 60 };
  let held = 0;
  const streamed = await checkDigests(J, sourceOf(c), { ...options, retained: (r) => void (held = r.hashesMax) });
  return { streamed, before: await linearCheckDigests(J, sourceOf(c), options), held };
}

const N = 5 * WINDOW + 40;
const chain = chainOf(N);
const soon = AT + 30_000;

const named: ReadonlyArray<[string, () => Case, Record<string, unknown>]> = [
  ['every entry signed, digests read a page of one at a time', () => ({ entries: chain, digests: digestsOf(chain, 1, N), now: soon, digestsPerPage: 1 }), { ok: true, signedThrough: N }],
  ['entries signed in no digest yet, within two periods', () => ({ entries: chain, digests: digestsOf(chain, 1, N - 30), now: soon }), { ok: true, unsigned: { fromSeq: N - 29, count: 30 } }],
  ['entries signed in no digest yet, for longer than two periods', () => ({ entries: chain, digests: digestsOf(chain, 1, N - 30), now: AT + 3_600_000 }), { ok: false, badSeq: N - 29 }],
  ['digests read in one page, after every page of entries', () => ({ entries: chain, digests: digestsOf(chain, 1, N), now: soon, entriesPerPage: 7, digestsPerPage: 50 }), { ok: true }],
  ['an entry rewritten after it was signed, every later one re-chained', () => ({ entries: rewritten(N, 700), digests: digestsOf(chain, 1, N), now: soon }), { ok: false, badSeq: 700 }],
  ['an entry missing from the chain', () => ({ entries: chain.filter((e) => e.seq !== 600), digests: digestsOf(chain, 1, N), now: soon }), { ok: false, badSeq: 601 }],
  ['an entry served twice', () => ({ entries: [...chain.slice(0, 600), chain[599]!, ...chain.slice(600)], digests: digestsOf(chain, 1, N), now: soon }), { ok: false }],
  ['signed entries cut from the end', () => ({ entries: chain.slice(0, N - 300), digests: digestsOf(chain, 1, N), now: soon }), { ok: false, badSeq: N - 299 }],
  ['each digest in the log twice, one after the other (a run retried at once)', () => ({ entries: chain, digests: digestsOf(chain, 1, N).flatMap((d) => [d, d]), now: soon }), { ok: true }],
  ['signed entries cut from the end, each digest in the log twice', () => ({ entries: chain.slice(0, 100), digests: digestsOf(chain, 1, N).flatMap((d) => [d, d]), now: soon }), { ok: false, badSeq: 101 }],
  ['digests that overlap and agree', () => ({ entries: chain, digests: [...digestsOf(chain, 1, 300, 100), ...digestsOf(chain, 250, N, 200)], now: soon }), { ok: true }],
  ['digests that overlap and disagree', () => ({ entries: chain, digests: [...digestsOf(chain, 1, 500), digestOf(rewritten(N, 450), 400, 600), ...digestsOf(chain, 513, N)], now: soon }), { ok: false, badSeq: 450 }],
  ['entries never signed, the digest that ends them read after the one past them', () => ({ entries: chain, digests: [digestOf(chain, 1, 10), digestOf(chain, 262, 270), digestOf(chain, 100, 120), ...digestsOf(chain, 271, N)], now: soon }), { ok: false, badSeq: 11, reason: expect.stringContaining('entries 11..99 were never signed') }],
  ['entries never signed, though later ones were', () => ({ entries: chain, digests: [...digestsOf(chain, 1, 300), ...digestsOf(chain, 900, N)], now: soon }), { ok: false, badSeq: 301 }],
  ['the bookmark set back: the rewrite signed again long after (out of range order)', () => ({ entries: rewritten(N, 5), digests: [...digestsOf(chain, 1, N), ...digestsOf(rewritten(N, 5), 1, N)], now: soon }), { ok: false, badSeq: 5, reason: expect.stringContaining('two signed digests disagree about entry 5') }],
  ['a run retried after a crash: its digests signed twice (out of range order)', () => ({ entries: chain, digests: [...digestsOf(chain, 1, 1000), ...digestsOf(chain, 1, N)], now: soon }), { ok: true }],
  ['a digest of another jurisdiction after the entries it names', () => ({ entries: chain, digests: [...digestsOf(chain, 1, N), digestOf(chain, 1, 10, { jurisdiction: '130100' })], now: soon }), { ok: false, badSeq: 1, reason: expect.stringContaining('130100') }],
  ['a digest whose signature does not verify, after an entry fault', () => ({ entries: rewritten(N, 20), digests: [...digestsOf(chain, 1, N), { ...digestOf(chain, N - 5, N), at: 'now' }], now: soon }), { ok: false, badSeq: N - 5 }],
  ['an entry of another jurisdiction among this one\'s', () => ({ entries: [...chain.slice(0, 300), chainOf(N, '130100')[300]!, ...chain.slice(301)], digests: digestsOf(chain, 1, N), now: soon }), { ok: false, badSeq: 301 }],
];

describe('the streaming checker\'s verdict is the one before it streamed', () => {
  it.each(named)('%s', async (name, make, verdict) => {
    const { streamed, before, held } = await bothVerdicts(make());
    expect(before).toMatchObject(verdict);
    expect(streamed).toEqual(before);
    // Out of range order, the log is read again whole (every hash held, as before); otherwise two windows at most.
    if (!name.includes('out of range order')) expect(held, 'signed hashes held at once').toBeLessThanOrEqual(2 * WINDOW);
    else expect(held, 'read again whole').toBeGreaterThan(2 * WINDOW);
  });
});

const faults = ['rewrite', 'under', 'drop', 'repeat', 'cut', 'foreign'] as const;

const randomLedger = fc.record({
  count: fc.integer({ min: 1, max: 3 * WINDOW }),
  sizes: fc.array(fc.integer({ min: 1, max: WINDOW }), { minLength: 1, maxLength: 6 }),
  signedPercent: fc.integer({ min: 0, max: 100 }),
  skip: fc.option(fc.nat()),
  repeat: fc.option(fc.tuple(fc.nat(), fc.nat())),
  disagree: fc.option(fc.tuple(fc.nat(), fc.nat(), fc.nat())),
  move: fc.option(fc.tuple(fc.nat(), fc.nat())),
  refused: fc.option(fc.tuple(fc.nat(), fc.constantFrom('jurisdiction', 'signature', 'malformed'))),
  entryFault: fc.option(fc.tuple(fc.constantFrom(...faults), fc.nat())),
  late: fc.boolean(),
  entriesPerPage: fc.integer({ min: 1, max: 400 }),
  digestsPerPage: fc.integer({ min: 1, max: 6 }),
});

type RandomLedger = typeof randomLedger extends fc.Arbitrary<infer T> ? T : never;

/** The digests of a random ledger: runs of the given sizes, then one dropped, one repeated, one disagreeing, one moved, one refused. */
function randomDigests(r: RandomLedger, signedThrough: number): SignedDigest[] {
  const digests: SignedDigest[] = [];
  for (let from = 1, n = 0; from <= signedThrough; n++) {
    const to = Math.min(signedThrough, from + r.sizes[n % r.sizes.length]! - 1);
    digests.push(digestOf(chain, from, to));
    from = to + 1;
  }
  const pick = (n: number) => digests[n % Math.max(digests.length, 1)];
  const put = (at: number, d: SignedDigest | undefined) => d !== undefined && digests.splice(at % (digests.length + 1), 0, d);
  if (r.skip !== null && digests.length > 0) digests.splice(r.skip % digests.length, 1);
  if (r.repeat !== null) put(r.repeat[1], pick(r.repeat[0]));
  if (r.disagree !== null && pick(r.disagree[0]) !== undefined) {
    const d = pick(r.disagree[0])!;
    put(r.disagree[1], digestOf(rewritten(N, d.fromSeq + (r.disagree[2] % d.hashes.length)), d.fromSeq, d.seq));
  }
  if (r.move !== null && digests.length > 0) put(r.move[1], digests.splice(r.move[0] % digests.length, 1)[0]);
  if (r.refused !== null && pick(r.refused[0]) !== undefined) {
    const d = pick(r.refused[0])!;
    const [, how] = r.refused;
    const bad = how === 'jurisdiction' ? signed({ ...d, jurisdiction: '130100' }) : how === 'malformed' ? signed({ ...d, hashes: d.hashes.slice(1) }) : { ...d, signature: pick(r.refused[0] + 1)!.signature };
    put(r.refused[0] * 7, bad);
  }
  return digests;
}

/** The entries of a random ledger as served: the chain, perhaps with one fault. */
function randomEntries(r: RandomLedger): LedgerEntry[] {
  const entries = chain.slice(0, r.count);
  if (r.entryFault === null) return entries;
  const [kind, n] = r.entryFault;
  const seq = (n % r.count) + 1;
  if (kind === 'rewrite') return rewritten(r.count, seq);
  if (kind === 'under') return entries.map((e) => (e.seq === seq ? { ...e, actor: 'zhao.nobody' } : e));
  if (kind === 'drop') return entries.filter((e) => e.seq !== seq);
  if (kind === 'repeat') return [...entries.slice(0, seq), entries[seq - 1]!, ...entries.slice(seq)];
  if (kind === 'cut') return entries.slice(0, seq - 1);
  return entries.map((e) => (e.seq === seq ? chainOf(seq, '130100')[seq - 1]! : e));
}

describe('on random ledgers', () => {
  it('reaches the verdict the checker reached before it streamed', async () => {
    await fc.assert(
      fc.asyncProperty(randomLedger, async (r) => {
        const signedThrough = Math.floor((r.count * r.signedPercent) / 100);
        const now = r.late ? AT + 3_600_000 : soon;
        const { entriesPerPage, digestsPerPage } = r;
        const c: Case = { entries: randomEntries(r), digests: randomDigests(r, signedThrough), now, entriesPerPage, digestsPerPage };
        const { streamed, before, held } = await bothVerdicts(c);
        expect(streamed).toEqual(before);
        // Digests in order of their ranges' ends (as the S3 log lists them) are checked in two windows at most.
        if (c.digests.every((d, n) => n === 0 || d.seq >= c.digests[n - 1]!.seq)) expect(held, 'signed hashes held at once').toBeLessThanOrEqual(2 * WINDOW);
      }),
      { numRuns: 150, seed: 24 },
    );
  });
});
