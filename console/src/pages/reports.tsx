/**
 * 报表 (issue 22): a jurisdiction-year's budget execution as a finance officer sends it upward, and the awards past
 * their time limit. The year's figures first (allocated, disbursed, committed, available, the execution rate), two
 * charts (disbursed to date against the allocation, month by month; disbursed and reserved per policy), the tables
 * beneath them (by policy and clause, by month, by region), the downloads (the xlsx of every table, CSV of one), then
 * the overdue list with who holds each next step. Every figure is the API's: the console adds nothing up but the
 * chart's per-policy bars.
 */
import { useState } from 'preact/hooks';
import { fetchBlob, get, saveBlob } from '../api';
import { fiscalYearNow, formatCst, formatYuan } from '../format';
import { useLoad } from '../hooks';
import { label, lang, t } from '../i18n';
import { Layout, roleName } from '../layout';
import type { PageProps } from '../page';
import { navigate } from '../router';
import { JURISDICTIONS, type Session, isAuditor, jurisdictionsAs } from '../session';
import type { ExecutionReport, ExecutionLine, OverdueReport } from '../types';
import { ErrorBox, Field, Loading, Money, StatusTag } from '../ui';

/** The jurisdictions whose reports the session reads: its own as approver, officer or budget admin; all for an auditor. */
export function reportJurisdictions(session: Session): string[] {
  if (isAuditor(session)) return [...JURISDICTIONS];
  const own = new Set([...jurisdictionsAs(session, 'approver'), ...jurisdictionsAs(session, 'officer'), ...jurisdictionsAs(session, 'budget-admin')]);
  return JURISDICTIONS.filter((j) => own.has(j));
}

/** The server's next step is written `中文 / English`: the part of the console's language. */
const inLanguage = (text: string) => {
  const [zh = text, en = text] = text.split(/\s?\/ (?=[A-Za-z])/);
  return lang === 'en' ? en : zh;
};

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${(Math.round((part / whole) * 1000) / 10).toFixed(1)}%`);

export function ReportsPage({ config, session, route }: PageProps) {
  const mine = reportJurisdictions(session);
  const jurisdiction = route.params.get('jurisdiction') ?? mine[0] ?? JURISDICTIONS[0];
  const year = Number(route.params.get('year') ?? fiscalYearNow());
  const report = useLoad(() => get<ExecutionReport>('/reports/budget-execution', { jurisdiction, year }), [jurisdiction, year]);
  const overdue = useLoad(() => get<OverdueReport>('/reports/overdue', { jurisdiction }), [jurisdiction]);
  const [error, setError] = useState<Error | null>(null);
  const download = async (path: string, query: Record<string, string | number>) => {
    setError(null);
    try {
      const file = await fetchBlob(path, query);
      saveBlob(file.blob, file.fileName ?? `${path.split('/').at(-1)}.${String(query.format)}`);
    } catch (e) {
      setError(e as Error);
    }
  };
  const years = Array.from({ length: 5 }, (_, i) => fiscalYearNow() - i);
  const r = report.data;
  return (
    <Layout config={config} session={session} current="/reports" title={t('reports.title')}>
      <form class="filters" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('jurisdiction')}>
          <select name="jurisdiction" value={jurisdiction} onChange={(e) => navigate('/reports', { jurisdiction: e.currentTarget.value, year: String(year) })}>
            {mine.map((j) => <option key={j} value={j}>{label('j', j)}</option>)}
          </select>
        </Field>
        <Field label={t('reports.year')}>
          <select name="year" value={String(year)} onChange={(e) => navigate('/reports', { jurisdiction, year: e.currentTarget.value })}>
            {years.map((y) => <option key={y} value={String(y)}>{y}</option>)}
          </select>
        </Field>
        <div class="actions">
          <button type="button" onClick={() => void download('/reports/budget-execution', { jurisdiction, year, format: 'xlsx' })}>{t('reports.xlsx')}</button>
          <button type="button" onClick={() => void download('/reports/budget-execution', { jurisdiction, year, format: 'csv', table: 'clause' })}>{t('reports.csv')}</button>
          <button type="button" onClick={() => void download('/reports/budget-execution', { jurisdiction, year, format: 'csv', table: 'region' })}>{t('reports.csvRegion')}</button>
        </div>
      </form>
      <ErrorBox error={error ?? report.error} />
      {r === null ? (report.loading ? <Loading /> : null) : <Execution report={r} />}
      <section class="card" aria-labelledby="overdue">
        <h2 id="overdue">{t('reports.overdue')}</h2>
        <ErrorBox error={overdue.error} />
        {overdue.data === null ? (overdue.loading ? <Loading /> : null) : <OverdueList report={overdue.data} />}
        <div class="actions">
          <button type="button" onClick={() => void download('/reports/overdue', { jurisdiction, format: 'xlsx' })}>{t('reports.overdueXlsx')}</button>
        </div>
      </section>
    </Layout>
  );
}

function Execution({ report }: { report: ExecutionReport }) {
  const a = report.accounts;
  const committed = a.reservedFen + a.inTransitFen;
  return (
    <>
      <p class="lead">{t('reports.lead', { j: label('j', report.jurisdiction), year: report.fiscalYear, seq: report.throughSeq, at: formatCst(report.asOf) })}</p>
      <dl class="figures" aria-label={t('reports.title')}>
        <div><dt>{t('reports.allocated')}</dt><dd><Money fen={a.allocatedFen} /></dd></div>
        <div><dt>{t('reports.disbursed')}</dt><dd><Money fen={a.disbursedFen} /></dd></div>
        <div><dt>{t('reports.committed')}</dt><dd><Money fen={committed} /></dd></div>
        <div><dt>{t('reports.available')}</dt><dd><Money fen={a.availableFen} /></dd></div>
        <div><dt>{t('reports.receivable')}</dt><dd><Money fen={a.receivableFen} /></dd></div>
        <div><dt>{t('reports.rate')}</dt><dd>{percent(a.disbursedFen, a.allocatedFen)}</dd></div>
      </dl>
      {report.byMonth.length === 0 ? <p class="muted">{t('reports.empty')}</p> : (
        <div class="charts">
          <MonthChart report={report} />
          <PolicyChart report={report} />
        </div>
      )}
      <section class="card" aria-labelledby="by-clause">
        <h2 id="by-clause">{t('reports.byClause')}</h2>
        <FlowTable caption={t('reports.byClause')} head={t('reports.policy')} total={report.total}
          rows={report.byClause.map((c) => ({ key: c.ruleId, cell: <>{c.policy}<div class="muted small">{c.clause}</div><div class="small clamp" lang="zh-CN">{c.citation}</div></>, line: c }))} />
      </section>
      <section class="card" aria-labelledby="by-month">
        <h2 id="by-month">{t('reports.byMonth')}</h2>
        <FlowTable caption={t('reports.byMonth')} head={t('reports.month')} total={report.total} rows={report.byMonth.map((m) => ({ key: m.month, cell: m.month, line: m }))} />
      </section>
      <section class="card" aria-labelledby="by-region">
        <h2 id="by-region">{t('reports.byRegion')}</h2>
        <FlowTable caption={t('reports.byRegion')} head={t('reports.region')} total={report.total}
          rows={report.byRegion.map((g) => ({ key: g.regionCode, cell: <>{g.regionName}<div class="muted small">{g.regionCode}</div></>, line: g }))} />
      </section>
    </>
  );
}

const FLOW_COLUMNS = ['recorded', 'approved', 'paid', 'returned', 'clawedBack', 'repaid'] as const;

interface FlowTableProps {
  caption: string;
  head: string;
  rows: ReadonlyArray<{ key: string; cell: preact.ComponentChildren; line: ExecutionLine }>;
  total: ExecutionLine;
}

function FlowTable(props: FlowTableProps) {
  const cells = (line: ExecutionLine) => (
    <>
      {FLOW_COLUMNS.map((f) => <td key={f} class="num">{line.flows[f].count}<div class="small"><Money fen={line.flows[f].fen} /></div></td>)}
      <td class="num"><Money fen={line.positions.reservedFen} /></td>
      <td class="num"><Money fen={line.positions.inTransitFen} /></td>
      <td class="num"><Money fen={line.positions.disbursedFen} /></td>
    </>
  );
  return (
    <table class="list report">
      <caption class="sr-only">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.head}</th>
          {FLOW_COLUMNS.map((f) => <th key={f} scope="col" class="num">{t(`reports.flow.${f}`)}</th>)}
          <th scope="col" class="num">{t('reports.pos.reserved')}</th>
          <th scope="col" class="num">{t('reports.pos.inTransit')}</th>
          <th scope="col" class="num">{t('reports.pos.disbursed')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => <tr key={row.key}><th scope="row">{row.cell}</th>{cells(row.line)}</tr>)}
      </tbody>
      <tfoot>
        <tr><th scope="row">{t('reports.total')}</th>{cells(props.total)}</tr>
      </tfoot>
    </table>
  );
}

const W = 560;
const H = 220;
const PAD = { left: 80, right: 12, top: 12, bottom: 28 };

/** Round figures for an axis: 0, then a step of 1, 2 or 5 times a power of ten, in yuan. */
function ticks(maxFen: number): number[] {
  const max = Math.max(maxFen / 100, 1);
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => i * step * 100);
}

const axisYuan = (fen: number) => (fen >= 1_000_000_00 ? `${fen / 1_000_000_00}百万` : formatYuan(fen).replace(/\.00$/, ''));

function MonthChart({ report }: { report: ExecutionReport }) {
  const months = report.byMonth;
  const top = Math.max(...months.map((m) => Math.max(m.closing.allocatedFen, m.closing.disbursedFen)), 1);
  const scale = ticks(top);
  const yMax = scale.at(-1) ?? top;
  const y = (fen: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - fen / yMax);
  const band = (W - PAD.left - PAD.right) / months.length;
  const x = (i: number) => PAD.left + band * i + band / 2;
  // The allocation as a step: level across each month's band, so one month draws a line too.
  const line = months.map((m, i) => `${i === 0 ? 'M' : 'L'}${PAD.left + band * i},${y(m.closing.allocatedFen)} L${PAD.left + band * (i + 1)},${y(m.closing.allocatedFen)}`).join(' ');
  const summary = months.map((m) => `${m.month} ${formatYuan(m.closing.disbursedFen)} / ${formatYuan(m.closing.allocatedFen)}`).join('；');
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby="month-chart-title month-chart-desc">
        <title id="month-chart-title">{t('reports.chartMonth')}</title>
        <desc id="month-chart-desc">{`${t('reports.chartMonthDesc')}：${summary}`}</desc>
        {scale.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} class="grid-line" />
            <text x={PAD.left - 6} y={y(v) + 4} text-anchor="end" class="axis">{axisYuan(v)}</text>
          </g>
        ))}
        {months.map((m, i) => (
          <g key={m.month}>
            <rect x={x(i) - band * 0.3} width={band * 0.6} y={Math.min(y(m.closing.disbursedFen), y(0) - 2)} height={Math.max(2, y(0) - y(m.closing.disbursedFen))} class="c-disbursed" />
            <text x={x(i)} y={Math.min(y(m.closing.disbursedFen), y(0) - 2) - 4} text-anchor="middle" class="axis">{formatYuan(m.closing.disbursedFen)}</text>
            <text x={x(i)} y={H - 8} text-anchor="middle" class="axis">{m.month.slice(5)}月</text>
          </g>
        ))}
        <path d={line} class="allocated-line" />
      </svg>
      <figcaption class="legend">
        <span><span class="swatch c-disbursed" />{t('reports.legendDisbursed')}</span>
        <span><span class="swatch c-allocated" />{t('reports.legendAllocated')}</span>
      </figcaption>
    </figure>
  );
}

function PolicyChart({ report }: { report: ExecutionReport }) {
  const byPolicy = new Map<string, { policy: string; disbursed: number; committed: number }>();
  for (const c of report.byClause) {
    const p = byPolicy.get(c.policyId) ?? { policy: c.policy, disbursed: 0, committed: 0 };
    p.disbursed += c.positions.disbursedFen;
    p.committed += c.positions.reservedFen + c.positions.inTransitFen;
    byPolicy.set(c.policyId, p);
  }
  const rows = [...byPolicy.values()];
  const top = Math.max(...rows.map((r) => r.disbursed + r.committed), 1);
  const rowH = 34;
  const height = PAD.top + rows.length * rowH + 8;
  const left = 200;
  const xw = (fen: number) => ((W - left - PAD.right) * fen) / top;
  const summary = rows.map((r) => `${r.policy} ${formatYuan(r.disbursed)} + ${formatYuan(r.committed)}`).join('；');
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${height}`} width={W} height={height} role="img" aria-labelledby="policy-chart-title policy-chart-desc">
        <title id="policy-chart-title">{t('reports.chartPolicy')}</title>
        <desc id="policy-chart-desc">{`${t('reports.chartPolicyDesc', { allocated: formatYuan(report.accounts.allocatedFen) })}：${summary}`}</desc>
        {rows.map((r, i) => (
          <g key={r.policy}>
            <text x={left - 8} y={PAD.top + i * rowH + 16} text-anchor="end" class="axis">{r.policy.length > 14 ? `${r.policy.slice(0, 13)}…` : r.policy}</text>
            <rect x={left} y={PAD.top + i * rowH + 4} width={xw(r.disbursed)} height={18} class="c-disbursed" />
            <rect x={left + xw(r.disbursed)} y={PAD.top + i * rowH + 4} width={xw(r.committed)} height={18} class="c-committed" />
          </g>
        ))}
      </svg>
      <figcaption class="legend">
        <span><span class="swatch c-disbursed" />{t('reports.legendDisbursed')}</span>
        <span><span class="swatch c-committed" />{t('reports.legendCommitted')}</span>
        <span>{t('reports.allocated')} <Money fen={report.accounts.allocatedFen} /></span>
      </figcaption>
    </figure>
  );
}

function OverdueList({ report }: { report: OverdueReport }) {
  return (
    <>
      <p class="lead">{t('reports.overdueLead', { approval: report.approvalWorkingDays, payment: report.paymentWorkingDays })}</p>
      {report.complete ? null : <p class="warn">{t('reports.overdueIncomplete')}</p>}
      <table class="list">
        <caption class="sr-only">{t('reports.overdue')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('award.recipient')}</th>
            <th scope="col">{t('award.rule')}</th>
            <th scope="col" class="num">{t('award.amount')}</th>
            <th scope="col">{t('reports.step')}</th>
            <th scope="col">{t('reports.due')}</th>
            <th scope="col">{t('reports.late')}</th>
            <th scope="col">{t('reports.next')}</th>
          </tr>
        </thead>
        <tbody>
          {report.items.length === 0 ? <tr><td colSpan={7} class="empty">{t('reports.overdueNone')}</td></tr> : null}
          {report.items.map(({ overdue: o, award }) => (
            <tr key={o.awardId} data-award={o.awardId}>
              <td><a href={`#/awards/${encodeURIComponent(o.awardId)}`}>{award.recipient.name}</a><div><StatusTag status={o.status} /></div></td>
              <td>{award.clause}<div class="small">{t('award.reference')}：{award.reference}</div></td>
              <td class="num"><Money fen={award.amountFen} /></td>
              <td>{t(`reports.step.${o.step}`)}</td>
              <td class="nowrap">{o.dueDate ?? t('reports.unknownDue')}</td>
              <td class="nowrap warn">{o.workingDaysLate === null ? '—' : t('reports.lateDays', { n: `${o.lateAtLeast ? '≥' : ''}${o.workingDaysLate}` })}</td>
              <td>{o.next.holder.includes(':') ? roleName(o.next.holder) : label('role', o.next.holder)}<div class="small">{inLanguage(o.next.action)}</div></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
