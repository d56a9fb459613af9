/**
 * The one CSV writer (issue 19, finding 9; CONTRACT §6): a UTF-8 byte-order mark, every text cell that a spreadsheet
 * would run as a formula made inert (OWASP), identity numbers masked but in identifier columns, and the pages of an
 * export joined into one file with one mark and one header row.
 */
import { describe, expect, it } from 'vitest';
import { ledgerCsv } from '../../functions/api/audit-routes';
import { simulationCsv } from '../../functions/api/simulation-routes';
import { CSV_BOM, csvCell, csvDocument, joinCsvPages } from '../../shared/adapters/files/csv';
import type { LedgerEntry } from '../../shared/domain/ledger';
import type { RecipientItem } from '../../shared/domain/whatif';

const N = '130102198503151235';

describe('a CSV cell', () => {
  it.each(['=1+1', '+3', '-2+3+cmd|\' /C calc\'!A0', '@SUM(A1)', '\tx', '\rx', ' =1+1', '\u3000=1+1', '\u200b=1+1', '  @x'])('makes %j inert: a quote first, and quoted', (text) => {
    const cell = csvCell(text);
    expect(cell.startsWith('"\'')).toBe(true);
    expect(cell).toBe(`"'${text.replace(/"/g, '""')}"`);
  });

  it('leaves numbers numbers, negative ones included, and quotes what RFC 4180 needs quoted', () => {
    expect(csvCell(-50_000)).toBe('-50000');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "yes"')).toBe('"say ""yes"""');
    expect(csvCell('两行\n文字')).toBe('"两行\n文字"');
    expect(csvCell('河北省')).toBe('河北省');
  });

  it('masks identity numbers in text, not in identifier columns', () => {
    expect(csvCell(`李四（${N}）`)).toBe('李四（130102********1235）');
    const doc = csvDocument(['hash', 'note'], [[`ab${N}cd`, `ID${N}`]]);
    expect(doc).toBe(`${CSV_BOM}hash,note\r\nab${N}cd,ID130102********1235\r\n`);
  });
});

describe('a CSV file', () => {
  it('starts with the UTF-8 byte-order mark, so Excel and WPS read Chinese', () => {
    const doc = csvDocument(['name'], [['河北省人民政府']]);
    expect([...Buffer.from(doc, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(doc).toBe('\uFEFFname\r\n河北省人民政府\r\n');
  });

  it('refuses a row that does not fit its columns', () => {
    expect(() => csvDocument(['a', 'b'], [['1']])).toThrow(/1 cells for 2 columns/);
  });

  it('what-if results: a recipient named as a formula comes out as text', () => {
    const item: RecipientItem = {
      recipientId: '91130600MA0CXK7L11',
      recipient: { kind: 'enterprise', uscc: '91130600MA0CXK7L11', name: '-2+3+cmd|\' /C calc\'!A0' },
      currentFen: 0, simulatedFen: 100, deltaFen: -100, awards: [],
    } as unknown as RecipientItem;
    const csv = simulationCsv([item]);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    const row = csv.split('\r\n')[1] ?? '';
    expect(row).toContain('"\'-2+3+cmd|\' /C calc\'!A0"');
    expect(row).toContain(',-100,');
  });

  it('the ledger: a note an upstream name begins is inert and masked', () => {
    const entry = {
      jurisdiction: '130000', seq: 1, at: '2026-01-01T00:00:00.000Z', type: 'RECORDED', fiscalYear: 2026, awardId: 'aw-1', recipientId: 'P:ab',
      amountFen: 1, statusAfter: 'PENDING_APPROVAL', actor: '=cmd', eventId: null, postings: [], note: `-李四 ${N}`, prevHash: '0'.repeat(64), hash: '1'.repeat(64),
    } as unknown as LedgerEntry;
    const csv = ledgerCsv([entry]);
    expect(csv).toContain(',"\'=cmd",');
    expect(csv).toContain('"\'-李四 130102********1235"');
    expect(csv).not.toContain(N);
  });

  it('joins the pages of an export into one file: one mark, one header row', () => {
    const page = (rows: string[]) => csvDocument(['a', 'b'], rows.map((r) => [r, r]));
    // A reader (fetch's text()) drops the mark of what it reads; a page may come either way.
    const joined = joinCsvPages([page(['1', '2']), page(['3']).slice(1), page([])]);
    expect(joined).toBe(`${CSV_BOM}a,b\r\n1,1\r\n2,2\r\n3,3\r\n`);
  });
});
