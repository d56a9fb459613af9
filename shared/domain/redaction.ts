/**
 * Identity numbers in every text (issue 19, finding 8; ADR 009): whatever an upstream system writes into a name, a
 * reference or a title, and whatever a bank or a person writes into a reason or a note, no answer, file, CSV or log
 * line carries a person's number whole. The one place a number is whole is the field that holds it
 * (`recipient.idNumber`), shown whole only to an officer of the jurisdiction that pays the person (the views decide).
 *
 * `redactTexts` walks a JSON-like value and masks every string but those under the keys of IDENTIFIERS: ids and
 * hashes are not texts a person wrote, and masking a hash that happens to hold 18 digits would break verification.
 */
import { redactIdNumbers } from './person';
import { LIMITS } from '../limits';

/**
 * Keys whose strings are identifiers, hashes or keys the pipeline makes itself, never free text: left exactly as they
 * are (masking a hash that happens to hold 18 digits would break verification). What a bank or an upstream system
 * names (an EndToEndId, a message id, a file name) is masked like any text, even under a key that sounds like an id.
 * `idNumber` and `accountNumber` are masked by role where they are shown (views.ts, maskedPayee), not here; `uscc`
 * is a credit code the contract checked and refuses when it is also a person's number.
 */
export const IDENTIFIERS: ReadonlySet<string> = new Set([
  'awardId', 'eventId', 'recipientId', 'uscc', 'idNumber', 'accountNumber', 'bankCode',
  'batchId', 'paymentId', 'exceptionId', 'simulationId', 'proposalId', 'objectionId',
  'hash', 'prevHash', 'head', 'hashes', 'signature', 'keyId', 'kid', 'x', 'y', 'catalogHash', 'sha256', 'fileSha256',
  'cursor', 'nextCursor',
]);

/** `value` with every free text masked (a copy; the value itself is not changed). */
export function redactTexts<T>(value: T, options: Options = {}): T {
  return walk(value, 0, options) as T;
}

/** `anyDate`: mask every number-shaped run; `everyKey`: no key is exempt (input from outside, where no id is ours). */
type Options = { readonly anyDate?: boolean; readonly everyKey?: boolean };

/**
 * The text of an event as it is kept for audit when it is refused: as sent, with every number-shaped run masked,
 * whatever date it states (the date may be what is wrong with it). A number the text hides behind JSON escapes
 * (`\u3000` or `\n` between its groups, digits written as `\u0031`) is found by reading the escapes too: then the text
 * is kept with them read (re-serialised when it is JSON), since keeping it as sent would keep the number.
 */
export function redactEventText(text: string): string {
  const strict = { anyDate: true, everyKey: true } as const;
  const asSent = redactIdNumbers(text, strict);
  try {
    const parsed = JSON.parse(asSent) as unknown;
    const masked = redactTexts(parsed, strict);
    return JSON.stringify(masked) === JSON.stringify(parsed) ? asSent : JSON.stringify(masked);
  } catch {
    const read = asSent.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))).replace(/\\[nrt]/g, ' ');
    const masked = redactIdNumbers(read, strict);
    return masked === read ? asSent : masked;
  }
}

function walk(value: unknown, depth: number, options: Options): unknown {
  if (typeof value === 'string') return redactIdNumbers(value, options);
  if (value === null || typeof value !== 'object') return value;
  if (depth > LIMITS.text.redactionDepthMax) throw new RangeError(`a value nested deeper than ${LIMITS.text.redactionDepthMax} levels is not an answer this API builds`);
  if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1, options));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = IDENTIFIERS.has(key) && options.everyKey !== true ? v : walk(v, depth + 1, options);
  return out;
}
