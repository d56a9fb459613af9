/**
 * What every subcommand of `awards` shares: how an action reports its exit code, option parsers that refuse bad
 * values before anything is sent, and reading a paged list route.
 */
import { InvalidArgumentError } from 'commander';
import { isCalendarDate } from '../shared/domain/time';
import { request } from './http';
import { LIMITS } from '../shared/limits';

/** An action answers its exit code: 0 success, 1 the command ran and found a fault. */
export type Action<A extends unknown[]> = (...args: A) => Promise<number>;

/** Wraps actions so that the program learns their exit codes (commander ignores an action's result). */
export type Runner = <A extends unknown[]>(action: Action<A>) => (...args: A) => Promise<void>;

/** A whole number of fen, zero or more: the API's unit of money (1 yuan = 100 fen). */
export function fen(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`'${value}' is not a whole number of fen (1 yuan = 100 fen; ¥200,000 is 20000000)`);
  }
  return n;
}

export function positive(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`'${value}' is not a positive whole number`);
  return n;
}

/** A date as the API takes it: YYYY-MM-DD, a day in China time. */
export function day(value: string): string {
  if (!isCalendarDate(value)) {
    throw new InvalidArgumentError(`'${value}' is not a date as YYYY-MM-DD`);
  }
  return value;
}

/** The items of a paged list route, page by page, up to `max`; `more` says whether items were left. */
export async function listAll<T>(path: string, query: URLSearchParams, max: number = LIMITS.cli.listMax, pageSize = 100):
Promise<{ items: T[]; more: boolean }> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams(query);
    q.set('limit', String(Math.min(pageSize, max - items.length)));
    if (cursor !== null) q.set('cursor', cursor);
    const page = (await request('GET', `${path}?${q}`)).json as { items: T[]; cursor: string | null };
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== null && items.length < max);
  return { items, more: cursor !== null };
}

/** A note on stderr, so that stdout stays the answer a script reads. */
export const note = (text: string): void => {
  process.stderr.write(`${text}\n`);
};
