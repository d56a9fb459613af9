/**
 * Importing credit-list entries (CONTRACT §6): CSV pasted or picked (recipientId,listName,from,to) is read into a
 * table the officer checks and edits, or rows are typed in; one confirmed import posts them, and each entry's answer
 * (imported, repeated, refused with its reason) is listed beside the row it came from. The API reads every value.
 */
import { useState } from 'preact/hooks';
import { LIMITS } from '../../../shared/limits';
import { post } from '../api';
import { readCsv } from '../../../shared/adapters/files/csv-read';
import { TextEncodingError, decodeCsvFile } from '../../../shared/adapters/text-files';
import { type Key, t } from '../i18n';
import type { CreditImportAnswer } from '../types';
import { Dialog, ErrorBox, Field, Notice } from '../ui';

const MAX = LIMITS.controls.creditEntriesPerImportMax;
const FIELDS = ['recipientId', 'listName', 'from', 'to'] as const;
type Row = Record<(typeof FIELDS)[number], string>;
const EMPTY: Row = { recipientId: '', listName: '', from: '', to: '' };
const FIELD_WORDS: Record<(typeof FIELDS)[number], Key> = { recipientId: 'credit.recipient', listName: 'credit.listName', from: 'credit.from', to: 'credit.to' };

/** CSV text to rows: an optional header line naming the columns, then 3 or 4 cells a line. */
function rowsOf(text: string): { rows: Row[] } | { problem: string } {
  const lines = readCsv(text);
  const body = lines[0]?.cells[0]?.toLowerCase() === 'recipientid' ? lines.slice(1) : lines;
  const bad = body.find((l) => l.cells.length < 3 || l.cells.length > 4);
  if (bad !== undefined) return { problem: t('credit.csvLine', { line: bad.line, n: bad.cells.length }) };
  if (body.length > MAX) return { problem: t('credit.tooMany', { max: MAX }) };
  return { rows: body.map(({ cells: [recipientId = '', listName = '', from = '', to = ''] }) => ({ recipientId, listName, from, to })) };
}

const filled = (rows: readonly Row[]) => rows.filter((r) => FIELDS.some((f) => r[f].trim() !== ''));

export function CreditImport({ onImported }: { onImported: () => void }) {
  const [rows, setRows] = useState<Row[]>([EMPTY]);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Row[] | null>(null);
  const [done, setDone] = useState<{ answer: CreditImportAnswer; rows: Row[] } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [round, setRound] = useState(0);
  const run = async (entries: Row[]) => {
    setBusy(true);
    setError(null);
    try {
      const body = entries.map((r) => ({ recipientId: r.recipientId.trim(), listName: r.listName.trim(), from: r.from.trim(), ...(r.to.trim() === '' ? {} : { to: r.to.trim() }) }));
      setDone({ answer: await post<CreditImportAnswer>('/credit-lists', { entries: body }), rows: entries });
      setRows([EMPTY]);
      setRound((n) => n + 1);
      onImported();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };
  return (
    <section class="card" aria-labelledby="credit-import">
      <h2 id="credit-import">{t('credit.import')}</h2>
      <p class="lead">{t('credit.importLead', { max: MAX })}</p>
      <CsvIn key={round} onRows={(read) => {
        setProblem(null);
        setRows(read.length === 0 ? [EMPTY] : read);
      }} />
      <form onSubmit={(e) => {
        e.preventDefault();
        const entries = filled(rows);
        if (entries.length === 0) setProblem(t('credit.noRows'));
        else if (entries.length > MAX) setProblem(t('credit.tooMany', { max: MAX }));
        else {
          setProblem(null);
          setConfirming(entries);
        }
      }}>
        <RowsTable rows={rows} onChange={setRows} />
        {problem === null ? null : <p class="field-error" role="alert">{problem}</p>}
        <div class="actions">
          <button type="button" onClick={() => setRows((rs) => [...rs, EMPTY])} disabled={rows.length >= MAX}>{t('credit.addRow')}</button>
          <button type="submit" class="primary">{t('credit.submit', { n: filled(rows).length })}</button>
        </div>
      </form>
      <ErrorBox error={error} />
      {done === null ? null : <ImportResults answer={done.answer} rows={done.rows} />}
      {confirming === null ? null : (
        <Dialog title={t('credit.confirmTitle')} confirm={t('credit.submit', { n: confirming.length })} busy={busy} onConfirm={() => void run(confirming)} onClose={() => setConfirming(null)}>
          <p>{t('credit.confirmBody', { n: confirming.length })}</p>
          <ul class="compact">
            {confirming.slice(0, 8).map((r, i) => <li key={i}>{r.recipientId} · {r.listName} · {r.from}{r.to === '' ? '' : ` – ${r.to}`}</li>)}
            {confirming.length > 8 ? <li>{t('decide.more', { n: confirming.length - 8 })}</li> : null}
          </ul>
        </Dialog>
      )}
    </section>
  );
}

/** CSV pasted or picked, read into rows on request (a line with the wrong number of columns is named, nothing read). */
/** Why a picked file cannot be read, in the officer's words, with what each reading gave when it was read two ways. */
function encodingProblem(error: unknown): string {
  const readings = error instanceof TextEncodingError ? error.readings : null;
  if (readings?.kind === 'ambiguous') return t('credit.fileAmbiguous', { utf8: readings.utf8, gbk: readings.gbk });
  if (readings?.kind === 'not-chinese') {
    const { line, gbk, big5 } = readings;
    return big5 === null ? t('credit.fileNotChinese', { line, gbk }) : t('credit.fileBig5', { line, gbk, big5 });
  }
  return t('credit.fileEncoding');
}

function CsvIn({ onRows }: { onRows: (rows: Row[]) => void }) {
  const [csv, setCsv] = useState('');
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const read = (text: string, also = '') => {
    const out = rowsOf(text);
    if ('problem' in out) setSaid({ ok: false, text: out.problem });
    else {
      setSaid({ ok: true, text: [t('credit.readDone', { n: out.rows.length }), also].filter((x) => x !== '').join(' ') });
      onRows(out.rows);
    }
  };
  return (
    <div class="csv-in">
      <Field label={t('credit.csv')}>
        <textarea name="csv" rows={4} class="mono" value={csv} placeholder="recipientId,listName,from,to" onInput={(e) => setCsv(e.currentTarget.value)} />
      </Field>
      <div class="actions">
        <button type="button" onClick={() => read(csv)} disabled={csv.trim() === ''}>{t('credit.read')}</button>
        <Field label={t('credit.file')}>
          <input type="file" accept=".csv,text/csv" onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            // By its encoding, not as UTF-8 only (File.text()): Excel on Chinese Windows saves CSV as GBK.
            if (file !== undefined && file.size > LIMITS.controls.creditFileBytesMax) setSaid({ ok: false, text: t('credit.fileTooLarge', { max: LIMITS.controls.creditFileBytesMax }) });
            else if (file !== undefined) {
              void file.arrayBuffer().then((buffer) => {
                let decoded: ReturnType<typeof decodeCsvFile>;
                try {
                  decoded = decodeCsvFile(new Uint8Array(buffer));
                } catch (error) {
                  setSaid({ ok: false, text: encodingProblem(error) });
                  return;
                }
                setCsv(decoded.text);
                read(decoded.text, decoded.encoding === 'gb18030' ? t('credit.readGbk') : '');
              });
            }
          }} />
        </Field>
      </div>
      {said === null ? null : said.ok ? <Notice>{said.text}</Notice> : <p class="field-error" role="alert">{said.text}</p>}
    </div>
  );
}

/** The rows to import, each cell an input labelled by its row and column. */
function RowsTable({ rows, onChange }: { rows: readonly Row[]; onChange: (rows: Row[]) => void }) {
  const edit = (i: number, field: keyof Row, value: string) => onChange(rows.map((r, n) => (n === i ? { ...r, [field]: value } : r)));
  return (
    <table class="list rows">
      <caption>{t('credit.rows')}</caption>
      <thead>
        <tr><th scope="col">{t('credit.line')}</th>{FIELDS.map((f) => <th key={f} scope="col">{t(FIELD_WORDS[f])}</th>)}<th scope="col"><span class="sr-only">{t('publicity.actions')}</span></th></tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <td>{i + 1}</td>
            {FIELDS.map((f) => (
              <td key={f}>
                <input name={f} aria-label={t('credit.fieldOf', { n: i + 1, field: t(FIELD_WORDS[f]) })} value={r[f]} placeholder={f === 'from' || f === 'to' ? 'YYYY-MM-DD' : undefined}
                  size={f === 'from' || f === 'to' ? 11 : f === 'recipientId' ? 22 : 24} onInput={(e) => edit(i, f, e.currentTarget.value)} />
              </td>
            ))}
            <td>
              <button type="button" class="link" aria-label={t('credit.removeRow', { n: i + 1 })} disabled={rows.length === 1} onClick={() => onChange(rows.filter((_, n) => n !== i))}>{t('credit.remove')}</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The API's reasons (English, as it writes them) named in the page's language; the reason itself is shown after. */
const REASONS: ReadonlyArray<readonly [RegExp, Key]> = [
  [/^recipientId is (neither|not)/, 'credit.why.recipient'],
  [/^listName must name/, 'credit.why.listName'],
  [/^listName is longer/, 'credit.why.listNameLong'],
  [/^from must be a date/, 'credit.why.from'],
  [/^to must be a date/, 'credit.why.to'],
  [/^to \(.*\) is before from/, 'credit.why.order'],
  [/^this listing .* was imported by/, 'credit.why.conflict'],
  [/^the recipient already has/, 'credit.why.full'],
];

function Reason({ reason }: { reason: string | null }) {
  if (reason === null) return <>—</>;
  const key = REASONS.find(([pattern]) => pattern.test(reason))?.[1];
  return key === undefined ? <span lang="en">{reason}</span> : <>{t(key)}<div class="muted small" lang="en">{reason}</div></>;
}

const OUTCOME: Record<CreditImportAnswer['results'][number]['outcome'], { key: Key; mark: string }> = {
  imported: { key: 'credit.imported', mark: '✓' },
  repeated: { key: 'credit.repeated', mark: '=' },
  refused: { key: 'credit.refused', mark: '✗' },
};

function ImportResults({ answer, rows }: { answer: CreditImportAnswer; rows: readonly Row[] }) {
  return (
    <section class={`results ${answer.refused > 0 ? 'partial' : ''}`} aria-labelledby="credit-results" role="status">
      <h3 id="credit-results">{t('credit.results', { imported: answer.imported, repeated: answer.repeated, refused: answer.refused })}</h3>
      <table>
        <caption class="sr-only">{t('credit.resultsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('credit.line')}</th><th scope="col">{t('award.recipient')}</th><th scope="col">{t('credit.listName')}</th>
            <th scope="col">{t('credit.outcome')}</th><th scope="col">{t('credit.reason')}</th><th scope="col">{t('credit.entryId')}</th>
          </tr>
        </thead>
        <tbody>
          {answer.results.map((r) => (
            <tr key={r.index} class={r.outcome === 'refused' ? 'failed' : 'ok'} data-outcome={r.outcome}>
              <td>{r.index + 1}</td>
              <td>{r.recipient ?? rows[r.index]?.recipientId ?? '—'}</td>
              <td>{rows[r.index]?.listName ?? ''}</td>
              <td>{OUTCOME[r.outcome].mark} {t(OUTCOME[r.outcome].key)}</td>
              <td class="reason"><Reason reason={r.reason} /></td>
              <td>{r.entryId === null ? '—' : <code>{r.entryId}</code>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
