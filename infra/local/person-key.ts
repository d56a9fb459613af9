/**
 * The local stack's person key (ADR 009): the deployment secret that keys a person's id, generated once into the data
 * directory (`.data/person-key`, readable by its owner only) and kept with the data it keys, as the stack's Secrets
 * Manager secret is kept with its table. The functions read it once per process (PERSON_KEY_FILE), so every local
 * stack of one process shares one key: a second data directory is given the same key, and one that holds another
 * key is refused rather than written under the wrong one. In memory, the key lives in a temporary file.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStackError } from './http';

const FILE = 'person-key';

/** Makes PERSON_KEY_FILE name this data directory's key (created if absent); null: in memory. */
export function preparePersonKey(dataDir: string | null): void {
  const current = process.env.PERSON_KEY_FILE;
  const currentKey = current === undefined || current === '' ? null : readFileSync(current, 'utf8').trim();
  if (dataDir === null) {
    if (currentKey !== null) return;
    const dir = mkdtempSync(join(tmpdir(), 'awards-key-'));
    process.env.PERSON_KEY_FILE = writeKey(join(dir, FILE), randomBytes(32).toString('hex'));
    return;
  }
  const file = join(dataDir, FILE);
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (currentKey !== null && key !== currentKey) {
      throw new LocalStackError(`${file} holds another person key than this process already uses (${current}); start this data directory in its own process`);
    }
    process.env.PERSON_KEY_FILE = file;
    return;
  }
  mkdirSync(dataDir, { recursive: true });
  process.env.PERSON_KEY_FILE = writeKey(file, currentKey ?? randomBytes(32).toString('hex'));
}

function writeKey(file: string, key: string): string {
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}
