import { describe, expect, it } from 'vitest';
import { accountProblems } from '../../shared/domain/payees';

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
});
