/**
 * camt.054.001.08 (debit/credit notification) and camt.053.001.08 (statement): what was booked on the treasury's
 * account. Both carry the same ReportEntry10 entries (Ntry), under Ntfctn or Stmt. One BankEntry per TxDtls (an
 * entry may batch several transactions), or per Ntry that has none.
 *
 * Only a booked entry (Sts/Cd BOOK) is final. A booked debit (the entry's CdtDbtInd) is the award paid; a booked
 * credit with return information (RtrInf), or a credit reversing a debit (RvslInd), is the money come back. A booked
 * credit with neither, or a debit reversing a credit, is not about a payout of ours in any way this reader can tell,
 * and stays PENDING rather than confirm anything. A transaction whose own CdtDbtInd contradicts its entry's, or return
 * information on a debit, says two things at once: it is read with its `directionProblem`, and settles nothing.
 * Entries are given in document order: a file that books a debit and its return has both, debit first. Each carries
 * its booking date and the bank's reference (AcctSvcrRef), by which a statement's line is told to be the same booking
 * a notification reported (CONTRACT §6).
 */
import type { XmlNode } from 'libxml2-wasm';
import { type AmountRead, type BankEntry, accountOf, endToEndIdOf, joinReasons, readAmount, treasuryOf } from './bank-entry';
import { chinaDate } from '../../domain/time';
import { fenToDecimal } from './money';
import { namespaceOf } from './validate';
import { readerFor, type Reader } from './xpath';

export type CamtType = 'camt.053.001.08' | 'camt.054.001.08';

const readers: Record<CamtType, Reader> = {
  'camt.053.001.08': readerFor(namespaceOf('camt.053.001.08')),
  'camt.054.001.08': readerFor(namespaceOf('camt.054.001.08')),
};

/** The message element under Document and the account report elements under it, per type. */
const LAYOUT: Record<CamtType, { message: string; report: string }> = {
  'camt.053.001.08': { message: 'd:BkToCstmrStmt', report: 'd:Stmt' },
  'camt.054.001.08': { message: 'd:BkToCstmrDbtCdtNtfctn', report: 'd:Ntfctn' },
};

/** Entries a camt file would give, counted before reading it (the file-size limit bounds the cost of counting). */
export const CAMT_ENTRIES_XPATH = 'count(//d:Ntry/d:NtryDtls/d:TxDtls) + count(//d:Ntry[not(d:NtryDtls/d:TxDtls)])';

interface EntryContext {
  readonly booked: boolean;
  readonly status: string;
  readonly reversal: boolean;
  readonly indicator: string | null;
}

function outcomeOf(r: Reader, ctx: EntryContext, tx: XmlNode | null): Pick<BankEntry, 'outcome' | 'reasonCode' | 'reason'> {
  if (!ctx.booked) return { outcome: 'PENDING', reasonCode: null, reason: `entry status ${ctx.status}, not booked` };
  const returned = tx === null ? null : r.one(tx, 'd:RtrInf');
  if (returned !== null) {
    const code = r.text(returned, 'd:Rsn/d:Cd') ?? r.text(returned, 'd:Rsn/d:Prtry');
    return { outcome: 'RETURNED', reasonCode: code, reason: joinReasons(...r.all(returned, 'd:AddtlInf').map((n) => n.content)) };
  }
  // A credit reversing an entry was a debit: our payment undone. A debit reversing one was a credit: not a payout.
  if (ctx.reversal && ctx.indicator === 'CRDT') return { outcome: 'RETURNED', reasonCode: null, reason: 'entry reversed (RvslInd)' };
  if (ctx.reversal) return { outcome: 'PENDING', reasonCode: null, reason: 'a debit reversing a credit (RvslInd) is no payout of ours' };
  // A confirmation needs a booked debit of the entry itself: a transaction's own "DBIT" inside a credit moved no money out.
  if (ctx.indicator === 'DBIT') return { outcome: 'CONFIRMED', reasonCode: null, reason: null };
  return { outcome: 'PENDING', reasonCode: null, reason: 'booked credit without return information' };
}

/** Why a booked transaction contradicts its entry as to the money's direction (review M2), or null when it does not. */
function directionProblemOf(r: Reader, ctx: EntryContext, tx: XmlNode | null): string | null {
  if (!ctx.booked || tx === null) return null;
  const own = r.text(tx, 'd:CdtDbtInd');
  if (own !== null && ctx.indicator !== null && own !== ctx.indicator) return `the transaction says ${own}, its entry ${ctx.indicator}`;
  if (ctx.indicator === 'DBIT' && r.one(tx, 'd:RtrInf') !== null) return 'a booked debit with return information brings no money back';
  return null;
}

function contextOf(r: Reader, ntry: XmlNode): EntryContext {
  const reversalText = r.text(ntry, 'd:RvslInd');
  return {
    booked: r.text(ntry, 'd:Sts/d:Cd') === 'BOOK',
    status: r.text(ntry, 'd:Sts/d:Cd') ?? r.text(ntry, 'd:Sts/d:Prtry') ?? '',
    reversal: reversalText === 'true' || reversalText === '1',
    indicator: r.text(ntry, 'd:CdtDbtInd'),
  };
}

/**
 * BookgDt as a China date: its Dt; or the day its DtTm falls on in China, when it states its offset (a bank writing
 * UTC books 00:00 to 08:00 China time on the day before: attack 2026-12-07-c, MEDIUM-2); else the day it was written in.
 */
function bookingDateOf(r: Reader, ntry: XmlNode): string | null {
  const date = r.text(ntry, 'd:BookgDt/d:Dt');
  if (date !== null) return date;
  const dateTime = r.text(ntry, 'd:BookgDt/d:DtTm');
  if (dateTime === null) return null;
  const instant = /(?:Z|[+-]\d{2}:\d{2})$/.test(dateTime) ? new Date(dateTime) : null;
  return instant === null || Number.isNaN(instant.getTime()) ? dateTime.slice(0, 10) : chinaDate(instant);
}

/**
 * The amount of each transaction of an entry. One transaction without its own amount takes the entry's. Otherwise the
 * transactions settle only when each states its amount and they add up to the entry's (CONTRACT §6), one transaction
 * included: else none of them names a payment exactly, and each is UNBALANCED, so no booking can settle payments for
 * more than it moved (a 0.01 entry whose one transaction claims the payment's amount is no payment of it).
 */
function transactionAmounts(r: Reader, ntry: XmlNode, txs: readonly XmlNode[]): AmountRead[] {
  const entryNode = r.one(ntry, 'd:Amt');
  const entry = readAmount(entryNode);
  const own = txs.map((tx) => r.one(tx, 'd:Amt'));
  if (txs.length === 1 && own[0] === null) return [entry];
  const each = own.map((node) => readAmount(node));
  // A transaction's amount in another currency says nothing about fen at all: MISSING, whatever the entry says.
  if (txs.length === 1 && each[0]?.amountFen === null) return each;
  const sumFen = each.reduce((sum, a) => sum + (a.amountFen ?? Number.NaN), 0);
  if (entry.amountFen !== null && sumFen === entry.amountFen) return each;
  const stated = each.map((a) => (a.amountFen === null ? 'none' : fenToDecimal(a.amountFen))).join(' + ');
  const entryText = entryNode === null ? 'none' : `${entryNode.content.trim()} ${entryNode.get('@Ccy')?.content ?? ''}`.trim();
  const which = txs.length === 1 ? 'the entry\'s one transaction' : `the entry's ${txs.length} transactions`;
  const problem = `${which} (${stated}) ${txs.length === 1 ? 'does' : 'do'} not add up to its amount (${entryText})`;
  return each.map((a) => ({ amountFen: null, amountProblem: 'UNBALANCED', problem: joinReasons(a.problem, problem) }));
}

function entriesOfNtry(r: Reader, ntry: XmlNode, reportAccount: string | null): BankEntry[] {
  const ctx = contextOf(r, ntry);
  const booking = { bookingDate: bookingDateOf(r, ntry), accountServicerRef: r.text(ntry, 'd:AcctSvcrRef'), reportAccount, reportJurisdiction: treasuryOf(reportAccount) };
  const txs = r.all(ntry, 'd:NtryDtls/d:TxDtls');
  if (txs.length === 0) {
    const { amountFen, amountProblem, problem } = readAmount(r.one(ntry, 'd:Amt'));
    const outcome = outcomeOf(r, ctx, null);
    const line = { endToEndId: null, amountFen, amountProblem, ...outcome, reason: joinReasons(outcome.reason, problem), batchId: null, creditorAccount: null };
    return [{ ...line, ...booking, level: 'entry', directionProblem: null }];
  }
  const amounts = transactionAmounts(r, ntry, txs);
  return txs.map((tx, i) => {
    const { amountFen, amountProblem, problem } = amounts[i] as AmountRead;
    const outcome = outcomeOf(r, ctx, tx);
    const batchId = r.text(tx, 'd:Refs/d:PmtInfId') ?? r.text(tx, 'd:Refs/d:MsgId');
    const accountServicerRef = r.text(tx, 'd:Refs/d:AcctSvcrRef') ?? booking.accountServicerRef;
    const creditorAccount = accountOf(r, tx, 'd:RltdPties/d:CdtrAcct');
    const line = { endToEndId: endToEndIdOf(r.text(tx, 'd:Refs/d:EndToEndId')), amountFen, amountProblem, ...outcome, reason: joinReasons(outcome.reason, problem), batchId, creditorAccount };
    return { ...line, ...booking, accountServicerRef, level: 'transaction' as const, directionProblem: directionProblemOf(r, ctx, tx) };
  });
}

export function camtEntries(type: CamtType, root: XmlNode): BankEntry[] {
  const r = readers[type];
  const { message, report } = LAYOUT[type];
  // Each report (Ntfctn, Stmt) is of one account: its entries carry it, for reconciliation to tell the treasury's from another's.
  return r.all(root, `${message}/${report}`).flatMap((node) => {
    const account = accountOf(r, node, 'd:Acct');
    return r.all(node, 'd:Ntry').flatMap((ntry) => entriesOfNtry(r, ntry, account));
  });
}

export function camtHeader(type: CamtType, root: XmlNode): { messageId: string; createdAt: string } {
  const r = readers[type];
  const header = `${LAYOUT[type].message}/d:GrpHdr`;
  return { messageId: r.text(root, `${header}/d:MsgId`) ?? '', createdAt: r.text(root, `${header}/d:CreDtTm`) ?? '' };
}
