/**
 * SHA-256 and HMAC-SHA256 (FIPS 180-4, RFC 2104), synchronous, for the domain's derived ids and the ledger's entry
 * hashes. The domain imports no `node:*` module, so that the same code (and its types) loads in the browser build:
 * there the plain TypeScript below computes them. In Node (the functions, the CLI, the local stack, the bench) the
 * same answers come from node:crypto, reached through `process.getBuiltinModule` (no import), five times faster: the
 * engine hashes every award id and intake every ledger entry. test/unit/sha256.test.ts checks the plain code against
 * node:crypto on random texts of every plane, and that both paths give one answer.
 */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19] as const;
const BLOCK = 64;
const encoder = new TextEncoder();
const w = new Uint32Array(64);

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

function compress(h: Uint32Array, block: DataView, at: number): void {
  for (let i = 0; i < 16; i += 1) w[i] = block.getUint32(at + i * 4);
  for (let i = 16; i < 64; i += 1) {
    const a = w[i - 15] as number;
    const b = w[i - 2] as number;
    const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
    const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
    w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
  }
  type Eight = [number, number, number, number, number, number, number, number];
  let [a, b, c, d, e, f, g, k] = Array.from(h) as Eight;
  for (let i = 0; i < 64; i += 1) {
    const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + (K[i] as number) + (w[i] as number)) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  const out = [a, b, c, d, e, f, g, k];
  for (let i = 0; i < 8; i += 1) h[i] = ((h[i] as number) + (out[i] as number)) | 0;
}

/** SHA-256 of bytes, as 32 bytes. */
export function sha256(data: Uint8Array): Uint8Array {
  const length = data.length;
  const padded = new Uint8Array((Math.floor((length + 8) / BLOCK) + 1) * BLOCK);
  padded.set(data);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
  view.setUint32(padded.length - 4, (length * 8) >>> 0);
  const h = Uint32Array.from(INITIAL);
  for (let at = 0; at < padded.length; at += BLOCK) compress(h, view, at);
  const digest = new Uint8Array(32);
  const out = new DataView(digest.buffer);
  for (let i = 0; i < 8; i += 1) out.setUint32(i * 4, h[i] as number);
  return digest;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => HEX[b]).join('');

/** The part of node:crypto used here. */
interface NodeCrypto {
  createHash(algorithm: 'sha256'): NodeDigest;
  createHmac(algorithm: 'sha256', key: Uint8Array): NodeDigest;
}
interface NodeDigest {
  update(text: string, encoding: 'utf8'): { digest(encoding: 'hex'): string };
}

/** node:crypto where this runs in Node 20.16 or later, else null (a browser). */
const nodeCrypto: NodeCrypto | null = (() => {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  return typeof get === 'function' ? ((get('node:crypto') as NodeCrypto | undefined) ?? null) : null;
})();

/** SHA-256 of a text's UTF-8 bytes, as 64 lowercase hex digits, by the plain code (what a browser runs). */
export const sha256HexPortable = (text: string): string => toHex(sha256(encoder.encode(text)));

/** SHA-256 of a text's UTF-8 bytes, as 64 lowercase hex digits: node:crypto in Node, the plain code elsewhere. */
export const sha256Hex: (text: string) => string
  = nodeCrypto === null ? sha256HexPortable : (text) => nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** HMAC-SHA256 under one key (RFC 2104): the key's pads are computed once. */
export class HmacSha256 {
  readonly #inner: Uint8Array;
  readonly #outer: Uint8Array;
  readonly #key: Uint8Array;
  readonly #node: NodeCrypto | null;

  /** `portable`: always the plain code (the tests compare it with node:crypto). */
  constructor(key: Uint8Array, options: { readonly portable?: boolean } = {}) {
    this.#key = Uint8Array.from(key);
    this.#node = options.portable === true ? null : nodeCrypto;
    const block = new Uint8Array(BLOCK);
    block.set(key.length > BLOCK ? sha256(key) : key);
    this.#inner = block.map((b) => b ^ 0x36);
    this.#outer = block.map((b) => b ^ 0x5c);
  }

  /** The MAC of a text's UTF-8 bytes, as 64 lowercase hex digits. */
  hex(text: string): string {
    if (this.#node !== null) return this.#node.createHmac('sha256', this.#key).update(text, 'utf8').digest('hex');
    const message = encoder.encode(text);
    const inner = new Uint8Array(BLOCK + message.length);
    inner.set(this.#inner);
    inner.set(message, BLOCK);
    const outer = new Uint8Array(BLOCK + 32);
    outer.set(this.#outer);
    outer.set(sha256(inner), BLOCK);
    return toHex(sha256(outer));
  }

  /** Never print the key. */
  toJSON(): string {
    return '[HmacSha256]';
  }
}
