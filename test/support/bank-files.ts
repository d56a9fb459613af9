/**
 * Bank answers written by hand for tests, the way a real bank's would be: every file these helpers return has been
 * validated against its ISO 20022 XSD (shared/adapters/iso20022/xsd), so a test can never pass on a file no bank could send.
 */
import { validateXml, type MessageType } from '../../shared/adapters/iso20022/validate';
import { TREASURY } from '../../shared/treasury';
import { chinaDate } from '../../shared/domain/time';

/**
 * The booking dates of answers to batches a test makes today: a bank books a payment on the day it is sent or later,
 * and reconciliation refuses a booking dated before its batch was made (BOOKED_BEFORE_SENT). Read when the answer is
 * written: a constant read when the module loaded is the day before for a batch made after midnight China time.
 */
export const bookedToday = () => chinaDate(new Date());
export const bookedNextDay = () => chinaDate(new Date(Date.now() + 86_400_000));

const HEBEI_TREASURY = TREASURY['130000']?.account.accountNumber ?? '';

/** One transaction line (TxDtls) of a camt entry. */
export interface TxLine {
  readonly endToEndId: string | null;
  /** The transaction's own amount (`"12.34"`); absent when null or undefined. */
  readonly amount?: string | null;
  readonly ccy?: string;
  /** Refs/MsgId and Refs/PmtInfId: the batch the line is about, when the bank names it. */
  readonly batchId?: string;
  /** Return information (RtrInf) with this reason code. */
  readonly returned?: string;
  /** The transaction's own CdtDbtInd, after its amount; absent when undefined. */
  readonly indicator?: 'DBIT' | 'CRDT';
}

/** One entry (Ntry) of a camt.053 statement or camt.054 notification. */
export interface EntryLine {
  readonly amount: string;
  readonly ccy?: string;
  readonly indicator: 'DBIT' | 'CRDT';
  readonly status?: 'BOOK' | 'PDNG';
  readonly bookingDate?: string;
  readonly accountServicerRef?: string;
  readonly txs: readonly TxLine[];
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function txXml(tx: TxLine): string {
  const refs = [
    tx.batchId === undefined ? '' : `<MsgId>${escape(tx.batchId)}</MsgId><PmtInfId>${escape(tx.batchId)}</PmtInfId>`,
    `<EndToEndId>${escape(tx.endToEndId ?? 'NOTPROVIDED')}</EndToEndId>`,
  ].join('');
  const amount = tx.amount === undefined || tx.amount === null ? '' : `<Amt Ccy="${tx.ccy ?? 'CNY'}">${tx.amount}</Amt>`;
  const indicator = tx.indicator === undefined ? '' : `<CdtDbtInd>${tx.indicator}</CdtDbtInd>`;
  const returned = tx.returned === undefined ? '' : `<RtrInf><Rsn><Cd>${tx.returned}</Cd></Rsn></RtrInf>`;
  return `<TxDtls><Refs>${refs}</Refs>${amount}${indicator}${returned}</TxDtls>`;
}

export function entryXml(e: EntryLine): string {
  const subFamily = e.indicator === 'DBIT' ? 'DMCT' : 'RRTN';
  return [
    '<Ntry>',
    `<Amt Ccy="${e.ccy ?? 'CNY'}">${e.amount}</Amt><CdtDbtInd>${e.indicator}</CdtDbtInd><Sts><Cd>${e.status ?? 'BOOK'}</Cd></Sts>`,
    e.bookingDate === undefined ? '' : `<BookgDt><Dt>${e.bookingDate}</Dt></BookgDt>`,
    e.accountServicerRef === undefined ? '' : `<AcctSvcrRef>${escape(e.accountServicerRef)}</AcctSvcrRef>`,
    `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>${subFamily}</SubFmlyCd></Fmly></Domn></BkTxCd>`,
    e.txs.length === 0 ? '' : `<NtryDtls>${e.txs.map(txXml).join('')}</NtryDtls>`,
    '</Ntry>',
  ].join('');
}

export async function valid(xml: string, type: MessageType): Promise<string> {
  const result = await validateXml(xml, type);
  if (!result.ok) throw new Error(`a test wrote a ${type} that does not validate: ${result.errors.join('; ')}`);
  return xml;
}

export type CamtType = 'camt.053.001.08' | 'camt.054.001.08';

/**
 * A camt.053 statement or camt.054 notification of a treasury account (Hebei's, as shared/treasury.ts configures it,
 * unless another is given: a report of another account settles nothing), holding `entries` (or raw Ntry XML).
 */
export function camtXml(type: CamtType, messageId: string, entries: readonly (EntryLine | string)[], createdAt = '2026-05-06T18:00:00+08:00', of = HEBEI_TREASURY): string {
  const ntry = entries.map((e) => (typeof e === 'string' ? e : entryXml(e))).join('\n');
  const account = `<Acct><Id><Othr><Id>${of}</Id></Othr></Id><Ccy>CNY</Ccy></Acct>`;
  const header = `<GrpHdr><MsgId>${escape(messageId)}</MsgId><CreDtTm>${createdAt}</CreDtTm></GrpHdr>`;
  const body = type === 'camt.053.001.08'
    ? `<BkToCstmrStmt>${header}<Stmt><Id>${escape(messageId)}</Id><CreDtTm>${createdAt}</CreDtTm>${account}`
    + '<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="CNY">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-05-06</Dt></Dt></Bal>'
    + `${ntry}</Stmt></BkToCstmrStmt>`
    : `<BkToCstmrDbtCdtNtfctn>${header}<Ntfctn><Id>${escape(messageId)}</Id><CreDtTm>${createdAt}</CreDtTm>${account}${ntry}</Ntfctn></BkToCstmrDbtCdtNtfctn>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:${type}">${body}</Document>\n`;
}

export const camtFile = (type: CamtType, messageId: string, entries: readonly EntryLine[], createdAt?: string, of?: string) =>
  valid(camtXml(type, messageId, entries, createdAt, of), type);

/** One TxInfAndSts of a pain.002: the status of one payment, with its instructed amount when given. */
export interface StatusLine {
  /** OrgnlEndToEndId as written (`NOTPROVIDED` included); null leaves the element out. */
  readonly endToEndId: string | null;
  /** OrgnlInstrId, when given. */
  readonly instructionId?: string;
  readonly status: 'ACSP' | 'ACSC' | 'RJCT';
  readonly amount?: string | null;
  readonly reason?: string;
}

/**
 * A pain.002 status report about batch `batchId` (its OrgnlMsgId and OrgnlPmtInfId); `wholesale` gives the payment
 * information a status of its own (RJCT with a reason: the whole batch refused).
 */
export function pain002File(messageId: string, batchId: string, lines: readonly StatusLine[], wholesale?: { status: string; reason: string }): Promise<string> {
  const tx = (l: StatusLine) => [
    '<TxInfAndSts>',
    l.instructionId === undefined ? '' : `<OrgnlInstrId>${escape(l.instructionId)}</OrgnlInstrId>`,
    l.endToEndId === null ? '' : `<OrgnlEndToEndId>${escape(l.endToEndId)}</OrgnlEndToEndId>`,
    `<TxSts>${l.status}</TxSts>`,
    l.reason === undefined ? '' : `<StsRsnInf><Rsn><Cd>${l.reason}</Cd></Rsn></StsRsnInf>`,
    l.amount === undefined || l.amount === null ? '' : `<OrgnlTxRef><Amt><InstdAmt Ccy="CNY">${l.amount}</InstdAmt></Amt></OrgnlTxRef>`,
    '</TxInfAndSts>',
  ].join('');
  const status = wholesale === undefined ? '' : `<PmtInfSts>${wholesale.status}</PmtInfSts><StsRsnInf><Rsn><Cd>${wholesale.reason}</Cd></Rsn></StsRsnInf>`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.11"><CstmrPmtStsRpt>
<GrpHdr><MsgId>${escape(messageId)}</MsgId><CreDtTm>2026-05-06T15:00:00+08:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>${escape(batchId)}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId></OrgnlGrpInfAndSts>
<OrgnlPmtInfAndSts><OrgnlPmtInfId>${escape(batchId)}</OrgnlPmtInfId>${status}${lines.map(tx).join('')}</OrgnlPmtInfAndSts>
</CstmrPmtStsRpt></Document>
`;
  return valid(xml, 'pain.002.001.11');
}

/** Fen as the decimal yuan a bank writes (`61728394` → `"617283.94"`). */
export const yuanText = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
