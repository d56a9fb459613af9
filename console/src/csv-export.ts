/**
 * Exporting a paged CSV answer (the ledger, a what-if's recipients) as one download: one bounded request per page,
 * the header row kept once, progress as pages arrive, and a stop after `pagesMax` pages that says so.
 */
import { useState } from 'preact/hooks';
import { joinCsvPages } from '../../shared/adapters/files/csv-pages';
import { type Query, fetchFile, saveText } from './api';
import { LIMITS } from '../../shared/limits';

export interface CsvSource {
  readonly path: string;
  readonly query: Query;
  readonly fileName: string;
  /** The error shown when the export stopped at its page limit. */
  readonly truncated: (pagesMax: number) => string;
}

export function useCsvExport(source: CsvSource) {
  const [exporting, setExporting] = useState<{ pages: number; done: boolean } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const exportCsv = async () => {
    setError(null);
    let cursor: string | null = null;
    const parts: string[] = [];
    try {
      for (let n = 1; n <= LIMITS.console.exportPagesMax; n++) {
        const file: Awaited<ReturnType<typeof fetchFile>> = await fetchFile(source.path, { ...source.query, format: 'csv', cursor });
        parts.push(file.text);
        setExporting({ pages: n, done: false });
        cursor = file.nextCursor;
        if (cursor === null) break;
      }
      setExporting((e) => ({ pages: e?.pages ?? 0, done: true }));
      if (cursor !== null) setError(new Error(source.truncated(LIMITS.console.exportPagesMax)));
      // Each page is a whole CSV file: the download is one, with one byte-order mark (Excel and WPS need it to read
      // Chinese) and one header row.
      saveText(joinCsvPages(parts), source.fileName, 'text/csv;charset=utf-8');
    } catch (e) {
      setError(e as Error);
    }
  };
  return { exporting, error, exportCsv };
}
