/**
 * The approval queue (Ant Design Pro's table list: filters above, a selection bar naming the count and total, a
 * confirmation for every decision): awards of the person's jurisdictions, filtered, sorted and paged by the API.
 */
import { useState } from 'preact/hooks';
import { get } from '../api';
import { loadPolicies } from '../catalog';
import { DecisionDialog, type DecisionResult, DecisionResults } from '../decisions';
import { formatYuan, parseYuan, recipientFilter } from '../format';
import { useCursorPages, useLoad } from '../hooks';
import { t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import { navigate } from '../router';
import { jurisdictionsAs, readableJurisdictions } from '../session';
import type { Award, OverdueReport, Page, QueuedAward } from '../types';
import { ErrorBox, Loading, Pager } from '../ui';
import { QueueFilters } from './queue-filters';
import { QueueTable } from './queue-table';

const PAGE_SIZE = 20;

/** The filters in the address (so a filtered queue is a link), read into the API's query. */
export function queueQuery(params: URLSearchParams) {
  const recipient = params.get('recipient')?.trim() ?? '';
  const yuan = (name: string) => {
    const text = params.get(name) ?? '';
    return text === '' ? undefined : parseYuan(text) ?? undefined;
  };
  return {
    status: params.get('status') ?? 'PENDING_APPROVAL',
    jurisdiction: params.get('jurisdiction') || undefined,
    policy: params.get('policy') || undefined,
    minFen: yuan('min'),
    maxFen: yuan('max'),
    ...recipientFilter(recipient),
    reference: params.get('reference') || undefined,
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
  };
}

/**
 * 超期未办 (issue 22): the awards past their time limit in the chosen jurisdiction (or each the person reads), oldest
 * due first, as GET /reports/overdue lists them; one page, since the report is bounded on the server.
 */
async function overduePage(jurisdictions: readonly string[]): Promise<Page<QueuedAward>> {
  const reports = await Promise.all(jurisdictions.map((j) => get<OverdueReport>('/reports/overdue', { jurisdiction: j })));
  const items = reports.flatMap((r) => r.items.map((i) => ({ ...i.award, overdue: i.overdue })));
  items.sort((a, b) => (a.overdue.dueDate ?? '9999').localeCompare(b.overdue.dueDate ?? '9999') || a.createdAt.localeCompare(b.createdAt));
  return { items, cursor: null };
}

export function Queue({ config, session, route }: PageProps) {
  const query = queueQuery(route.params);
  const key = JSON.stringify(query);
  const pages = useCursorPages(key);
  const list = useLoad<Page<QueuedAward>>(
    () => (query.status === 'OVERDUE'
      ? overduePage(query.jurisdiction === undefined ? readableJurisdictions(session) : [query.jurisdiction])
      : get<Page<Award>>('/awards', { ...query, status: query.status === 'ALL' ? undefined : query.status, limit: PAGE_SIZE, cursor: pages.cursor })),
    [key, pages.cursor],
  );
  const policies = useLoad(loadPolicies, []);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const [results, setResults] = useState<DecisionResult[]>([]);
  const approverOf = new Set(jurisdictionsAs(session, 'approver'));
  const items = list.data?.items ?? [];
  const chosen = items.filter((a) => selected.has(a.awardId));
  const totalFen = chosen.reduce((n, a) => n + (a.amountFen ?? 0), 0);
  return (
    <Layout config={config} session={session} current="/queue" title={t('queue.title')}>
      <QueueFilters params={route.params} jurisdictions={readableJurisdictions(session)} policies={policies.data ?? []} onApply={(p) => {
        setSelected(new Set());
        navigate('/queue', p);
      }} />
      <DecisionResults results={results} />
      {approverOf.size === 0 ? null : (
        <div class="selection-bar" aria-live="polite">
          <span>{t('queue.selected', { n: chosen.length, total: formatYuan(totalFen) })}</span>
          <button type="button" class="primary" disabled={chosen.length === 0} onClick={() => setDeciding('approve')}>{t('queue.approveSelected')}</button>
          <button type="button" class="danger" disabled={chosen.length === 0} onClick={() => setDeciding('reject')}>{t('queue.rejectSelected')}</button>
        </div>
      )}
      <ErrorBox error={list.error} />
      {list.loading && list.data === null ? <Loading /> : null}
      <QueueTable items={items} policies={policies.data ?? []} loading={list.loading} selected={selected} onSelect={setSelected}
        decidable={(a) => a.status === 'PENDING_APPROVAL' && approverOf.has(a.jurisdiction)} />
      <Pager page={pages.page} hasPrevious={pages.hasPrevious} next={list.data?.cursor ?? null} onPrevious={pages.previous} onNext={pages.next} />
      {deciding === null ? null : (
        <DecisionDialog awards={chosen} decision={deciding} onClose={() => setDeciding(null)} onDone={(r) => {
          setDeciding(null);
          setResults(r);
          setSelected(new Set());
          list.reload();
        }} />
      )}
    </Layout>
  );
}
