/**
 * The approval queue (Ant Design Pro's table list: filters above, a selection bar naming the count and total, a
 * confirmation for every decision): awards of the person's jurisdictions, filtered, sorted and paged by the API.
 */
import { useMemo, useState } from 'preact/hooks';
import { get } from '../api';
import { loadPolicies } from '../catalog';
import { DecisionDialog, type DecisionResult, DecisionResults } from '../decisions';
import { formatYuan, looksLikeIdNumber, parseYuan } from '../format';
import { useCursorPages, useLoad } from '../hooks';
import { label, t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import { navigate } from '../router';
import { jurisdictionsAs, readableJurisdictions } from '../session';
import type { Award, Page } from '../types';
import { Copyable, ErrorBox, Loading, Money, Pager, StatusTag, When } from '../ui';
import { ApprovalsCell, QueueFilters } from './queue-filters';

const PAGE_SIZE = 20;
type SortKey = 'createdAt' | 'amountFen';

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
    ...(recipient === '' ? {} : looksLikeIdNumber(recipient) ? { idNumber: recipient } : { uscc: recipient }),
    reference: params.get('reference') || undefined,
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
  };
}

export function Queue({ config, session, route }: PageProps) {
  const query = queueQuery(route.params);
  const key = JSON.stringify(query);
  const pages = useCursorPages(key);
  const list = useLoad(() => get<Page<Award>>('/awards', { ...query, status: query.status === 'ALL' ? undefined : query.status, limit: PAGE_SIZE, cursor: pages.cursor }), [key, pages.cursor]);
  const policies = useLoad(loadPolicies, []);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const [results, setResults] = useState<DecisionResult[]>([]);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 } | null>(null);
  const approverOf = new Set(jurisdictionsAs(session, 'approver'));
  const items = useMemo(() => {
    const rows = [...(list.data?.items ?? [])];
    if (sort !== null) rows.sort((a, b) => sort.dir * (sort.key === 'amountFen' ? (a.amountFen ?? -1) - (b.amountFen ?? -1) : a.createdAt.localeCompare(b.createdAt)));
    return rows;
  }, [list.data, sort]);
  const decidable = (a: Award) => a.status === 'PENDING_APPROVAL' && approverOf.has(a.jurisdiction);
  const chosen = items.filter((a) => selected.has(a.awardId));
  const totalFen = chosen.reduce((n, a) => n + (a.amountFen ?? 0), 0);
  const toggle = (id: string) => setSelected((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  const allDecidable = items.filter(decidable);
  const sortButton = (k: SortKey, text: string) => {
    const dir = sort?.key === k ? sort.dir : 0;
    return (
      <th scope="col" aria-sort={dir === 1 ? 'ascending' : dir === -1 ? 'descending' : 'none'} class={k === 'amountFen' ? 'num' : ''}>
        <button type="button" class="sort" onClick={() => setSort({ key: k, dir: dir === 1 ? -1 : 1 })}>{text}{dir === 1 ? ' ▲' : dir === -1 ? ' ▼' : ''}</button>
      </th>
    );
  };
  return (
    <Layout config={config} session={session} current="/queue" title={t('queue.title')}>
      <QueueFilters params={route.params} jurisdictions={readableJurisdictions(session)} policies={policies.data ?? []} onApply={(p) => {
        setSelected(new Set());
        navigate('/queue', p);
      }} />
      <DecisionResults results={results} />
      <div class="selection-bar" aria-live="polite">
        <span>{t('queue.selected', { n: chosen.length, total: formatYuan(totalFen) })}</span>
        <button type="button" class="primary" disabled={chosen.length === 0} onClick={() => setDeciding('approve')}>{t('queue.approveSelected')}</button>
        <button type="button" class="danger" disabled={chosen.length === 0} onClick={() => setDeciding('reject')}>{t('queue.rejectSelected')}</button>
      </div>
      <ErrorBox error={list.error} />
      {list.loading && list.data === null ? <Loading /> : null}
      <table class="list">
        <caption class="sr-only">{t('queue.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">
              <input type="checkbox" aria-label={t('queue.selectAll')} disabled={allDecidable.length === 0}
                checked={allDecidable.length > 0 && allDecidable.every((a) => selected.has(a.awardId))}
                onChange={(e) => setSelected(e.currentTarget.checked ? new Set(allDecidable.map((a) => a.awardId)) : new Set())} />
            </th>
            <th scope="col">{t('award.recipient')}</th>
            <th scope="col">{t('award.rule')}</th>
            <th scope="col">{t('jurisdiction')}</th>
            {sortButton('amountFen', t('award.amount'))}
            <th scope="col">{t('award.status')}</th>
            <th scope="col">{t('award.approvals')}</th>
            {sortButton('createdAt', t('award.createdAt'))}
            <th scope="col">{t('award.id')}</th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 && !list.loading ? <tr><td colSpan={9} class="empty">{t('queue.empty')}</td></tr> : null}
          {items.map((a) => (
            <tr key={a.awardId} class={selected.has(a.awardId) ? 'selected' : ''}>
              <td>{decidable(a) ? <input type="checkbox" aria-label={t('queue.select', { name: a.recipient.name })} checked={selected.has(a.awardId)} onChange={() => toggle(a.awardId)} /> : null}</td>
              <td><a href={`#/awards/${encodeURIComponent(a.awardId)}`}>{a.recipient.name}</a><div class="muted small">{a.recipient.uscc ?? a.recipient.idNumber}</div></td>
              <td>{a.clause}<div class="muted small">{a.policyId} v{a.policyVersion}</div></td>
              <td>{label('j', a.jurisdiction)}</td>
              <td class="num"><Money fen={a.amountFen} /></td>
              <td><StatusTag status={a.status} />{a.blockedBy === 'PAYEE_REQUIRED' ? <div class="small warn">{t('award.payeeRequired')}</div> : null}</td>
              <td><ApprovalsCell award={a} /></td>
              <td><When iso={a.createdAt} /></td>
              <td class="small"><Copyable text={a.awardId} what={t('award.id')} /></td>
            </tr>
          ))}
        </tbody>
      </table>
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
