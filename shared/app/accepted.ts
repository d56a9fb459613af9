/**
 * Accepted events both ways: what intake keeps of one (its detail with identity numbers masked, the recipient's keyed
 * id beside it, cut to a bounded size) and how what-if reads it back into a fact to replay. The kept detail never
 * holds a whole identity number; the replay names the person by the kept id instead (shared/domain/whatif.ts).
 */
import { canonicalJson } from '../domain/canonical-json';
import { redactTexts } from '../domain/redaction';
import { type AwardEvent, type FactEvent, type Recipient, parseEvent } from '../../events/contracts';
import { type PersonKey, idCheckCharacter, maskIdNumber, recipientIdOf, redactIdNumbers } from '../domain/person';
import type { ReplayFact } from '../domain/whatif';
import { type AcceptedEvent } from '../store/store';
import { LIMITS } from '../limits';

/** The detail of an event's JSON as received (a copy), or null when it has none that is an object. */
function detailOf(json: unknown): Record<string, unknown> | null {
  const detail = typeof json === 'object' && json !== null ? (json as { detail?: unknown }).detail : undefined;
  return typeof detail === 'object' && detail !== null && !Array.isArray(detail) ? { ...(detail as Record<string, unknown>) } : null;
}

/** A text's JSON, or undefined when it is not JSON. */
function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A text cut to at most `max` UTF-16 units, never between the two halves of a surrogate pair. */
function cut(text: string, max: number): string {
  const head = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

/** What intake keeps of an accepted event given as its text (keptEventOf over the text's JSON). */
export function keptEvent(event: AwardEvent, text: string, eventId: string, receivedAt: string, key: PersonKey): AcceptedEvent {
  return keptEventOf(event, jsonOf(text), eventId, receivedAt, key);
}

/**
 * What intake keeps of an accepted event, from the JSON its delivery was parsed into (shared/app/delivery.ts): the
 * detail as received, the person's number masked where the contract puts it and any other number-like run masked
 * wherever it is (redactIdNumbers), cut to LIMITS.store.acceptedDetailCharsMax. The JSON is read, never changed.
 */
export function keptEventOf(event: AwardEvent, json: unknown, eventId: string, receivedAt: string, key: PersonKey): AcceptedEvent {
  const detail = detailOf(json) ?? { ...event.detail };
  const recipient = detail.recipient as Record<string, unknown> | undefined;
  if (recipient?.kind === 'individual' && typeof recipient.idNumber === 'string') {
    detail.recipient = { ...recipient, idNumber: maskIdNumber(recipient.idNumber.toUpperCase()) };
  }
  // Value by value, so a number written with JSON escapes between its groups is found (redactTexts).
  const masked = JSON.stringify(redactTexts(detail));
  const truncated = masked.length > LIMITS.store.acceptedDetailCharsMax;
  return {
    eventId,
    source: event.source,
    detailType: event.detailType,
    receivedAt,
    recipientId: recipientIdOf(event.detail.recipient, key),
    detail: truncated ? cut(masked, LIMITS.store.acceptedDetailCharsMax) : masked,
    truncated,
    // The event as the contract read it, whole and in one key order: another event under this id differs here.
    fingerprint: key.fingerprintOf(canonicalJson({ source: event.source, detailType: event.detailType, detail: event.detail })),
  };
}

/**
 * Why a kept event is not replayed: a revocation (not a fact), a duplicate of a fact intake had recorded (the fact is
 * replayed from the event that recorded it, with the amount the ledger holds), a detail cut when kept, or one that no
 * longer reads.
 */
export type Unreplayable = { readonly ok: false; readonly why: 'revocation' | 'duplicate' | 'truncated' | 'invalid'; readonly reason: string };

/**
 * A valid number with the masked one's region (characters 1 to 6) and a birth date no fact precedes, so the kept
 * detail passes the event contract again. It identifies nobody: the fact is keyed by the kept id, not by it.
 */
function standIn(masked: string): string | null {
  const first17 = `${masked.slice(0, 6)}19000101000`;
  const check = idCheckCharacter(first17);
  return check === null ? null : first17 + check;
}

/**
 * A kept event read back into a fact to replay. A credit code masked by the redaction (an all-digit code looks like
 * an identity number) is restored from the kept id, which is the code itself; a person's masked number is replaced
 * by a stand-in for parsing and shown masked.
 */
export function replayable(kept: AcceptedEvent): { readonly ok: true; readonly fact: ReplayFact } | Unreplayable {
  if (kept.detailType === 'AchievementRevoked') return { ok: false, why: 'revocation', reason: 'a revocation is not replayed' };
  if (kept.duplicate === true) return { ok: false, why: 'duplicate', reason: 'intake found it a duplicate of a fact already recorded' };
  if (kept.truncated) return { ok: false, why: 'truncated', reason: `the detail was longer than ${LIMITS.store.acceptedDetailCharsMax} characters and was kept cut` };
  if (kept.recipientId === null) return { ok: false, why: 'invalid', reason: 'no recipient id was kept' };
  const detail = detailOf(jsonOf(`{"detail":${kept.detail}}`));
  const recipient = detail?.recipient as Record<string, unknown> | undefined;
  if (detail === null || recipient === undefined) return { ok: false, why: 'invalid', reason: 'the kept detail is not an object with a recipient' };
  let masked: string | null = null;
  if (recipient.kind === 'individual') {
    masked = typeof recipient.idNumber === 'string' ? recipient.idNumber : '';
    const stand = standIn(masked);
    if (stand === null) return { ok: false, why: 'invalid', reason: 'the kept identity number has no region' };
    detail.recipient = { ...recipient, idNumber: stand };
  } else {
    detail.recipient = { ...recipient, uscc: kept.recipientId };
  }
  const parsed = parseEvent({ 'id': kept.eventId, 'source': kept.source, 'detail-type': kept.detailType, detail });
  if (!parsed.ok) return { ok: false, why: 'invalid', reason: redactIdNumbers(parsed.reason) };
  const event = parsed.event as FactEvent;
  const shown: Recipient = event.detail.recipient.kind === 'individual' ? { ...event.detail.recipient, idNumber: masked ?? '' } : event.detail.recipient;
  const when = { receivedAt: kept.receivedAt, ...(kept.fiscalYear === undefined ? {} : { fiscalYear: kept.fiscalYear }) };
  return { ok: true, fact: { eventId: kept.eventId, ...when, recipientId: kept.recipientId, recipient: shown, event } };
}
