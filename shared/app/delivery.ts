/**
 * One delivered event, read once at the edge (issue 23): the body is parsed once into JSON (or the reason it is not
 * JSON), beside its text exactly as received. Past the edge everything reads the parsed value: the contract checks
 * it, the kept event takes its detail from it, the quarantine listing its detail-type. Nothing parses the body again
 * or searches its text; the text itself is kept only as a rejected event's audit copy (masked, shared/domain/redaction.ts).
 */
import { type AwardEvent, parseEvent } from '../../events/contracts';
import { LIMITS } from '../limits';

/** Why a body is not JSON, in the contract's words (events/contracts.ts, parseEventText). */
export interface ParseFailure {
  readonly ok: false;
  readonly reason: string;
}

/** A body parsed: its JSON value, or why it has none. */
export type ParsedBody = { readonly ok: true; readonly json: unknown } | ParseFailure;

export interface Delivery {
  /** The delivery's id (the SQS message id): what SQS is told of a failure, and the key of a rejection that names none. */
  readonly messageId: string;
  /** How many times the queue has handed it over (SQS ApproximateReceiveCount); null where nothing counts them. */
  readonly receiveCount: number | null;
  /**
   * When it reached the pipeline (the SQS message's SentTimestamp: the same on every redelivery of the message), kept
   * with the accepted event; the store's clock when not given.
   */
  readonly receivedAt?: string;
  /**
   * The id the body claims (its top-level `id`), when it can serve as a key (bounded, well formed): what logs are
   * correlated by. Not yet checked against the contract; null when it claims none or is not JSON.
   */
  readonly eventId: string | null;
  /** The body as received, byte for byte: what is kept, masked, of a rejected event. */
  readonly raw: string;
  readonly parsed: ParsedBody;
}

/** What the delivery is as an event: valid (with the JSON it was read from) or rejected with the contract's reason. */
export type CheckedDelivery
  = | { readonly ok: true; readonly event: AwardEvent; readonly json: unknown }
    | { readonly ok: false; readonly eventId: string | null; readonly reason: string };

/** The edge: a body parsed, the one time it is. */
export function deliveryOf(raw: string, messageId: string, received: { receiveCount?: number | null; receivedAt?: string } = {}): Delivery {
  const parsed = parseBody(raw);
  const eventId = usableId(parsed.ok ? claimed(parsed.json, 'id') : null);
  const { receiveCount = null, receivedAt } = received;
  return { messageId, receiveCount, ...(receivedAt === undefined ? {} : { receivedAt }), eventId, raw, parsed };
}

function parseBody(raw: string): ParsedBody {
  try {
    return { ok: true, json: JSON.parse(raw) as unknown };
  } catch (cause) {
    return { ok: false, reason: `event is not valid JSON: ${(cause as Error).message}` };
  }
}

/**
 * The delivery checked against the event contract, as parseEventText checks a text (its size first, then its JSON),
 * over the value parsed at the edge.
 */
export function checkDelivery(delivery: Delivery): CheckedDelivery {
  const bytes = Buffer.byteLength(delivery.raw, 'utf8');
  if (bytes > LIMITS.event.bytesMax) return { ok: false, eventId: null, reason: `event is ${bytes} bytes; the limit is ${LIMITS.event.bytesMax}` };
  if (!delivery.parsed.ok) return { ok: false, eventId: null, reason: delivery.parsed.reason };
  const { json } = delivery.parsed;
  const checked = parseEvent(json);
  return checked.ok ? { ok: true, event: checked.event, json } : checked;
}

/** The detail-type a rejected delivery claims, for the quarantine listing; null when it names none. */
export function claimedDetailType(delivery: Delivery): string | null {
  const detailType = delivery.parsed.ok ? claimed(delivery.parsed.json, 'detail-type') : null;
  return detailType === null ? null : detailType.slice(0, LIMITS.quarantine.detailTypeCharsMax);
}

/** An id an event claims, if it can serve as a key (bounded, well formed); otherwise null. */
export function usableId(claimedId: string | null): string | null {
  if (claimedId === null || claimedId.length === 0 || claimedId.length > LIMITS.event.idCharsMax || !claimedId.isWellFormed()) return null;
  return claimedId;
}

/** A string a JSON object names at its top level. */
function claimed(json: unknown, key: string): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const value = (json as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}
