/**
 * pain.001.001.09: every file written validates against the ISO XSD (real libxml2, no mock); the golden file is
 * byte-for-byte what was reviewed; invariants stop a file the bank would refuse; a written file reads back as
 * the batch it was written from.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES, readPain001, validateXml, writePain001, type Account, type PaymentBatchFile } from '../../shared/adapters/iso20022/index';
import { xsdUrl } from '../../shared/adapters/iso20022/validate';
import { GOLDEN_BATCH, GOLDEN_TOTAL_FEN, madeBatch, madePayment, TREASURY } from '../fixtures/iso20022/batches';
import { LIMITS } from '../../shared/limits';

const GOLDEN_FILE = fileURLToPath(new URL('../fixtures/iso20022/pain.001-golden.xml', import.meta.url));
/** The steering repo's schemas, beside this checkout (absent on a clone without shared/). */
const SHARED_XSD_DIR = fileURLToPath(new URL('../../../shared/iso20022/', import.meta.url));

/** What XML 1.0 can carry: no C0 control but tab, LF and CR; no U+FFFE or U+FFFF. */
function xmlSafe(text: string): boolean {
  return Array.from(text).every((c) => {
    const code = c.codePointAt(0) ?? 0;
    return (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) && code !== 0xfffe && code !== 0xffff;
  });
}

async function expectValid(xml: string): Promise<void> {
  expect(await validateXml(xml, 'pain.001.001.09')).toEqual({ ok: true });
}

describe('the XSD copies', () => {
  it('are the four ISO schemas, one per message type', () => {
    const dir = fileURLToPath(new URL('../../shared/adapters/iso20022/xsd/', import.meta.url));
    expect(readdirSync(dir).sort()).toEqual(MESSAGE_TYPES.map((t) => `${t}.xsd`).sort());
    for (const type of MESSAGE_TYPES) {
      expect(readFileSync(xsdUrl(type), 'utf8')).toContain(`targetNamespace="urn:iso:std:iso:20022:tech:xsd:${type}"`);
    }
  });

  it.runIf(existsSync(SHARED_XSD_DIR))('are byte-identical to the schemas in ../shared/iso20022', () => {
    for (const type of MESSAGE_TYPES) {
      const shared = readFileSync(`${SHARED_XSD_DIR}${type}.xsd`);
      expect(readFileSync(xsdUrl(type)).equals(shared), `${type}.xsd differs from ../shared/iso20022`).toBe(true);
    }
  });
});

describe('writePain001', () => {
  it('writes the golden file byte for byte, and it validates', async () => {
    const xml = writePain001(GOLDEN_BATCH);
    expect(xml).toBe(readFileSync(GOLDEN_FILE, 'utf8'));
    await expectValid(xml);
  });

  it('the golden file carries the totals, currency, CNAPS agents and purpose the bank needs', () => {
    const xml = readFileSync(GOLDEN_FILE, 'utf8');
    expect(GOLDEN_TOTAL_FEN).toBe(561_728_395);
    expect(xml.match(/<NbOfTxs>3<\/NbOfTxs>/g)).toHaveLength(2);
    expect(xml.match(/<CtrlSum>5617283\.95<\/CtrlSum>/g)).toHaveLength(2);
    expect(xml).toContain('<InstdAmt Ccy="CNY">617283.94</InstdAmt>');
    expect(xml).toContain('<InstdAmt Ccy="CNY">5000000.00</InstdAmt>');
    expect(xml).toContain('<InstdAmt Ccy="CNY">0.01</InstdAmt>');
    expect(xml.match(/<Cd>CNAPS<\/Cd>/g)).toHaveLength(4);
    expect(xml).toContain('<MmbId>102131000013</MmbId>');
    expect(xml).toContain('<CtgyPurp>\n          <Cd>GOVT</Cd>');
    expect(xml).toContain('<PmtMtd>TRF</PmtMtd>');
    expect(xml.match(/<PmtInf>/g)).toHaveLength(1);
    expect(xml).toContain('<Nm>O&apos;Brien &amp; 李 (石家庄) 贸易有限公司</Nm>');
  });

  it.each([1, 2, 17, 200])('a batch of %d payments validates and reads back', async (size) => {
    const batch = madeBatch(size, `size-${size}`);
    const xml = writePain001(batch);
    await expectValid(xml);
    expect(await readPain001(xml)).toEqual(batch);
  });

  it('keeps CR, LF and tab in free text exactly (a parser would turn a bare CR into LF)', async () => {
    const payment = { ...madePayment(0), remittance: '第一行\r\n第二行\t末', creditor: { ...madePayment(0).creditor, name: ' 张某某 ' } };
    const xml = writePain001({ ...madeBatch(1), payments: [payment] });
    expect(xml).toContain('<Ustrd>第一行&#13;\n第二行\t末</Ustrd>');
    await expectValid(xml);
    expect((await readPain001(xml)).payments[0]).toEqual(payment);
  });

  it('cuts a long remittance to 140 characters, and the file still validates', async () => {
    const payment = { ...madePayment(0), remittance: '冀政字〔2016〕15号 第三条 '.repeat(20) };
    const xml = writePain001({ ...madeBatch(1), payments: [payment] });
    await expectValid(xml);
    const [read] = (await readPain001(xml)).payments;
    expect(Array.from(read?.remittance ?? '')).toHaveLength(LIMITS.iso20022.remittanceCharsMax);
    expect(payment.remittance.startsWith(read?.remittance ?? 'x')).toBe(true);
  });

  it('validates and reads back any batch of names, amounts and ids that pass the invariants', async () => {
    const xmlChar = fc.oneof(fc.constantFrom('&', '<', '>', '"', '\'', ' ', '某', '𠀀'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }));
    const name = fc.array(xmlChar, { minLength: 1, maxLength: 20 }).map((parts) => parts.join(''))
      .filter((s) => s.trim() !== '' && Array.from(s).length <= 140 && xmlSafe(s));
    const payment = fc.record({
      endToEndId: fc.stringMatching(/^aw-[0-9a-f]{32}$/),
      amountFen: fc.integer({ min: 1, max: 10_000_000_000 }),
      creditor: fc.record({
        name, accountNumber: fc.stringMatching(/^\d{8,32}$/), bankCode: fc.stringMatching(/^\d{12}$/), bankName: name,
      }),
      remittance: name,
    });
    const batch = fc.record({
      messageId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,34}$/),
      payments: fc.uniqueArray(payment, { minLength: 1, maxLength: 5, selector: (p) => p.endToEndId }),
      initiatingParty: name,
    });
    await fc.assert(fc.asyncProperty(batch, async (b) => {
      const full: PaymentBatchFile = { ...madeBatch(1), ...b };
      const xml = writePain001(full);
      await expectValid(xml);
      expect(await readPain001(xml)).toEqual(full);
    }), { numRuns: 60 });
  });
});

describe('writePain001 invariants', () => {
  const batch = madeBatch(2);
  const [first, second] = batch.payments as [PaymentBatchFile['payments'][number], PaymentBatchFile['payments'][number]];
  const withCreditor = (creditor: Partial<Account>): PaymentBatchFile => ({ ...batch, payments: [{ ...first, creditor: { ...first.creditor, ...creditor } }] });

  it.each<[string, PaymentBatchFile, RegExp]>([
    ['no payments', { ...batch, payments: [] }, /1 to 2000 payments/],
    ['too many payments', madeBatch(LIMITS.iso20022.pain001PaymentsMax + 1), /1 to 2000 payments, got 2001/],
    ['a bank code of 11 digits', withCreditor({ bankCode: '10213100001' }), /12-digit CNAPS/],
    ['a bank code with a letter', withCreditor({ bankCode: '10213100001X' }), /12-digit CNAPS/],
    ['an account number of 7 digits', withCreditor({ accountNumber: '1234567' }), /8 to 32 digits/],
    ['an account number of 33 digits', withCreditor({ accountNumber: '1'.repeat(33) }), /8 to 32 digits/],
    ['an account number with a dash', withCreditor({ accountNumber: '6222-0212-3456' }), /8 to 32 digits/],
    ['a blank creditor name', withCreditor({ name: '  ' }), /must not be blank/],
    ['a name of 141 characters', withCreditor({ name: '某'.repeat(141) }), /at most 140/],
    ['a control character in a name', withCreditor({ name: '张\u0001某某' }), /character XML cannot carry/],
    ['a blank bank name', withCreditor({ bankName: '' }), /must not be blank/],
    ['a debtor with a bad bank code', { ...batch, debtor: { ...TREASURY, bankCode: '0111210000' } }, /debtor bank code/],
    ['a MsgId of 36 characters', { ...batch, messageId: 'M'.repeat(36) }, /messageId must be 1 to 35/],
    ['an empty PmtInfId', { ...batch, paymentInfoId: '' }, /paymentInfoId must be 1 to 35/],
    ['an EndToEndId with a space', { ...batch, payments: [{ ...first, endToEndId: 'aw 1' }] }, /endToEndId must be 1 to 35/],
    ['the same award twice', { ...batch, payments: [first, { ...second, endToEndId: first.endToEndId }] }, /twice in the batch/],
    ['an amount of 0', { ...batch, payments: [{ ...first, amountFen: 0 }] }, /positive safe integer/],
    ['an amount of 1.5 fen', { ...batch, payments: [{ ...first, amountFen: 1.5 }] }, /positive safe integer/],
    ['a negative amount', { ...batch, payments: [{ ...first, amountFen: -100 }] }, /positive safe integer/],
    ['an unsafe amount', { ...batch, payments: [{ ...first, amountFen: 2 ** 53 }] }, /positive safe integer/],
    ['a total beyond safe fen', { ...batch, payments: [{ ...first, amountFen: 2 ** 52 }, { ...second, amountFen: 2 ** 52 }] }, /batch total/],
    ['an execution date that does not exist', { ...batch, requestedExecutionDate: '2026-02-30' }, /YYYY-MM-DD/],
    ['an invalid creation time', { ...batch, createdAt: new Date('nope') }, /valid Date/],
    ['a blank remittance', { ...batch, payments: [{ ...first, remittance: ' ' }] }, /remittance must not be blank/],
  ])('refuses %s', (_what, bad, message) => {
    expect(() => writePain001(bad)).toThrow(message);
  });
});

describe('readPain001', () => {
  it('reads the golden file back as the golden batch', async () => {
    expect(await readPain001(readFileSync(GOLDEN_FILE, 'utf8'))).toEqual(GOLDEN_BATCH);
  });

  it('throws with the XSD errors on a file that does not validate', async () => {
    const xml = readFileSync(GOLDEN_FILE, 'utf8').replace('<PmtMtd>TRF</PmtMtd>', '<PmtMtd>CASH</PmtMtd>');
    await expect(readPain001(xml)).rejects.toThrow(/does not validate against pain\.001\.001\.09: line \d+: Element 'PmtMtd'/);
  });

  it('throws when a control sum does not match the payments', async () => {
    const xml = readFileSync(GOLDEN_FILE, 'utf8').replace('<CtrlSum>5617283.95</CtrlSum>', '<CtrlSum>5617283.96</CtrlSum>');
    await expect(readPain001(xml)).rejects.toThrow(/GrpHdr\/CtrlSum 5617283\.96/);
  });

  it('throws on a payment in another currency', async () => {
    const xml = readFileSync(GOLDEN_FILE, 'utf8').replace('Ccy="CNY">0.01<', 'Ccy="USD">0.01<');
    await expect(readPain001(xml)).rejects.toThrow(/in USD, not CNY/);
  });
});

describe('validateXml', () => {
  it('names the element at fault', async () => {
    const xml = writePain001(GOLDEN_BATCH).replace(/<NbOfTxs>3<\/NbOfTxs>/, '<NbOfTxs>three</NbOfTxs>');
    const result = await validateXml(xml, 'pain.001.001.09');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([expect.stringMatching(/^line \d+: Element 'NbOfTxs': \[facet 'pattern'\]/)]);
  });

  it('refuses a message of another type', async () => {
    const result = await validateXml(writePain001(GOLDEN_BATCH), 'pain.002.001.11');
    expect(result.ok).toBe(false);
  });

  it('refuses XML that is not well-formed, and a DOCTYPE', async () => {
    expect(await validateXml('<Document><a></Document>', 'pain.001.001.09')).toEqual({ ok: false, errors: [expect.stringMatching(/^not well-formed XML/)] });
    const doctype = `<?xml version="1.0"?><!DOCTYPE Document [<!ENTITY x "y">]>${writePain001(GOLDEN_BATCH).split('\n').slice(1).join('\n')}`;
    expect(await validateXml(doctype, 'pain.001.001.09')).toEqual({ ok: false, errors: [expect.stringMatching(/DOCTYPE is refused/)] });
  });
});
