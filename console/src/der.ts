/** Signature encodings (no DOM, no Node): shared by the browser's digest check and its unit test. */

/** A DER ECDSA signature (KMS) as the 64 bytes r‖s WebCrypto verifies. */
export function derToRaw(der: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(64);
  let i = 2 + (der[1]! & 0x80 ? der[1]! & 0x7f : 0);
  for (const at of [0, 32]) {
    const length = der[i + 1]!;
    let int = der.subarray(i + 2, i + 2 + length);
    while (int.length > 32 && int[0] === 0) int = int.subarray(1);
    out.set(int, at + 32 - int.length);
    i += 2 + length;
  }
  return out;
}
