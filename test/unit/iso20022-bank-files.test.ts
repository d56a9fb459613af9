/**
 * readBankFile: the bank's answers judged like any input from outside. Real XSD validation throughout; bad files
 * are made from good ones by one change each, so every test shows exactly what it breaks.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBankFile, simulateBank, validateXml, writePain001, type BankFile } from '../../shared/adapters/iso20022/index';
import { GOLDEN_BATCH } from '../fixtures/iso20022/batches';
import { treasuryOf } from '../../shared/adapters/iso20022/bank-entry';
import { LIMITS } from '../../shared/limits';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/iso20022/${name}`, import.meta.url), 'utf8');
const NOW = new Date('2026-05-06T02:00:00Z');
const [PAID, CLOSED, SMALL] = GOLDEN_BATCH.payments.map((p) => p.endToEndId) as [string, string, string];

/** The golden batch with the 5,000,000.00 award sent to a closed account (ends in 0000). */
const batch = {
  ...GOLDEN_BATCH,
  payments: GOLDEN_BATCH.payments.map((p) => p.endToEndId === CLOSED ? { ...p, creditor: { ...p.creditor, accountNumber: '6217000130012340000' } } : p),
};

let answers: { pain002: string; camt054: string };
beforeAll(async () => {
  answers = await simulateBank(writePain001(batch), { now: NOW });
});

type Entry = BankFile['entries'][number];

/** The file, its entries without the batch, amount problem, booking, level and direction they name (checked on their own, below). */
type Plain = Omit<Entry, 'batchId' | 'amountProblem' | 'bookingDate' | 'accountServicerRef' | 'level' | 'directionProblem' | 'creditorAccount' | 'reportAccount' | 'reportJurisdiction'>;
async function readOk(xml: string): Promise<Omit<BankFile, 'entries'> & { entries: Plain[] }> {
  const file = await readWithBatches(xml);
  const plain = ({ batchId: _b, amountProblem: _p, bookingDate: _d, accountServicerRef: _r, level: _l, directionProblem: _dir, ...rest }: Entry) => {
    const { creditorAccount: _c, reportAccount: _a, reportJurisdiction: _j, ...entry } = rest;
    return entry;
  };
  return { ...file, entries: file.entries.map(plain) };
}

async function readWithBatches(xml: string): Promise<BankFile> {
  const result = await readBankFile(xml);
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return result.file;
}

async function reasonOf(xml: string): Promise<string> {
  const result = await readBankFile(xml);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.reason;
}

describe('readBankFile round trip: pain.001 → simulated bank → answers', () => {
  it('reads the pain.002: accepted payments PENDING (ACSP), the closed account REJECTED with AC04', async () => {
    const file = await readOk(answers.pain002);
    expect(file.type).toBe('pain.002.001.11');
    expect(file.messageId).toMatch(/^SIMBANK-STS-[0-9a-f]{20}$/);
    expect(file.createdAt).toBe('2026-05-06T10:00:00+08:00');
    expect(file.entries).toEqual([
      { endToEndId: PAID, amountFen: 61_728_394, outcome: 'PENDING', reasonCode: null, reason: null },
      { endToEndId: CLOSED, amountFen: 500_000_000, outcome: 'REJECTED', reasonCode: 'AC04', reason: '账户已销户 closed account' },
      { endToEndId: SMALL, amountFen: 1, outcome: 'PENDING', reasonCode: null, reason: null },
    ]);
  });

  it('reads the camt.054: booked debits CONFIRMED, the returned credit RETURNED with AC04', async () => {
    const file = await readOk(answers.camt054);
    expect(file.type).toBe('camt.054.001.08');
    expect(file.messageId).toMatch(/^SIMBANK-NTF-[0-9a-f]{20}$/);
    expect(file.entries).toEqual([
      { endToEndId: PAID, amountFen: 61_728_394, outcome: 'CONFIRMED', reasonCode: null, reason: null },
      { endToEndId: CLOSED, amountFen: 500_000_000, outcome: 'RETURNED', reasonCode: 'AC04', reason: '账户已销户 closed account' },
      { endToEndId: SMALL, amountFen: 1, outcome: 'CONFIRMED', reasonCode: null, reason: null },
    ]);
  });

  it('names the batch each answer is about (pain.002 OrgnlPmtInfId, camt Refs/PmtInfId), to tell an earlier attempt', async () => {
    for (const xml of [answers.pain002, answers.camt054]) {
      expect((await readWithBatches(xml)).entries.map((e) => e.batchId)).toEqual(batch.payments.map(() => batch.paymentInfoId));
    }
  });

  it('reads the accounts a line names: the creditor (camt RltdPties/CdtrAcct, pain.002 OrgnlTxRef/CdtrAcct) and the report\'s own (review 2026-12-07-b)', async () => {
    const creditors = batch.payments.map((p) => p.creditor.accountNumber);
    const camt = await readWithBatches(answers.camt054);
    expect(camt.entries.map((e) => e.creditorAccount)).toEqual(creditors);
    expect(new Set(camt.entries.map((e) => e.reportAccount))).toEqual(new Set([batch.debtor.accountNumber]));
    // Whose treasury account the report is of (shared/treasury.ts), or null: none of ours (the golden batch's debtor is
    // a fixture's account, 130010000000000001, not the configured 130000000000000001).
    expect(new Set(camt.entries.map((e) => e.reportJurisdiction))).toEqual(new Set([null]));
    expect([treasuryOf('130000000000000001'), treasuryOf('350000 000000000001'), treasuryOf('999900001111222233'), treasuryOf(null)]).toEqual(['130000', '350000', null, null]);
    const pain = await readWithBatches(answers.pain002);
    expect(pain.entries.map((e) => [e.creditorAccount, e.reportAccount])).toEqual(creditors.map((c) => [c, null]));
  });

  it('maps settlement completed (ACSC) to CONFIRMED', async () => {
    const settled = answers.pain002.replaceAll('<TxSts>ACSP</TxSts>', '<TxSts>ACSC</TxSts>');
    expect((await readOk(settled)).entries.map((e) => e.outcome)).toEqual(['CONFIRMED', 'REJECTED', 'CONFIRMED']);
  });
});

describe('readBankFile: files by hand', () => {
  it('reads a camt.053 statement entry by entry', async () => {
    const file = await readOk(fixture('camt.053-statement.xml'));
    expect(file).toMatchObject({ type: 'camt.053.001.08', messageId: 'ICBC-STMT-20260507-0001', createdAt: '2026-05-07T06:00:00+08:00' });
    expect(file.entries).toEqual([
      { endToEndId: PAID, amountFen: 61_728_394, outcome: 'CONFIRMED', reasonCode: null, reason: null },
      { endToEndId: CLOSED, amountFen: 500_000_000, outcome: 'RETURNED', reasonCode: 'AC04', reason: '账户已销户' },
      { endToEndId: SMALL, amountFen: 1, outcome: 'PENDING', reasonCode: null, reason: 'entry status PDNG, not booked' },
      { endToEndId: `aw-${'3'.repeat(32)}`, amountFen: 30_000_000, outcome: 'RETURNED', reasonCode: null, reason: 'entry reversed (RvslInd)' },
      { endToEndId: `aw-${'4'.repeat(32)}`, amountFen: 10_000, outcome: 'CONFIRMED', reasonCode: null, reason: null },
      { endToEndId: `aw-${'5'.repeat(32)}`, amountFen: 20_000, outcome: 'CONFIRMED', reasonCode: null, reason: null },
      { endToEndId: `aw-${'6'.repeat(32)}`, amountFen: null, outcome: 'CONFIRMED', reasonCode: null, reason: 'amount 1000.00 is in USD, not CNY' },
      { endToEndId: null, amountFen: 100_050, outcome: 'CONFIRMED', reasonCode: null, reason: null },
    ]);
  });

  it('reads a pain.002 with settled, rejected, inherited, foreign and wholesale statuses', async () => {
    const file = await readOk(fixture('pain.002-statuses.xml'));
    expect(file).toMatchObject({ type: 'pain.002.001.11', messageId: 'ICBC-STS-0001', createdAt: '2026-05-06T15:00:00' });
    expect(file.entries).toEqual([
      { endToEndId: PAID, amountFen: 61_728_394, outcome: 'CONFIRMED', reasonCode: null, reason: null },
      { endToEndId: CLOSED, amountFen: null, outcome: 'REJECTED', reasonCode: 'CN-NAME-MISMATCH', reason: '户名与账号不符; name does not match account' },
      { endToEndId: SMALL, amountFen: null, outcome: 'PENDING', reasonCode: null, reason: null },
      { endToEndId: `aw-${'7'.repeat(32)}`, amountFen: null, outcome: 'CONFIRMED', reasonCode: null, reason: 'amount 10.00 is in HKD, not CNY' },
      { endToEndId: null, amountFen: null, outcome: 'REJECTED', reasonCode: 'AM04', reason: '余额不足 insufficient funds' },
    ]);
  });

  it('takes a non-CNY amount as no amount, with the currency named, and reads the rest', async () => {
    const xml = answers.camt054.replace('<Amt Ccy="CNY">617283.94</Amt>\n            <CdtDbtInd>', '<Amt Ccy="EUR">617283.94</Amt>\n            <CdtDbtInd>');
    const [first, ...rest] = (await readOk(xml)).entries;
    expect(first).toEqual({ endToEndId: PAID, amountFen: null, outcome: 'CONFIRMED', reasonCode: null, reason: 'amount 617283.94 is in EUR, not CNY' });
    expect(rest.map((e) => e.amountFen)).toEqual([500_000_000, 1]);
  });

  it('takes an XSD-valid amount that is not whole fen (12.345: the XSD allows 5 decimals) as no amount', async () => {
    const xml = answers.camt054.replace('<Amt Ccy="CNY">617283.94</Amt>\n            <CdtDbtInd>', '<Amt Ccy="CNY">12.345</Amt>\n            <CdtDbtInd>');
    const [first] = (await readOk(xml)).entries;
    expect(first).toMatchObject({ amountFen: null, reason: 'amount 12.345 CNY is not a whole number of fen' });
  });
});

describe('readBankFile: what ties a line to one payment (CONTRACT §6)', () => {
  const pick = (e: Entry) => ({ amountFen: e.amountFen, amountProblem: e.amountProblem, bookingDate: e.bookingDate, accountServicerRef: e.accountServicerRef });

  it('says why a line has no amount: none given, another currency, or several transactions that do not add up', async () => {
    const statement = (await readWithBatches(fixture('camt.053-statement.xml'))).entries.map(pick);
    expect(statement[0]).toEqual({ amountFen: 61_728_394, amountProblem: null, bookingDate: '2026-05-06', accountServicerRef: null });
    expect(statement.slice(4, 6)).toEqual([10_000, 20_000].map((amountFen) => ({ amountFen, amountProblem: null, bookingDate: '2026-05-06', accountServicerRef: null })));
    expect(statement[6]).toMatchObject({ amountFen: null, amountProblem: 'MISSING' });
    const statuses = (await readWithBatches(fixture('pain.002-statuses.xml'))).entries.map(pick);
    expect(statuses.map((e) => e.amountProblem)).toEqual([null, 'MISSING', 'MISSING', 'MISSING', 'MISSING']);
    // The statement's batched entry (300.00 for 100.00 + 200) with its total changed: neither transaction is taken.
    const unbalanced = fixture('camt.053-statement.xml').replace('<Amt Ccy="CNY">300.00</Amt>', '<Amt Ccy="CNY">0.01</Amt>');
    const [first, second] = (await readWithBatches(unbalanced)).entries.slice(4, 6);
    expect([first, second].map((e) => e && pick(e))).toEqual([null, null].map(() => ({ amountFen: null, amountProblem: 'UNBALANCED', bookingDate: '2026-05-06', accountServicerRef: null })));
    expect(first?.reason).toBe('the entry\'s 2 transactions (100.00 + 200.00) do not add up to its amount (0.01 CNY)');
  });

  it('reads the booking date and the bank\'s reference of a booking, the transaction\'s before the entry\'s', async () => {
    const xml = answers.camt054.replace('</ValDt>', '</ValDt>\n        <AcctSvcrRef>ICBC-BOOK-1</AcctSvcrRef>');
    expect(await validateXml(xml, 'camt.054.001.08')).toEqual({ ok: true });
    const [first, second] = (await readWithBatches(xml)).entries;
    expect(first).toMatchObject({ bookingDate: '2026-05-06', accountServicerRef: 'ICBC-BOOK-1' });
    expect(second).toMatchObject({ bookingDate: '2026-05-06', accountServicerRef: null });
    const own = xml.replace('<PmtInfId>', '<AcctSvcrRef>ICBC-TX-1</AcctSvcrRef>\n              <PmtInfId>');
    expect(await validateXml(own, 'camt.054.001.08')).toEqual({ ok: true });
    expect((await readWithBatches(own)).entries[0]).toMatchObject({ accountServicerRef: 'ICBC-TX-1' });
  });

  it('reads a booking time (DtTm) as the day it falls on in China: UTC 16:30 is the next day there; without an offset, the day written (attack 2026-12-07-c, MEDIUM-2)', async () => {
    const booked = async (dateTime: string) => {
      const xml = answers.camt054.replace(/<BookgDt>\s*<Dt>[^<]+<\/Dt>\s*<\/BookgDt>/, `<BookgDt><DtTm>${dateTime}</DtTm></BookgDt>`);
      expect(await validateXml(xml, 'camt.054.001.08')).toEqual({ ok: true });
      return (await readWithBatches(xml)).entries[0]?.bookingDate;
    };
    expect(await booked('2026-05-06T16:30:00Z')).toBe('2026-05-07');
    expect(await booked('2026-05-06T07:59:00-10:00')).toBe('2026-05-07');
    expect(await booked('2026-05-07T00:10:00+08:00')).toBe('2026-05-07');
    expect(await booked('2026-05-06T15:59:59Z')).toBe('2026-05-06');
    expect(await booked('2026-05-06T23:30:00')).toBe('2026-05-06');
  });
});

describe('readBankFile: which level a line comes from, and lines that contradict themselves (review H2, M2, M3)', () => {
  it('a transaction line is the transaction\'s; a status of a payment information or group without lines is theirs', async () => {
    expect((await readWithBatches(fixture('pain.002-statuses.xml'))).entries.map((e) => e.level)).toEqual(['transaction', 'transaction', 'transaction', 'transaction', 'payment-information']);
    expect((await readWithBatches(answers.camt054)).entries.map((e) => e.level)).toEqual(['transaction', 'transaction', 'transaction']);
    const groupOnly = answers.pain002.replace(/<OrgnlPmtInfAndSts>[\s\S]*<\/OrgnlPmtInfAndSts>/, '').replace(/<GrpSts>[A-Z]+<\/GrpSts>/, '<GrpSts>RJCT</GrpSts>');
    expect((await readWithBatches(groupOnly)).entries).toEqual([expect.objectContaining({ level: 'group', endToEndId: null, outcome: 'REJECTED', batchId: batch.messageId })]);
  });

  it('a transaction whose debit/credit indicator contradicts its entry\'s, or a debit with return information, says why', async () => {
    const flipped = answers.camt054.replace(/(<TxDtls>[\s\S]*?<CdtDbtInd>)DBIT(<\/CdtDbtInd>)/, '$1CRDT$2');
    const [first, ...rest] = (await readWithBatches(flipped)).entries;
    expect(first).toMatchObject({ endToEndId: PAID, directionProblem: 'the transaction says CRDT, its entry DBIT' });
    expect(rest.map((e) => e.directionProblem)).toEqual([null, null]);
    const debitReturned = answers.camt054.replace(/<CdtDbtInd>CRDT<\/CdtDbtInd>/g, '<CdtDbtInd>DBIT</CdtDbtInd>');
    expect((await readWithBatches(debitReturned)).entries[1]).toMatchObject({ endToEndId: CLOSED, directionProblem: 'a booked debit with return information brings no money back' });
  });

  it('an award id written in capitals is the award id (lower case); other ids are kept as written', async () => {
    const other = `INV-${SMALL.slice(3, 30).toUpperCase()}`;
    const upper = answers.camt054.replaceAll(PAID, PAID.toUpperCase()).replace(`<EndToEndId>${SMALL}`, `<EndToEndId>${other}`);
    expect((await readWithBatches(upper)).entries.map((e) => e.endToEndId)).toEqual([PAID, CLOSED, other]);
  });
});

describe('readBankFile refuses', () => {
  it('a pain.002 without GrpHdr/MsgId, with the XSD reason', async () => {
    const xml = answers.pain002.replace(/<MsgId>SIMBANK-STS-[0-9a-f]+<\/MsgId>\n\s*/, '');
    expect(await reasonOf(xml))
      .toMatch(/^does not validate against pain\.002\.001\.11: line \d+: Element 'CreDtTm': This element is not expected\. Expected is \( MsgId \)/);
  });

  it('a camt.054 with an amount of more decimals than the XSD allows', async () => {
    const xml = answers.camt054.replace('<Amt Ccy="CNY">617283.94</Amt>', '<Amt Ccy="CNY">12.345678</Amt>');
    expect(await reasonOf(xml)).toMatch(/^does not validate against camt\.054\.001\.08: line \d+: Element 'Amt': \[facet 'fractionDigits'\]/);
  });

  it('a camt.054 with a negative amount or an unknown debit/credit indicator', async () => {
    expect(await reasonOf(answers.camt054.replace('>617283.94<', '>-617283.94<'))).toMatch(/^does not validate against camt\.054\.001\.08: .*minInclusive/);
    expect(await reasonOf(answers.camt054.replace('<CdtDbtInd>DBIT</CdtDbtInd>', '<CdtDbtInd>DEBIT</CdtDbtInd>'))).toMatch(/CdtDbtInd/);
  });

  it('quotes a refused value cut to the bank-text limit: one 600 KB value was a 128 KB log line (review 2026-12-07-a, B1)', async () => {
    const reason = await reasonOf(answers.camt054.replace('<CdtDbtInd>DBIT</CdtDbtInd>', `<CdtDbtInd>${'D'.repeat(600_000)}</CdtDbtInd>`));
    expect(reason).toMatch(/^does not validate against camt\.054\.001\.08: line \d+: Element 'CdtDbtInd': \[facet 'enumeration'\] The value 'DDDD/);
    expect(reason.length).toBeLessThan(2 * LIMITS.payments.bankTextCharsMax);
    expect(reason).toContain('D…');
  });

  it('a file in an unknown namespace, naming what it found', async () => {
    expect(await reasonOf('<?xml version="1.0"?><Document xmlns="urn:example:bank:v1"><x/></Document>'))
      .toBe('bank file root is {urn:example:bank:v1}Document, not a Document of pain.002.001.11, camt.054.001.08, camt.053.001.08');
    expect(await reasonOf('<Statement/>')).toMatch(/^bank file root is Statement, not/);
    expect(await reasonOf(answers.camt054.replace('camt.054.001.08', 'camt.054.001.02'))).toMatch(/camt\.054\.001\.02\}Document, not/);
  });

  it('our own pain.001 sent back as an answer', async () => {
    expect(await reasonOf(writePain001(GOLDEN_BATCH))).toMatch(/^bank file root is \{urn:iso:std:iso:20022:tech:xsd:pain\.001\.001\.09\}Document/);
  });

  it('a DOCTYPE, before any entity is expanded (XXE)', async () => {
    const xxe = answers.camt054.replace('<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace('<MsgId>', '<MsgId>&xxe;');
    expect(await reasonOf(xxe)).toMatch(/DOCTYPE is refused/);
    expect(await reasonOf('<!doctype Document><Document/>')).toMatch(/DOCTYPE is refused/);
  });

  it('XML that is not well-formed, and what is not text', async () => {
    expect(await reasonOf(answers.camt054.slice(0, 500))).toMatch(/^bank file refused: not well-formed XML/);
    expect(await reasonOf('')).toMatch(/^bank file refused: not well-formed XML/);
    expect(await reasonOf(42 as unknown as string)).toBe('a bank file must be text');
  });

  it('a file over 5 MiB, before parsing it', async () => {
    const big = answers.camt054.replace('</Document>', `<!-- ${'x'.repeat(LIMITS.bankFile.bytesMax)} --></Document>`);
    expect(await reasonOf(big)).toMatch(/^bank file is \d+ bytes; at most 5 MiB \(5242880 bytes\) are read$/);
  });

  it('a file of more than 10,000 entries, before validating it', async () => {
    const ntry = answers.camt054.slice(answers.camt054.indexOf('<Ntry>'), answers.camt054.indexOf('</Ntry>') + '</Ntry>'.length);
    const small = '<Ntry><Amt Ccy="CNY">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BkTxCd/></Ntry>';
    const many = answers.camt054.replace(ntry, small.repeat(LIMITS.bankFile.entriesMax + 1));
    expect(Buffer.byteLength(many)).toBeLessThan(LIMITS.bankFile.bytesMax);
    expect(await reasonOf(many)).toBe('camt.054.001.08 has 10003 entries; at most 10000 are read from one file');
  });
});
