/**
 * The local stack's inbound directory (infra/local/bank.ts): a bank file put there by hand, one too large for
 * POST /bank-files, is handed to bank-inbound as S3's notice would hand it, once it has stopped changing; once per run
 * of the stack, and again after a failure (a large file not finished in one invocation goes on at the next tick).
 */
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPaymentRuns } from '../../infra/local/bank';
import { lambdaContext } from '../support/lambda';

async function until(what: string, check: () => boolean, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the local inbound directory', () => {
  it('hands a settled file to bank-inbound once, a file still being written later, and a failed one again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awards-inbound-'));
    mkdirSync(join(dir, 'inbound'));
    const settled = join(dir, 'inbound', 'large.camt.053.xml');
    writeFileSync(settled, '<Document/>');
    const past = new Date(Date.now() - 60_000);
    utimesSync(settled, past, past);
    writeFileSync(join(dir, 'inbound', 'copying.camt.053.xml'), '<Docu');
    const handed: string[] = [];
    let failures = 1;
    const bankInbound = async (event: unknown) => {
      const key = (event as { detail: { object: { key: string } } }).detail.object.key;
      handed.push(key);
      if (key.endsWith('large.camt.053.xml') && failures-- > 0) throw new Error('bank file large: 98 entries of 5000 reconciled');
      return { refused: false, summary: { repeated: false, matched: 0, returned: 0, exceptions: 0 } };
    };
    const lines: string[] = [];
    let ticks = 0;
    const paymentRun = async () => ((ticks += 1), { batches: [] });
    const stop = startPaymentRuns({ paymentsDir: dir, paymentRun, bankInbound, context: lambdaContext, log: (l) => lines.push(l), everyMs: 30 });
    try {
      await until('the retry of the failed file', () => handed.filter((k) => k === 'inbound/large.camt.053.xml').length === 2);
      expect(lines.some((l) => l.includes('98 entries of 5000 reconciled'))).toBe(true);
      // The file being copied in is not handed while it changes.
      expect(handed).not.toContain('inbound/copying.camt.053.xml');
      // Five ticks later it has not been handed a third time.
      const now = ticks;
      await until('five more ticks', () => ticks >= now + 5);
      expect(handed.filter((k) => k === 'inbound/large.camt.053.xml')).toHaveLength(2);
    } finally {
      await stop();
    }
  });

  it('says a file bank-inbound refused, with the reason, where the operator who dropped it looks (attack review 2, not changed then)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awards-inbound-'));
    mkdirSync(join(dir, 'inbound'), { recursive: true });
    const dropped = join(dir, 'inbound', 'utf16-no-mark.camt.053.xml');
    writeFileSync(dropped, '<Document/>');
    const past = new Date(Date.now() - 60_000);
    utimesSync(dropped, past, past);
    const bankInbound = async () => ({ refused: true, reason: 'the file holds NUL characters, which no XML file has', summary: null });
    const lines: string[] = [];
    const paymentRun = async () => ({ batches: [] });
    const stop = startPaymentRuns({ paymentsDir: dir, paymentRun, bankInbound, context: lambdaContext, log: (l) => lines.push(l), everyMs: 30 });
    try {
      await until('the refusal said', () => lines.length > 0);
      expect(lines).toEqual(['bank file inbound/utf16-no-mark.camt.053.xml: refused: the file holds NUL characters, which no XML file has']);
    } finally {
      await stop();
    }
  });

  it('hands a refused file again once it is saved again under its name, takes .XML, and says once that a .txt is not handed (review 2026-12-07-a, B2, B3)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awards-inbound-'));
    mkdirSync(join(dir, 'inbound'), { recursive: true });
    const past = (s: number) => new Date(Date.now() - s * 1000);
    const dropped = join(dir, 'inbound', 'STMT.XML');
    writeFileSync(dropped, '<Document/>');
    utimesSync(dropped, past(120), past(120));
    const other = join(dir, 'inbound', 'stmt.txt');
    writeFileSync(other, 'text');
    utimesSync(other, past(120), past(120));
    const handed: string[] = [];
    const bankInbound = async (event: unknown) => {
      handed.push((event as { detail: { object: { key: string } } }).detail.object.key);
      return handed.length === 1 ? { refused: true, reason: 'the file is not UTF-8 text', summary: null } : { refused: false, summary: { repeated: false, matched: 1, returned: 0, exceptions: 0 } };
    };
    const lines: string[] = [];
    const paymentRun = async () => ({ batches: [] });
    const stop = startPaymentRuns({ paymentsDir: dir, paymentRun, bankInbound, context: lambdaContext, log: (l) => lines.push(l), everyMs: 30 });
    try {
      await until('the refusal', () => lines.some((l) => l.includes('refused')));
      // Saved again (fixed) under the same name: handed again, as S3 notifies a new object.
      utimesSync(dropped, past(60), past(60));
      await until('the second hand', () => handed.length === 2);
      expect(handed).toEqual(['inbound/STMT.XML', 'inbound/STMT.XML']);
      await until('its line', () => lines.some((l) => l.includes('1 matched')));
      expect(lines.filter((l) => l.includes('stmt.txt'))).toEqual(['bank file inbound/stmt.txt: not handed to bank-inbound: npm start hands files named *.xml (in AWS, every object under inbound/ is)']);
    } finally {
      await stop();
    }
  });

  it('hands an officer\'s file the API queued under inbound/officers/ with its key, for bank-inbound to take as theirs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awards-inbound-'));
    mkdirSync(join(dir, 'inbound', 'officers'), { recursive: true });
    const queued = join(dir, 'inbound', 'officers', 'ICBC-STMT-1.0123456789abcdef.xml');
    writeFileSync(queued, '<Document/>');
    const past = new Date(Date.now() - 60_000);
    utimesSync(queued, past, past);
    const handed: string[] = [];
    const bankInbound = async (event: unknown) => {
      handed.push((event as { detail: { object: { key: string } } }).detail.object.key);
      return { refused: false, summary: { repeated: false, matched: 0, returned: 0, exceptions: 0 } };
    };
    const paymentRun = async () => ({ batches: [] });
    const stop = startPaymentRuns({ paymentsDir: dir, paymentRun, bankInbound, context: lambdaContext, log: () => undefined, everyMs: 30 });
    try {
      await until('the queued file', () => handed.length > 0);
      expect(handed).toEqual(['inbound/officers/ICBC-STMT-1.0123456789abcdef.xml']);
    } finally {
      await stop();
    }
  });
});
