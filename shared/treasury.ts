/**
 * The treasury accounts each jurisdiction pays from: the debtor of its payment files (DESIGN.md, "Payment"). This is
 * configuration, kept beside the code so a file can always be written; a deployment replaces these with the
 * treasury's real accounts (the values below are the local stack's and the tests').
 */
import type { Account } from './domain/bank';

export const TREASURY: Readonly<Record<string, { readonly initiatingParty: string; readonly account: Account }>> = {
  130000: {
    initiatingParty: '河北省财政厅',
    account: { name: '河北省财政厅国库', accountNumber: '130000000000000001', bankCode: '011121000011', bankName: '中国人民银行石家庄中心支行' },
  },
  130100: {
    initiatingParty: '石家庄市财政局',
    account: { name: '石家庄市财政局国库', accountNumber: '130100000000000001', bankCode: '011121000011', bankName: '中国人民银行石家庄中心支行' },
  },
  350000: {
    initiatingParty: '福建省财政厅',
    account: { name: '福建省财政厅国库', accountNumber: '350000000000000001', bankCode: '011391000013', bankName: '中国人民银行福州中心支行' },
  },
};
