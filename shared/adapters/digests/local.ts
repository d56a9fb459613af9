/**
 * Digests on this machine: an Ed25519 key made once under the data directory (0600), and an append-only JSON-lines file
 * per jurisdiction (opened for appending only; a line is one digest). A page is read from a byte offset, so no read is
 * larger than its page.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
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
  return {
    async append(digest) {
      // 'a': every write goes to the end, whatever else has the file open; nothing in this code opens it otherwise.
      const fd = openSync(path(digest.jurisdiction), 'a', 0o600);
      try {
        writeSync(fd, `${JSON.stringify(digest)}\n`);
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
      if (!existsSync(path(jurisdiction))) return { items: [], cursor: null };
      const from = cursor === null ? 0 : Number(cursor);
      if (!Number.isSafeInteger(from) || from < 0) throw new RangeError('not a digest cursor');
      const fd = openSync(path(jurisdiction), 'r');
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
        return { items, cursor: next < size ? String(next) : null };
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** Locally the file is read page by page from its start (a local ledger's digests are few), until `stop` says so. */
async function eachPage(log: DigestLog, jurisdiction: string, stop: (items: readonly SignedDigest[]) => boolean): Promise<void> {
  for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
    const page: DigestPage = await log.list(jurisdiction, { cursor, limit: 1000 });
    if (stop(page.items)) return;
    cursor = page.cursor;
  }
}
