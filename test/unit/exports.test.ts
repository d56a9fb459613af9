/**
 * Exports (issue 22): a list read page after page up to its bound, and the file that says where it stopped: the
 * answer's headers and, in a workbook, a 说明 sheet with the cursor of the rest.
 */
import type { Workbook } from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fileAnswer, readPages } from '../../functions/api/exports';
import type { Table } from '../../shared/domain/report-tables';

const pages = (total: number, size: number) => async (cursor: string | null) => {
  const from = cursor === null ? 0 : Number(cursor);
  const items = Array.from({ length: Math.min(size, total - from) }, (_, i) => from + i);
  return { items, cursor: from + size < total ? String(from + size) : null };
};

const TABLE: Table = { name: '奖励清单', columns: [{ header: '序号', kind: 'integer' }, { header: '金额（元）', kind: 'yuan' }, { header: '登记时间', kind: 'datetime' }], rows: [[1, 12_345, '2026-02-01T16:30:00Z']] };

describe('readPages', () => {
  it('reads a list to its end when it fits, and says nothing stopped', async () => {
    const read = await readPages(null, pages(250, 100), 1_000);
    expect(read.items).toHaveLength(250);
    expect(read.stop).toBeNull();
  });

  it('stops at its bound with the cursor of the rest, and goes on from that cursor to the end', async () => {
    const first = await readPages(null, pages(2_500, 100), 1_000);
    expect(first.items).toHaveLength(1_000);
    expect(first.stop).toEqual({ rows: 1_000, nextCursor: '1000' });
    const rest = await readPages(first.stop!.nextCursor, pages(2_500, 100), 10_000);
    expect(rest.items[0]).toBe(1_000);
    expect(first.items.length + rest.items.length).toBe(2_500);
  });
});

describe('fileAnswer', () => {
  it('a whole export: CSV with its byte-order mark, money in yuan, an instant in China time; the headers say it is whole', () => {
    const csv = fileAnswer('csv', 'awards', [TABLE]);
    expect(csv.headers).toMatchObject({ 'x-export-complete': 'true', 'content-disposition': 'attachment; filename="awards.csv"' });
    expect(csv.headers).not.toHaveProperty('x-next-cursor');
    expect(csv.body).toBe('\uFEFF序号,金额（元）,登记时间\r\n1,123.45,2026-02-02 00:30:00\r\n');
  });

  it('an export that stopped: the headers give the cursor, and the workbook says so on a 说明 sheet', async () => {
    const answer = fileAnswer('xlsx', 'ledger', [TABLE], { rows: 10_000, nextCursor: 'abc_123' });
    expect(answer.headers).toMatchObject({ 'x-export-complete': 'false', 'x-next-cursor': 'abc_123' });
    const ExcelJS = (await import('exceljs')).default;
    const wb: Workbook = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(String(answer.body), 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['奖励清单', '说明']);
    expect(String(wb.getWorksheet('说明')!.getCell('A2').value)).toMatch(/^导出未完成：已导出前 10000 行.*cursor=abc_123/);
  });
});
