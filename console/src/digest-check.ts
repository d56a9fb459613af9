/**
 * Verification against the signed digests, in the browser (ADR 012): the console trusts nothing the API says but the
 * signatures. It reads the public key(s), every digest of a jurisdiction and every entry, page by page, and gives them
 * to the one checker `awards verify --digests` runs too (shared/domain/digest-check.ts), so both reach the same
 * verdict; only the signature check is the browser's own: WebCrypto (ES256 from KMS, Ed25519 locally) over SHA-256
 * of the digest's canonical body.
 */
import {
  type DigestKey,
  type DigestVerdict,
  type ServedEntry,
  type SignatureVerifier,
  checkDigests,
} from '../../shared/domain/digest-check';
import type { DigestKeysAnswer, SignedDigestAnswer } from '../../shared/contract/answers/digests';
import { SignatureFormatError, derToRaw } from './der';
import type { Page } from './types';

export type { DigestKey, DigestVerdict } from '../../shared/domain/digest-check';

/** base64 as bytes; text that is not base64 is a signature that cannot be read. */
function bytes(b64: string): Uint8Array<ArrayBuffer> {
  try {
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  } catch (cause) {
    throw new SignatureFormatError('a signature is not base64', { cause });
  }
}

/** The signature as WebCrypto takes it for the key's algorithm, or null when it cannot be one. */
function signatureFor(key: DigestKey, signature: string): Uint8Array<ArrayBuffer> | null {
  try {
    const raw = bytes(signature);
    return key.alg === 'ES256' ? derToRaw(raw) : raw;
  } catch (error) {
    if (error instanceof SignatureFormatError) return null;
    throw error;
  }
}

/** SHA-256 of a text as 64 hex digits, with WebCrypto: how the browser recomputes an entry's hash. */
export async function sha256InBrowser(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** WebCrypto's answer to the checker's question; a key the browser cannot import is thrown, not taken as a bad signature. */
export const verifyInBrowser: SignatureVerifier = async (text, signature, key) => {
  const signed = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const sig = signatureFor(key, signature);
  if (sig === null) return false;
  if (key.alg === 'EdDSA') {
    const k = await crypto.subtle.importKey('jwk', { kty: key.kty, crv: key.crv, x: key.x }, { name: 'Ed25519' }, false, ['verify']);
    return crypto.subtle.verify({ name: 'Ed25519' }, k, sig, signed);
  }
  if (key.alg === 'ES256') {
    const k = await crypto.subtle.importKey('jwk', { kty: key.kty, crv: key.crv, x: key.x, y: key.y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, k, sig, signed);
  }
  return false;
};

/**
 * How the check reads the API: a GET of `path` with `query`, answering its JSON. The page passes api.ts's `get` (the
 * signed-in person's token); taking it as an argument keeps this module free of the DOM, so Node's tests run it too.
 */
export type ReadApi = <T>(path: string, query: Record<string, string | null>) => Promise<T>;

async function* pages<T>(read: ReadApi, path: string, query: Record<string, string>): AsyncGenerator<readonly T[]> {
  let cursor: string | null = null;
  for (let n = 0; n < 100_000; n++) {
    const page: Page<T> = await read<Page<T>>(path, { ...query, cursor });
    yield page.items;
    if (page.cursor === null || page.cursor === cursor) return;
    cursor = page.cursor;
  }
}

/** Told how many digests and entries have been read. */
type Progress = (digests: number, entries: number) => void;

/** Checks one jurisdiction at `now` (default: this instant), reading with `read`, allowing unsigned entries two of `periodSeconds`. */
export async function checkJurisdiction(
  jurisdiction: string,
  keys: ReadonlyMap<string, DigestKey>,
  progress: Progress,
  options: { read: ReadApi; now?: Date; periodSeconds: number },
): Promise<DigestVerdict> {
  const source = {
    keys,
    verify: verifyInBrowser,
    sha256: sha256InBrowser,
    digests: () => pages<SignedDigestAnswer>(options.read, '/ledger/digests', { jurisdiction, limit: '50' }),
    entries: () => pages<ServedEntry>(options.read, '/ledger', { jurisdiction, limit: '1000' }),
  };
  return checkDigests(jurisdiction, source, { now: options.now ?? new Date(), periodSeconds: options.periodSeconds, progress });
}

/** The public keys and the period the signer runs on, as GET /ledger/digest-key answers them. */
export async function digestSettings(read: ReadApi): Promise<{ keys: Map<string, DigestKey>; periodSeconds: number }> {
  const { keys, periodSeconds } = await read<DigestKeysAnswer>('/ledger/digest-key', {});
  return { keys: new Map(keys.map((k) => [k.kid, k])), periodSeconds };
}
