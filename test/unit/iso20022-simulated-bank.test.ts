/**
 * The simulated bank (CONTRACT): it answers each batch file with a pain.002 and a camt.054, returns the credit to
 * accounts ending in 0000 (AC04) and confirms every other; its answers validate and depend only on their inputs.
 */
import { describe, expect, it } from 'vitest';
import { readBankFile, simulateBank, validateXml, writePain001 } from '../../shared/adapters/iso20022/index';
import { GOLDEN_BATCH, madeBatch } from '../fixtures/iso20022/batches';
import { LIMITS } from '../../shared/limits';

const NOW = new Date('2026-06-02T03:00:00Z');

describe('simulateBank', () => {
  it('answers a batch of 200 with a valid pain.002 and camt.054 that say the same about every payment', async () => {
    const batch = madeBatch(200, 'sim-200');
    const { pain002, camt054 } = await simulateBank(writePain001(batch), { now: NOW });
    expect(await validateXml(pain002, 'pain.002.001.11')).toEqual({ ok: true });
    expect(await validateXml(camt054, 'camt.054.001.08')).toEqual({ ok: true });

    const status = await readBankFile(pain002);
    const booked = await readBankFile(camt054);
    if (!status.ok || !booked.ok) throw new Error('the answers must read');
    const closed = batch.payments.filter((p) => p.creditor.accountNumber.endsWith('0000'));
    expect(closed).toHaveLength(20);
    const expected = (outcomeIfOpen: string, outcomeIfClosed: string) => batch.payments.map((p) => ({
      endToEndId: p.endToEndId,
      amountFen: p.amountFen,
      outcome: p.creditor.accountNumber.endsWith('0000') ? outcomeIfClosed : outcomeIfOpen,
    }));
    const strip = (entries: readonly { endToEndId: string | null; amountFen: number | null; outcome: string }[]) =>
      entries.map(({ endToEndId, amountFen, outcome }) => ({ endToEndId, amountFen, outcome }));
    expect(strip(status.file.entries)).toEqual(expected('PENDING', 'REJECTED'));
    expect(strip(booked.file.entries)).toEqual(expected('CONFIRMED', 'RETURNED'));
    expect(booked.file.entries.filter((e) => e.outcome === 'RETURNED').every((e) => e.reasonCode === 'AC04')).toBe(true);
  });

  it('answers the largest batch, every text at its longest, with files readBankFile accepts', async () => {
    const batch = madeBatch(LIMITS.iso20022.pain001PaymentsMax, 'sim-max');
    const longest = {
      ...batch,
      payments: batch.payments.map((p) => ({ ...p, remittance: '质'.repeat(140), creditor: { ...p.creditor, name: '某'.repeat(140), bankName: '银'.repeat(140) } })),
    };
    const { pain002, camt054 } = await simulateBank(writePain001(longest), { now: NOW });
    for (const answer of [pain002, camt054]) {
      expect(Buffer.byteLength(answer)).toBeLessThan(LIMITS.bankFile.bytesMax);
      const read = await readBankFile(answer);
      expect(read.ok && read.file.entries.length).toBe(LIMITS.iso20022.pain001PaymentsMax);
    }
  });

  it('answers a batch of one', async () => {
    const { pain002, camt054 } = await simulateBank(writePain001(madeBatch(1, 'sim-1')), { now: NOW });
    expect(pain002).toContain('<GrpSts>ACSP</GrpSts>');
    expect(camt054.match(/<Ntry>/g)).toHaveLength(1);
  });

  it('rejects a batch of closed accounts only as a whole group', async () => {
    const batch = madeBatch(10, 'sim-closed');
    const closedOnly = { ...batch, payments: batch.payments.filter((p) => p.creditor.accountNumber.endsWith('0000')) };
    const { pain002 } = await simulateBank(writePain001(closedOnly), { now: NOW });
    expect(pain002).toContain('<GrpSts>RJCT</GrpSts>');
    expect(pain002).toContain('<PmtInfSts>RJCT</PmtInfSts>');
  });

  it('gives the same answers to the same file, byte for byte, and ids derived from its MsgId', async () => {
    const xml = writePain001(madeBatch(30, 'sim-determinism'));
    const first = await simulateBank(xml, { now: NOW });
    const second = await simulateBank(xml, { now: NOW });
    expect(second).toEqual(first);
    const other = await simulateBank(writePain001({ ...madeBatch(30, 'sim-determinism'), messageId: 'MSG-OTHER' }), { now: NOW });
    expect(other.pain002).not.toBe(first.pain002);
    const id = /<MsgId>(SIMBANK-STS-[0-9a-f]{20})<\/MsgId>/.exec(first.pain002)?.[1];
    expect(id).toHaveLength(32);
    expect(/<MsgId>(SIMBANK-NTF-[0-9a-f]{20})<\/MsgId>/.exec(first.camt054)?.[1]).toBe(id?.replace('STS', 'NTF'));
  });

  it('uses the given message prefix and refuses one that would overflow MsgId', async () => {
    const xml = writePain001(GOLDEN_BATCH);
    const { pain002, camt054 } = await simulateBank(xml, { now: NOW, bankMessagePrefix: 'ICBC' });
    expect(pain002).toMatch(/<MsgId>ICBC-STS-[0-9a-f]{20}<\/MsgId>/);
    expect(camt054).toMatch(/<MsgId>ICBC-NTF-[0-9a-f]{20}<\/MsgId>/);
    await expect(simulateBank(xml, { now: NOW, bankMessagePrefix: 'ELEVENCHARS' })).rejects.toThrow(/bankMessagePrefix/);
    await expect(simulateBank(xml, { now: NOW, bankMessagePrefix: 'A-B' })).rejects.toThrow(/bankMessagePrefix/);
  });

  it('books in Beijing time', async () => {
    const { camt054 } = await simulateBank(writePain001(GOLDEN_BATCH), { now: new Date('2026-06-02T17:00:00Z') });
    expect(camt054).toContain('<CreDtTm>2026-06-03T01:00:00+08:00</CreDtTm>');
    expect(camt054).toContain('<BookgDt>\n          <Dt>2026-06-03</Dt>');
  });

  it('throws on a payment file that does not validate', async () => {
    const bad = writePain001(GOLDEN_BATCH).replace('<PmtMtd>TRF</PmtMtd>', '');
    await expect(simulateBank(bad, { now: NOW })).rejects.toThrow(/does not validate against pain\.001\.001\.09/);
    await expect(simulateBank('<Document/>', { now: NOW })).rejects.toThrow(/does not validate/);
    await expect(simulateBank('not xml', { now: NOW })).rejects.toThrow(/not readable/);
  });
});
