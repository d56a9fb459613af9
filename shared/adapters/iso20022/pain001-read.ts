/**
 * Reads a pain.001.001.09 back into the batch it was written from: what the simulated bank does with each file,
 * and what tests use to see a written file say what was meant. It reads only the shape writePain001 writes (one
 * PmtInf, CNAPS agents, CNY, Othr account ids) and throws on anything else: this is our own file, so a file it
 * cannot read is a bug, not bad input.
 */
import assert from 'node:assert/strict';
import type { XmlNode } from 'libxml2-wasm';
import { decimalToFen, fenToDecimal } from './money';
import { CNAPS, CURRENCY } from './parts';
import { assertAccount, type Account, type BatchPayment, type PaymentBatchFile } from './pain001';
import { namespaceOf, parseXml, schemaErrors } from './validate';
import { readerFor, type Reader } from './xpath';

const r: Reader = readerFor(namespaceOf('pain.001.001.09'));

/** Ids, dates and numbers are trimmed (XSD collapses them); names and free text are kept exactly as written. */
function required(node: XmlNode, path: string, exact = false): string {
  const text = exact ? r.raw(node, path) : r.text(node, path);
  assert.ok(text !== null && text !== '', `pain.001 has no ${path}`);
  return text;
}

function readAccount(on: XmlNode, partyTag: string, accountTag: string, agentTag: string): Account {
  const clearing = `d:${agentTag}/d:FinInstnId/d:ClrSysMmbId`;
  assert.equal(r.text(on, `${clearing}/d:ClrSysId/d:Cd`), CNAPS, `pain.001 ${agentTag} is not identified by ${CNAPS}`);
  const acct: Account = {
    name: required(on, `d:${partyTag}/d:Nm`, true),
    accountNumber: required(on, `d:${accountTag}/d:Id/d:Othr/d:Id`),
    bankCode: required(on, `${clearing}/d:MmbId`),
    bankName: required(on, `d:${agentTag}/d:FinInstnId/d:Nm`, true),
  };
  assertAccount(acct, `pain.001 ${partyTag}`);
  return acct;
}

function readPayment(tx: XmlNode): BatchPayment {
  const endToEndId = required(tx, 'd:PmtId/d:EndToEndId');
  const ccy = r.text(tx, 'd:Amt/d:InstdAmt/@Ccy');
  assert.equal(ccy, CURRENCY, `pain.001 payment ${endToEndId} is in ${ccy}, not ${CURRENCY}`);
  const amountText = required(tx, 'd:Amt/d:InstdAmt');
  const amountFen = decimalToFen(amountText);
  assert.ok(amountFen !== null && amountFen > 0, `pain.001 payment ${endToEndId} has amount ${amountText}, not a positive CNY amount`);
  return {
    endToEndId,
    amountFen,
    creditor: readAccount(tx, 'Cdtr', 'CdtrAcct', 'CdtrAgt'),
    remittance: r.all(tx, 'd:RmtInf/d:Ustrd').map((n) => n.content).join(' '),
  };
}

/** NbOfTxs and CtrlSum are optional in PmtInf and CtrlSum in GrpHdr; when present they must match the payments. */
function assertTotals(where: string, node: XmlNode, payments: readonly BatchPayment[], total: string): void {
  const nbOfTxs = r.text(node, 'd:NbOfTxs');
  if (nbOfTxs !== null) assert.equal(nbOfTxs, String(payments.length), `pain.001 ${where}/NbOfTxs ${nbOfTxs} ≠ ${payments.length} payments`);
  const ctrlSum = r.text(node, 'd:CtrlSum');
  if (ctrlSum !== null) assert.equal(decimalToFen(ctrlSum), decimalToFen(total), `pain.001 ${where}/CtrlSum ${ctrlSum} ≠ ${total}`);
}

function readBatch(root: XmlNode): PaymentBatchFile {
  const message = r.one(root, 'd:CstmrCdtTrfInitn');
  assert.ok(message !== null, 'pain.001 has no CstmrCdtTrfInitn');
  const pmtInfs = r.all(message, 'd:PmtInf');
  assert.equal(pmtInfs.length, 1, `pain.001 must have exactly one PmtInf, has ${pmtInfs.length}`);
  const pmtInf = pmtInfs[0] as XmlNode;
  const payments = r.all(pmtInf, 'd:CdtTrfTxInf').map(readPayment);
  const total = fenToDecimal(Number(payments.reduce((sum, p) => sum + BigInt(p.amountFen), 0n)));
  assertTotals('GrpHdr', r.one(message, 'd:GrpHdr') as XmlNode, payments, total);
  assertTotals('PmtInf', pmtInf, payments, total);
  const createdAt = new Date(required(message, 'd:GrpHdr/d:CreDtTm'));
  assert.ok(!Number.isNaN(createdAt.getTime()), 'pain.001 CreDtTm is not a date-time this reader understands');
  return {
    messageId: required(message, 'd:GrpHdr/d:MsgId'),
    paymentInfoId: required(pmtInf, 'd:PmtInfId'),
    createdAt,
    requestedExecutionDate: required(pmtInf, 'd:ReqdExctnDt/d:Dt'),
    initiatingParty: required(message, 'd:GrpHdr/d:InitgPty/d:Nm', true),
    debtor: readAccount(pmtInf, 'Dbtr', 'DbtrAcct', 'DbtrAgt'),
    payments,
  };
}

/**
 * Validates a pain.001.001.09 against its XSD, then reads it. Throws an Error naming the XSD errors when the file
 * does not validate, and an AssertionError when it validates but is not a file this module would have written.
 */
export async function readPain001(xml: string): Promise<PaymentBatchFile> {
  const parsed = await parseXml(xml);
  if (!parsed.ok) throw new Error(`pain.001 is not readable: ${parsed.errors.join('; ')}`);
  try {
    const errors = await schemaErrors(parsed.doc, 'pain.001.001.09');
    if (errors.length > 0) throw new Error(`pain.001 does not validate against pain.001.001.09: ${errors.slice(0, 3).join('; ')}`);
    return readBatch(parsed.doc.root);
  } finally {
    parsed.doc.dispose();
  }
}
