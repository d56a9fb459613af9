/**
 * pain.002.001.11 (CustomerPaymentStatusReport): the bank's word on each payment of a pain.001 it received.
 * One entry per TxInfAndSts, keyed by OrgnlEndToEndId (the award id). A transaction without its own TxSts takes
 * its payment information's status, then the group's. A payment information or a whole report with a status but
 * no transactions gives one entry without an EndToEndId, at that level (BankEntry.level), so a wholesale rejection is
 * not silently empty; a transaction line without an EndToEndId stays a transaction's line, about no payment we know.
 */
import type { XmlNode } from 'libxml2-wasm';
import { accountOf, endToEndIdOf, joinReasons, readAmount, treasuryOf, type BankEntry, type Outcome } from './bank-entry';
import { namespaceOf } from './validate';
import { readerFor } from './xpath';
import { LIMITS } from '../../limits';

const r = readerFor(namespaceOf('pain.002.001.11'));

/** ISO ExternalPaymentTransactionStatus1Code to an outcome; every code not final is PENDING. */
export function statusOutcome(status: string | null): Outcome {
  switch (status) {
    case 'ACSC': // AcceptedSettlementCompleted: the debtor's account is debited
    case 'ACCC': // AcceptedSettlementCompletedCreditorAccount: and the creditor's credited
      return 'CONFIRMED';
    case 'RJCT':
    case 'CANC':
      return 'REJECTED';
    default:
      return 'PENDING';
  }
}

/** The first StsRsnInf: its code (Cd or Prtry) and its AddtlInf lines joined. */
function statusReason(node: XmlNode): { code: string | null; text: string | null } {
  const info = r.one(node, 'd:StsRsnInf');
  if (info === null) return { code: null, text: null };
  const code = r.text(info, 'd:Rsn/d:Cd') ?? r.text(info, 'd:Rsn/d:Prtry');
  return { code, text: joinReasons(...r.all(info, 'd:AddtlInf').map((n) => n.content)) };
}

/** The debtor account the original transaction names, when the bank quotes it, and whose treasury it is. */
function debtorOf(tx: XmlNode): Pick<BankEntry, 'reportAccount' | 'reportJurisdiction'> {
  const account = accountOf(r, tx, 'd:OrgnlTxRef/d:DbtrAcct');
  return { reportAccount: account, reportJurisdiction: treasuryOf(account) };
}

function transactionEntry(tx: XmlNode, inherited: string | null, batchId: string | null): BankEntry {
  // The amount the payment was instructed for (OrgnlTxRef/Amt/InstdAmt): without it the line does not name the
  // payment exactly, and changes nothing (CONTRACT §6); our simulated bank, like a real one, always writes it.
  const { amountFen, amountProblem, problem } = readAmount(r.one(tx, 'd:OrgnlTxRef/d:Amt/d:InstdAmt'));
  const { code, text } = statusReason(tx);
  return {
    endToEndId: endToEndIdOf(r.text(tx, 'd:OrgnlEndToEndId')),
    amountFen,
    amountProblem,
    outcome: statusOutcome(r.text(tx, 'd:TxSts') ?? inherited),
    reasonCode: code,
    reason: joinReasons(text, problem),
    batchId,
    bookingDate: null,
    accountServicerRef: null,
    level: 'transaction',
    directionProblem: null,
    // The accounts the original transaction names (OrgnlTxRef), when the bank quotes them: checked like a camt's.
    creditorAccount: accountOf(r, tx, 'd:OrgnlTxRef/d:CdtrAcct'),
    ...debtorOf(tx),
  };
}

/** An entry for a status given to a whole payment information or group, with no transaction to pin it on. */
function wholesaleEntry(node: XmlNode, status: string, batchId: string | null, level: 'payment-information' | 'group'): BankEntry {
  const { code, text } = statusReason(node);
  return {
    endToEndId: null, amountFen: null, amountProblem: 'MISSING', outcome: statusOutcome(status), reasonCode: code, reason: text, batchId, bookingDate: null, accountServicerRef: null,
    level, directionProblem: null, creditorAccount: null, reportAccount: null, reportJurisdiction: null,
  };
}

export function pain002Entries(root: XmlNode): BankEntry[] {
  const report = r.one(root, 'd:CstmrPmtStsRpt');
  if (report === null) return [];
  const groupStatus = r.text(report, 'd:OrgnlGrpInfAndSts/d:GrpSts');
  const messageId = r.text(report, 'd:OrgnlGrpInfAndSts/d:OrgnlMsgId');
  const pmtInfs = r.all(report, 'd:OrgnlPmtInfAndSts');
  if (pmtInfs.length === 0) {
    const group = r.one(report, 'd:OrgnlGrpInfAndSts');
    return groupStatus !== null && group !== null ? [wholesaleEntry(group, groupStatus, messageId, 'group')] : [];
  }
  return pmtInfs.flatMap((pmtInf) => {
    const status = r.text(pmtInf, 'd:PmtInfSts') ?? groupStatus;
    const batchId = r.text(pmtInf, 'd:OrgnlPmtInfId') ?? messageId;
    const txs = r.all(pmtInf, 'd:TxInfAndSts');
    if (txs.length === 0) return status === null ? [] : [wholesaleEntry(pmtInf, status, batchId, 'payment-information')];
    return txs.map((tx) => transactionEntry(tx, status, batchId));
  });
}

/**
 * Entries a pain.002 would give, counted before reading it (the file-size limit bounds the cost of counting). A status
 * of a whole payment information or group is spelt out into one entry per payment of the batch it names (at most
 * LIMITS.payments.batchAwardsMax), so it counts for that many: the entry limit bounds the work after expansion too.
 */
const WHOLESALE = LIMITS.payments.batchAwardsMax;
export const PAIN002_ENTRIES_XPATH = `count(//d:TxInfAndSts) + ${WHOLESALE} * count(//d:OrgnlPmtInfAndSts[not(d:TxInfAndSts)])`
  + ` + ${WHOLESALE} * count(//d:CstmrPmtStsRpt[not(d:OrgnlPmtInfAndSts)])`;

export function pain002Header(root: XmlNode): { messageId: string; createdAt: string } {
  const header = 'd:CstmrPmtStsRpt/d:GrpHdr';
  return { messageId: r.text(root, `${header}/d:MsgId`) ?? '', createdAt: r.text(root, `${header}/d:CreDtTm`) ?? '' };
}
