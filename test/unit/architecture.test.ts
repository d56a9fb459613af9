import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The modules a source loads at run time: every `import … from`, `export … from`, side-effect `import '…'` and
 * dynamic `import('…')`, but not `import type` or an import whose every name is `type` (erased by the compiler).
 */
export function runtimeImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(import|export)(\s+type\b)?([^'";]*?)\bfrom\s+['"]([^'"]+)['"]/g)) {
    const [, , typeOnly, clause = '', spec = ''] = m;
    const names = /\{([^}]*)\}/.exec(clause)?.[1];
    const allTypes = names !== undefined && !/^\s*[\w$]+\s*,/.test(clause.replace(/\{[^}]*\}/, '')) && names.split(',').map((n) => n.trim()).filter(Boolean).every((n) => n.startsWith('type '));
    if (typeOnly === undefined && !allTypes) found.push(spec);
  }
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) found.push(m[1] ?? '');
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1] ?? '');
  return found;
}

/**
 * Every module a source names, at run time or only for its types: `import type`, `export type * from`, and a type's
 * `import('…')` as well as everything runtimeImports finds.
 */
export function allImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s+['"]([^'"]+)['"]/g)) found.push(m[1] ?? '');
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) found.push(m[1] ?? '');
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1] ?? '');
  return found;
}

/** A domain module must not load validation, I/O, AWS or the outer layers at run time. */
const FORBIDDEN_IN_DOMAIN = /^zod$|^@aws-sdk\/|^@middy\/|^@aws-lambda-powertools\/|^aws-cdk-lib|\/events\/|\/functions\/|\/infra\/|\/store\/|\/app\//;

describe('dependencies point inward (STYLE 1)', () => {
  it('shared/domain loads nothing at run time from zod, events/, AWS, middy, functions/, infra/, the store or app/', () => {
    const offences = sources(join(ROOT, 'shared/domain')).flatMap((file) =>
      runtimeImports(readFileSync(file, 'utf8'))
        .filter((spec) => FORBIDDEN_IN_DOMAIN.test(spec))
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('shared/domain imports nothing from events/ (the domain owns the event types)', () => {
    const fixture = 'import type { A } from \'../../events/contracts\';\nexport type * from \'../../events/x\';\ntype B = import(\'../../events/y\').B;';
    expect(allImports(fixture)).toEqual(['../../events/contracts', '../../events/x', '../../events/y']);
    const offences = sources(join(ROOT, 'shared/domain')).flatMap((file) =>
      allImports(readFileSync(file, 'utf8'))
        .filter((spec) => /(^|\/)events\//.test(spec))
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('the catalog (shared/policies) depends only on the domain', () => {
    const offences = sources(join(ROOT, 'shared/policies')).flatMap((file) =>
      runtimeImports(readFileSync(file, 'utf8'))
        .filter((spec) => !spec.startsWith('./') && !spec.startsWith('../domain/'))
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('the scan finds runtime imports and only those (it would pass vacuously otherwise)', () => {
    expect(runtimeImports(readFileSync(join(ROOT, 'shared/domain/engine.ts'), 'utf8'))).toContain('./catalog');
    const fixture = [
      'import * as z from \'zod\';',
      'import { parseEvent } from \'../../events/contracts\';',
      'import { type FactEvent } from \'../../events/contracts\';',
      'import type { Recipient } from \'../../events/contracts\';',
      'import { type A, b } from \'../../events/mixed\';',
      'import \'@aws-sdk/client-dynamodb\';',
      'const lazy = await import(\'@middy/core\');',
      'export { chinaDate } from \'../../events/time\';',
    ].join('\n');
    expect(runtimeImports(fixture)).toEqual(['zod', '../../events/contracts', '../../events/mixed', '../../events/time', '@aws-sdk/client-dynamodb', '@middy/core']);
    expect(runtimeImports(fixture).filter((spec) => FORBIDDEN_IN_DOMAIN.test(spec))).toHaveLength(6);
  });
});
