/**
 * camt.054.001.08 (debit/credit notification) and camt.053.001.08 (statement): what was booked on the treasury's
 * account. Both carry the same ReportEntry10 entries (Ntry), under Ntfctn or Stmt. One BankEntry per TxDtls (an
 * entry may batch several transactions), or per Ntry that has none.
 *
 * Only a booked entry (Sts/Cd BOOK) is final. A booked debit is the award paid; a booked entry with return
 * information (RtrInf), or a reversal (RvslInd), is the money come back. A booked credit with neither is not
 * about a payout of ours in any way this reader can tell, and stays PENDING rather than confirm anything.
 * Entries are given in document order: a file that books a debit and its return has both, debit first.
 */
import type { XmlNode } from 'libxml2-wasm';
import { endToEndIdOf, joinReasons, readAmount, type BankEntry } from './bank-entry';
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
  if (ctx.reversal) return { outcome: 'RETURNED', reasonCode: null, reason: 'entry reversed (RvslInd)' };
  const indicator = (tx === null ? null : r.text(tx, 'd:CdtDbtInd')) ?? ctx.indicator;
  if (indicator === 'DBIT') return { outcome: 'CONFIRMED', reasonCode: null, reason: null };
  return { outcome: 'PENDING', reasonCode: null, reason: 'booked credit without return information' };
}

function entriesOfNtry(r: Reader, ntry: XmlNode): BankEntry[] {
  const status = r.text(ntry, 'd:Sts/d:Cd') ?? r.text(ntry, 'd:Sts/d:Prtry') ?? '';
  const reversalText = r.text(ntry, 'd:RvslInd');
  const ctx: EntryContext = {
    booked: r.text(ntry, 'd:Sts/d:Cd') === 'BOOK',
    status,
    reversal: reversalText === 'true' || reversalText === '1',
    indicator: r.text(ntry, 'd:CdtDbtInd'),
  };
  const txs = r.all(ntry, 'd:NtryDtls/d:TxDtls');
  const entryAmount = r.one(ntry, 'd:Amt');
  if (txs.length === 0) {
    const { amountFen, problem } = readAmount(entryAmount);
    const outcome = outcomeOf(r, ctx, null);
    return [{ endToEndId: null, amountFen, ...outcome, reason: joinReasons(outcome.reason, problem), batchId: null }];
  }
  return txs.map((tx) => {
    // The entry's amount stands for its transaction only when it has just one.
    const { amountFen, problem } = readAmount(r.one(tx, 'd:Amt') ?? (txs.length === 1 ? entryAmount : null));
    const outcome = outcomeOf(r, ctx, tx);
    const batchId = r.text(tx, 'd:Refs/d:PmtInfId') ?? r.text(tx, 'd:Refs/d:MsgId');
    return { endToEndId: endToEndIdOf(r.text(tx, 'd:Refs/d:EndToEndId')), amountFen, ...outcome, reason: joinReasons(outcome.reason, problem), batchId };
  });
}

export function camtEntries(type: CamtType, root: XmlNode): BankEntry[] {
  const r = readers[type];
  const { message, report } = LAYOUT[type];
  return r.all(root, `${message}/${report}/d:Ntry`).flatMap((ntry) => entriesOfNtry(r, ntry));
}

export function camtHeader(type: CamtType, root: XmlNode): { messageId: string; createdAt: string } {
  const r = readers[type];
  const header = `${LAYOUT[type].message}/d:GrpHdr`;
  return { messageId: r.text(root, `${header}/d:MsgId`) ?? '', createdAt: r.text(root, `${header}/d:CreDtTm`) ?? '' };
}
