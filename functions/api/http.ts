/**
 * The HTTP side of the API function: the contract's error shape (CONTRACT §3), the caller from the JWT claims,
 * bodies within their limit, and zod validation of queries and bodies that names what is wrong.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import type { Failure, FailureCode } from '../../shared/domain/awards';
import { type Action, type Principal, authorize, officerJurisdictions } from '../../shared/domain/authz';
import { redactTexts } from '../../shared/domain/redaction';
import { TextEncodingError, bankFileText, decodeBankFile } from '../../shared/adapters/text-files';
import { LIMITS } from '../../shared/limits';
import type { Result } from '../../shared/store/store';

export type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
export type Response = APIGatewayProxyStructuredResultV2;
/** What answers one route: the request and the caller the JWT names. */
export type Handler = (event: Event, principal: Principal) => Promise<Response>;

export const STATUS_OF: Record<FailureCode | 'UNAUTHENTICATED' | 'PAYLOAD_TOO_LARGE' | 'UNAVAILABLE', number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
};

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly code: keyof typeof STATUS_OF,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A JSON answer. Every free text in it is masked for identity numbers on the way out (redactTexts): whatever an
 * upstream system put in a name or a reference, or a bank in a reason, no answer carries a person's number whole but
 * in `recipient.idNumber`, which the views show whole only to an officer of the paying jurisdiction (ADR 009).
 */
export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): Response => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(redactTexts(body)),
});

export const errorResponse = (code: keyof typeof STATUS_OF, message: string): Response => json(STATUS_OF[code], { error: { code, message } });

export function unwrap<T>(result: Result<T> | Failure): T {
  if (!result.ok) throw new HttpError(result.code, result.message);
  return result.value;
}

/**
 * Where a caller may look a person up by the identity number itself (review of issue 19, H4): only the jurisdictions
 * the caller is an officer of, who see the number whole there anyway. Anyone else asking by number would learn, from
 * whether anything is found, which of the few thousand numbers a masked one can be is the person's: approvers and
 * auditors ask by the keyed id (`recipientId`, P:…) the awards show.
 */
export function whereNumbersAreSeen(principal: Principal, jurisdictions: readonly string[]): string[] {
  const officerOf = new Set(officerJurisdictions(principal));
  const allowed = jurisdictions.filter((j) => officerOf.has(j));
  if (allowed.length === 0) {
    throw new HttpError('FORBIDDEN', 'asking by a person\'s identity number is for officers of the jurisdiction, who see it whole; ask by recipientId (P:…), the keyed id the award shows');
  }
  return allowed;
}

export function allow(principal: Principal, action: Action): void {
  const decision = authorize(principal, action);
  if (!decision.ok) throw new HttpError('FORBIDDEN', decision.reason);
}

/**
 * The caller, from the claims API Gateway's JWT authorizer verified. `cognito:groups` arrives as an array, or (HTTP
 * API's flattening of array claims) as one string "[a b c]". Cognito group names hold no white space, so that string
 * is split on spaces only, after its one outer pair of brackets: a name with a comma, bracket or quote in it stays one
 * (unknown) group and is never read as several roles.
 */
export function principalOf(event: Event): Principal {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (claims === undefined) throw new HttpError('UNAUTHENTICATED', 'a bearer token is required');
  // One user, one name: dual control compares names, so `Zhao`, `zhao ` and `ｚｈａｏ` are the same officer (attack review
  // of issue 21: a name in another case released its own hold). In AWS `sub` is Cognito's UUID; locally it is the name.
  const user = String(claims.sub ?? claims.username ?? '').normalize('NFKC').replace(/\p{Cf}/gu, '').replace(/\s+/gu, ' ').trim().toLowerCase();
  if (user.length === 0) throw new HttpError('UNAUTHENTICATED', 'the token names no user (sub)');
  return { user, groups: groupsOf(claims['cognito:groups']) };
}

export function groupsOf(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === 'string');
  if (typeof raw !== 'string' || raw.length === 0) return [];
  const inner = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  return inner.split(' ').filter((g) => g.length > 0);
}

export function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    // An issue of the value itself (a path parameter, a query) is named by `what` alone, not also as "body" (review L5).
    throw new HttpError('VALIDATION', `${what}: ${result.error.issues.map((i) => (i.path.length === 0 ? i.message : `${i.path.join('.')}: ${i.message}`)).join('; ')}`);
  }
  return result.data;
}

/** A body that is not JSON (a bank file's XML), within its own limit. */
export function rawBody(event: Event, bytesMax: number): string {
  // A bank file's bytes become text in one place (text-files.ts): in their encoding, or refused with the reason.
  let text: string;
  try {
    text = event.body === undefined ? '' : event.isBase64Encoded ? decodeBankFile(Buffer.from(event.body, 'base64')) : bankFileText(event.body);
  } catch (e) {
    if (e instanceof TextEncodingError) throw new HttpError('VALIDATION', `bank file refused: the file ${e.message}`);
    throw e;
  }
  if (Buffer.byteLength(text, 'utf8') > bytesMax) throw new HttpError('PAYLOAD_TOO_LARGE', `body is larger than ${bytesMax} bytes`);
  if (text.trim() === '') throw new HttpError('VALIDATION', 'a body is required: the XML of a pain.002, camt.054 or camt.053');
  return text;
}

/** A body's bytes as UTF-8 JSON requires (RFC 8259), or a refusal naming why: never read with U+FFFD. */
function utf8Body(bytes: Buffer): string {
  if (bytes.includes(0)) throw new HttpError('VALIDATION', 'body holds NUL characters (UTF-16?): JSON is sent as UTF-8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError('VALIDATION', 'body is not UTF-8 text (GBK?): JSON is sent as UTF-8');
  }
}

/** A JSON body within `bytesMax` (a route with larger bodies, a draft catalog, names its own limit). */
export function body(event: Event, bytesMax: number = LIMITS.api.bodyBytesMax): unknown {
  // A UTF-8 byte-order mark (some editors write one) is no part of the JSON; the decoder drops one from bytes.
  const text = event.body === undefined ? '' : event.isBase64Encoded ? utf8Body(Buffer.from(event.body, 'base64')) : event.body.replace(/^\uFEFF/, '');
  if (Buffer.byteLength(text, 'utf8') > bytesMax) throw new HttpError('PAYLOAD_TOO_LARGE', `body is larger than ${bytesMax} bytes`);
  if (text.trim() === '') throw new HttpError('VALIDATION', 'a JSON body is required');
  // A name read in the wrong encoding on the way here (GBK as UTF-8) would be stored, and sent to the bank, as U+FFFD.
  if (text.includes('\uFFFD')) throw new HttpError('VALIDATION', 'body holds U+FFFD (�), left where its text was decoded in the wrong encoding before it was sent: send JSON as UTF-8');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError('VALIDATION', 'body is not valid JSON');
  }
}
