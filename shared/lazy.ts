/**
 * A value built on first use and kept: for validation schemas, which cost time to build at cold start and of which
 * one invocation needs only a few (an event uses one of thirteen detail schemas; intake never reads a cursor).
 */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

/** An object whose every property is built on first read, from a record of builders. */
export function lazyRecord<B extends Record<string, () => unknown>>(builders: B): { readonly [K in keyof B]: ReturnType<B[K]> } {
  const record = {} as { [K in keyof B]: ReturnType<B[K]> };
  for (const [key, build] of Object.entries(builders)) {
    const get = lazy(build);
    Object.defineProperty(record, key, { get, enumerable: true });
  }
  return record;
}
