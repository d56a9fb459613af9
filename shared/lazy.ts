/**
 * A value built on first use and kept: for validation schemas, which cost time to build at cold start and of which
 * one invocation needs only a few (an event uses one of thirteen detail schemas; intake never reads a cursor).
 */
// A call builds nothing until its value is asked for: marked free of side effects, so a bundler drops a module's
// unused lazy schemas with the rest of what the module's callers do not use (issue 24).
/* @__NO_SIDE_EFFECTS__ */
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
/* @__NO_SIDE_EFFECTS__ */
export function lazyRecord<B extends Record<string, () => unknown>>(builders: B): { readonly [K in keyof B]: ReturnType<B[K]> } {
  const record = {} as { [K in keyof B]: ReturnType<B[K]> };
  for (const [key, build] of Object.entries(builders)) {
    const get = lazy(build);
    Object.defineProperty(record, key, { get, enumerable: true });
  }
  return record;
}

type AsyncMethods<T> = { [K in keyof T]: (...args: never[]) => Promise<unknown> };

/**
 * An object of async methods from a module loaded on the first call of any of them: in a bundle, that module is a
 * chunk of its own, read from disk only when the code first needs it (ADR 024). `names` lists every method (the type
 * makes the list complete), so the object has them as its own properties before anything is loaded (it can be spread);
 * the object the module builds is made once; a failed load is tried again on the next call.
 */
export function deferred<T extends AsyncMethods<T>>(load: () => Promise<T>, names: { readonly [K in keyof T]-?: true }): T {
  let loading: Promise<T> | undefined;
  const loaded = () => (loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  }));
  const methods: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const name of Object.keys(names)) {
    methods[name] = async (...args: never[]) => {
      const object = await loaded();
      const target = object[name as keyof T] as unknown;
      if (typeof target !== 'function') throw new TypeError(`the loaded module has no method ${name}`);
      // Called as the object's method: a class's methods read `this`.
      return (target as (...a: never[]) => Promise<unknown>).apply(object, args);
    };
  }
  return methods as T;
}
