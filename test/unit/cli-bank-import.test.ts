/**
 * awards bank import: a file over the API's bank-file limit is refused by the CLI before anything is sent (the
 * server's 413 with connection: close could surface as "fetch failed", exit 2); a failed file does not stop the ones
 * after it; the exit code is the worst outcome; and a 5xx means the command could not run (2), not a fault (1).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importFiles } from '../../cli/bank';
import { statusExitCode } from '../../cli/http';
import { LIMITS } from '../../shared/limits';

const dir = mkdtempSync(join(tmpdir(), 'bank-import-'));
const file = (name: string, bytes: number) => {
  const path = join(dir, name);
  writeFileSync(path, `<a>${'x'.repeat(bytes - 7)}</a>`);
  return path;
};
const answer = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const summary = { messageId: 'M1', type: 'camt.053', status: 'DONE', matched: 1, returned: 0, exceptions: 0, pending: 0, repeated: false, entries: 1 };

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  process.env.AWARDS_TOKEN = 'test-token';
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('awards bank import', () => {
  it('refuses a file over the limit itself, naming the file, its size and the limit, without a network call', async () => {
    const huge = file('huge.xml', LIMITS.payments.bankFileBytesMax + 1);
    const { imported, refused, exitCode } = await importFiles([huge]);
    expect(fetchMock).not.toHaveBeenCalled();
    expect({ imported, refused, exitCode }).toEqual({ imported: [], refused: 1, exitCode: 1 });
    const said = vi.mocked(process.stderr.write).mock.calls.map(([text]) => String(text)).join('');
    expect(said).toContain(`${huge} is ${LIMITS.payments.bankFileBytesMax + 1} bytes`);
    expect(said).toContain(`at most ${LIMITS.payments.bankFileBytesMax} bytes`);
  });

  it('refuses a file over twice the limit by its size on disk without reading it, and what is no regular file (attack review LOW-2)', async () => {
    // 3 GiB, sparse: read whole it failed as "cannot read … greater than 2 GiB" (exit 2) after using its size in memory.
    const sparse = join(dir, 'sparse.xml');
    writeFileSync(sparse, '<a/>');
    truncateSync(sparse, 3 * 2 ** 30);
    const fifo = join(dir, 'fifo.xml');
    execFileSync('mkfifo', [fifo]);
    const { refused, exitCode } = await importFiles([sparse, fifo]);
    expect(fetchMock).not.toHaveBeenCalled();
    expect({ refused, exitCode }).toEqual({ refused: 2, exitCode: 1 });
    const said = vi.mocked(process.stderr.write).mock.calls.map(([text]) => String(text)).join('');
    expect(said).toContain(`${sparse} is ${3 * 2 ** 30} bytes; the API takes a bank file of at most ${LIMITS.payments.bankFileBytesMax} bytes`);
    expect(said).toContain(`${fifo} is not a regular file; it was not sent`);
  });

  it('names both sizes of a UTF-16 file over the limit as UTF-8, and refuses bytes that are not text (exit 1, nothing sent)', async () => {
    const chars = Math.ceil(LIMITS.payments.bankFileBytesMax / 3) + 10;
    const cjk = join(dir, 'cjk16.xml');
    writeFileSync(cjk, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<a>${'名'.repeat(chars)}</a>`, 'utf16le')]));
    const broken = join(dir, 'broken.xml');
    writeFileSync(broken, Buffer.from([0x3c, 0x61, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x61, 0x3e]));
    const { refused, exitCode } = await importFiles([cjk, broken]);
    expect(fetchMock).not.toHaveBeenCalled();
    expect({ refused, exitCode }).toEqual({ refused: 2, exitCode: 1 });
    const said = vi.mocked(process.stderr.write).mock.calls.map(([text]) => String(text)).join('');
    expect(said).toContain(`${cjk} is ${7 + 3 * chars} bytes as UTF-8 (${2 + 2 * (7 + chars)} bytes on disk)`);
    expect(said).toContain(`bank import ${broken} refused: ${broken} is not UTF-8 text (an invalid byte sequence; UTF-16 needs a byte-order mark)`);
  });

  it('goes on after a file that could not be sent, and exits with the worst outcome', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('fetch failed')).mockResolvedValueOnce(answer(200, summary));
    const { imported, refused, exitCode } = await importFiles([file('a.xml', 100), join(dir, 'missing.xml'), file('b.xml', 100)]);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(imported.map((i) => i.file)).toEqual([join(dir, 'b.xml')]);
    expect({ refused, exitCode }).toEqual({ refused: 2, exitCode: 2 });
  });

  it('counts a 5xx as could not run (2), a 4xx refusal as a fault (1)', async () => {
    fetchMock.mockResolvedValueOnce(answer(500, { error: { code: 'INTERNAL', message: 'boom' } }));
    expect((await importFiles([file('c.xml', 100)])).exitCode).toBe(2);
    fetchMock.mockResolvedValueOnce(answer(400, { error: { code: 'VALIDATION', message: 'Start tag expected' } }));
    expect((await importFiles([file('d.xml', 100)])).exitCode).toBe(1);
    expect([401, 403, 404, 409, 413, 500, 503].map(statusExitCode)).toEqual([2, 1, 1, 1, 1, 2, 2]);
  });
});
