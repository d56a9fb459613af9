/**
 * awards bank import: a file over the API's bank-file limit is refused by the CLI before anything is sent (the
 * server's 413 with connection: close could surface as "fetch failed", exit 2); a failed file does not stop the ones
 * after it; the exit code is the worst outcome; and a 5xx means the command could not run (2), not a fault (1).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
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
