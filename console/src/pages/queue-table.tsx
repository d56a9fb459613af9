/**
 * The queue's table: selectable rows for awards the person may decide, amount and time sortable within the page; each
 * award with what it is for (its clause, policy and matter) and, held or on notice, why and until when.
 */
import { useMemo, useState } from 'preact/hooks';
import { formatCstDate, recipientNumber } from '../format';
import { label, t } from '../i18n';
import type { Policy, QueuedAward } from '../types';
import { Copyable, Money, StatusTag, When } from '../ui';
import { ApprovalsCell } from './queue-filters';

type SortKey = 'createdAt' | 'amountFen';

interface Props {
  readonly items: readonly QueuedAward[];
  readonly policies: readonly Policy[];
  readonly loading: boolean;
  readonly selected: ReadonlySet<string>;
  readonly onSelect: (ids: ReadonlySet<string>) => void;
  readonly decidable: (a: QueuedAward) => boolean;
}

export function QueueTable({ items, policies, loading, selected, onSelect, decidable }: Props) {
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 } | null>(null);
  const rows = useMemo(() => {
    const sorted = [...items];
    if (sort !== null) sorted.sort((a, b) => sort.dir * (sort.key === 'amountFen' ? (a.amountFen ?? -1) - (b.amountFen ?? -1) : a.createdAt.localeCompare(b.createdAt)));
    return sorted;
  }, [items, sort]);
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };
  const all = rows.filter(decidable);
  const sortable = (k: SortKey, text: string) => {
    const dir = sort?.key === k ? sort.dir : 0;
    return (
      <th scope="col" aria-sort={dir === 1 ? 'ascending' : dir === -1 ? 'descending' : 'none'} class={k === 'amountFen' ? 'num' : ''}>
        <button type="button" class="sort" onClick={() => setSort({ key: k, dir: dir === 1 ? -1 : 1 })}>{text}{dir === 1 ? ' ▲' : dir === -1 ? ' ▼' : ''}</button>
      </th>
    );
  };
  return (
    <table class="list">
      <caption class="sr-only">{t('queue.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">
            <input type="checkbox" aria-label={t('queue.selectAll')} disabled={all.length === 0} checked={all.length > 0 && all.every((a) => selected.has(a.awardId))}
              onChange={(e) => onSelect(e.currentTarget.checked ? new Set(all.map((a) => a.awardId)) : new Set())} />
          </th>
          <th scope="col">{t('award.recipient')}</th>
          <th scope="col">{t('award.rule')}</th>
          <th scope="col">{t('jurisdiction')}</th>
          {sortable('amountFen', t('award.amount'))}
          <th scope="col">{t('award.status')}</th>
          <th scope="col">{t('award.approvals')}</th>
          {sortable('createdAt', t('award.createdAt'))}
          <th scope="col">{t('award.id')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && !loading ? <tr><td colSpan={9} class="empty">{t('queue.empty')}</td></tr> : null}
        {rows.map((a) => (
          <tr key={a.awardId} class={selected.has(a.awardId) ? 'selected' : ''}>
            <td>{decidable(a) ? <input type="checkbox" aria-label={t('queue.select', { name: a.recipient.name })} checked={selected.has(a.awardId)} onChange={() => toggle(a.awardId)} /> : null}</td>
            <td><a href={`#/awards/${encodeURIComponent(a.awardId)}`}>{a.recipient.name}</a><div class="muted small">{recipientNumber(a.recipient)}</div></td>
            <td>
              {a.clause}
              <div class="muted small">{policies.find((p) => p.id === a.policyId)?.title ?? a.policyId} · {t('award.version', { v: a.policyVersion })}</div>
              <div class="small">{t('award.reference')}：{a.reference}</div>
            </td>
            <td class="nowrap">{label('j', a.jurisdiction)}</td>
            <td class="num"><Money fen={a.amountFen} /></td>
            <StatusCell award={a} />
            <td><ApprovalsCell award={a} /></td>
            <td><When iso={a.createdAt} /></td>
            <td class="small"><Copyable text={a.awardId} what={t('award.id')} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An award's status and, where it applies, what holds it: no payee, a hold's reason, the notice's end, a time limit passed. */
function StatusCell({ award }: { award: QueuedAward }) {
  return (
    <td>
      <StatusTag status={award.status} />
      {award.blockedBy === 'PAYEE_REQUIRED' ? <div class="small warn">{t('award.payeeRequired')}</div> : null}
      {award.status === 'ON_HOLD' && award.hold ? <div class="small warn nowrap">{label('hold', award.hold.reason)}</div> : null}
      {award.status === 'IN_PUBLICITY' && award.publicity
        ? <div class="small muted nowrap">{t('queue.publicUntil', { date: formatCstDate(award.publicity.until) })}</div>
        : null}
      {award.overdue ? (
        <div class="small overdue-mark nowrap" data-overdue={award.overdue.step}>
          {award.overdue.workingDaysLate === null ? t('queue.overdueUnknown') : t('queue.overdueMark', { n: `${award.overdue.lateAtLeast ? '≥' : ''}${award.overdue.workingDaysLate}` })}
          {award.overdue.dueDate === null ? null : <span class="muted"> · {t('queue.overdueDue', { date: award.overdue.dueDate })}</span>}
        </div>
      ) : null}
    </td>
  );
}
