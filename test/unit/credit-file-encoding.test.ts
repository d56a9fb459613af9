/**
 * A credit list an officer saved from Excel or WPS on Chinese Windows is GBK (GB18030), not UTF-8. It was read as
 * UTF-8, and its list name imported as 「ʧ�ű�ִ��������」, shown on every award it held. It is now read by its
 * encoding (shared/adapters/text-files.ts), and a list name that holds U+FFFD is refused by whoever sent it.
 */
import { describe, expect, it } from 'vitest';
import { TextEncodingError, decodeCsvFile } from '../../shared/adapters/text-files';
import { readCreditEntry } from '../../shared/domain/credit';
import { TEST_PERSON_KEY } from '../support/events';
import { creditEntriesOf, creditFileText } from '../../cli/controls';

const CODE = '91130102MA07AB123U';
/** 失信被执行人名单 in GBK, as iconv -t GBK writes it (checked against the decoder below). */
const GBK_LIST_NAME = Buffer.from('caa7d0c5b1bbd6b4d0d0c8cbc3fbb5a5', 'hex');
const gbkCsv = Buffer.concat([Buffer.from(`recipientId,listName,from\r\n${CODE},`), GBK_LIST_NAME, Buffer.from(',2026-11-20\r\n')]);
const TEXT = `recipientId,listName,from\r\n${CODE},失信被执行人名单,2026-11-20\r\n`;

describe('decodeCsvFile', () => {
  it('reads GBK bytes as GB18030, and says so', () => {
    expect(new TextDecoder('gb18030').decode(GBK_LIST_NAME)).toBe('失信被执行人名单');
    expect(decodeCsvFile(gbkCsv)).toEqual({ text: TEXT, encoding: 'gb18030' });
  });

  it('reads UTF-8 (with or without a BOM) and UTF-16 by its mark as the same text', () => {
    expect(decodeCsvFile(Buffer.from(TEXT))).toEqual({ text: TEXT, encoding: 'utf-8' });
    expect(decodeCsvFile(Buffer.from(`\uFEFF${TEXT}`))).toEqual({ text: TEXT, encoding: 'utf-8' });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]);
    expect(decodeCsvFile(le)).toEqual({ text: TEXT, encoding: 'utf-16le' });
    expect(decodeCsvFile(Buffer.from(le).swap16())).toEqual({ text: TEXT, encoding: 'utf-16be' });
  });

  it('refuses short GBK names that are valid UTF-8 too as ambiguous, with both readings, and UTF-16 without a mark (attack review 2, LOW)', () => {
    // 欠税 in GBK is C7 B7 CB B0: two 2-byte UTF-8 letters, 「Ƿ˰」; it was imported so, exit 0, no note.
    const ambiguous = Buffer.concat([Buffer.from(`${CODE},`), Buffer.from('c7b7cbb0', 'hex'), Buffer.from(',2026-01-01\r\n')]);
    expect(() => decodeCsvFile(ambiguous)).toThrow('could be UTF-8 (「Ƿ˰」) or GB18030 (「欠税」) and says neither: save it again as 「CSV UTF-8（逗号分隔）」');
    expect(() => decodeCsvFile(ambiguous)).toThrow(expect.objectContaining({ readings: { kind: 'ambiguous', utf8: 'Ƿ˰', gbk: '欠税' } }));
    expect(decodeCsvFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${CODE},欠税,2026-01-01\r\n`)])).encoding).toBe('utf-8');
    expect(decodeCsvFile(Buffer.from(`${CODE},欠税,2026-01-01\r\n`)).encoding).toBe('utf-8');
    expect(() => decodeCsvFile(Buffer.from(TEXT, 'utf16le'))).toThrow(/^holds NUL characters: it is UTF-16 without a byte-order mark/);
  });

  it('refuses Big5 (Traditional Chinese Windows), which is valid GB18030 too, with both readings; it was imported as garbage', () => {
    // 失信被執行人名單 and 欠稅 in Big5 (checked against the decoder below): as GBK they read 「ア獺砆磅︽□□虫」 (two private-use characters) and 「ろ祙」.
    const big5Name = Buffer.from('a5a2ab48b351b0f5a6e6a448a657b3e6', 'hex');
    expect(new TextDecoder('big5').decode(big5Name)).toBe('失信被執行人名單');
    const big5Csv = Buffer.concat([Buffer.from(`recipientId,listName,from\r\n${CODE},`), big5Name, Buffer.from(',2026-11-20\r\n')]);
    expect(() => decodeCsvFile(big5Csv)).toThrow(
      'is not UTF-8, and as GB18030 (GBK) it reads 「ア獺砆磅︽□□虫」, which is not Chinese text; it may be Big5 (繁體中文 Windows), which reads 「失信被執行人名單」: save it again as',
    );
    // The readings travel with the error, for the console to say in its own words.
    expect(() => decodeCsvFile(big5Csv)).toThrow(expect.objectContaining({ readings: { kind: 'not-chinese', gbk: 'ア獺砆磅︽□□虫', big5: '失信被執行人名單' } }));
    const short = Buffer.concat([Buffer.from(`${CODE},`), Buffer.from('a4edb57c', 'hex'), Buffer.from(',2026-01-01\r\n')]);
    expect(() => decodeCsvFile(short)).toThrow(/reads 「ろ祙」, which is not Chinese text; it may be Big5 \(繁體中文 Windows\), which reads 「欠稅」/);
    // GBK's user-defined rows (AA A1: U+E000) are no Chinese text either, whatever else the file holds.
    const privateUse = Buffer.concat([gbkCsv, Buffer.from(`${CODE},`), Buffer.from('aaa1', 'hex'), Buffer.from(',2026-11-20\r\n')]);
    expect(() => decodeCsvFile(privateUse)).toThrow(/which is not Chinese text: save it again as/);
    // Chinese text in GBK with one Greek letter among many characters is still read.
    const greek = Buffer.concat([gbkCsv, Buffer.from(`${CODE},`), GBK_LIST_NAME, Buffer.from('a6c1', 'hex'), Buffer.from(',2026-11-20\r\n')]);
    expect(decodeCsvFile(greek).text).toContain('失信被执行人名单α');
  });

  it('refuses bytes that are not text in the encoding read, never replacing them', () => {
    expect(() => decodeCsvFile(Buffer.from([0xff, 0xfe, 0x41]))).toThrow(TextEncodingError);
    expect(() => decodeCsvFile(Buffer.from([0xff, 0xfe, 0x41]))).toThrow(/UTF-16LE byte-order mark but is not UTF-16LE text/);
    expect(() => decodeCsvFile(Buffer.from([0x41, 0x80, 0x80, 0xff]))).toThrow(/neither UTF-8 nor GB18030/);
  });
});

describe('awards credit-list import reads the file by its encoding', () => {
  it('imports a GBK file\'s list name as written', () => {
    expect(creditEntriesOf('credit.csv', creditFileText('credit.csv', gbkCsv))).toEqual([{ recipientId: CODE, listName: '失信被执行人名单', from: '2026-11-20' }]);
  });

  it('exits 2 naming the file for bytes that are no text', () => {
    expect(() => creditFileText('credit.csv', Buffer.from([0x41, 0x80, 0x80, 0xff]))).toThrow(/credit-list import: credit\.csv is neither UTF-8 nor GB18030/);
  });
});

describe('a list name with U+FFFD', () => {
  it('is refused with the reason, whoever decoded it', () => {
    const read = readCreditEntry({ recipientId: CODE, listName: 'ʧ\uFFFDű\uFFFDִ', from: '2026-11-20' }, { key: TEST_PERSON_KEY, importedBy: 'zhao', now: new Date() });
    expect(read).toMatchObject({ ok: false, reason: expect.stringMatching(/^listName holds U\+FFFD/) });
    expect(readCreditEntry({ recipientId: CODE, listName: '失信\ud800名单', from: '2026-11-20' }, { key: TEST_PERSON_KEY, importedBy: 'zhao', now: new Date() })).toMatchObject({ ok: false, reason: 'listName holds an unpaired surrogate, which is no character' });
    expect(readCreditEntry({ recipientId: CODE, listName: '失信被执行人名单', from: '2026-11-20' }, { key: TEST_PERSON_KEY, importedBy: 'zhao', now: new Date() }).ok).toBe(true);
  });
});
