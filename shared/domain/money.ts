import assert from './assert';

/** Fen per yuan. Money is always an integer number of fen (STYLE 5); there are no floats near money. */
export const FEN_PER_YUAN = 100;

/** True when `n` is an amount of money we can hold exactly: a non-negative safe integer of fen. */
export function isFen(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

export function assertFen(n: unknown, what: string): asserts n is number {
  assert.ok(isFen(n), `${what} must be a non-negative safe integer of fen, got ${String(n)}`);
}

/** Whole yuan to fen, for writing the catalog in the units the documents use (30万元 = yuan(300_000)). */
export function yuan(amountYuan: number): number {
  assert.ok(Number.isSafeInteger(amountYuan) && amountYuan >= 0, `yuan(${amountYuan}) needs whole yuan`);
  const amountFen = amountYuan * FEN_PER_YUAN;
  assertFen(amountFen, 'yuan() result');
  return amountFen;
}

/**
 * `amountFen * basisPoints / 10_000`, rounded down to the fen: a policy never pays more than it allows.
 * BigInt keeps the product exact for any safe amount.
 */
export function percentOfFen(amountFen: number, basisPoints: number): number {
  assertFen(amountFen, 'percentOfFen amount');
  assert.ok(
    Number.isSafeInteger(basisPoints) && basisPoints > 0 && basisPoints <= 10_000,
    'basis points in 1..10000',
  );
  const resultFen = Number((BigInt(amountFen) * BigInt(basisPoints)) / 10_000n);
  assertFen(resultFen, 'percentOfFen result');
  return resultFen;
}

/** Formats fen for people: `¥1,234.56`. */
export function formatYuan(amountFen: number): string {
  assert.ok(Number.isSafeInteger(amountFen), `formatYuan needs an integer of fen, got ${amountFen}`);
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  const whole = Math.floor(abs / FEN_PER_YUAN);
  const cents = abs % FEN_PER_YUAN;
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${grouped}.${cents.toString().padStart(2, '0')}`;
}
