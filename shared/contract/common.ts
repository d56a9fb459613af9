/**
 * The pieces every answer of the HTTP API is built of (CONTRACT §3): the error shape, a page of a list, money in fen,
 * instants and dates. Answers are strict objects: a field a route adds without declaring it here breaks the contract.
 */
import * as z from 'zod';

export const fen = () => z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A signed amount (a posting's delta). */
export const deltaFen = () => z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
export const count = () => z.number().int().min(0);
/** An instant, ISO 8601 in UTC as the store writes it (`2026-03-02T08:00:00.000Z`). */
export const instant = () => z.string().describe('ISO 8601 instant (UTC)');
/** A calendar date, YYYY-MM-DD (China Standard Time where it is a day of the fiscal calendar). */
export const day = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('calendar date YYYY-MM-DD');
export const jurisdiction = () => z.string().regex(/^\d{6}$/).describe('6-digit administrative division code');
export const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();

/** The contract's error shape: every 4xx and 5xx answers it. */
export const errorAnswer = () => z.strictObject({
  error: z.strictObject({
    code: z.enum(['VALIDATION', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'UNAVAILABLE', 'INTERNAL']),
    message: z.string(),
  }),
});

/** A page of a list, as a type. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor: string | null;
}

/** A page of a list: its items and the cursor of the next page (null on the last). */
export const page = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item), cursor: z.string().nullable() });

/** Compile-time proof that a schema's output is exactly a domain type (each assignable to the other). */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** A type with every `readonly` taken off, all the way down: domain types are readonly, zod's outputs are not. */
export type Mutable<T> = T extends readonly (infer U)[] ? Array<Mutable<U>> : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

/** Compile-time proof that a schema's output is a domain type, field for field (readonly aside). */
export type Exact<A, B> = Same<Mutable<A>, Mutable<B>>;
