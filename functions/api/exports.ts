/**
 * Files finance opens (issue 22): one table definition (shared/domain/report-tables.ts) written as CSV (shared/adapters/files/csv.ts:
 * byte-order mark, formulas made inert) or as an xlsx workbook (shared/adapters/files/xlsx.ts: a sheet per table, money in yuan in
 * the ¥ format, dates as dates). An export pages through its source within the API's own page bounds, up to
 * LIMITS.reports.exportRowsMax rows, and says when it stopped early: `x-export-complete: false` and `x-next-cursor`
 * (to ask for the rest) in the answer, and a 说明 sheet (xlsx) that says where it stopped.
 */
import { CSV_CONTENT_TYPE, csvDocument } from '../../shared/adapters/files/csv';
import type { Table } from '../../shared/domain/report-tables';
import { chinaTime } from '../../shared/domain/time';
import { LIMITS } from '../../shared/limits';
import type { Page } from '../../shared/store/store';
import { XLSX_CONTENT_TYPE, xlsxWorkbook, yuanDecimal } from '../../shared/adapters/files/xlsx';
import { HttpError, type Response } from './http';

export type FileFormat = 'csv' | 'xlsx';

/** A cell as CSV carries it: money as decimal yuan (12345.67), an instant in China time, the rest as it is. */
function csvValue(kind: Table['columns'][number]['kind'], value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (kind === 'yuan' && typeof value === 'number') return yuanDecimal(value);
  if (kind === 'datetime' && typeof value === 'string') return chinaTime(new Date(value));
  return value;
}

export function tableCsv(table: Table): string {
  return csvDocument(table.columns.map((c) => c.header), table.rows.map((row) => row.map((v, i) => csvValue(table.columns[i]!.kind, v))));
}

/** Where an export stopped early, for the file and the answer's headers; null when it is whole. */
export interface Stop {
  readonly rows: number;
  /** Where the rest begins, for a paged list; null for a list read in one pass that stopped at its bound. */
  readonly nextCursor: string | null;
}

const stopNote = (stop: Stop) => (stop.nextCursor === null
  ? `导出未完成：读取达到上限，仅列出最早的 ${stop.rows} 项。 / Incomplete: the read reached its bound; the oldest ${stop.rows} are listed.`
  : `导出未完成：已导出前 ${stop.rows} 行（单次导出上限 ${LIMITS.reports.exportRowsMax} 行）。请缩小查询范围，或以 cursor=${stop.nextCursor} 继续导出其余记录。`
    + ` / Export incomplete: the first ${stop.rows} rows (at most ${LIMITS.reports.exportRowsMax} per export); narrow the query or continue with the cursor.`);

/** A file answer: CSV of the first table, or a workbook of every table (with a 说明 sheet when it stopped early). */
export function fileAnswer(format: FileFormat, baseName: string, tables: readonly Table[], stop: Stop | null = null, hint = DEFAULT_HINT): Response {
  const headers: Record<string, string> = {
    'content-disposition': `attachment; filename="${baseName}.${format}"`,
    'x-export-complete': stop === null ? 'true' : 'false',
    ...(stop?.nextCursor ? { 'x-next-cursor': stop.nextCursor } : {}),
    'access-control-expose-headers': 'x-export-complete, x-next-cursor, content-disposition',
  };
  if (format === 'csv') {
    const [first] = tables;
    if (first === undefined) throw new RangeError('a CSV answer needs a table');
    return fitting({ statusCode: 200, headers: { ...headers, 'content-type': CSV_CONTENT_TYPE }, body: tableCsv(first) }, format, tables, hint);
  }
  const sheets = [...tables, ...(stop === null ? [] : [{ name: '说明', columns: [{ header: '说明', kind: 'text' as const, width: 100 }], rows: [[stopNote(stop)]] }])];
  const workbook = xlsxWorkbook(sheets);
  return fitting({ statusCode: 200, headers: { ...headers, 'content-type': XLSX_CONTENT_TYPE }, body: workbook.toString('base64'), isBase64Encoded: true }, format, tables, hint);
}

/** A file answer within Lambda's 6 MB, or a refusal that says how large it would be and what to do (M4). */
const DEFAULT_HINT = 'narrow the query (a status, a policy, a date range) or page with limit and cursor';

function fitting(answer: Response & { body: string }, format: FileFormat, tables: readonly Table[], hint: string): Response {
  // Measured as Lambda sends it: the body inside the JSON of the whole answer, where every quote is escaped (N2).
  const bytes = Buffer.byteLength(JSON.stringify(answer.body), 'utf8');
  if (bytes <= LIMITS.reports.exportBytesMax) return answer;
  const rows = tables.reduce((n, t) => n + t.rows.length, 0);
  throw new HttpError('PAYLOAD_TOO_LARGE', `the ${format} file of ${rows} rows would be ${(bytes / 1024 / 1024).toFixed(1)} MB, more than the ${LIMITS.reports.exportBytesMax / 1024 / 1024} MB an answer carries: ${hint}`);
}

/**
 * Pages of a list read one after another from `cursor`, each within the list's own page bound, until the list ends or
 * `rowsMax` rows are read: the items, and the cursor of the rest (null when the list ended).
 */
export async function readPages<T>(
  cursor: string | null,
  page: (cursor: string | null) => Promise<Page<T>>,
  rowsMax: number = LIMITS.reports.exportRowsMax,
): Promise<{ items: T[]; stop: Stop | null }> {
  const items: T[] = [];
  let next = cursor;
  do {
    const read = await page(next);
    items.push(...read.items);
    next = read.cursor;
  } while (next !== null && items.length < rowsMax);
  return { items, stop: next === null ? null : { rows: items.length, nextCursor: next } };
}
