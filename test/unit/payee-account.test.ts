import { describe, expect, it } from 'vitest';
import { accountProblems } from '../../shared/domain/payees';
import { HttpError, body, type Event } from '../../functions/api/http';

const ACCOUNT = { accountName: '辛集市人民政府', accountNumber: '6222020402001234568', bankCode: '102131000013', bankName: '中国工商银行辛集支行' };

describe('a proposed payee account (accountProblems)', () => {
  it('takes an account as a bank holds it', () => {
    expect(accountProblems(ACCOUNT)).toEqual([]);
  });

  // Attack review of issue 23, L2: such a proposal looked exactly like the confirmed account to the second officer.
  it.each([
    ['accountName', '辛集市人民政府\u202e', 'U+202E'],
    ['bankName', '中国工商银行\u200b辛集支行', 'U+200B'],
    ['accountName', '辛集市\u2066人民政府', 'U+2066'],
    ['bankName', '\ufeff中国工商银行辛集支行', 'U+FEFF'],
  ] as const)('refuses an invisible format character in %s (%j), naming it', (field, value, named) => {
    const problems = accountProblems({ ...ACCOUNT, [field]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(field);
    expect(problems[0]).toContain(named);
  });

  // Attack review 2 of tonight: a GBK body read as UTF-8 was confirmed and sent to the bank as 「ʯ��ׯĳĳ��˾」.
  it('refuses U+FFFD in a name, and the API a JSON body that is not UTF-8 or holds U+FFFD', () => {
    expect(accountProblems({ ...ACCOUNT, accountName: 'ʯ\uFFFD\uFFFDׯĳĳ\uFFFD\uFFFD˾' })).toEqual([expect.stringMatching(/^accountName holds U\+FFFD/)]);
    const json = JSON.stringify(ACCOUNT);
    const gbk = Buffer.concat([Buffer.from('{"accountName":"'), Buffer.from('d0c1bcafcad0c8cbc3f1d5feb8ae', 'hex'), Buffer.from('"}')]);
    const refusal = (event: Partial<Event>) => {
      try {
        body(event as Event);
      } catch (e) {
        return e instanceof HttpError ? e.message : String(e);
      }
      return null;
    };
    expect(refusal({ body: gbk.toString('base64'), isBase64Encoded: true })).toBe('body is not UTF-8 text (GBK?): JSON is sent as UTF-8');
    expect(refusal({ body: gbk.toString('utf8'), isBase64Encoded: false })).toMatch(/^body holds U\+FFFD/);
    expect(refusal({ body: Buffer.from(json).toString('base64'), isBase64Encoded: true })).toBeNull();
    expect(body({ body: json, isBase64Encoded: false } as Event)).toEqual(ACCOUNT);
    expect(body({ body: `\uFEFF${json}`, isBase64Encoded: false } as Event)).toEqual(ACCOUNT);
    expect(body({ body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]).toString('base64'), isBase64Encoded: true } as Event)).toEqual(ACCOUNT);
    expect(refusal({ body: Buffer.from(json, 'utf16le').toString('base64'), isBase64Encoded: true })).toBe('body holds NUL characters (UTF-16?): JSON is sent as UTF-8');
  });
});
