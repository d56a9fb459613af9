/**
 * The local stack's bank (CONTRACT): it reads each batch file and answers with a pain.002 status report and a
 * camt.054 debit notification. It returns the credit to any account number that ends in 0000, with reason AC04
 * (closed account), and confirms every other payment. It keeps no state: its answers depend only on the file and
 * the time it is given, so answering the same file twice at the same time gives the same two files, byte for byte.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeCamt054, writePain002, type BookedEntry, type PaymentStatus } from './bank-answers';
import type { BatchPayment } from './pain001';
import { readPain001 } from './pain001-read';
import { validateXml, type MessageType } from './validate';
import { chinaDate } from '../../domain/time';

/** Account numbers ending so are closed accounts at the simulated bank. */
export const CLOSED_ACCOUNT_SUFFIX = '0000';
export const CLOSED_ACCOUNT_REASON = { code: 'AC04', text: '账户已销户 closed account' } as const;

const DEFAULT_PREFIX = 'SIMBANK';
/** `${prefix}-STS-` + 20 hex must fit MsgId's 35 characters. */
const PREFIX = /^[A-Za-z0-9]{1,10}$/;

function isClosed(p: BatchPayment): boolean {
  return p.creditor.accountNumber.endsWith(CLOSED_ACCOUNT_SUFFIX);
}

async function assertValid(xml: string, type: MessageType): Promise<void> {
  const result = await validateXml(xml, type);
  assert.ok(result.ok, `the simulated bank wrote a ${type} that does not validate: ${result.ok ? '' : result.errors.join('; ')}`);
}

/**
 * Answers a pain.001.001.09. Throws when the file does not validate or is not one this module writes. The status
 * report accepts each payment (ACSP: settlement in progress) or rejects it with AC04; the notification books one
 * debit per accepted payment and, per closed account, the credit that brings the money back (RtrInf AC04).
 */
export async function simulateBank(
  pain001Xml: string,
  options: { now: Date; bankMessagePrefix?: string },
): Promise<{ pain002: string; camt054: string }> {
  const prefix = options.bankMessagePrefix ?? DEFAULT_PREFIX;
  assert.ok(PREFIX.test(prefix), `bankMessagePrefix must be 1 to 10 letters or digits, got ${JSON.stringify(prefix)}`);
  const batch = await readPain001(pain001Xml);
  // Message ids come from the payment file's MsgId alone, so an answer is recognisably the answer to that file.
  const hash = createHash('sha256').update(batch.messageId).digest('hex').slice(0, 20);
  const { code, text } = CLOSED_ACCOUNT_REASON;
  const statuses: PaymentStatus[] = batch.payments.map((payment) => isClosed(payment)
    ? { payment, status: 'RJCT', reasonCode: code, reasonText: text }
    : { payment, status: 'ACSP', reasonCode: null, reasonText: null });
  const entries: BookedEntry[] = batch.payments.map((payment) => isClosed(payment)
    ? { payment, kind: 'RETURN', reasonCode: code, reasonText: text }
    : { payment, kind: 'DEBIT', reasonCode: null, reasonText: null });
  const pain002 = writePain002({ messageId: `${prefix}-STS-${hash}`, createdAt: options.now, original: batch, statuses });
  const camt054 = writeCamt054({
    messageId: `${prefix}-NTF-${hash}`,
    createdAt: options.now,
    bookingDate: chinaDate(options.now),
    original: batch,
    entries,
  });
  await assertValid(pain002, 'pain.002.001.11');
  await assertValid(camt054, 'camt.054.001.08');
  return { pain002, camt054 };
}
