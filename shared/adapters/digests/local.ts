/**
 * Digests on this machine: an Ed25519 key made once under the data directory (0600), and an append-only JSON-lines file
 * per jurisdiction (opened for appending only; a line is one digest). A page is read from a byte offset, so no read is
 * larger than its page. As the event journal does (infra/local/journal.ts), each append is flushed to disk, and a torn
 * last line (a write cut by a full disk or a power loss) is cut off before the next append and skipped by a read: before,
 * a read looped on it for good (the whole local stack at 100 % CPU) or an append glued the next digest onto it (every
 * digest route a 500). A digest lost so is signed again: the bookmark says which entries it covered.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { DigestKey, SignedDigest } from '../../domain/digest-check';
import type { DigestLog, DigestPage, DigestSigner } from '../../app/digests/ports';
import { LIMITS } from '../../limits';

/** The local signer: `digest-key.pem` in `dir`, made on first use. */
export function localSigner(dir: string): DigestSigner {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'digest-key.pem');
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  }
  return signerOf(readFileSync(file, 'utf8'));
}

/** A signer over an Ed25519 private key (PEM); its id is derived from the public key. */
export function signerOf(pem: string): DigestSigner {
  const privateKey = createPrivateKey(pem);
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as { kty: string; crv: string; x: string };
  const keyId = `local-ed25519-${createHash('sha256').update(jwk.x).digest('hex').slice(0, 16)}`;
  const key: DigestKey = { kid: keyId, kty: jwk.kty, crv: jwk.crv, x: jwk.x, alg: 'EdDSA' };
  return {
    keyId,
    sign: async (message) => sign(null, message, privateKey),
    publicKeys: async () => [key],
  };
}

/** The append-only digest files under `dir` (`<jurisdiction>.jsonl`). */
export function fileDigestLog(dir: string): DigestLog {
  mkdirSync(dir, { recursive: true });
  const path = (j: string) => join(dir, `${j}.jsonl`);
  for (const name of readdirSync(dir)) if (name.endsWith('.jsonl')) cutTornTail(join(dir, name));
  return {
    async append(digest) {
      cutTornTail(path(digest.jurisdiction));
      // 'a': every write goes to the end, whatever else has the file open; nothing in this code opens it otherwise.
      const fd = openSync(path(digest.jurisdiction), 'a', 0o600);
      try {
        writeSync(fd, `${JSON.stringify(digest)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    async covering(jurisdiction, seq) {
      let found: SignedDigest | null = null;
      await eachPage(this, jurisdiction, (items) => {
        found = items.find((d) => d.fromSeq <= seq && seq <= d.seq) ?? null;
        return found !== null;
      });
      return found;
    },
    async endsAt(jurisdiction, seq) {
      let found = false;
      await eachPage(this, jurisdiction, (items) => {
        found = items.some((d) => d.seq === seq);
        return found;
      });
      return found;
    },
    async lastSigned(jurisdiction) {
      let last = 0;
      await eachPage(this, jurisdiction, (items) => {
        for (const d of items) last = Math.max(last, d.seq);
        return false;
      });
      return last;
    },
    async list(jurisdiction, { cursor, limit }): Promise<DigestPage> {
      return existsSync(path(jurisdiction)) ? pageOf(path(jurisdiction), cursor, limit) : { items: [], cursor: null };
    },
  };
}

/** A page of digests from the line that starts at byte `cursor` (null: the file's start). */
function pageOf(file: string, cursor: string | null, limit: number): DigestPage {
  const from = cursor === null ? 0 : Number(cursor);
  if (!Number.isSafeInteger(from) || from < 0) throw new RangeError('not a digest cursor');
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    // A cursor is the offset of a line's start: one that is not (past the end, or inside a line) was not issued here.
    const before = Buffer.alloc(1);
    if (from > size || (from > 0 && (readSync(fd, before, 0, 1, from - 1) !== 1 || before[0] !== 0x0a))) throw new RangeError('not a digest cursor');
    const buffer = Buffer.alloc(Math.min(LIMITS.digests.localPageBytesMax, Math.max(size - from, 0)));
    const read = readSync(fd, buffer, 0, buffer.length, from);
    const text = buffer.subarray(0, read).toString('utf8');
    const items: SignedDigest[] = [];
    let offset = 0;
    while (items.length < limit) {
      const end = text.indexOf('\n', offset);
      if (end < 0) break;
      items.push(JSON.parse(text.slice(offset, end)) as SignedDigest);
      offset = end + 1;
    }
    const next = from + Buffer.byteLength(text.slice(0, offset), 'utf8');
    if (items.length === 0 && limit > 0 && next < size) {
      // No whole line from here: a torn last line (the rest of the file holds no line end) is the end; a line longer
      // than a page was not written by this code.
      if (from + read >= size) return { items, cursor: null };
      throw new Error(`${file}: the line at byte ${from} is longer than ${LIMITS.digests.localPageBytesMax} bytes; not a digest`);
    }
    return { items, cursor: next < size ? String(next) : null };
  } finally {
    closeSync(fd);
  }
}

/** Cuts a file's last line off when it has no line end (a torn write), so the next append starts a line of its own. */
function cutTornTail(file: string): void {
  if (!existsSync(file)) return;
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    // The usual case, the last byte a line end, reads one byte; only a torn tail reads the last page.
    const last = Buffer.alloc(1);
    if (size === 0 || (readSync(fd, last, 0, 1, size - 1) === 1 && last[0] === 0x0a)) return;
    // A digest line is far shorter than a page: the last line end, if any, is in the last page. A page without one
    // is a line this code did not write: left for the read to refuse, naming it.
    const chunk = Buffer.alloc(Math.min(size, LIMITS.digests.localPageBytesMax));
    const read = readSync(fd, chunk, 0, chunk.length, size - chunk.length);
    const lastEnd = chunk.subarray(0, read).lastIndexOf(0x0a);
    if (lastEnd < 0 && size > chunk.length) return;
    ftruncateSync(fd, lastEnd < 0 ? 0 : size - read + lastEnd + 1);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Locally the file is read page by page from its start (a local ledger's digests are few), until `stop` says so. */
async function eachPage(log: DigestLog, jurisdiction: string, stop: (items: readonly SignedDigest[]) => boolean): Promise<void> {
  for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
    const page: DigestPage = await log.list(jurisdiction, { cursor, limit: 1000 });
    if (stop(page.items)) return;
    cursor = page.cursor;
  }
}
