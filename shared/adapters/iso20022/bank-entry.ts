/**
 * What one line of a bank's answer means for one payment, whichever message carried it (pain.002 status report,
 * camt.054 notification, camt.053 statement), and the amount rules those readers share.
 */
import type { XmlNode } from 'libxml2-wasm';
import { decimalToFen } from './money';
import { CURRENCY } from './parts';
import type { Reader } from './xpath';
import { TREASURY } from '../../treasury';
import type { AmountProblem } from '../../domain/bank';

export type { AmountProblem, BankEntry, EntryLevel, Outcome } from '../../domain/bank';

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

/** An account's identification (Othr/Id, else IBAN) under `path`, as written; null when there is none. */
export const accountOf = (r: Reader, node: XmlNode, path: string): string | null => r.text(node, `${path}/d:Id/d:Othr/d:Id`) ?? r.text(node, `${path}/d:Id/d:IBAN`);

/** The jurisdiction whose treasury account (shared/treasury.ts) an account is, or null: none of ours. */
export function treasuryOf(account: string | null): string | null {
  if (account === null) return null;
  const found = Object.entries(TREASURY).find(([, t]) => t.account.accountNumber === account.replaceAll(/\s/g, ''));
  return found?.[0] ?? null;
}
