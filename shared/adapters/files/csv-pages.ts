/**
 * Joining the pages of a paged CSV export into one file (the CLI's `--csv`, the console's downloads). Import-free, so
 * the browser build takes it as it is. Every page the API answers is a whole CSV file (shared/adapters/files/csv.ts): a UTF-8
 * byte-order mark, the header row, then rows. The file keeps one mark and one header row, at its start.
 */
export const CSV_BOM = '\uFEFF';

/** The page without its byte-order mark (if a reader left it) and without its header row: a later page of an export. */
export function csvPageRows(page: string): string {
  const text = page.startsWith(CSV_BOM) ? page.slice(1) : page;
  const end = text.indexOf('\r\n');
  return end < 0 ? '' : text.slice(end + 2);
}

/** The header row of the first page, and every page's rows, as one file that starts with the byte-order mark. */
export function joinCsvPages(pages: readonly string[]): string {
  const [first = ''] = pages;
  const text = first.startsWith(CSV_BOM) ? first.slice(1) : first;
  const end = text.indexOf('\r\n');
  const header = end < 0 ? text : text.slice(0, end + 2);
  return `${CSV_BOM}${header}${pages.map(csvPageRows).join('')}`;
}
