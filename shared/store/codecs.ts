/**
 * Items both ways: what the store writes for each record, and how it reads one back, asserting what must hold of it
 * (STYLE 7). Together with table.ts, the only code that knows the item layout.
 */
import type { Award } from '../domain/awards';
import { type Balances, type LedgerEntry, ZERO_BALANCES, sumOfAccounts } from '../domain/ledger';
import { STATUSES, type Status } from '../domain/lifecycle';
import { isFen } from '../domain/money';
import { canonicalText } from '../domain/identity';
import { keys, seqKey } from './table';

export class StoreError extends Error {
  override name = 'StoreError';
}

/** A transaction kept losing races until its attempts ran out: retry later; nothing was written. */
export class ContentionError extends StoreError {
  override name = 'ContentionError';
}

/** An item read back breaks an invariant: the table was altered outside the store, or the store has a bug. */
export class CorruptItemError extends StoreError {
  override name = 'CorruptItemError';
}

/** A cursor the API did not issue. */
export class CursorError extends StoreError {
  override name = 'CursorError';
}

export type Item = Record<string, unknown>;

export interface BudgetState extends Balances {
  readonly jurisdiction: string;
  readonly fiscalYear: number;
  readonly waitingCount: number;
  readonly version: number;
}

export type EventOutcome
  = | { readonly kind: 'awards'; readonly eventId: string; readonly awardIds: readonly string[]; readonly receivedAt: string; readonly voidedBy?: string }
    | {
      readonly kind: 'duplicate';
      readonly eventId: string;
      readonly awardIds: readonly string[];
      readonly firstEventId: string;
      /** The repeat computes other awards than the first arrival did: the upstream facts disagree. */
      readonly conflicting: boolean;
      readonly receivedAt: string;
    }
    | { readonly kind: 'no-award'; readonly eventId: string; readonly reason: string; readonly receivedAt: string }
    | {
      readonly kind: 'revocation';
      readonly eventId: string;
      readonly awardIds: readonly string[];
      readonly receivedAt: string;
      /** Its state when it arrived; the revocation record (GET /revocations) holds where it stands now. */
      readonly stateOnArrival?: RevocationState;
    };

export interface Rejection {
  readonly rejectionId: string;
  readonly eventId: string | null;
  readonly detailType: string | null;
  readonly reason: string;
  readonly receivedAt: string;
  /** The event as received (its text), kept for audit; truncated to fit an item, never dropped. */
  readonly event: string;
}

export type RejectionInput = Omit<Rejection, 'receivedAt'>;

/**
 * PENDING: the fact it names has not arrived; APPLIED: the fact's awards were voided (or clawed back); REFUSED: the
 * fact was sent by another source, so the revocation changes nothing.
 */
export type RevocationState = 'PENDING' | 'APPLIED' | 'REFUSED';
export const REVOCATION_STATES: readonly RevocationState[] = ['PENDING', 'APPLIED', 'REFUSED'];

/** A revocation event as auditors see it (GET /revocations). */
export interface Revocation {
  readonly eventId: string;
  readonly source: string;
  readonly revokes: { readonly detailType: string; readonly reference: string };
  readonly recipientId: string;
  readonly reason: string;
  readonly receivedAt: string;
  readonly state: RevocationState;
  /** The awards it voided or put into clawback. */
  readonly awardIds: readonly string[];
  readonly appliedAt: string | null;
  readonly refusedAt: string | null;
  readonly refusedReason: string | null;
}

/** What a fact's pending revocations marker holds for each revocation that named it. */
export interface MarkedRevocation {
  readonly eventId: string;
  readonly source: string;
  readonly reason: string;
  readonly receivedAt: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly cursor: string | null;
}

export function str(item: Item, field: string): string {
  const value = item[field];
  if (typeof value !== 'string') throw new CorruptItemError(`${String(item.pk)}: ${field} is not a string`);
  return value;
}

export function int(item: Item, field: string): number {
  const value = item[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new CorruptItemError(`${String(item.pk)}: ${field} is not an integer`);
  return value;
}

// ------------------------------------------------------------------------------------------ awards

export function awardItem(award: Award): Item {
  return {
    ...keys.award(award.awardId),
    gsi1pk: `J#${award.jurisdiction}`,
    gsi1sk: `${award.status}#${award.createdAt}#${award.awardId}`,
    gsi2pk: `USCC#${award.recipient.uscc}`,
    gsi2sk: `A#${award.createdAt}#${award.awardId}`,
    gsi3pk: `REF#${canonicalText(award.reference)}`,
    gsi3sk: award.awardId,
    itemType: 'award',
    ...award,
  };
}

/** Reads an award item back, asserting what must hold of every stored award (STYLE 7). */
export function parseAward(item: Item): Award {
  const status = str(item, 'status') as Status;
  if (!STATUSES.includes(status)) throw new CorruptItemError(`${String(item.pk)}: unknown status ${status}`);
  const amountFen = item.amountFen ?? null;
  if (amountFen !== null && (!isFen(amountFen) || amountFen === 0)) throw new CorruptItemError(`${String(item.pk)}: amountFen is not positive fen`);
  if (amountFen === null && !['AMOUNT_REQUIRED', 'REJECTED', 'VOIDED'].includes(status)) {
    throw new CorruptItemError(`${String(item.pk)}: a ${status} award must have an amount`);
  }
  const approvals = item.approvals;
  if (!Array.isArray(approvals)) throw new CorruptItemError(`${String(item.pk)}: approvals is not a list`);
  const required = item.approvalsRequired ?? null;
  const approved = approvals.filter((a: { decision?: string }) => a.decision === 'approve');
  if (required !== null && approved.length > (required as number)) throw new CorruptItemError(`${String(item.pk)}: more approvals than required`);
  if (new Set(approved.map((a: { by?: string }) => a.by)).size !== approved.length) {
    throw new CorruptItemError(`${String(item.pk)}: one approver approved twice`);
  }
  int(item, 'version');
  int(item, 'fiscalYear');
  const { pk: _pk, sk: _sk, gsi1pk: _1, gsi1sk: _2, gsi2pk: _3, gsi2sk: _4, gsi3pk: _5, gsi3sk: _6, itemType: _t, ...award } = item;
  return { revokedBy: null, ...award } as unknown as Award;
}

// ------------------------------------------------------------------------------------------ ledger and budgets

export function entryItem(entry: LedgerEntry): Item {
  return {
    ...keys.ledgerEntry(entry.jurisdiction, entry.seq),
    ...(entry.uscc === null ? {} : { gsi2pk: `USCC#${entry.uscc}`, gsi2sk: `L#${entry.at}#${entry.jurisdiction}#${seqKey(entry.seq)}` }),
    itemType: 'ledger-entry',
    ...entry,
  };
}

export function parseEntry(item: Item): LedgerEntry {
  int(item, 'seq');
  str(item, 'hash');
  str(item, 'prevHash');
  if (!Array.isArray(item.postings)) throw new CorruptItemError(`${String(item.pk)} ${String(item.sk)}: postings is not a list`);
  const { pk: _pk, sk: _sk, gsi2pk: _a, gsi2sk: _b, itemType: _t, ...entry } = item;
  return entry as unknown as LedgerEntry;
}

export function budgetItem(state: BudgetState): Item {
  return { ...keys.budget(state.jurisdiction, state.fiscalYear), itemType: 'budget', ...state };
}

export function parseBudget(item: Item): BudgetState {
  const state: BudgetState = {
    jurisdiction: str(item, 'jurisdiction'),
    fiscalYear: int(item, 'fiscalYear'),
    allocatedFen: int(item, 'allocatedFen'),
    availableFen: int(item, 'availableFen'),
    reservedFen: int(item, 'reservedFen'),
    disbursedFen: int(item, 'disbursedFen'),
    receivableFen: int(item, 'receivableFen'),
    waitingCount: int(item, 'waitingCount'),
    version: int(item, 'version'),
  };
  for (const [field, value] of Object.entries(state)) {
    if (typeof value === 'number' && value < 0) throw new CorruptItemError(`budget ${state.jurisdiction}/${state.fiscalYear}: ${field} below zero`);
  }
  if (sumOfAccounts(state) !== state.allocatedFen) throw new CorruptItemError(`budget ${state.jurisdiction}/${state.fiscalYear}: accounts do not sum to the allocation`);
  return state;
}

export const emptyBudget = (jurisdiction: string, fiscalYear: number): BudgetState => ({
  jurisdiction,
  fiscalYear,
  ...ZERO_BALANCES,
  waitingCount: 0,
  version: 0,
});

// ------------------------------------------------------------------------------------------ quarantine

/** What one quarantined event may hold, in UTF-8 bytes, so the item stays under DynamoDB's 400 KB. */
export const QUARANTINE_LIMITS = { eventBytesMax: 320_000, reasonBytesMax: 16_000, idCharsMax: 128, detailTypeCharsMax: 100 } as const;

/**
 * The longest prefix of `text` whose UTF-8 encoding fits `bytesMax`, cut on a character boundary, with a note of
 * what was cut; lone surrogates (which DynamoDB cannot store) become U+FFFD.
 */
export function fitUtf8(text: string, bytesMax: number): string {
  const wellFormed = text.toWellFormed();
  const bytes = Buffer.byteLength(wellFormed, 'utf8');
  if (bytes <= bytesMax) return wellFormed;
  const note = `…[truncated: ${bytes} bytes, ${wellFormed.length} UTF-16 units in all]`;
  const budget = bytesMax - Buffer.byteLength(note, 'utf8');
  // Binary search the longest prefix (in code units, never splitting a surrogate pair) within the budget.
  let low = 0;
  let high = wellFormed.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (Buffer.byteLength(wellFormed.slice(0, mid), 'utf8') <= budget) low = mid;
    else high = mid - 1;
  }
  const code = wellFormed.charCodeAt(low - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? low - 1 : low;
  return `${wellFormed.slice(0, end)}${note}`;
}

export function rejectionItem(rejection: Rejection): Item {
  return { ...keys.rejection(rejection.rejectionId), itemType: 'rejection', gsi1pk: 'REJECTIONS', gsi1sk: `${rejection.receivedAt}#${rejection.rejectionId}`, ...rejection };
}

export function parseRejection(item: Item): Rejection {
  return {
    rejectionId: str(item, 'rejectionId'),
    eventId: (item.eventId as string | null) ?? null,
    detailType: (item.detailType as string | null) ?? null,
    reason: str(item, 'reason'),
    receivedAt: str(item, 'receivedAt'),
    event: str(item, 'event'),
  };
}

// ------------------------------------------------------------------------------------------ revocations

export function revocationItem(revocation: Revocation): Item {
  const { state: _derived, ...stored } = revocation;
  return {
    ...keys.revocation(revocation.eventId),
    itemType: 'revocation',
    gsi1pk: 'REVOCATIONS',
    gsi1sk: `${revocation.receivedAt}#${revocation.eventId}`,
    ...Object.fromEntries(Object.entries(stored).filter(([, v]) => v !== null)),
  };
}

/**
 * A revocation's state is derived from when it was applied or refused, so a fact that arrives later can record
 * either with an unconditional `if_not_exists` update, without reading the revocation first. Applied wins.
 */
export function parseRevocation(item: Item): Revocation {
  const appliedAt = (item.appliedAt as string | undefined) ?? null;
  const refusedAt = (item.refusedAt as string | undefined) ?? null;
  const revokes = item.revokes as { detailType?: unknown; reference?: unknown } | undefined;
  if (typeof revokes?.detailType !== 'string' || typeof revokes.reference !== 'string') throw new CorruptItemError(`${String(item.pk)}: revokes is not { detailType, reference }`);
  return {
    eventId: str(item, 'eventId'),
    source: str(item, 'source'),
    revokes: { detailType: revokes.detailType, reference: revokes.reference },
    recipientId: str(item, 'recipientId'),
    reason: str(item, 'reason'),
    receivedAt: str(item, 'receivedAt'),
    state: appliedAt !== null ? 'APPLIED' : refusedAt !== null ? 'REFUSED' : 'PENDING',
    awardIds: Array.isArray(item.awardIds) ? (item.awardIds as string[]) : [],
    appliedAt,
    refusedAt,
    refusedReason: (item.refusedReason as string | undefined) ?? null,
  };
}

export function parseMarked(item: Item | null): { revocations: MarkedRevocation[]; version: number } | null {
  if (item === null) return null;
  if (!Array.isArray(item.revocations)) throw new CorruptItemError(`${String(item.pk)}: revocations is not a list`);
  return { revocations: item.revocations as MarkedRevocation[], version: int(item, 'version') };
}

// ------------------------------------------------------------------------------------------ cursors

export const encodeCursor = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export function decodeCursor<T>(cursor: string | null | undefined): T | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch (cause) {
    throw new CursorError('cursor is not one this API returned', { cause });
  }
}
