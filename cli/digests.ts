/**
 * `awards verify --digests` (ADR 012): each chain checked against the signed digests, here, trusting nothing the API
 * says but the signatures. The public key(s), every digest of the jurisdiction and every entry are read page by page;
 * the first entry whose hash is not the one a digest signed is where the ledger was altered, even if whoever altered
 * it recomputed every later hash and the head.
 */
import { DigestChecker, type DigestKey, type SignedDigest } from '../shared/domain/digest';
import type { LedgerEntry } from '../shared/domain/ledger';
import type { Command } from 'commander';
import { chinaTime } from '../shared/domain/time';
import { request } from './http';
import type { Runner } from './run';
import { out, outJson, table } from './table';

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

type DigestRunAnswer = { runs: Array<{ jurisdiction: string; digests: number; entries: number; signedThrough: number | null }> };

/** `awards digests sign` (now, as the schedule would) and `awards digests list J`. */
export function digestCommands(program: Command, run: Runner): void {
  const digests = program.command('digests').summary('signed ledger digests: sign now, list').description('signed ledger digests (ADR 012): sign the ledger now, or list a jurisdiction\'s digests');
  digests
    .command('sign')
    .description('sign every jurisdiction\'s entries since the last digest, now (auditor)')
    .action(run(async () => {
      const { runs } = (await request('POST', '/ledger/digests', {})).json as DigestRunAnswer;
      out(table(['JURISDICTION', 'NEW DIGESTS', 'ENTRIES', 'SIGNED THROUGH'], runs.map((r) => [r.jurisdiction, String(r.digests), String(r.entries), r.signedThrough === null ? '-' : String(r.signedThrough)])));
      return 0;
    }));
  digests
    .command('list')
    .description('a jurisdiction\'s signed digests, oldest first (auditor)')
    .argument('<jurisdiction>', 'the jurisdiction (130000, 130100, 350000)')
    .option('--json', 'print JSON')
    .action(run(async (jurisdiction: string, opts: { json?: boolean }) => {
      const items: SignedDigest[] = [];
      for await (const page of pages<SignedDigest>('/ledger/digests', new URLSearchParams({ jurisdiction, limit: '50' }), 1000)) items.push(...page);
      if (opts.json) outJson(items);
      else out(`${table(['ENTRIES', 'HEAD HASH', 'SIGNED AT (UTC+8)', 'KEY'], items.map((d) => [`${d.fromSeq}..${d.seq}`, d.hash, chinaTime(new Date(d.at)), d.keyId]))}\n${items.length} digest(s)`);
      return 0;
    }));
}
