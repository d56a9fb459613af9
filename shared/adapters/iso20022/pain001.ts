/**
 * pain.001.001.09 (CustomerCreditTransferInitiation): the file a treasury sends its bank to pay a batch of awards.
 * One PmtInf per file (one debtor account, one execution date), one CdtTrfTxInf per award with the award id as
 * EndToEndId, so every answer from the bank names the award it is about. Amounts are written from integer fen and
 * the control sums are checked against what was written before the file leaves this function.
 *
 * The inputs were validated where they entered the system; the assertions here are invariants: a file that would
 * be refused by the bank, or worse pay the wrong account, is a bug, and it stops here.
 */
import assert from 'node:assert/strict';
import { decimalToFen, fenToDecimal } from './money';
import { account, agent, CURRENCY, party } from './parts';
import { namespaceOf } from './validate';
import type { Account } from '../../domain/bank';
import { isCalendarDate } from '../../domain/time';
import { assertXmlText, charLength, cutText, el, isoDateTimeBeijing, leaf, renderDocument, type XmlNode } from './xml';
import { LIMITS } from '../../limits';

export type { Account } from '../../domain/bank';

export interface BatchPayment {
  /** The award id, e.g. aw-<32 hex> (35 characters at most, as ISO allows). */
  readonly endToEndId: string;
  readonly amountFen: number;
  readonly creditor: Account;
  /** Policy, clause, reference; cut to 140 characters. */
  readonly remittance: string;
}

export interface PaymentBatchFile {
  /** MsgId, at most 35 characters. */
  readonly messageId: string;
  /** PmtInfId, at most 35 characters: the batch id. */
  readonly paymentInfoId: string;
  /** CreDtTm, written in Beijing time to the second. */
  readonly createdAt: Date;
  /** YYYY-MM-DD (ReqdExctnDt/Dt). */
  readonly requestedExecutionDate: string;
  /** e.g. '河北省财政厅'. */
  readonly initiatingParty: string;
  /** The jurisdiction's treasury account. */
  readonly debtor: Account;
  /** 1 to LIMITS.iso20022.pain001PaymentsMax payments. */
  readonly payments: readonly BatchPayment[];
}

/**
 * Identifiers (MsgId, PmtInfId, EndToEndId) are Max35Text; banks accept far fewer characters than that allows, so
 * ids are kept to letters, digits and `-._:` and start with a letter or digit (aw-<32 hex> is exactly 35).
 */
export const ISO_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,34}$/;
const CNAPS_CODE = /^\d{12}$/;
const ACCOUNT_NUMBER = /^\d{8,32}$/;

function assertName(text: string, what: string): void {
  assertXmlText(text, what);
  assert.ok(text.trim() !== '', `${what} must not be blank`);
  assert.ok(charLength(text) <= LIMITS.iso20022.nameCharsMax, `${what} must be at most ${LIMITS.iso20022.nameCharsMax} characters`);
}

export function assertAccount(acct: Account, what: string): void {
  assertName(acct.name, `${what} name`);
  assertName(acct.bankName, `${what} bank name`);
  assert.ok(ACCOUNT_NUMBER.test(acct.accountNumber), `${what} account number must be 8 to 32 digits`);
  assert.ok(CNAPS_CODE.test(acct.bankCode), `${what} bank code must be a 12-digit CNAPS code, got ${JSON.stringify(acct.bankCode)}`);
}

function assertId(id: string, what: string): void {
  assert.ok(typeof id === 'string' && ISO_ID.test(id), `${what} must be 1 to 35 of [A-Za-z0-9._:-], got ${JSON.stringify(id)}`);
}

function assertBatch(batch: PaymentBatchFile): void {
  assertId(batch.messageId, 'messageId');
  assertId(batch.paymentInfoId, 'paymentInfoId');
  assert.ok(batch.createdAt instanceof Date && !Number.isNaN(batch.createdAt.getTime()), 'createdAt must be a valid Date');
  assert.ok(isCalendarDate(batch.requestedExecutionDate), `requestedExecutionDate must be a YYYY-MM-DD date, got ${batch.requestedExecutionDate}`);
  assertName(batch.initiatingParty, 'initiatingParty');
  assertAccount(batch.debtor, 'debtor');
  const count = batch.payments.length;
  assert.ok(count >= 1 && count <= LIMITS.iso20022.pain001PaymentsMax, `a batch file holds 1 to ${LIMITS.iso20022.pain001PaymentsMax} payments, got ${count}`);
  const seen = new Set<string>();
  batch.payments.forEach((p, i) => {
    assertId(p.endToEndId, `payments[${i}].endToEndId`);
    assert.ok(!seen.has(p.endToEndId), `payment ${p.endToEndId} is twice in the batch`);
    seen.add(p.endToEndId);
    assert.ok(Number.isSafeInteger(p.amountFen) && p.amountFen > 0, `payment ${p.endToEndId} amount must be a positive safe integer of fen`);
    assertAccount(p.creditor, `payment ${p.endToEndId} creditor`);
    // The remittance is cut to 140 characters, not refused: it is for people, and the award id travels in EndToEndId.
    assertXmlText(p.remittance, `payment ${p.endToEndId} remittance`);
    assert.ok(p.remittance.trim() !== '', `payment ${p.endToEndId} remittance must not be blank`);
  });
}

/** The remittance as written: cut to Max140Text. Exported so readers and tests agree on the cut. */
export function remittanceText(remittance: string): string {
  return cutText(remittance, LIMITS.iso20022.remittanceCharsMax);
}

function transaction(p: BatchPayment, amountText: string): XmlNode {
  return el('CdtTrfTxInf',
    el('PmtId', leaf('EndToEndId', p.endToEndId)),
    el('Amt', leaf('InstdAmt', amountText, { Ccy: CURRENCY })),
    agent('CdtrAgt', p.creditor.bankCode, p.creditor.bankName),
    party('Cdtr', p.creditor.name),
    account('CdtrAcct', p.creditor.accountNumber),
    el('RmtInf', leaf('Ustrd', remittanceText(p.remittance))),
  );
}

/** Sum in fen, as BigInt so a long batch of large awards is checked rather than silently rounded. */
function totalFen(payments: readonly BatchPayment[]): number {
  const total = payments.reduce((sum, p) => sum + BigInt(p.amountFen), 0n);
  assert.ok(total <= BigInt(Number.MAX_SAFE_INTEGER), 'the batch total exceeds the largest safe amount of fen');
  return Number(total);
}

/**
 * The counts and sums as written must be those of the transactions as written: the InstdAmt texts are read back
 * to fen and summed again, independently of the total the header was written from.
 */
function assertControlTotals(amountTexts: readonly string[], nbOfTxs: string, ctrlSum: string): void {
  const sum = amountTexts.reduce((total, text) => {
    const fen = decimalToFen(text);
    assert.ok(fen !== null, `InstdAmt ${text} must read back as fen`);
    return total + BigInt(fen);
  }, 0n);
  assert.equal(nbOfTxs, String(amountTexts.length), 'NbOfTxs must equal the number of CdtTrfTxInf');
  assert.equal(BigInt(decimalToFen(ctrlSum) ?? -1), sum, 'CtrlSum must equal the sum of InstdAmt');
}

/** Writes the pain.001.001.09 file of one batch. Throws (AssertionError) on an input that breaks an invariant. */
export function writePain001(batch: PaymentBatchFile): string {
  assertBatch(batch);
  const amountTexts = batch.payments.map((p) => fenToDecimal(p.amountFen));
  const transactions = batch.payments.map((p, i) => transaction(p, amountTexts[i] ?? ''));
  const nbOfTxs = String(batch.payments.length);
  const ctrlSum = fenToDecimal(totalFen(batch.payments));
  assertControlTotals(amountTexts, nbOfTxs, ctrlSum);
  const { debtor } = batch;
  const message = el('CstmrCdtTrfInitn',
    el('GrpHdr',
      leaf('MsgId', batch.messageId),
      leaf('CreDtTm', isoDateTimeBeijing(batch.createdAt)),
      leaf('NbOfTxs', nbOfTxs),
      leaf('CtrlSum', ctrlSum),
      party('InitgPty', batch.initiatingParty),
    ),
    el('PmtInf',
      leaf('PmtInfId', batch.paymentInfoId),
      leaf('PmtMtd', 'TRF'),
      // One debit per award on the treasury's statement, so each award's debit can be matched to it (camt.054).
      leaf('BtchBookg', 'false'),
      leaf('NbOfTxs', nbOfTxs),
      leaf('CtrlSum', ctrlSum),
      el('PmtTpInf', el('CtgyPurp', leaf('Cd', 'GOVT'))),
      el('ReqdExctnDt', leaf('Dt', batch.requestedExecutionDate)),
      party('Dbtr', debtor.name),
      account('DbtrAcct', debtor.accountNumber, true),
      agent('DbtrAgt', debtor.bankCode, debtor.bankName),
      // The treasury bears the charges: an award arrives in full.
      leaf('ChrgBr', 'DEBT'),
      ...transactions,
    ),
  );
  return renderDocument(namespaceOf('pain.001.001.09'), message);
}
