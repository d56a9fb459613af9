/**
 * Signed digests against someone who can write the table (ADR 012), on DynamoDB Local: an approval entry is rewritten
 * (another approver's name) and every later hash and the head recomputed, so plain verification still passes; checked
 * against the signed digests, the ledger fails at exactly that entry. Digests signed by another key are refused, a
 * bookmark set back to have the tampered entries signed again shows as two digests that disagree, and a cut chain as
 * signed entries that are gone.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { fileDigestLog, signerOf } from '../../shared/adapters/digests/local';
import type { DigestLog, DigestSigner } from '../../shared/app/digests/ports';
import { signDigests } from '../../shared/app/digests/run';
import { fiscalYearOf } from '../../shared/domain/awards';
import { type DigestChecker, type SignedDigest, digestChecker, digestMessage } from '../../shared/adapters/digests/node-digest';
import { type LedgerEntry, hashEntry } from '../../shared/domain/ledger';
import { yuan } from '../../shared/domain/money';
import { ledgerPage } from '../../shared/store/ledger';
import { entryItem, headItem } from '../../shared/store/items';
import type { AwardStore } from '../../shared/store/store';
import { designAward } from '../support/awards';
import { testDigests } from '../support/payments';
import { freshStore, people } from '../support/store';
import { quietObservability } from '../support/lambda';
import { keys } from '../../shared/store/table';
import { runDigests } from '../../functions/ledger-digest/app';

const J = '130000';
const OTHER_KEY = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIHlpGa+Y5MgsxxUSeomapslLLODy64WDeUANsqevxVc5\n-----END PRIVATE KEY-----\n';

let store: AwardStore;
let digests: { signer: DigestSigner; log: DigestLog };

async function entries(): Promise<LedgerEntry[]> {
  const all: LedgerEntry[] = [];
  for (let fromSeq: number | null = 1; fromSeq !== null;) {
    const page = await ledgerPage(store.core, J, { fromSeq, limit: 100 });
    all.push(...page.entries);
    fromSeq = page.nextSeq;
  }
  return all;
}

async function allDigests(log: DigestLog = digests.log): Promise<SignedDigest[]> {
  const items: SignedDigest[] = [];
  for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
    const page = await log.list(J, { cursor, limit: 2 });
    items.push(...page.items);
    cursor = page.cursor;
  }
  return items;
}

async function againstDigests(): Promise<ReturnType<DigestChecker['result']>> {
  const checker = digestChecker(J, new Map((await digests.signer.publicKeys()).map((k) => [k.kid, k])));
  for (const d of await allDigests()) await checker.addDigest(d);
  for (const e of await entries()) checker.checkEntry(e);
  return checker.result();
}

async function plainVerification(): Promise<boolean> {
  let cursor: string | null = null;
  let ok = true;
  do {
    const step = await store.verifyStep([J], cursor);
    ok &&= step.ok;
    cursor = step.cursor;
  } while (cursor !== null);
  return ok;
}

/** What an attacker with write access to the table does: rewrite entry `seq`, then re-chain every later entry and the head. */
async function rewrite(seq: number, change: (e: LedgerEntry) => LedgerEntry): Promise<void> {
  const chain = await entries();
  let prevHash = chain[seq - 2]?.hash ?? '0'.repeat(64);
  for (const original of chain.slice(seq - 1)) {
    const body = { ...(original.seq === seq ? change(original) : original), prevHash };
    const { hash: _old, ...rest } = body;
    const entry = { ...rest, hash: hashEntry(rest) };
    await store.core.client.send(new PutCommand({ TableName: store.core.table, Item: entryItem(entry) }));
    prevHash = entry.hash;
  }
  const last = chain.at(-1)!;
  await store.core.client.send(new PutCommand({ TableName: store.core.table, Item: headItem(J, { seq: last.seq, hash: prevHash }, last.at) }));
}

beforeEach(async () => {
  ({ store } = await freshStore());
  const { signer, log } = testDigests();
  digests = { signer, log };
  await store.setAllocation(people.budgetAdmin(J), { jurisdiction: J, fiscalYear: fiscalYearOf(new Date()), allocatedFen: yuan(10_000_000) });
  for (let n = 1; n <= 4; n++) {
    const award = (await store.recordAwards(designAward(yuan(10_000 * n), `DIGEST-${n}`))).awards[0]!;
    const decided = await store.decide(award.awardId, people.approver(J, 'wang.approver'), { decision: 'approve', comment: '' });
    expect(decided.ok).toBe(true);
  }
});

describe('signed digests', () => {
  it('catch a rewritten entry whose later hashes and head were recomputed, at that entry, where plain verification passes', async () => {
    const runs = await signDigests(store, digests, [J], { now: new Date() });
    expect(runs[0]).toMatchObject({ jurisdiction: J, entries: 9, digests: 1, signedThrough: 9 });
    expect(await againstDigests()).toEqual({ jurisdiction: J, ok: true, digests: 1, signedThrough: 9, unsigned: null });
    const approval = (await entries()).find((e) => e.type === 'APPROVAL' && e.seq > 3)!;
    await rewrite(approval.seq, (e) => ({ ...e, actor: 'zhao.nobody', note: e.note.replace('wang.approver', 'zhao.nobody') }));
    expect(await plainVerification()).toBe(true);
    const verdict = await againstDigests();
    expect(verdict).toMatchObject({ ok: false, badSeq: approval.seq });
    expect(verdict.ok === false && verdict.reason).toContain(`entry ${approval.seq}`);
  });

  it('keep catching it after later entries are signed, and when the bookmark is set back to sign the rewrite', async () => {
    await signDigests(store, digests, [J], { now: new Date() });
    await rewrite(5, (e) => ({ ...e, actor: 'zhao.nobody' }));
    await store.recordAwards(designAward(yuan(7_000), 'DIGEST-LATER'));
    await signDigests(store, digests, [J], { now: new Date() });
    expect(await againstDigests()).toMatchObject({ ok: false, badSeq: 5 });
    // The attacker moves the bookmark back so the signer signs the rewritten entries too.
    await store.core.client.send(new PutCommand({ TableName: store.core.table, Item: { pk: `DIGEST#${J}`, sk: 'POINTER', lastSeq: 0 } }));
    await signDigests(store, digests, [J], { now: new Date() });
    const verdict = await againstDigests();
    expect(verdict).toMatchObject({ ok: false, badSeq: 5 });
    expect(verdict.ok === false && verdict.reason).toMatch(/two signed digests disagree|altered after it was signed/);
  });

  it('refuse digests signed by another key, or whose signature does not verify', async () => {
    const forger = signerOf(OTHER_KEY);
    const forged = fileDigestLog(testDigests().dir);
    await signDigests(store, { signer: forger, log: forged }, [J], { now: new Date() });
    const keys = new Map((await digests.signer.publicKeys()).map((k) => [k.kid, k]));
    const [byOtherKey] = await allDigests(forged);
    const checker = digestChecker(J, keys);
    await checker.addDigest(byOtherKey!);
    expect(checker.result()).toMatchObject({ ok: false, reason: expect.stringContaining('not a digest key of this ledger') });
    // A digest that names the ledger's key but was signed with another.
    const impostor = { ...byOtherKey!, keyId: digests.signer.keyId, signature: (await forger.sign(digestMessage(byOtherKey!))).toString('base64') };
    const second = digestChecker(J, keys);
    await second.addDigest(impostor);
    expect(second.result()).toMatchObject({ ok: false, reason: expect.stringContaining('signature does not verify') });
  });

  it('report signed entries that are no longer in the ledger', async () => {
    await signDigests(store, digests, [J], { now: new Date() });
    const checker = digestChecker(J, new Map((await digests.signer.publicKeys()).map((k) => [k.kid, k])));
    for (const d of await allDigests()) await checker.addDigest(d);
    for (const e of (await entries()).slice(0, 6)) checker.checkEntry(e);
    expect(checker.result()).toMatchObject({ ok: false, badSeq: 7, reason: expect.stringContaining('no longer in the ledger') });
  });

  it('page the local digest file only from cursors it issued (a line\'s start), refusing any other offset', async () => {
    await signDigests(store, digests, [J], { now: new Date() });
    await store.recordAwards(designAward(yuan(7_000), 'DIGEST-CURSOR'));
    await signDigests(store, digests, [J], { now: new Date() });
    const first = await digests.log.list(J, { cursor: null, limit: 1 });
    expect(first.cursor).not.toBeNull();
    expect((await digests.log.list(J, { cursor: first.cursor, limit: 1 })).items).toHaveLength(1);
    for (const bad of ['5', String(Number(first.cursor) - 1), '99999999', 'x']) {
      await expect(digests.log.list(J, { cursor: bad, limit: 1 })).rejects.toThrow('not a digest cursor');
    }
  });

  it('sign at most 256 entries per digest, and a second run signs only what is new', async () => {
    const first = await signDigests(store, digests, [J], { now: new Date() });
    const again = await signDigests(store, digests, [J], { now: new Date() });
    expect([first[0]!.digests, again[0]!.digests]).toEqual([1, 0]);
    expect((await allDigests()).map((d) => [d.fromSeq, d.seq])).toEqual([[1, 9]]);
  });
});

describe('a digest bookmark the signer cannot trust', () => {
  const pointer = async () => (await store.core.get(keys.digestPointer(J)))?.lastSeq;

  it('is refused when it is ahead of the head: the run signs every entry after the last signed one, counts and logs the refusal', async () => {
    await signDigests(store, digests, [J], { now: new Date() });
    // Someone who can write the table moves the bookmark far ahead, so that later entries would never be signed.
    await store.core.client.send(new PutCommand({ TableName: store.core.table, Item: { ...keys.digestPointer(J), lastSeq: 1000 } }));
    await store.recordAwards(designAward(yuan(7_000), 'DIGEST-AHEAD'));
    const obs = quietObservability();
    const counted: Array<[string, number]> = [];
    const logged: string[] = [];
    obs.metrics.addMetric = ((name: string, _unit: unknown, value: number) => void counted.push([name, value])) as unknown as typeof obs.metrics.addMetric;
    obs.logger.error = ((message: string) => void logged.push(message)) as unknown as typeof obs.logger.error;
    const ran = await runDigests({ ...obs, store, digests, jurisdictions: [J] });
    expect(ran.runs[0]).toMatchObject({ jurisdiction: J, entries: 1, signedThrough: 10, bookmarkRefused: { lastSeq: 1000, head: 10, resumedAfter: 9 } });
    expect(counted).toContainEqual(['DigestBookmarkRefused', 1]);
    expect(logged.join('\n')).toContain('digest bookmark refused');
    expect(await pointer()).toBe(10);
    expect(await againstDigests()).toMatchObject({ ok: true, signedThrough: 10, unsigned: null });
    // Repaired, it is trusted again: the next run has nothing to refuse and nothing to sign.
    const next = await signDigests(store, digests, [J], { now: new Date() });
    expect(next[0]).toMatchObject({ digests: 0, signedThrough: 10, bookmarkRefused: null });
  });

  it('is refused when it names an entry no digest ends at (moved forward within the chain), so no entry is skipped', async () => {
    await signDigests(store, digests, [J], { now: new Date() });
    await store.recordAwards(designAward(yuan(7_000), 'DIGEST-SKIP-1'));
    await store.recordAwards(designAward(yuan(8_000), 'DIGEST-SKIP-2'));
    await store.core.client.send(new PutCommand({ TableName: store.core.table, Item: { ...keys.digestPointer(J), lastSeq: 10 } }));
    const runs = await signDigests(store, digests, [J], { now: new Date() });
    expect(runs[0]).toMatchObject({ entries: 2, signedThrough: 11, bookmarkRefused: { lastSeq: 10, head: 11, resumedAfter: 9 } });
    expect((await allDigests()).map((d) => [d.fromSeq, d.seq])).toEqual([[1, 9], [10, 11]]);
    expect(await againstDigests()).toMatchObject({ ok: true, signedThrough: 11 });
  });

  it('set back to where an earlier digest ended is trusted: the signer signs again, and any rewrite since shows', async () => {
    await signDigests(store, digests, [J], { now: new Date() });
    await store.core.client.send(new PutCommand({ TableName: store.core.table, Item: { ...keys.digestPointer(J), lastSeq: 0 } }));
    const runs = await signDigests(store, digests, [J], { now: new Date() });
    expect(runs[0]).toMatchObject({ digests: 1, entries: 9, bookmarkRefused: null });
    expect(await againstDigests()).toMatchObject({ ok: true, digests: 2, signedThrough: 9 });
  });
});
