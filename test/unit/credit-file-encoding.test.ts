/**
 * A credit list an officer saved from Excel or WPS on Chinese Windows is GBK (GB18030), not UTF-8. It was read as
 * UTF-8, and its list name imported as 「ʧ�ű�ִ��������」, shown on every award it held. It is now read by its
 * encoding (shared/adapters/text-files.ts), and a list name that holds U+FFFD is refused by whoever sent it.
 */
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextEncodingError, decodeCsvFile } from '../../shared/adapters/text-files';
import { readCreditEntry } from '../../shared/domain/credit';
import { TEST_PERSON_KEY } from '../support/events';
import { creditEntriesOf, creditFileText, readCreditFile } from '../../cli/controls';
import { LIMITS } from '../../shared/limits';

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

  it('refuses Big5 (Traditional Chinese Windows), which is valid GB18030 too, naming the line, with both readings; it was imported as garbage', () => {
    // 失信被執行人名單 and 欠稅 in Big5 (checked against the decoder below): as GBK they read 「ア獺砆磅︽□□虫」 (two
    // private-use characters) and 「ろ祙」.
    const big5Name = Buffer.from('a5a2ab48b351b0f5a6e6a448a657b3e6', 'hex');
    expect(new TextDecoder('big5').decode(big5Name)).toBe('失信被執行人名單');
    const big5Csv = Buffer.concat([Buffer.from(`recipientId,listName,from\r\n${CODE},`), big5Name, Buffer.from(',2026-11-20\r\n')]);
    expect(() => decodeCsvFile(big5Csv)).toThrow(
      'is not UTF-8, and as GB18030 (GBK) line 2 reads 「ア獺砆磅︽□□虫」, which is not Chinese text; it may be Big5 (繁體中文 Windows), which reads 「失信被執行人名單」: save it again as',
    );
    // The readings travel with the error, for the console to say in its own words.
    expect(() => decodeCsvFile(big5Csv)).toThrow(expect.objectContaining({ readings: { kind: 'not-chinese', line: 2, gbk: 'ア獺砆磅︽□□虫', big5: '失信被執行人名單' } }));
    const short = Buffer.concat([Buffer.from(`${CODE},`), Buffer.from('a4edb57c', 'hex'), Buffer.from(',2026-01-01\r\n')]);
    expect(() => decodeCsvFile(short)).toThrow(/line 1 reads 「ろ祙」, which is not Chinese text; it may be Big5 \(繁體中文 Windows\), which reads 「欠稅」/);
    // Big5 whose characters all read as GBK hanzi (review 2026-12-07-a, F1): 經營異常 as 「竒犁钵盽」, 違法 as 「笻猭」.
    const hanzi = Buffer.concat([Buffer.from(`${CODE},`), Buffer.from('b867c0e7b2a7b160', 'hex'), Buffer.from(',2026-01-01\r\n'), Buffer.from(`${CODE},`), Buffer.from('b948aa6b', 'hex'), Buffer.from(',2026-01-01\r\n')]);
    expect(new TextDecoder('big5').decode(hanzi)).toContain('經營異常');
    expect(() => decodeCsvFile(hanzi)).toThrow(/line 1 reads 「竒犁钵盽」, which is not Chinese text; it may be Big5 \(繁體中文 Windows\), which reads 「經營異常」/);
    // GBK's user-defined rows (AA A1: U+E000, Big5's 炕) are no Chinese text either, whatever else the file holds.
    const privateUse = Buffer.concat([gbkCsv, Buffer.from(`${CODE},`), Buffer.from('aaa1', 'hex'), Buffer.from(',2026-11-20\r\n')]);
    expect(() => decodeCsvFile(privateUse)).toThrow(/line 3 reads 「□」, which is not Chinese text; it may be Big5 \(繁體中文 Windows\), which reads 「炕」: save/);
    // A1 80 is private use in GBK and no Big5 at all: no Big5 reading is offered.
    const neither = Buffer.concat([Buffer.from(`${CODE},`), Buffer.from('a180', 'hex'), Buffer.from(',2026-11-20\r\n')]);
    expect(() => decodeCsvFile(neither)).toThrow(/line 1 reads 「□」, which is not Chinese text: save it again as/);
  });

  it('reads Simplified Chinese GBK with a Greek letter, kana, bopomofo, box drawing or rare characters in it (review 2026-12-07-a, F2)', () => {
    // α类失信 (A6C1), β名单 (A6C2), ㄅ名单 (A8C5), 失信─名单 (A9A4), 河北堃昇科技 (堃 88D2 and 昇 954E are outside GB2312).
    const names = ['a6c1c0e0caa7d0c5', 'a6c2c3fbb5a5', 'a8c5c3fbb5a5', 'caa7d0c5a9a4c3fbb5a5', 'bad3b1b188d2954ebfc6bcbc'];
    const expected = ['α类失信', 'β名单', 'ㄅ名单', '失信─名单', '河北堃昇科技'];
    for (const [i, hex] of names.entries()) {
      const csv = Buffer.concat([Buffer.from(`recipientId,listName,from\r\n${CODE},`), Buffer.from(hex, 'hex'), Buffer.from(',2026-11-20\r\n')]);
      expect(decodeCsvFile(csv)).toEqual({ text: `recipientId,listName,from\r\n${CODE},${expected[i]},2026-11-20\r\n`, encoding: 'gb18030' });
    }
  });

  it('says UTF-16 without a mark holds NUL before any reading makes other sense of it, and quotes no run of full-width digits (F4, F6)', () => {
    // 刁確 as UTF-16LE without a mark was valid GB18030 of kana and hanzi, refused as Big5 (review 2026-12-07-a, F6).
    expect(() => decodeCsvFile(Buffer.from(`recipientId,listName\r\n${CODE},刁確\r\n`, 'utf16le'))).toThrow(/^holds NUL characters: it is UTF-16 without a byte-order mark/);
    // A full-width identity number beside a list name, in Big5: the quote shows ＊ for its digits.
    const digits = Buffer.from('a2afa2b0a2b1a2b2a2b3a2b4', 'hex');
    expect(new TextDecoder('big5').decode(digits)).toBe('０１２３４５');
    const withId = Buffer.concat([digits, Buffer.from(','), Buffer.from('a5a2ab48b351b0f5a6e6a448a657b3e6', 'hex'), Buffer.from(',2026-11-20\r\n')]);
    expect(() => decodeCsvFile(withId)).toThrow(expect.objectContaining({ readings: expect.objectContaining({ big5: '＊＊＊＊＊＊' }) }));
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

  it('refuses unread a file over the limit or no regular file, exit 2 (review 2026-12-07-a, F5: 121 MB took 13.8 s and 2.3 GB)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'credit-file-'));
    const large = join(dir, 'large.csv');
    writeFileSync(large, '');
    truncateSync(large, LIMITS.controls.creditFileBytesMax + 1);
    expect(() => readCreditFile(large)).toThrow(expect.objectContaining({ exitCode: 2, message: `credit-list import: ${large} is ${LIMITS.controls.creditFileBytesMax + 1} bytes; a credit-list file is at most ${LIMITS.controls.creditFileBytesMax} bytes: split it` }));
    expect(() => readCreditFile(dir)).toThrow(`credit-list import: ${dir} is not a regular file`);
    truncateSync(large, 3);
    expect(readCreditFile(large)).toHaveLength(3);
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
