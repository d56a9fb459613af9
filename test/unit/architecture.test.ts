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

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? '',
  );
}

describe('dependencies point inward (STYLE 1)', () => {
  it('shared/domain imports nothing from AWS, middy, functions/, infra/ or the store', () => {
    const offences = sources(join(ROOT, 'shared/domain')).flatMap((file) =>
      imports(file)
        .filter((spec) =>
          /^@aws-sdk\/|^@middy\/|^@aws-lambda-powertools\/|^aws-cdk-lib|\/functions\/|\/infra\/|\/store\//.test(
            spec,
          ),
        )
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('the catalog (shared/policies) depends only on the domain', () => {
    const offences = sources(join(ROOT, 'shared/policies')).flatMap((file) =>
      imports(file)
        .filter((spec) => !spec.startsWith('./') && !spec.startsWith('../domain/'))
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('the scan finds imports at all (it would pass vacuously otherwise)', () => {
    expect(imports(join(ROOT, 'shared/domain/engine.ts'))).toContain('./catalog');
  });
});
