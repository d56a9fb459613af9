import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacSha256, sha256, sha256Hex, sha256HexPortable } from '../../shared/domain/sha256';
import { prng } from '../support/prng';

/** A text of random code points of every plane (lone surrogates too: both sides encode them as U+FFFD). */
function randomText(next: () => number, length: number): string {
  return Array.from({ length }, () => {
    const r = next();
    if (r < 0.4) return String.fromCharCode(32 + Math.floor(next() * 95));
    if (r < 0.7) return String.fromCharCode(0x4e00 + Math.floor(next() * 0x5000));
    if (r < 0.9) return String.fromCodePoint(0x10000 + Math.floor(next() * 0xfffff));
    return String.fromCharCode(Math.floor(next() * 0x10000));
  }).join('');
}

describe('sha256 (the domain\'s own, without node:crypto; node:crypto\'s in Node)', () => {
  it('uses node:crypto in Node (the plain code only where there is none: the browser build)', () => {
    expect(sha256Hex).not.toBe(sha256HexPortable);
  });

  it('gives the FIPS 180-4 answers for the empty text, "abc" and the two-block message', () => {
    for (const hash of [sha256HexPortable, sha256Hex]) {
      expect(hash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      expect(hash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
      expect(hash('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    }
  });

  it('agrees with node:crypto on 2,000 random texts of every length around the block edges', () => {
    const next = prng(20261203);
    for (let i = 0; i < 2000; i += 1) {
      const text = randomText(next, i < 200 ? i : Math.floor(next() * 600));
      expect(sha256HexPortable(text), JSON.stringify(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      expect(sha256Hex(text), JSON.stringify(text)).toBe(sha256HexPortable(text));
    }
    const bytes = randomBytes(100_000);
    expect(Buffer.from(sha256(bytes)).toString('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('HMAC agrees with node:crypto for keys shorter than, equal to and longer than a block', () => {
    const next = prng(7);
    for (const size of [1, 32, 63, 64, 65, 200]) {
      const key = randomBytes(size);
      const [mac, plain] = [new HmacSha256(key), new HmacSha256(key, { portable: true })];
      for (let i = 0; i < 50; i += 1) {
        const text = randomText(next, Math.floor(next() * 150));
        expect(plain.hex(text)).toBe(createHmac('sha256', key).update(text, 'utf8').digest('hex'));
        expect(mac.hex(text)).toBe(plain.hex(text));
      }
    }
    expect(JSON.stringify({ mac: new HmacSha256(randomBytes(32)) })).toBe('{"mac":"[HmacSha256]"}');
  });
});
