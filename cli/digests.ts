/**
 * `awards verify --digests` (ADR 012): each chain checked against the signed digests, here, trusting nothing the API
 * says but the signatures. The public key(s), every digest of the jurisdiction and every entry are read page by page
 * and given to the checker the console runs too (shared/domain/digest-check.ts), with node:crypto verifying: the first
 * entry whose hash is not the one a digest signed is where the ledger was altered, even if whoever altered it
 * recomputed every later hash and the head; entries left unsigned longer than two digest periods fail it too.
 */
import { createHash } from 'node:crypto';
import { type DigestVerdict, verifySignature } from '../shared/adapters/digests/node-digest';
import { checkDigests } from '../shared/domain/digest-check';
import type { LedgerEntry } from '../shared/domain/ledger';
import type { DigestKeysAnswer, DigestRunsAnswer, SignedDigestAnswer } from '../shared/contract/answers/digests';
import type { Command } from 'commander';
import { chinaTime } from '../shared/domain/time';
import { request } from './http';
import type { Runner } from './run';
import { out, outJson, table } from './table';

export type { DigestVerdict } from '../shared/adapters/digests/node-digest';

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

/**
 * Each jurisdiction's verdict. The digest period is `periodSeconds` when given (`--digest-period`), else the one the
 * API says its signer runs on: it only decides how long entries may wait to be signed.
 */
export async function verifyAgainstDigests(jurisdictions: readonly string[], options: { now?: Date; periodSeconds?: number } = {}): Promise<DigestVerdict[]> {
  const answer = (await request('GET', '/ledger/digest-key')).json as DigestKeysAnswer;
  const keys = new Map(answer.keys.map((k) => [k.kid, k]));
  const periodSeconds = options.periodSeconds ?? answer.periodSeconds;
  const verdicts: DigestVerdict[] = [];
  for (const jurisdiction of jurisdictions) {
    const source = {
      keys,
      verify: verifySignature,
      sha256: async (text: string) => createHash('sha256').update(text, 'utf8').digest('hex'),
      digests: () => pages<SignedDigestAnswer>('/ledger/digests', new URLSearchParams({ jurisdiction, limit: '50' })),
      entries: () => pages<LedgerEntry>('/ledger', new URLSearchParams({ jurisdiction, limit: '1000' })),
    };
    verdicts.push(await checkDigests(jurisdiction, source, { now: options.now ?? new Date(), periodSeconds }));
  }
  return verdicts;
}

const entries = (n: number) => (n === 1 ? '1 entry' : `${n} entries`);

export function digestLine(v: DigestVerdict): string {
  if (!v.ok) return `${v.jurisdiction}: FAULT against the signed digests at entry ${v.badSeq}: ${v.reason}`;
  const waiting = v.unsigned === null ? '' : `; ${entries(v.unsigned.count)} after it not signed yet (from entry ${v.unsigned.fromSeq}, since ${chinaTime(new Date(v.unsigned.since))} UTC+8)`;
  if (v.digests === 0) return `${v.jurisdiction}: no signed digest yet (the digest run signs every few minutes; \`POST /ledger/digests\` signs now)${waiting}`;
  return `${v.jurisdiction}: digests ok, ${v.digests} signed digest(s), entries 1..${v.signedThrough} as signed${waiting}`;
}

/** `awards digests sign` (now, as the schedule would) and `awards digests list J`. */
export function digestCommands(program: Command, run: Runner): void {
  const digests = program.command('digests').summary('signed ledger digests: sign now, list').description('signed ledger digests (ADR 012): sign the ledger now, or list a jurisdiction\'s digests');
  digests
    .command('sign')
    .description('sign every jurisdiction\'s entries since the last digest, now (auditor)')
    .action(run(async () => {
      const { runs } = (await request('POST', '/ledger/digests', {})).json as DigestRunsAnswer;
      out(table(['JURISDICTION', 'NEW DIGESTS', 'ENTRIES', 'SIGNED THROUGH'], runs.map((r) => [r.jurisdiction, String(r.digests), String(r.entries), r.signedThrough === null ? '-' : String(r.signedThrough)])));
      // A bookmark the signer refused is someone's doing (or a fault): the auditor who asked to sign should hear of it.
      for (const r of runs) {
        if (r.bookmarkRefused) out(`${r.jurisdiction}: the digest bookmark was refused (${r.bookmarkRefused.reason}); signed from entry ${r.bookmarkRefused.resumedAfter + 1}`);
      }
      return 0;
    }));
  digests
    .command('list')
    .description('a jurisdiction\'s signed digests, oldest first (auditor)')
    .argument('<jurisdiction>', 'the jurisdiction (130000, 130100, 350000)')
    .option('--json', 'print JSON')
    .action(run(async (jurisdiction: string, opts: { json?: boolean }) => {
      const items: SignedDigestAnswer[] = [];
      for await (const page of pages<SignedDigestAnswer>('/ledger/digests', new URLSearchParams({ jurisdiction, limit: '50' }), 1000)) items.push(...page);
      if (opts.json) outJson(items);
      else out(`${table(['ENTRIES', 'HEAD HASH', 'SIGNED AT (UTC+8)', 'KEY'], items.map((d) => [`${d.fromSeq}..${d.seq}`, d.hash, chinaTime(new Date(d.at)), d.keyId]))}\n${items.length} digest(s)`);
      return 0;
    }));
}
