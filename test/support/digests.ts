/**
 * Signed digests in tests (ADR 012): a ledger of one jurisdiction on DynamoDB Local, the moves of someone who can
 * write the table (rewrite an entry and re-chain the rest, cut entries off, move the digest bookmark), signers of both
 * kinds a verifier meets (Ed25519 as on this machine, ES256 as KMS signs), and the real HTTP API in this process, so
 * the CLI and the console verify what the API serves exactly as they do against a stack.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { apiGatewayListener } from '../../infra/local/api-gateway';
import { issueToken } from '../../infra/local/issuer';
import type { DigestLog, DigestSigner } from '../../shared/app/digests/ports';
import { fiscalYearOf } from '../../shared/domain/awards';
import { canonicalJson } from '../../shared/domain/canonical-json';
import type { DigestBody, DigestKey, SignedDigest } from '../../shared/adapters/digests/node-digest';
import { type LedgerEntry, hashEntry } from '../../shared/domain/ledger';
import { yuan } from '../../shared/domain/money';
import { ledgerPage } from '../../shared/store/ledger';
import { entryItem, headItem } from '../../shared/store/items';
import type { AwardStore } from '../../shared/store/store';
import { keys } from '../../shared/store/table';
import { designAward } from './awards';
import { lambdaContext, quietObservability } from './lambda';
import { testDigests } from './payments';
import { createLedgerDigest } from '../../functions/ledger-digest/app';
import type { DigestRun } from '../../shared/app/digests/run';
import { people } from './store';

/** Every entry of `jurisdiction`, in sequence. */
export async function ledgerOf(store: AwardStore, jurisdiction: string): Promise<LedgerEntry[]> {
  const all: LedgerEntry[] = [];
  for (let fromSeq: number | null = 1; fromSeq !== null;) {
    const page = await ledgerPage(store.core, jurisdiction, { fromSeq, limit: 100 });
    all.push(...page.entries);
    fromSeq = page.nextSeq;
  }
  return all;
}

/** Four approved design awards: nine entries in `jurisdiction` (an allocation, then a record and an approval each). */
export async function fourApprovedAwards(store: AwardStore, jurisdiction: string, prefix = 'DIGEST'): Promise<void> {
  await store.setAllocation(people.budgetAdmin(jurisdiction), { jurisdiction, fiscalYear: fiscalYearOf(new Date()), allocatedFen: yuan(10_000_000) });
  for (let n = 1; n <= 4; n++) {
    const award = (await store.recordAwards(designAward(yuan(10_000 * n), `${prefix}-${n}`))).awards[0]!;
    const decided = await store.decide(award.awardId, people.approver(jurisdiction, 'wang.approver'), { decision: 'approve', comment: '' });
    if (!decided.ok) throw new Error(decided.message);
  }
}

/** What an attacker with write access to the table does: rewrite entry `seq`, then re-chain every later entry and the head. */
export async function rewriteEntry(store: AwardStore, jurisdiction: string, seq: number, change: (e: LedgerEntry) => LedgerEntry): Promise<void> {
  const chain = await ledgerOf(store, jurisdiction);
  let prevHash = chain[seq - 2]?.hash ?? '0'.repeat(64);
  for (const original of chain.slice(seq - 1)) {
    const body = { ...(original.seq === seq ? change(original) : original), prevHash };
    const { hash: _old, ...rest } = body;
    const entry = { ...rest, hash: hashEntry(rest) };
    await store.core.client.send(new PutCommand({ TableName: store.core.table, Item: entryItem(entry) }));
    prevHash = entry.hash;
  }
  const last = chain.at(-1)!;
  await store.core.client.send(new PutCommand({ TableName: store.core.table, Item: headItem(jurisdiction, { seq: last.seq, hash: prevHash }, last.at) }));
}

/**
 * Changes an entry's content and keeps its old hash (review H7): what someone who can write the table does to fool a
 * verifier that compares stated hashes only. The head and every later entry stay as they were.
 */
export async function alterUnderOldHash(store: AwardStore, jurisdiction: string, seq: number, change: (e: LedgerEntry) => LedgerEntry): Promise<void> {
  const original = (await ledgerOf(store, jurisdiction))[seq - 1]!;
  await store.core.client.send(new PutCommand({ TableName: store.core.table, Item: entryItem({ ...change(original), hash: original.hash }) }));
}

/** Cuts the chain after entry `keep`: the later entries deleted and the head set back to it. */
export async function cutAfter(store: AwardStore, jurisdiction: string, keep: number): Promise<void> {
  const chain = await ledgerOf(store, jurisdiction);
  for (const e of chain.slice(keep)) {
    await store.core.client.send(new DeleteCommand({ TableName: store.core.table, Key: keys.ledgerEntry(jurisdiction, e.seq) }));
  }
  const head = chain[keep - 1]!;
  await store.core.client.send(new PutCommand({ TableName: store.core.table, Item: headItem(jurisdiction, { seq: head.seq, hash: head.hash }, head.at) }));
}

/** Sets the digest bookmark as someone who can write the table would. */
export async function setBookmark(store: AwardStore, jurisdiction: string, lastSeq: number): Promise<void> {
  await store.core.client.send(new PutCommand({ TableName: store.core.table, Item: { ...keys.digestPointer(jurisdiction), lastSeq } }));
}

/** The 32 bytes a signer signs, computed here without the domain's checks, so a test can sign a malformed body. */
export function rawMessage(body: DigestBody): Buffer {
  const { v, jurisdiction, fromSeq, seq, hash, hashes, at } = body;
  return createHash('sha256').update(canonicalJson({ v, jurisdiction, fromSeq, seq, hash, hashes, at }), 'utf8').digest();
}

/** Signs any body, well formed or not. */
export async function signBody(signer: DigestSigner, body: DigestBody): Promise<SignedDigest> {
  return { ...body, keyId: signer.keyId, signature: (await signer.sign(rawMessage(body))).toString('base64') };
}

/** A P-256 signer that signs as KMS does in RAW mode with ECDSA_SHA_256 (SHA-256 of the message, DER signature). */
export function es256Signer(keyId = 'arn:aws:kms:cn-north-1:111122223333:key/00000000-test-4000-8000-000000000256'): DigestSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const key: DigestKey = { kid: keyId, kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y), alg: 'ES256' };
  return { keyId, sign: async (message) => sign('sha256', message, { key: privateKey, dsaEncoding: 'der' }), publicKeys: async () => [key] };
}

/** The public key of an Ed25519 private key (PEM), as GET /ledger/digest-key serves it. */
export function ed25519Key(pem: string, kid: string): DigestKey {
  const jwk = createPublicKey(createPrivateKey(pem)).export({ format: 'jwk' });
  return { kid, kty: String(jwk.kty), crv: String(jwk.crv), x: String(jwk.x), alg: 'EdDSA' };
}

type Handler = Parameters<typeof apiGatewayListener>[0]['handler'];

/** The HTTP API as API Gateway presents it, in this process, over whichever API handler (createHandler) `current` answers. */
type ServedApi = { url: string; token: (user: string, groups: string[]) => Promise<string>; close: () => Promise<void> };

export async function serveApi(current: () => unknown): Promise<ServedApi> {
  let port = 0;
  const context = () => lambdaContext('api');
  const handler: Handler = (e, c) => (current() as Handler)(e, c);
  const server: Server = createServer((req, res) => apiGatewayListener({ handler, context, port, account: '000000000000', bodyBytesMax: 320 * 1024, log: () => undefined })(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    token: (user, groups) => issueToken(user, groups),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The API's digests as the stacks give them: the signer's public half, the log, and "sign now" running the ledger-digest
 * handler itself over `store` (what the local stack's Lambda endpoint and, in AWS, a synchronous Invoke do).
 */
export function apiDigests(store: AwardStore, digests: { signer: DigestSigner; log: DigestLog } = testDigests(), jurisdictions: readonly string[] = ['130000', '130100', '350000']) {
  const ledgerDigest = createLedgerDigest({ ...quietObservability(), store, digests, jurisdictions });
  const signNow = async () => ((await ledgerDigest({}, lambdaContext('ledger-digest'))) as { runs: DigestRun[] }).runs;
  return { signer: { keyId: digests.signer.keyId, publicKeys: () => digests.signer.publicKeys() }, log: digests.log, signNow };
}
