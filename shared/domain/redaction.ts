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

/**
 * Keys whose strings are identifiers, hashes or keys, never free text: left exactly as they are. `idNumber` and
 * `accountNumber` are masked by role where they are shown (views.ts, maskedPayee), not here.
 */
export const IDENTIFIERS: ReadonlySet<string> = new Set([
  'awardId', 'eventId', 'recipientId', 'uscc', 'idNumber', 'accountNumber', 'bankCode',
  'batchId', 'paymentId', 'messageId', 'exceptionId', 'simulationId', 'proposalId', 'endToEndId', 'objectionId',
  'hash', 'prevHash', 'head', 'hashes', 'signature', 'keyId', 'kid', 'x', 'y', 'catalogHash', 'sha256', 'fileSha256',
  'cursor', 'nextCursor', 'fileName',
]);

/** Deep enough for any answer this API gives; a deeper value is a bug, not data (answers are built here). */
const DEPTH_MAX = 64;

/** `value` with every free text masked (a copy; the value itself is not changed). */
export function redactTexts<T>(value: T): T {
  return walk(value, 0) as T;
}

function walk(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactIdNumbers(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > DEPTH_MAX) throw new RangeError(`a value nested deeper than ${DEPTH_MAX} levels is not an answer this API builds`);
  if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = IDENTIFIERS.has(key) ? v : walk(v, depth + 1);
  return out;
}
