/**
 * The one CSV writer of the project (issue 19, finding 9; CONTRACT §6): the ledger export, what-if results and every
 * CSV after them are written here, so they agree on three things.
 *
 * - UTF-8 with a byte-order mark: without it Excel and WPS read the file in the system's code page and show Chinese as
 *   mojibake.
 * - Formula injection neutralised as OWASP advises: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
 *   return (after any leading white space or format characters) is prefixed with a single quote (and quoted), so a
 *   spreadsheet shows it as text instead of running it. A number stays a number (a negative delta is data, not a formula).
 * - Identity numbers masked in every text cell (redactTexts' rule), but for the columns that hold identifiers.
 */
import { redactIdNumbers } from '../../domain/person';
import { IDENTIFIERS } from '../../domain/redaction';
import { CSV_BOM } from './csv-pages';

export { CSV_BOM, csvPageRows, joinCsvPages } from './csv-pages';

/** The media type every CSV answer carries. */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** A formula character first, or after leading white space or format characters a spreadsheet may skip. */
const FORMULA_START = /^[\s\p{Cf}]*[=+\-@\t\r]/u;

/** One cell: a text neutralised and quoted where it must be; a number or boolean as written; nothing as empty. */
export function csvCell(value: unknown, options: { identifier?: boolean } = {}): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  const text = options.identifier ? raw : redactIdNumbers(raw);
  const inert = FORMULA_START.test(text) ? `'${text}` : text;
  return inert !== text || /[",\n\r]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/** A whole CSV file: the byte-order mark, the header row, one row per item, CRLF line ends (RFC 4180). */
export function csvDocument(columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  const identifier = columns.map((c) => IDENTIFIERS.has(c));
  const lines = rows.map((row) => {
    if (row.length !== columns.length) throw new RangeError(`a CSV row has ${row.length} cells for ${columns.length} columns`);
    return row.map((cell, i) => csvCell(cell, { identifier: identifier[i] ?? false })).join(',');
  });
  return `${CSV_BOM}${[columns.map((c) => csvCell(c)).join(','), ...lines].join('\r\n')}\r\n`;
}
