/**
 * The money items both ways: what the store writes for an award, a ledger entry, a ledger head and a budget, and a
 * zod schema that reads each back, asserting what must hold of it (STYLE 7). An item that does not parse is a
 * `CorruptItemError` naming the item and the field.
 */
import * as z from 'zod';
import type { Award } from '../domain/awards';
import { WHOLE_ID, awardFields, awardInvariants, entryFields } from '../contract/answers/awards';
import { canonicalText } from '../domain/identity';
import { type Balances, GENESIS_HASH, type LedgerEntry, ZERO_BALANCES, sumOfAccounts } from '../domain/ledger';
import { lazy } from '../lazy';
import { CorruptItemError } from './errors';
import { keys, seqKey } from './table';

export type Item = Record<string, unknown>;

/** Parses an item with a schema, or throws CorruptItemError naming the item and what is wrong. */
export function readItem<T>(schema: z.ZodType<T>, item: Item, what: string): T {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new CorruptItemError(`${what} ${String(item.pk)}${item.sk === undefined ? '' : ` ${String(item.sk)}`}: ${issue?.path.join('.') || 'item'}: ${issue?.message ?? 'invalid'}`);
}

const fen = lazy(() => z.number().int().min(0).max(Number.MAX_SAFE_INTEGER));
const int = lazy(() => z.number().int());

// ------------------------------------------------------------------------------------------ awards

// The award's fields and invariants are the contract's (shared/contract/answers/awards.ts): as the API answers it.
export const awardSchema = lazy(() => z.object(awardFields(z.object, WHOLE_ID)).superRefine(awardInvariants));

export function awardItem(award: Award): Item {
  return {
    ...keys.award(award.awardId),
    gsi1pk: `J#${award.jurisdiction}`,
    gsi1sk: `${award.status}#${award.createdAt}#${award.awardId}`,
    gsi2pk: `R#${award.recipientId}`,
    gsi2sk: `A#${award.createdAt}#${award.awardId}`,
    gsi3pk: `REF#${canonicalText(award.reference)}`,
    gsi3sk: award.awardId,
    itemType: 'award',
    ...award,
  };
}

export const parseAward = (item: Item): Award => readItem(awardSchema(), item, 'award') as Award;

// ------------------------------------------------------------------------------------------ ledger

const hash = lazy(() => z.string().regex(/^[0-9a-f]{64}$/));

export const entrySchema = lazy(() => z.object(entryFields(z.object)));

/**
 * A ledger entry, indexed three ways besides its sequence: by recipient and time (gsi2), by jurisdiction and time
 * (gsi1, for date ranges as key conditions), and by award (gsi3, an award's own entries).
 */
export function entryItem(entry: LedgerEntry): Item {
  const seq = seqKey(entry.seq);
  return {
    ...keys.ledgerEntry(entry.jurisdiction, entry.seq),
    gsi1pk: keys.ledgerByTime(entry.jurisdiction),
    gsi1sk: `${entry.at}#${seq}`,
    ...(entry.recipientId === null ? {} : { gsi2pk: `R#${entry.recipientId}`, gsi2sk: `L#${entry.at}#${entry.jurisdiction}#${seq}` }),
    ...(entry.awardId === null ? {} : { gsi3pk: keys.entriesOfAward(entry.awardId), gsi3sk: `${entry.jurisdiction}#${seq}` }),
    itemType: 'ledger-entry',
    ...entry,
  };
}

export const parseEntry = (item: Item): LedgerEntry => readItem(entrySchema(), item, 'ledger entry');

export interface Head {
  readonly seq: number;
  readonly hash: string;
}

export const GENESIS: Head = { seq: 0, hash: GENESIS_HASH };

const headSchema = lazy(() => z.object({ seq: int().min(1), hash: hash() }));

export function headItem(jurisdiction: string, head: Head, at: string): Item {
  return { ...keys.ledgerHead(jurisdiction), itemType: 'ledger-head', jurisdiction, seq: head.seq, hash: head.hash, updatedAt: at };
}

export const parseHead = (item: Item | null): Head => (item === null ? GENESIS : readItem(headSchema(), item, 'ledger head'));

// ------------------------------------------------------------------------------------------ budgets

export interface BudgetState extends Balances {
  readonly jurisdiction: string;
  readonly fiscalYear: number;
  readonly waitingCount: number;
  readonly version: number;
}

const budgetSchema = lazy(() => z
  .object({
    jurisdiction: z.string().regex(/^\d{6}$/),
    fiscalYear: int().min(2000).max(2999),
    allocatedFen: fen(),
    availableFen: fen(),
    reservedFen: fen(),
    inTransitFen: fen().default(0),
    disbursedFen: fen(),
    receivableFen: fen(),
    waitingCount: int().min(0),
    version: int().min(1),
  })
  .refine((b) => sumOfAccounts(b) === b.allocatedFen, { error: 'accounts do not sum to the allocation' }));

export function budgetItem(state: BudgetState): Item {
  return { ...keys.budget(state.jurisdiction, state.fiscalYear), itemType: 'budget', ...state };
}

export const parseBudget = (item: Item): BudgetState => readItem(budgetSchema(), item, 'budget');

export const emptyBudget = (jurisdiction: string, fiscalYear: number): BudgetState => ({
  jurisdiction,
  fiscalYear,
  ...ZERO_BALANCES,
  waitingCount: 0,
  version: 0,
});
