/**
 * Writers for a bank's two answers to a pain.001: the pain.002.001.11 status report (what the bank made of each
 * payment) and the camt.054.001.08 debit/credit notification (what it booked on the treasury's account). Used by
 * the simulated bank; written with the same fragments as pain.001 so every file agrees on agents and amounts.
 */
import { fenToDecimal } from './money';
import { account, agent, amount, CURRENCY, party } from './parts';
import type { BatchPayment, PaymentBatchFile } from './pain001';
import { namespaceOf } from './validate';
import { el, isoDateTimeBeijing, leaf, renderDocument, type XmlNode } from './xml';

export type TransactionStatus = 'ACSP' | 'ACSC' | 'RJCT';

export interface PaymentStatus {
  readonly payment: BatchPayment;
  readonly status: TransactionStatus;
  /** ISO ExternalStatusReason1Code, e.g. AC04 (closed account); with RJCT. */
  readonly reasonCode: string | null;
  /** AddtlInf, at most 105 characters. */
  readonly reasonText: string | null;
}

export interface StatusReport {
  readonly messageId: string;
  readonly createdAt: Date;
  readonly original: PaymentBatchFile;
  readonly statuses: readonly PaymentStatus[];
}

export interface BookedEntry {
  readonly payment: BatchPayment;
  /** DEBIT: the award left the account. RETURN: the creditor's bank sent it back (a credit with RtrInf). */
  readonly kind: 'DEBIT' | 'RETURN';
  readonly reasonCode: string | null;
  readonly reasonText: string | null;
}

export interface Notification {
  readonly messageId: string;
  readonly createdAt: Date;
  /** YYYY-MM-DD of booking and value. */
  readonly bookingDate: string;
  readonly original: PaymentBatchFile;
  readonly entries: readonly BookedEntry[];
}

function sumFen(payments: readonly BatchPayment[]): string {
  return fenToDecimal(Number(payments.reduce((sum, p) => sum + BigInt(p.amountFen), 0n)));
}

function reasonInfo(code: string | null, text: string | null): XmlNode | null {
  if (code === null && text === null) return null;
  return el('StsRsnInf', code !== null && el('Rsn', leaf('Cd', code)), text !== null && leaf('AddtlInf', text));
}

/** The group's or payment information's status: the one status all share, else PART (partially accepted). */
function overallStatus(statuses: readonly PaymentStatus[]): string {
  const distinct = new Set(statuses.map((s) => s.status));
  return distinct.size === 1 ? (statuses[0]?.status ?? 'PART') : 'PART';
}

function perStatus(statuses: readonly PaymentStatus[]): XmlNode[] {
  const codes = [...new Set(statuses.map((s) => s.status))];
  return codes.map((code) => {
    const payments = statuses.filter((s) => s.status === code).map((s) => s.payment);
    return el('NbOfTxsPerSts', leaf('DtldNbOfTxs', String(payments.length)), leaf('DtldSts', code), leaf('DtldCtrlSum', sumFen(payments)));
  });
}

function transactionStatus(s: PaymentStatus, original: PaymentBatchFile): XmlNode {
  const p = s.payment;
  return el('TxInfAndSts',
    leaf('OrgnlEndToEndId', p.endToEndId),
    leaf('TxSts', s.status),
    reasonInfo(s.reasonCode, s.reasonText),
    el('OrgnlTxRef',
      el('Amt', amount('InstdAmt', p.amountFen)),
      el('ReqdExctnDt', leaf('Dt', original.requestedExecutionDate)),
      agent('CdtrAgt', p.creditor.bankCode, p.creditor.bankName),
      el('Cdtr', party('Pty', p.creditor.name)),
      account('CdtrAcct', p.creditor.accountNumber),
    ),
  );
}

export function writePain002(report: StatusReport): string {
  const { original, statuses } = report;
  const payments = statuses.map((s) => s.payment);
  const total = sumFen(payments);
  const message = el('CstmrPmtStsRpt',
    el('GrpHdr',
      leaf('MsgId', report.messageId),
      leaf('CreDtTm', isoDateTimeBeijing(report.createdAt)),
      agent('DbtrAgt', original.debtor.bankCode, original.debtor.bankName),
    ),
    el('OrgnlGrpInfAndSts',
      leaf('OrgnlMsgId', original.messageId),
      leaf('OrgnlMsgNmId', 'pain.001.001.09'),
      leaf('OrgnlCreDtTm', isoDateTimeBeijing(original.createdAt)),
      leaf('OrgnlNbOfTxs', String(payments.length)),
      leaf('OrgnlCtrlSum', total),
      leaf('GrpSts', overallStatus(statuses)),
      ...perStatus(statuses),
    ),
    el('OrgnlPmtInfAndSts',
      leaf('OrgnlPmtInfId', original.paymentInfoId),
      leaf('OrgnlNbOfTxs', String(payments.length)),
      leaf('OrgnlCtrlSum', total),
      leaf('PmtInfSts', overallStatus(statuses)),
      ...perStatus(statuses),
      ...statuses.map((s) => transactionStatus(s, original)),
    ),
  );
  return renderDocument(namespaceOf('pain.002.001.11'), message);
}

/** ISO bank transaction codes: PMNT/ICDT/DMCT a domestic credit transfer issued; PMNT/ICDT/RRTN its return. */
function bankTransactionCode(kind: BookedEntry['kind']): XmlNode {
  const subFamily = kind === 'DEBIT' ? 'DMCT' : 'RRTN';
  return el('BkTxCd', el('Domn', leaf('Cd', 'PMNT'), el('Fmly', leaf('Cd', 'ICDT'), leaf('SubFmlyCd', subFamily))));
}

function bookedEntry(e: BookedEntry, n: Notification): XmlNode {
  const p = e.payment;
  const indicator = e.kind === 'DEBIT' ? 'DBIT' : 'CRDT';
  const returnInfo = e.kind === 'RETURN'
    && el('RtrInf', e.reasonCode !== null && el('Rsn', leaf('Cd', e.reasonCode)), e.reasonText !== null && leaf('AddtlInf', e.reasonText));
  return el('Ntry',
    amount('Amt', p.amountFen),
    leaf('CdtDbtInd', indicator),
    el('Sts', leaf('Cd', 'BOOK')),
    el('BookgDt', leaf('Dt', n.bookingDate)),
    el('ValDt', leaf('Dt', n.bookingDate)),
    bankTransactionCode(e.kind),
    el('NtryDtls', el('TxDtls',
      el('Refs', leaf('MsgId', n.original.messageId), leaf('PmtInfId', n.original.paymentInfoId), leaf('EndToEndId', p.endToEndId)),
      amount('Amt', p.amountFen),
      leaf('CdtDbtInd', indicator),
      el('RltdPties', el('Cdtr', party('Pty', p.creditor.name)), account('CdtrAcct', p.creditor.accountNumber)),
      returnInfo,
    )),
  );
}

export function writeCamt054(n: Notification): string {
  const { debtor } = n.original;
  const message = el('BkToCstmrDbtCdtNtfctn',
    el('GrpHdr', leaf('MsgId', n.messageId), leaf('CreDtTm', isoDateTimeBeijing(n.createdAt))),
    el('Ntfctn',
      leaf('Id', n.messageId),
      leaf('CreDtTm', isoDateTimeBeijing(n.createdAt)),
      el('Acct',
        el('Id', el('Othr', leaf('Id', debtor.accountNumber))),
        leaf('Ccy', CURRENCY),
        party('Ownr', debtor.name),
        agent('Svcr', debtor.bankCode, debtor.bankName),
      ),
      ...n.entries.map((e) => bookedEntry(e, n)),
    ),
  );
  return renderDocument(namespaceOf('camt.054.001.08'), message);
}
