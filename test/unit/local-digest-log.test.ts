/**
 * The local digest log (shared/adapters/digests/local.ts) after a torn append: a last line without its line end, as a
 * write cut by a full disk or a power loss leaves it (attack review of issue 24, M1). Before, reading it looped for
 * good (the whole local stack at 100 % CPU) and the next append glued a digest onto it (every digest route a 500).
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileDigestLog } from '../../shared/adapters/digests/local';
import type { SignedDigest } from '../../shared/domain/digest-body';

const digest = (seq: number) => ({ jurisdiction: '130000', fromSeq: seq * 10 - 9, seq: seq * 10, signature: 'x'.repeat(20) }) as unknown as SignedDigest;

/** A log of two whole digests and the first 30 bytes of a third. */
function tornLog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'awards-digest-log-'));
  writeFileSync(join(dir, '130000.jsonl'), `${JSON.stringify(digest(1))}\n${JSON.stringify(digest(2))}\n`);
  appendFileSync(join(dir, '130000.jsonl'), JSON.stringify(digest(3)).slice(0, 30));
  return dir;
}

/** Settles within a second, or says the call is stuck (the test must not hang with the code it tests). */
async function within<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => void (timer = setTimeout(() => reject(new Error('still running after 1 s')), 1000)));
  try {
    return await Promise.race([work, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the local digest log after a torn append', () => {
  it('reads the whole digests and ends at the torn line (the page after them answers no cursor)', async () => {
    const dir = tornLog();
    const torn = readFileSync(join(dir, '130000.jsonl'), 'utf8');
    // The log opened before the tear (a running stack): reads must end all the same.
    const log = fileDigestLog(dir);
    writeFileSync(join(dir, '130000.jsonl'), torn);
    const first = await log.list('130000', { cursor: null, limit: 1 });
    expect(first.items.map((d) => d.seq)).toEqual([10]);
    const second = await log.list('130000', { cursor: first.cursor, limit: 5 });
    expect(second.items.map((d) => d.seq)).toEqual([20]);
    expect(second.cursor).not.toBeNull();
    expect(await log.list('130000', { cursor: second.cursor, limit: 5 })).toEqual({ items: [], cursor: null });
    expect(await within(log.lastSigned('130000'))).toBe(20);
    expect(await within(log.covering('130000', 25))).toBeNull();
    expect(await within(log.endsAt('130000', 30))).toBe(false);
  });

  it('cuts the torn line off when it opens the log and before an append, so the next digest is a line of its own', async () => {
    const dir = tornLog();
    const log = fileDigestLog(dir);
    expect(readFileSync(join(dir, '130000.jsonl'), 'utf8')).toBe(`${JSON.stringify(digest(1))}\n${JSON.stringify(digest(2))}\n`);
    appendFileSync(join(dir, '130000.jsonl'), '{"jurisdiction":"130000","fr');
    await log.append(digest(3));
    const page = await log.list('130000', { cursor: null, limit: 10 });
    expect(page).toEqual({ items: [digest(1), digest(2), digest(3)], cursor: null });
  });

  it('refuses a line longer than a page, naming where it starts, instead of reading it for ever', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awards-digest-long-'));
    writeFileSync(join(dir, '130000.jsonl'), `${JSON.stringify(digest(1))}\n${'x'.repeat(4 * 1024 * 1024 + 10)}\n`);
    const log = fileDigestLog(dir);
    const first = await log.list('130000', { cursor: null, limit: 1 });
    await expect(log.list('130000', { cursor: first.cursor, limit: 1 })).rejects.toThrow(/the line at byte \d+ is longer than 4194304 bytes/);
  });
});
