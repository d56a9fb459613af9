/**
 * Verification against the signed digests, in the browser (ADR 012): the console trusts nothing the API says but the
 * signatures. It reads the public key(s), every digest of a jurisdiction and every entry, page by page; each digest's
 * signature is checked with WebCrypto (ES256 from KMS, Ed25519 locally) over SHA-256 of its canonical body (the
 * same canonical JSON the signer used), and each entry's hash compared with the one a digest signed.
 */
import { canonicalJson } from '../../shared/domain/canonical-json';
import { get } from './api';
import { derToRaw } from './der';
import type { LedgerEntry, Page } from './types';

export interface DigestKey { kid: string; kty: string; crv: string; x: string; y?: string; alg: 'ES256' | 'EdDSA' }
interface Digest { v: 1; jurisdiction: string; fromSeq: number; seq: number; hash: string; hashes: string[]; at: string; keyId: string; signature: string }

export type DigestVerdict
  = | { jurisdiction: string; ok: true; digests: number; signedThrough: number }
    | { jurisdiction: string; ok: false; badSeq: number; reason: string };

const bytes = (b64: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

async function message(d: Digest): Promise<Uint8Array<ArrayBuffer>> {
  const { v, jurisdiction, fromSeq, seq, hash, hashes, at } = d;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson({ v, jurisdiction, fromSeq, seq, hash, hashes, at }))));
}

async function verifies(d: Digest, key: DigestKey): Promise<boolean> {
  const signed = await message(d);
  if (key.alg === 'EdDSA') {
    const k = await crypto.subtle.importKey('jwk', { kty: key.kty, crv: key.crv, x: key.x }, { name: 'Ed25519' }, false, ['verify']);
    return crypto.subtle.verify({ name: 'Ed25519' }, k, bytes(d.signature), signed);
  }
  const k = await crypto.subtle.importKey('jwk', { kty: key.kty, crv: key.crv, x: key.x, y: key.y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, k, derToRaw(bytes(d.signature)), signed);
}

async function* pages<T>(path: string, query: Record<string, string>): AsyncGenerator<readonly T[]> {
  let cursor: string | null = null;
  for (let n = 0; n < 100_000; n++) {
    const page: Page<T> = await get<Page<T>>(path, { ...query, cursor });
    yield page.items;
    if (page.cursor === null) return;
    cursor = page.cursor;
  }
}

/** Checks one jurisdiction; `progress` is told how many digests and entries have been read. */
type Progress = (digests: number, entries: number) => void;

export async function checkJurisdiction(jurisdiction: string, keys: ReadonlyMap<string, DigestKey>, progress: Progress): Promise<DigestVerdict> {
  const signed = new Map<number, string>();
  let digests = 0;
  let lastSigned = 0;
  for await (const items of pages<Digest>('/ledger/digests', { jurisdiction, limit: '50' })) {
    for (const d of items) {
      const key = keys.get(d.keyId);
      if (key === undefined || !(await verifies(d, key))) {
        return { jurisdiction, ok: false, badSeq: d.fromSeq, reason: `digest ${d.fromSeq}..${d.seq}: ${key === undefined ? 'unknown key' : 'signature does not verify'}` };
      }
      d.hashes.forEach((h, n) => signed.set(d.fromSeq + n, h));
      lastSigned = Math.max(lastSigned, d.seq);
      digests += 1;
    }
    progress(digests, 0);
  }
  let entries = 0;
  for await (const items of pages<LedgerEntry>('/ledger', { jurisdiction, limit: '1000' })) {
    for (const e of items) {
      const expected = signed.get(e.seq);
      if (expected !== undefined && expected !== e.hash) return { jurisdiction, ok: false, badSeq: e.seq, reason: `entry ${e.seq} is not the entry that was signed` };
      entries = e.seq;
    }
    progress(digests, entries);
  }
  if (entries < lastSigned) return { jurisdiction, ok: false, badSeq: entries + 1, reason: `entries ${entries + 1}..${lastSigned} were signed but are gone` };
  return { jurisdiction, ok: true, digests, signedThrough: lastSigned };
}

export async function digestKeys(): Promise<Map<string, DigestKey>> {
  const { keys } = await get<{ keys: DigestKey[] }>('/ledger/digest-key');
  return new Map(keys.map((k) => [k.kid, k]));
}
