/**
 * `awards verify --digests` (ADR 012): each chain checked against the signed digests, here, trusting nothing the API
 * says but the signatures. The public key(s), every digest of the jurisdiction and every entry are read page by page;
 * the first entry whose hash is not the one a digest signed is where the ledger was altered, even if whoever altered
 * it recomputed every later hash and the head.
 */
import { DigestChecker, type DigestKey, type SignedDigest } from '../shared/domain/digest';
import type { LedgerEntry } from '../shared/domain/ledger';
import { request } from './http';

export type DigestVerdict
  = | { jurisdiction: string; ok: true; digests: number; signedThrough: number }
    | { jurisdiction: string; ok: false; digests: number; badSeq: number; reason: string };

/** Pages a list route to its end (bounded by `pagesMax`: a ledger that needs more is reported, not half-checked). */
async function* pages<T>(path: string, query: URLSearchParams, pagesMax = 100_000): AsyncGenerator<T[]> {
  let cursor: string | null = null;
  for (let n = 0; n < pagesMax; n++) {
    const q = new URLSearchParams(query);
    if (cursor !== null) q.set('cursor', cursor);
    const page = (await request('GET', `${path}?${q}`)).json as { items: T[]; cursor: string | null };
    yield page.items;
    if (page.cursor === null || page.cursor === cursor) return;
    cursor = page.cursor;
  }
  throw new Error(`${path}: more than ${pagesMax} pages`);
}

export async function verifyAgainstDigests(jurisdictions: readonly string[]): Promise<DigestVerdict[]> {
  const { keys } = (await request('GET', '/ledger/digest-key')).json as { keys: DigestKey[] };
  const byId = new Map(keys.map((k) => [k.kid, k]));
  const verdicts: DigestVerdict[] = [];
  for (const jurisdiction of jurisdictions) {
    const checker = new DigestChecker(jurisdiction, byId);
    for await (const digests of pages<SignedDigest>('/ledger/digests', new URLSearchParams({ jurisdiction, limit: '50' }))) {
      for (const d of digests) checker.addDigest(d);
    }
    for await (const entries of pages<LedgerEntry>('/ledger', new URLSearchParams({ jurisdiction, limit: '1000' }))) {
      for (const e of entries) checker.checkEntry(e);
    }
    verdicts.push({ jurisdiction, ...checker.result() });
  }
  return verdicts;
}

export function digestLine(v: DigestVerdict): string {
  if (!v.ok) return `${v.jurisdiction}: FAULT against the signed digests at entry ${v.badSeq}: ${v.reason}`;
  if (v.digests === 0) return `${v.jurisdiction}: no signed digest yet (the digest run signs every few minutes; \`POST /ledger/digests\` signs now)`;
  return `${v.jurisdiction}: digests ok, ${v.digests} signed digest(s), entries 1..${v.signedThrough} as signed`;
}
