/**
 * A bank file with a byte-order mark: UTF-16 (LE or BE) or UTF-8 with a BOM is decoded by the mark and reads as the
 * same file without one (it was read as UTF-8 and refused as "Start tag expected"); the API's route does the same.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBankFile } from '../../shared/adapters/text-files';
import { readBankFile } from '../../shared/adapters/iso20022/index';
import { rawBody } from '../../functions/api/http';
import type { Event } from '../../functions/api/http';

const utf8 = readFileSync(new URL('../fixtures/iso20022/camt.053-statement.xml', import.meta.url));
const text = utf8.toString('utf8');
const utf16 = (xml: string) => xml.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-16"?>');
const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf16(text), 'utf16le')]);
const be = Buffer.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf16(text), 'utf16le')]).swap16());
const bom8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);

describe('a bank file with a byte-order mark', () => {
  it('reads a UTF-8 file without a mark as before', async () => {
    const read = await readBankFile(decodeBankFile(utf8));
    expect(read.ok).toBe(true);
  });

  it.each([['UTF-16LE (FF FE)', le], ['UTF-16BE (FE FF)', be], ['UTF-8 with a BOM', bom8]])('reads %s as the same statement', async (_, bytes) => {
    const expected = await readBankFile(text);
    const read = await readBankFile(decodeBankFile(bytes));
    expect(read).toEqual(expected);
  });

  it('the API route decodes a base64 body by its mark, and strips a BOM from a text body', async () => {
    const base64 = rawBody({ body: le.toString('base64'), isBase64Encoded: true } as unknown as Event, 5 * 1024 * 1024);
    expect((await readBankFile(base64)).ok).toBe(true);
    const plain = rawBody({ body: `\uFEFF${text}`, isBase64Encoded: false } as unknown as Event, 5 * 1024 * 1024);
    expect((await readBankFile(plain)).ok).toBe(true);
  });
});
