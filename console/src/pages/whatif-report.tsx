/**
 * The report of a finished what-if: the summary per jurisdiction-year as bars (the catalog in force beside the draft;
 * the table under it says the same in words), and the recipients a page at a time, largest difference first, with
 * their CSV downloaded page by page.
 */
import { get } from '../api';
import { useCsvExport } from '../csv-export';
import { formatYuan } from '../format';
import { useCursorPages, useLoad } from '../hooks';
import { label, t } from '../i18n';
import { ErrorBox, Loading, Money, Notice, Pager } from '../ui';
import type { RecipientItemAnswer as RecipientItem, SimulationAnswer as Simulation, SummaryRowAnswer as SummaryRow } from '../../../shared/contract/answers/simulations';

/** The simulation, its summary rows and its recipients as GET /simulations/{simulationId} answers them (the contract's). */
export type { RecipientItem, Simulation, SummaryRow };

const PAGE_SIZE = 20;
const BAR = 14;
const ROW = 2 * BAR + 18;
const LABEL_WIDTH = 260;

/** Differences carry their sign: a rise as +¥…, a fall as -¥…. */
export const signedYuan = (fen: number) => (fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen));

/** Two bars per jurisdiction-year, drawn to one scale; the label of the figure says every number in words. */
export function SummaryChart({ rows }: { rows: readonly SummaryRow[] }) {
  const max = Math.max(1, ...rows.flatMap((r) => [r.currentFen, r.simulatedFen]));
  const width = (fen: number) => ((1000 - LABEL_WIDTH) * fen) / max;
  const words = rows.map((r) => t('whatif.chartRow', { j: label('j', r.jurisdiction), year: r.fiscalYear, current: formatYuan(r.currentFen), simulated: formatYuan(r.simulatedFen) }));
  return (
    <figure class="chart whatif-chart">
      <svg viewBox={`0 0 1000 ${rows.length * ROW}`} width="100%" role="img" aria-label={`${t('whatif.chart')}：${words.join('；')}`}>
        {rows.map((r, i) => (
          <g key={`${r.jurisdiction}-${r.fiscalYear}`}>
            <text class="bar-label" x={0} y={i * ROW + BAR + 4}>{label('j', r.jurisdiction)} {r.fiscalYear}</text>
            <rect class="c-current" x={LABEL_WIDTH} y={i * ROW + 2} width={width(r.currentFen)} height={BAR} />
            <rect class="c-simulated" x={LABEL_WIDTH} y={i * ROW + BAR + 4} width={width(r.simulatedFen)} height={BAR} />
          </g>
        ))}
      </svg>
      <figcaption class="legend">
        <span><i class="swatch c-current" aria-hidden="true" />{t('whatif.current')}</span>
        <span><i class="swatch c-simulated" aria-hidden="true" />{t('whatif.simulated')}</span>
      </figcaption>
    </figure>
  );
}

export function SummaryTable({ rows }: { rows: readonly SummaryRow[] }) {
  return (
    <table class="list whatif-summary">
      <thead>
        <tr>
          <th scope="col">{t('whatif.jurisdiction')}</th><th scope="col">{t('whatif.year')}</th>
          <th scope="col" class="num">{t('whatif.current')}</th><th scope="col" class="num">{t('whatif.simulated')}</th><th scope="col" class="num">{t('whatif.delta')}</th>
          <th scope="col" class="num">{t('whatif.gained')}</th><th scope="col" class="num">{t('whatif.lost')}</th>
          <th scope="col" class="num">{t('whatif.added')}</th><th scope="col" class="num">{t('whatif.dropped')}</th>
          <th scope="col" class="num">{t('whatif.amountRequired')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.jurisdiction}-${r.fiscalYear}`}>
            <th scope="row">{label('j', r.jurisdiction)}</th><td>{r.fiscalYear}</td>
            <td class="num"><Money fen={r.currentFen} /></td><td class="num"><Money fen={r.simulatedFen} /></td>
            <td class="num"><span class="money">{signedYuan(r.deltaFen)}</span></td>
            <td class="num">{r.gained}</td><td class="num">{r.lost}</td><td class="num">{r.added}</td><td class="num">{r.dropped}</td>
            <td class="num">{r.amountRequired.current} / {r.amountRequired.simulated}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The recipients, a page at a time (each page one bounded request), and the whole list as CSV. */
export function Recipients({ simulationId }: { simulationId: string }) {
  const pages = useCursorPages(simulationId);
  const list = useLoad(() => get<Simulation>(`/simulations/${encodeURIComponent(simulationId)}`, { limit: PAGE_SIZE, cursor: pages.cursor }), [simulationId, pages.cursor]);
  const { exporting, error, exportCsv } = useCsvExport({
    path: `/simulations/${encodeURIComponent(simulationId)}`, query: { limit: 100 }, fileName: `whatif-${simulationId}.csv`, truncated: (n) => t('whatif.truncated', { n }),
  });
  return (
    <section class="card" aria-labelledby="whatif-recipients">
      <h2 id="whatif-recipients">{t('whatif.recipients')}</h2>
      <div class="actions"><button type="button" onClick={() => void exportCsv()}>{t('whatif.download')}</button></div>
      {exporting === null ? null : <Notice>{exporting.done ? t('whatif.exported', { n: exporting.pages }) : t('whatif.exporting', { n: exporting.pages })}</Notice>}
      <ErrorBox error={error ?? list.error} />
      {list.loading && list.data === null ? <Loading /> : null}
      <table class="list whatif-recipients">
        <thead>
          <tr>
            <th scope="col">{t('whatif.recipient')}</th><th scope="col">{t('whatif.number')}</th>
            <th scope="col" class="num">{t('whatif.current')}</th><th scope="col" class="num">{t('whatif.simulated')}</th>
            <th scope="col" class="num">{t('whatif.delta')}</th><th scope="col" class="num">{t('whatif.awards')}</th>
          </tr>
        </thead>
        <tbody>
          {(list.data?.items ?? []).map((i) => (
            <tr key={i.recipientId}>
              <td>{i.recipient.name}</td><td><code>{i.recipient.kind === 'individual' ? i.recipient.idNumber : i.recipient.uscc}</code></td>
              <td class="num"><Money fen={i.currentFen} /></td><td class="num"><Money fen={i.simulatedFen} /></td>
              <td class="num"><span class="money">{signedYuan(i.deltaFen)}</span></td><td class="num">{i.awards.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={pages.page} hasPrevious={pages.hasPrevious} next={list.data?.cursor ?? null} onPrevious={pages.previous} onNext={pages.next} />
    </section>
  );
}
