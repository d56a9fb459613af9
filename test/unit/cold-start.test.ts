/**
 * What the API's cold start loads (issue 24, ADR 024): finance's and the auditors' every-minute routes with the
 * function, every other route group a chunk loaded by its first request; the store's cold-path modules loaded on
 * first use (shared/lazy.ts deferred). The sizes are the bench's (bundle size); here, which modules are where.
 */
import { buildSync } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { GROUPS } from '../../functions/api/app';
import { bundleOptions } from '../../infra/bundle';
import { API_ROUTES, type RouteGroup, routeGroupOf } from '../../shared/contract/routes';
import { deferred } from '../../shared/lazy';

describe('the route groups of the API function', () => {
  // Building a group's handlers touches none of its dependencies: any property read answers a function that does nothing.
  const nothing: unknown = new Proxy(() => nothing, { get: () => nothing, apply: () => nothing });

  it.each(Object.keys(GROUPS) as RouteGroup[])('%s answers exactly the routes the route table puts in it', async (group) => {
    const routes = await GROUPS[group](nothing as Parameters<(typeof GROUPS)[RouteGroup]>[0]);
    expect(Object.keys(routes).sort()).toEqual(API_ROUTES.filter((r) => routeGroupOf(r) === group).sort());
  });
});

/** The source files esbuild puts in what the api's index.mjs imports statically, and in every chunk. */
function apiModules(): { cold: Set<string>; all: Set<string>; coldFiles: number } {
  const result = buildSync({ ...bundleOptions(`${import.meta.dirname}/../../functions/api/handler.ts`, '/tmp/api-cold-start-test'), metafile: true, write: false });
  const outputs = result.metafile.outputs;
  const index = Object.keys(outputs).find((file) => file.endsWith('/index.mjs')) as string;
  const chunks = new Set<string>();
  const walk = (file: string) => {
    if (chunks.has(file)) return;
    chunks.add(file);
    for (const i of outputs[file]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) walk(i.path);
  };
  walk(index);
  const inputsOf = (files: Iterable<string>) => new Set([...files].flatMap((file) => Object.keys(outputs[file]?.inputs ?? {})));
  return { cold: inputsOf(chunks), all: inputsOf(Object.keys(outputs)), coldFiles: chunks.size };
}

describe('the api bundle\'s cold start', () => {
  const { cold, all, coldFiles } = apiModules();
  const loaded = (part: string) => [...cold].some((file) => file.includes(part));

  it('loads finance\'s every-minute routes and what they need', () => {
    for (const part of ['functions/api/finance-routes.ts', 'functions/api/audit-routes.ts', 'shared/store/queries.ts', 'shared/store/commands.ts', 'shared/calendar-official.ts']) {
      expect(loaded(part), part).toBe(true);
    }
  });

  it('leaves payments, reconciliation, controls, reports, what-if, intake, files and the name skeletons to a first use', () => {
    const later = [
      'functions/api/payment-routes.ts', 'functions/api/controls-routes.ts', 'functions/api/report-routes.ts', 'functions/api/simulation-routes.ts',
      'functions/api/evidence-routes.ts', 'functions/api/digest-routes.ts', 'functions/api/exports.ts',
      'shared/store/reconcile.ts', 'shared/store/payment-batches.ts', 'shared/store/simulations.ts', 'shared/store/reports.ts', 'shared/store/intake-plan.ts',
      'shared/domain/report-tables.ts', 'shared/adapters/files/xlsx.ts', 'node_modules/chinese-conv', 'node_modules/libxml2-wasm',
    ];
    for (const part of later) {
      expect(loaded(part), `${part} is loaded at cold start`).toBe(false);
      expect([...all].some((file) => file.includes(part)), `${part} is in the bundle at all`).toBe(true);
    }
  });

  it('is a few files, not one per lazily loaded module (each file a cold start loads costs its own read and link)', () => {
    // One lazy module per layer (functions/api/later.ts, shared/store/later.ts): with one per group, esbuild split the
    // code the cold start needs into 40 chunks by which lazy modules share it, and the cold start was slower than before.
    expect(coldFiles).toBeLessThanOrEqual(6);
  });

  it('holds the official calendar in its compact form, not chinese-days\' data file', () => {
    expect([...all].some((file) => file.includes('chinese-days'))).toBe(false);
  });
});

describe('deferred (a module\'s async methods, loaded on first call)', () => {
  it('loads nothing until a method is called, then once, and has every method as its own property', async () => {
    const load = vi.fn(async () => ({ double: async (n: number) => 2 * n, name: async () => 'm' }));
    const methods = deferred(load, { double: true, name: true });
    expect(load).not.toHaveBeenCalled();
    expect(Object.keys({ ...methods })).toEqual(['double', 'name']);
    expect(await Promise.all([methods.double(2), methods.double(3), methods.name()])).toEqual([4, 6, 'm']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('tries a failed load again on the next call', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('chunk not found')).mockResolvedValue({ ping: async () => 'pong' });
    const methods = deferred(load as () => Promise<{ ping: () => Promise<string> }>, { ping: true });
    await expect(methods.ping()).rejects.toThrow('chunk not found');
    expect(await methods.ping()).toBe('pong');
  });

  it('calls a method on its object, as a class instance needs', async () => {
    class Counter {
      private n = 0;
      async next(): Promise<number> {
        return ++this.n;
      }
    }
    const counter = deferred(async () => new Counter(), { next: true });
    expect([await counter.next(), await counter.next()]).toEqual([1, 2]);
  });

  it('names a method the loaded module does not have', async () => {
    const methods = deferred(async () => ({}) as { gone: () => Promise<void> }, { gone: true });
    await expect(methods.gone()).rejects.toThrow('the loaded module has no method gone');
  });
});
