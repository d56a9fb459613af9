/**
 * The xlsx writer (CONTRACT: "`xlsx` files are real workbooks: a sheet per table, money as numbers in yuan with two
 * decimals, frozen header row"), read back with exceljs (a devDependency, never in a bundle), with a small ZIP reader
 * of the test's own that checks every CRC, and with `unzip -t` where the machine has it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import type { Workbook } from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type XlsxSheet, xlsxWorkbook, yuanDecimal } from '../../shared/adapters/files/xlsx';
import { LIMITS } from '../../shared/limits';

const N = '130102198503151235';
const MASKED = '130102********1235';

const AWARDS: XlsxSheet = {
  name: '奖励明细',
  columns: [
    { header: '单位', kind: 'text', width: 30 },
    { header: '金额（元）', kind: 'yuan' },
    { header: '件数', kind: 'integer' },
    { header: '发放日期', kind: 'date' },
    { header: '备注', kind: 'text' },
  ],
  rows: [
    ['河北省市场监督管理局', 1_234_567, 3, '2024-03-15', `张*某 ${N}`],
    ['石家庄市市场监督管理局', 5, 0, '2026-01-01', null],
    ['保定市', 0, -7, null, undefined],
    ['邯郸市', -100, 12_345_678_901, '2024-02-29', '=SUM(A1:A9)'],
    ['河北省', 20_000_000_000, null, '1900-03-01', '  前后空格  '],
  ],
};

const IDS: XlsxSheet = {
  name: 'Ids & <notes>',
  columns: [{ header: 'awardId', kind: 'text' }, { header: 'note', kind: 'text' }],
  rows: [[`aw-${N}`, `ID${N}`], ['aw-2', 'x\u0001y'], ['aw-3', `1301021985\u000203151235`], ['aw-4', '_x0041_ & 两行\r\n文字']],
};

async function load(buffer: Buffer): Promise<Workbook> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

/** The entries of a ZIP, from its central directory; throws when an entry's CRC-32 or size is not what it says. */
function unzipChecked(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBe(zip.length - 22);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const packed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameBytes = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameBytes);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + packed);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    if (data.length !== size || crc32(data) >>> 0 !== crc) throw new Error(`the entry ${name} does not match its CRC or size`);
    files.set(name, data);
    at += 46 + nameBytes + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return files;
}

function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('an xlsx workbook', () => {
  const buffer = xlsxWorkbook([AWARDS, IDS]);

  it('has a sheet per table, in order, with the header row bold and frozen', async () => {
    const wb = await load(buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['奖励明细', 'Ids & <notes>']);
    const sheet = wb.getWorksheet('奖励明细')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '单位', '金额（元）', '件数', '发放日期', '备注']);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('A2').font?.bold).not.toBe(true);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 0, topLeftCell: 'A2' });
    }
    expect(sheet.getColumn(1).width).toBe(30);
    expect(sheet.rowCount).toBe(6);
  });

  it('writes money as numbers in yuan with two decimals', async () => {
    const sheet = (await load(buffer)).getWorksheet('奖励明细')!;
    expect([2, 3, 4, 5, 6].map((r) => sheet.getCell(`B${r}`).value)).toEqual([12345.67, 0.05, 0, -1, 200_000_000]);
    for (let r = 2; r <= 6; r += 1) expect(sheet.getCell(`B${r}`).numFmt).toBe('"¥"#,##0.00');
  });

  it('writes integers as numbers and dates as real dates, and leaves null cells empty', async () => {
    const sheet = (await load(buffer)).getWorksheet('奖励明细')!;
    expect([2, 3, 4, 5, 6].map((r) => sheet.getCell(`C${r}`).value)).toEqual([3, 0, -7, 12_345_678_901, null]);
    expect(sheet.getCell('C5').numFmt).toBe('0');
    expect(sheet.getCell('D2').value).toEqual(new Date('2024-03-15T00:00:00.000Z'));
    expect(sheet.getCell('D5').value).toEqual(new Date('2024-02-29T00:00:00.000Z'));
    expect(sheet.getCell('D6').value).toEqual(new Date('1900-03-01T00:00:00.000Z'));
    expect(sheet.getCell('D2').numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getCell('D4').value).toBeNull();
    expect(sheet.getCell('E3').value).toBeNull();
    expect(sheet.getCell('E4').value).toBeNull();
  });

  it('keeps Chinese and every other text exact, a formula as text, and masks an identity number', async () => {
    const sheet = (await load(buffer)).getWorksheet('奖励明细')!;
    expect(sheet.getCell('A2').value).toBe('河北省市场监督管理局');
    expect(sheet.getCell('A3').value).toBe('石家庄市市场监督管理局');
    expect(sheet.getCell('E2').value).toBe(`张*某 ${MASKED}`);
    expect(sheet.getCell('E5').value).toBe('=SUM(A1:A9)');
    expect(sheet.getCell('E5').type).toBe(3); // ValueType.String: a text, never a formula
    expect(sheet.getCell('E6').value).toBe('  前后空格  ');
  });

  it('leaves identifier columns whole, drops characters XML forbids before masking, and escapes what Excel would read', async () => {
    const sheet = (await load(buffer)).getWorksheet('Ids & <notes>')!;
    expect(sheet.getCell('A2').value).toBe(`aw-${N}`);
    expect(sheet.getCell('B2').value).toBe(`ID${MASKED}`);
    expect(sheet.getCell('B3').value).toBe('xy');
    expect(sheet.getCell('B4').value).toBe(MASKED);
    expect(sheet.getCell('B5').value).toBe('_x0041_ & 两行\r\n文字');
    const strings = unzipChecked(buffer).get('xl/sharedStrings.xml')!.toString('utf8');
    expect(strings).toContain('_x005F_x0041_ &amp; 两行&#13;\n文字');
    expect(strings.split(N)).toHaveLength(2); // once: the identifier column's, and nowhere else
  });

  it('is a valid OOXML package in a ZIP whose every CRC holds', () => {
    const files = unzipChecked(buffer);
    expect([...files.keys()]).toEqual([
      '[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml',
      'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml',
    ]);
    const sheet1 = files.get('xl/worksheets/sheet1.xml')!.toString('utf8');
    expect(sheet1).toContain('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>');
    expect(sheet1).toContain('<v>12345.67</v>');
    expect(sheet1).toContain('<v>200000000.00</v>');
    expect(sheet1).toContain('<v>-1.00</v>');
    expect(files.get('xl/styles.xml')!.toString('utf8')).toContain('formatCode="&quot;¥&quot;#,##0.00"');
  });

  it.skipIf(!hasUnzip())('passes unzip -t (skipped where the machine has no unzip)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));
    try {
      writeFileSync(join(dir, 'book.xlsx'), buffer);
      const out = execFileSync('unzip', ['-t', join(dir, 'book.xlsx')], { encoding: 'utf8' });
      expect(out).toContain('No errors detected');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes the same bytes from the same sheets', () => {
    expect(xlsxWorkbook([AWARDS, IDS]).equals(buffer)).toBe(true);
  });
});

describe('yuan from fen', () => {
  it.each([
    [1_234_567, '12345.67'], [5, '0.05'], [0, '0.00'], [-100, '-1.00'], [-5, '-0.05'], [20_000_000_000, '200000000.00'],
    [99, '0.99'], [100, '1.00'], [Number.MAX_SAFE_INTEGER, '90071992547409.91'], [-0, '0.00'],
  ])('%d fen is %s yuan', (fen, yuan) => {
    expect(yuanDecimal(fen)).toBe(yuan);
  });
});

describe('instants as China time, and columns that fit their Chinese text (issue 22)', () => {
  const LEDGER: XlsxSheet = {
    name: '台账',
    columns: [{ header: '时间', kind: 'datetime' }, { header: '说明', kind: 'text' }, { header: 'id', kind: 'text' }],
    rows: [
      ['2026-01-31T16:30:05.400Z', '石家庄市质量强市建设行动方案(2023—2027年) 激发标准化创新动力', 'aw-1'],
      ['2026-10-01T00:00:00.000Z', null, 'aw-2'],
    ],
  };

  it('writes an instant as its China Standard Time date and time, to the second, formatted as one', async () => {
    const sheet = (await load(xlsxWorkbook([LEDGER]))).getWorksheet('台账')!;
    // 16:30:05.4 UTC on 31 January is 00:30:05 on 1 February in China: the date a Chinese reader means.
    expect(sheet.getCell('A2').value).toEqual(new Date('2026-02-01T00:30:05.000Z'));
    expect(sheet.getCell('A3').value).toEqual(new Date('2026-10-01T08:00:00.000Z'));
    expect(sheet.getCell('A2').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
  });

  it('gives a column without a width what its widest text needs, a Chinese character two', async () => {
    const sheet = (await load(xlsxWorkbook([LEDGER]))).getWorksheet('台账')!;
    const text = LEDGER.rows[0]![1] as string;
    const wide = [...text].reduce((n, ch) => n + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);
    expect(sheet.getColumn(2).width).toBe(Math.min(60, wide + 2));
    expect(sheet.getColumn(3).width).toBe(16);
    expect(sheet.getColumn(1).width).toBe(20);
  });

  it.each(['2026-01-31', 'yesterday', 5])('refuses a date-time cell holding %j', (value) => {
    expect(() => xlsxWorkbook([{ name: 's', columns: [{ header: 'c', kind: 'datetime' }], rows: [[value]] }])).toThrow(RangeError);
  });
});

describe('what the writer refuses', () => {
  const sheet = (name: string): XlsxSheet => ({ name, columns: [{ header: 'a', kind: 'text' }], rows: [] });

  it.each(['', 'x'.repeat(32), 'a:b', 'a\\b', 'a/b', 'a?b', 'a*b', '[a]', '\'a', 'a\'', 'History', 'tab\there'])('the sheet name %j', (name) => {
    expect(() => xlsxWorkbook([sheet(name)])).toThrow(RangeError);
  });

  it('two sheets of one name, whatever the case, and no sheet at all', () => {
    expect(() => xlsxWorkbook([sheet('Awards'), sheet('AWARDS')])).toThrow(/no other sheet/);
    expect(() => xlsxWorkbook([])).toThrow(RangeError);
  });

  it('accepts a name of 31 characters and Chinese names', () => {
    expect(() => xlsxWorkbook([sheet('x'.repeat(31)), sheet('河北省'.repeat(10))])).not.toThrow();
  });

  it(`a sheet of more than ${LIMITS.xlsx.rowsMax} rows, and a row that does not fit its columns`, () => {
    const rows = Array.from({ length: LIMITS.xlsx.rowsMax + 1 }, () => [null]);
    expect(() => xlsxWorkbook([{ ...sheet('big'), rows }])).toThrow(/100000/);
    expect(() => xlsxWorkbook([{ ...sheet('s'), rows: [['a', 'b']] }])).toThrow(/2 cells for 1 columns/);
  });

  it.each([
    ['yuan', 1.5], ['yuan', '100'], ['yuan', 10 ** 15], ['integer', Number.MAX_SAFE_INTEGER], ['integer', Number.NaN],
    ['date', '2023-02-29'], ['date', '2024-3-5'], ['date', '1900-02-28'], ['text', { a: 1 }], ['text', 'x'.repeat(32_768)],
  ] as const)('a %s cell holding %j', (kind, value) => {
    expect(() => xlsxWorkbook([{ name: 's', columns: [{ header: 'c', kind }], rows: [[value]] }])).toThrow(RangeError);
  });
});
