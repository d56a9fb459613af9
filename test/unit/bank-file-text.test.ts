/**
 * A bank file with a byte-order mark: UTF-16 (LE or BE) or UTF-8 with a BOM is decoded by the mark and reads as the
 * same file without one (it was read as UTF-8 and refused as "Start tag expected"); the API's route does the same.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TextEncodingError, decodeBankFile } from '../../shared/adapters/text-files';
import { readBankFile } from '../../shared/adapters/iso20022/index';
import { rawBody } from '../../functions/api/http';
import { HttpError, type Event } from '../../functions/api/http';

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

  it('reads UTF-16 without a mark by its first characters, as XML 1.0 Appendix F does (it was read from U+FFFD: attack review MEDIUM-1)', async () => {
    const expected = await readBankFile(text);
    const leBare = Buffer.from(utf16(text), 'utf16le');
    expect(await readBankFile(decodeBankFile(leBare))).toEqual(expected);
    expect(await readBankFile(decodeBankFile(Buffer.from(leBare).swap16()))).toEqual(expected);
    expect(decodeBankFile(leBare)).toBe(text);
  });

  it('reads a file in the encoding its declaration names (GB18030, say), and a BOM over a declaration that disagrees', () => {
    // 辛集市人民政府 in GBK, in a file that says encoding="GB18030".
    const name = Buffer.from('d0c1bcafcad0c8cbc3f1d5feb8ae', 'hex');
    expect(new TextDecoder('gb18030').decode(name)).toBe('辛集市人民政府');
    const gbk = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="GB18030"?><Nm>'), name, Buffer.from('</Nm>')]);
    expect(decodeBankFile(gbk)).toBe('<?xml version="1.0" encoding="UTF-8"?><Nm>辛集市人民政府</Nm>');
    const latin1 = text.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="ISO-8859-1"?>');
    expect(decodeBankFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(latin1, 'utf16le')]))).toBe(text);
  });

  it.each([
    ['invalid UTF-8', Buffer.from('<a>\u00e9</a>', 'latin1'), /^is not UTF-8 text \(an invalid byte sequence; UTF-16 needs a byte-order mark\)/],
    ['odd-length UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a/>', 'utf16le'), Buffer.from([0x41])]), /^is not UTF-16LE text/],
    ['UTF-32LE (read as UTF-16LE: NULs)', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('<\0\0\0a\0\0\0/\0\0\0>\0\0\0', 'latin1')]), /^holds NUL characters/],
    ['UTF-16 with neither a mark nor a declaration', Buffer.from('<Document/>', 'utf16le'), /^holds NUL characters/],
    ['a declaration naming an encoding no reader knows', Buffer.from('<?xml version="1.0" encoding="UTF-7"?><a/>'), /^declares the encoding "utf-7", which this reader does not know/],
  ])('refuses %s with the reason', (_, bytes, reason) => {
    expect(() => decodeBankFile(bytes)).toThrow(TextEncodingError);
    expect(() => decodeBankFile(bytes)).toThrow(reason);
  });

  it('the API route refuses a text body holding NUL as VALIDATION, naming why, and takes one echoing a name with U+FFFD', async () => {
    let thrown: unknown;
    try {
      rawBody({ body: text.replace('<Document', '<\u0000Document'), isBase64Encoded: false } as unknown as Event, 5 * 1024 * 1024);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(HttpError);
    expect((thrown as HttpError).message).toMatch(/^bank file refused: the file holds NUL characters/);
    // A payee name stored with U+FFFD comes back in the bank's answers: refusing them would leave its payment in transit.
    const echoed = text.replace('账户已销户', '账户\uFFFD\uFFFD销户');
    expect(echoed).toContain('\uFFFD');
    expect((await readBankFile(rawBody({ body: echoed, isBase64Encoded: false } as unknown as Event, 5 * 1024 * 1024))).ok).toBe(true);
    expect((await readBankFile(decodeBankFile(Buffer.from(echoed)))).ok).toBe(true);
  });

  it('reads a file re-saved as UTF-8 under a declaration it kept (GB18030) as UTF-8', () => {
    const kept = Buffer.from('<?xml version="1.0" encoding="GB18030"?><Nm>河北省财政厅</Nm>');
    expect(decodeBankFile(kept)).toBe('<?xml version="1.0" encoding="UTF-8"?><Nm>河北省财政厅</Nm>');
    const latin = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><Nm>Café</Nm>');
    expect(decodeBankFile(latin)).toBe('<?xml version="1.0" encoding="UTF-8"?><Nm>Café</Nm>');
    expect(decodeBankFile(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><Nm>Caf\u00e9</Nm>', 'latin1'))).toBe('<?xml version="1.0" encoding="UTF-8"?><Nm>Café</Nm>');
  });

  it('the API route decodes a base64 body by its mark, and strips a BOM from a text body', async () => {
    const base64 = rawBody({ body: le.toString('base64'), isBase64Encoded: true } as unknown as Event, 5 * 1024 * 1024);
    expect((await readBankFile(base64)).ok).toBe(true);
    const plain = rawBody({ body: `\uFEFF${text}`, isBase64Encoded: false } as unknown as Event, 5 * 1024 * 1024);
    expect((await readBankFile(plain)).ok).toBe(true);
  });
});
