/**
 * Invariant assertions for the domain (STYLE 7), without `node:assert`, so the domain's modules load in the browser
 * build too (the console imports their types and the digest checker). The API is the subset of `node:assert/strict`
 * the domain uses, and a failure is an AssertionError with `code: 'ERR_ASSERTION'`, as node's is.
 */
export class AssertionError extends Error {
  override name = 'AssertionError';
  readonly code = 'ERR_ASSERTION';
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

interface Assert {
  (value: unknown, message?: string): asserts value;
  /** The value is truthy. */
  ok(value: unknown, message?: string): asserts value;
  /** `actual` is `expected` (Object.is, as node's strict `equal`). */
  equal<T>(actual: unknown, expected: T, message?: string): asserts actual is T;
  /** The text matches the pattern. */
  match(text: string, pattern: RegExp, message?: string): void;
  /** Always throws. */
  fail(message?: string): never;
}

function ok(value: unknown, message?: string): asserts value {
  if (!value) throw new AssertionError(message ?? `expected a truthy value, got ${show(value)}`);
}

export const assert: Assert = Object.assign(
  (value: unknown, message?: string): asserts value => ok(value, message),
  {
    ok,
    equal<T>(actual: unknown, expected: T, message?: string): asserts actual is T {
      if (!Object.is(actual, expected)) throw new AssertionError(message ?? `expected ${show(expected)}, got ${show(actual)}`);
    },
    match(text: string, pattern: RegExp, message?: string): void {
      if (typeof text !== 'string' || !pattern.test(text)) throw new AssertionError(message ?? `${show(text)} does not match ${String(pattern)}`);
    },
    fail(message?: string): never {
      throw new AssertionError(message ?? 'failed');
    },
  },
);

export default assert;
