import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS, type Limits, limitProblems } from '../../shared/limits';

const ROOT = join(__dirname, '..', '..');
const SOURCES = ['shared', 'functions', 'events', 'cli', 'infra', 'console/src', 'bench'];
const SKIP = new Set(['node_modules', 'out', 'dist', 'cdk.out']);
/** A limit's definition: a constant named *_MAX or MAX_*, or an object named *_LIMITS. */
const DEFINITION = /\b(?:const|let|var)\s+([A-Z0-9_]*(?:_MAX|MAX_)[A-Z0-9_]*|[A-Z0-9_]+_LIMITS)\s*=/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (SKIP.has(name)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(name) ? [path] : [];
  });
}

/** A copy of the limits with one value changed, as a careless edit of shared/limits.ts would leave them. */
function withChange(section: string, key: string, value: number): Limits {
  const copy = structuredClone(LIMITS) as unknown as Record<string, Record<string, number>>;
  const part = copy[section];
  if (part === undefined || !(key in part)) throw new Error(`no limit ${section}.${key}`);
  part[key] = value;
  return copy as unknown as Limits;
}

describe('the limits (shared/limits.ts)', () => {
  it('agree with each other as they are', () => {
    expect(limitProblems(LIMITS)).toEqual([]);
  });

  it.each([
    ['payments', 'batchAwardsMax', 33, 'a batch claim (3 items an award, the head, the batch, a budget) fits one transaction'],
    ['store', 'pageSizeDefault', 101, 'the default page is at most a page, a page at most a ledger page'],
    ['payments', 'bankFileStepEntriesMax', 99, 'a reconciliation step (an item an entry, the message, the progress) fits one transaction'],
    ['event', 'bytesMax', 300 * 1024, 'an event fits one PutEvents entry'],
    ['local', 'apiBodyBytesMax', 64 * 1024, 'the local gateway takes a whole bank file'],
    ['whatif', 'bodyBytesMax', 256 * 1024, 'a simulation body holds its catalog, and the gateway takes it'],
    ['reports', 'exportBytesMax', 7 * 1024 * 1024, 'a report fits one Lambda answer'],
    ['digests', 'pageMax', 51, 'a page of digests is one read of the log'],
    ['store', 'acceptedDetailCharsMax', 64 * 1024, 'an SQS batch\'s ten accepted events take half a transaction at most'],
  ])('refuse %s.%s = %d, naming why', (section, key, value, why) => {
    expect(limitProblems(withChange(section, key, value))).toContain(why);
  });

  it('are the only place a limit is defined: no constant named *_MAX or MAX_* and no *_LIMITS object elsewhere', () => {
    const numericMax = /\b([a-z][A-Za-z]*Max)\s*:\s*\d/g;
    // Not limits: how many working days an approval and a payment may take is each jurisdiction's configuration.
    const notLimits = new Set(['STACK_TIME_LIMITS']);
    const found: string[] = [];
    for (const dir of SOURCES) {
      for (const file of sourceFiles(join(ROOT, dir))) {
        const path = relative(ROOT, file);
        if (path === join('shared', 'limits.ts')) continue;
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(DEFINITION)) if (!notLimits.has(m[1] ?? '')) found.push(`${path}: ${m[1]}`);
        for (const m of text.matchAll(numericMax)) found.push(`${path}: ${m[1]}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('the scan finds a limit where one would be defined (so the test above can fail)', () => {
    expect([...'const PAGE_MAX = 3;\nexport const PUT_EVENTS_LIMITS = {};'.matchAll(DEFINITION)].map((m) => m[1])).toEqual(['PAGE_MAX', 'PUT_EVENTS_LIMITS']);
  });
});
