/** Signature encodings (no DOM, no Node): shared by the browser's digest check and its unit test. */

/** A signature that is not a DER ECDSA signature of P-256 (r and s of at most 32 bytes each, plus a sign byte). */
export class SignatureFormatError extends Error {
  override name = 'SignatureFormatError';
}

/**
 * A DER ECDSA signature (KMS) as the 64 bytes r‖s WebCrypto verifies. Anything else is refused rather than read past
 * its end: whoever serves the digests chooses these bytes, and an unreadable signature is one that does not verify.
 */
export function derToRaw(der: Uint8Array): Uint8Array<ArrayBuffer> {
  const fail = (why: string): never => {
    throw new SignatureFormatError(`not a DER ECDSA signature: ${why}`);
  };
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) fail('not one SEQUENCE of its own length');
  const out = new Uint8Array(64);
  let i = 2;
  for (const at of [0, 32]) {
    if (der[i] !== 0x02) fail('an INTEGER is missing');
    const length = der[i + 1] ?? 0;
    if (length < 1 || length > 33 || i + 2 + length > der.length) fail('an INTEGER has an impossible length');
    let int = der.subarray(i + 2, i + 2 + length);
    while (int.length > 32 && int[0] === 0) int = int.subarray(1);
    if (int.length > 32) fail('an INTEGER is larger than P-256 allows');
    out.set(int, at + 32 - int.length);
    i += 2 + length;
  }
  if (i !== der.length) fail('bytes follow the two INTEGERs');
  return out;
}
