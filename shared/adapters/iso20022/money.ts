/**
 * Money in ISO 20022 files: amounts are decimal text in yuan ("617283.94"), the pipeline holds integer fen.
 * Both directions are string arithmetic (BigInt for the range check), so no float ever touches an amount.
 */
import assert from 'node:assert/strict';

/** Integer fen to the ISO decimal text in yuan, always with two decimals: 61_728_394 → "617283.94", 1 → "0.01". */
export function fenToDecimal(fen: number): string {
  assert.ok(Number.isSafeInteger(fen) && fen >= 0, `fenToDecimal needs a non-negative safe integer of fen, got ${String(fen)}`);
  const digits = String(fen).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const DECIMAL_YUAN = /^(\d{1,20})(?:\.(\d{1,2}))?$/;

/**
 * ISO decimal text in yuan to integer fen: "617283.94" → 61_728_394, "617283.9" → 61_728_390, "617283" → 61_728_300.
 * Null for anything else: a sign, an exponent, spaces, more than two decimals (a fen cannot be split), or an
 * amount beyond Number.MAX_SAFE_INTEGER fen. Callers that read XSD decimals normalise them first (bank-files.ts).
 */
export function decimalToFen(text: string): number | null {
  if (typeof text !== 'string') return null;
  const match = DECIMAL_YUAN.exec(text);
  if (match === null) return null;
  const whole = BigInt(match[1] ?? '0');
  const fraction = BigInt((match[2] ?? '').padEnd(2, '0'));
  const fen = whole * 100n + fraction;
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(fen);
}
