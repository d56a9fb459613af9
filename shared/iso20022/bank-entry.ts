/**
 * What one line of a bank's answer means for one payment, whichever message carried it (pain.002 status report,
 * camt.054 notification, camt.053 statement), and the amount rules those readers share.
 */
import type { XmlNode } from 'libxml2-wasm';
import { decimalToFen } from './money';
import { CURRENCY } from './parts';

/**
 * CONFIRMED: the money left the treasury's account for the creditor (ACSC/ACCC, or a booked debit).
 * RETURNED: it came back (a booked return credit with RtrInf, or a reversal).
 * REJECTED: the bank refused the payment before paying (RJCT, CANC).
 * PENDING: anything not final yet (ACCP, ACSP, ACTC, PDNG, RCVD, an entry not booked, …).
 */
export type Outcome = 'CONFIRMED' | 'RETURNED' | 'REJECTED' | 'PENDING';

export interface BankEntry {
  /** The award id the payment was sent with; null when the bank gave none (absent or ISO's "NOTPROVIDED"). */
  readonly endToEndId: string | null;
  /** Null when the bank gave no amount, or one that is not CNY with at most two decimals (`reason` says which). */
  readonly amountFen: number | null;
  /**
   * Why `amountFen` is null, so reconciliation can say so (CONTRACT §6: an answer changes money only when it names the
   * payment's amount exactly). MISSING: no amount, another currency, or not a whole number of fen. UNBALANCED: one of
   * several transactions of an entry whose amounts are not all given or do not add up to the entry's.
   */
  readonly amountProblem: AmountProblem | null;
  readonly outcome: Outcome;
  /** The ISO reason code (AC04, …) or proprietary reason, when the bank gave one. */
  readonly reasonCode: string | null;
  /** The bank's words, and any problem with the entry's amount. */
  readonly reason: string | null;
  /**
   * The payment information (the batch) the answer is about, where the bank names it (pain.002 OrgnlPmtInfId or
   * OrgnlMsgId; camt Refs/PmtInfId or Refs/MsgId): an award sent again in a new batch keeps its EndToEndId, and
   * only this tells an answer about the earlier attempt from one about the current.
   */
  readonly batchId: string | null;
  /** camt only: the day the entry was booked (BookgDt), YYYY-MM-DD; null in a pain.002 or when not given. */
  readonly bookingDate: string | null;
  /** camt only: the bank's own reference of the booking (Refs/AcctSvcrRef of the transaction, else of the entry). */
  readonly accountServicerRef: string | null;
  /**
   * Where the line stands in its message: one transaction (pain.002 TxInfAndSts, camt TxDtls), a camt entry without
   * transaction details, or a status given to a whole payment information or group with no transaction lines under
   * it. Only the last two can refuse a whole batch (reconcile.ts spells them out per payment): a transaction line that
   * names no payment names no payment, whatever batch it stands in (review H2).
   */
  readonly level: EntryLevel;
  /**
   * camt only: why a booked line contradicts itself as to where the money went (a transaction's CdtDbtInd against its
   * entry's, return information on a debit), or null. Such a line is an exception, never a confirmation or a return.
   */
  readonly directionProblem: string | null;
}

export type AmountProblem = 'MISSING' | 'UNBALANCED';
export type EntryLevel = 'transaction' | 'entry' | 'payment-information' | 'group';

/** An award id as we write it (`aw-` and 32 lower-case hex digits), in whatever case a bank sends it back. */
const AWARD_ID_ANY_CASE = /^aw-[0-9a-f]{32}$/i;

/**
 * "NOTPROVIDED" is ISO's spelling of "the initiator gave no EndToEndId": the same as none. An award id a bank upper-cased
 * (some banks' systems do) is that award id: matched in the case we wrote it (review M3); any other id is kept as sent.
 */
export function endToEndIdOf(text: string | null): string | null {
  if (text === null || text === '' || text === 'NOTPROVIDED') return null;
  return AWARD_ID_ANY_CASE.test(text) ? text.toLowerCase() : text;
}

/**
 * xs:decimal allows "+12.30", ".5", "12." and trailing zeros ("12.3400"); a bank may write any of them. They are
 * brought to plain digits before decimalToFen, which then refuses only what is truly not a fen amount ("12.345").
 */
function normaliseDecimal(text: string): string {
  const match = /^\+?(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (match === null) return text;
  const whole = match[1] === '' ? '0' : (match[1] ?? '0');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

export interface AmountRead {
  readonly amountFen: number | null;
  readonly amountProblem: AmountProblem | null;
  /** Words for the reason when an amount was given but cannot be taken (absent says nothing). */
  readonly problem: string | null;
}

/** An amount element (`<Amt Ccy="CNY">12.34</Amt>`) to fen, or null with the reason it could not be taken. */
export function readAmount(node: XmlNode | null): AmountRead {
  if (node === null) return { amountFen: null, amountProblem: 'MISSING', problem: null };
  const text = node.content.trim();
  const ccy = node.get('@Ccy')?.content ?? null;
  if (ccy !== CURRENCY) return { amountFen: null, amountProblem: 'MISSING', problem: `amount ${text} is in ${ccy ?? 'no currency'}, not ${CURRENCY}` };
  const amountFen = decimalToFen(normaliseDecimal(text));
  if (amountFen === null) return { amountFen: null, amountProblem: 'MISSING', problem: `amount ${text} ${CURRENCY} is not a whole number of fen` };
  return { amountFen, amountProblem: null, problem: null };
}

/** Joins the bank's reason text and any amount problem into one reason, or null when there is neither. */
export function joinReasons(...parts: (string | null | undefined)[]): string | null {
  const present = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return present.length === 0 ? null : present.join('; ');
}
