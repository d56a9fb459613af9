/** Reconciliation exceptions: what the bank said that settled nothing, each resolved by an officer with a note. */
import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { useCursorPages, useLoad } from '../hooks';
import { label, t } from '../i18n';
import type { Page, ReconciliationException } from '../types';
import { Dialog, ErrorBox, Field, Money, Pager, When } from '../ui';

export function Exceptions({ jurisdiction, canResolve }: { jurisdiction: string; canResolve: boolean }) {
  const [status, setStatus] = useState<'OPEN' | 'RESOLVED'>('OPEN');
  const pages = useCursorPages(`${jurisdiction}${status}`);
  const list = useLoad(() => get<Page<ReconciliationException>>('/reconciliation/exceptions', { jurisdiction, status, limit: 20, cursor: pages.cursor }), [jurisdiction, status, pages.cursor]);
  const [resolving, setResolving] = useState<ReconciliationException | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const resolve = () => {
    if (resolving === null) return;
    post(`/reconciliation/exceptions/${encodeURIComponent(resolving.exceptionId)}/resolve`, { note: note.trim() }).then(() => {
      setResolving(null);
      setNote('');
      list.reload();
    }, (e: Error) => {
      setResolving(null);
      setError(e);
    });
  };
  return (
    <section class="card" aria-labelledby="exceptions">
      <h2 id="exceptions">{t('exceptions.title')}</h2>
      <Field label={t('award.status')}>
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value as 'OPEN' | 'RESOLVED')}>
          <option value="OPEN">{t('exceptions.open')}</option>
          <option value="RESOLVED">{t('exceptions.resolved')}</option>
        </select>
      </Field>
      <ErrorBox error={error ?? list.error} />
      <table class="list">
        <thead>
          <tr>
            <th scope="col">{t('exceptions.kind')}</th><th scope="col">{t('exceptions.e2e')}</th><th scope="col" class="num">{t('award.amount')}</th>
            <th scope="col">{t('exceptions.detail')}</th><th scope="col">{t('award.createdAt')}</th><th scope="col">{t('exceptions.action')}</th>
          </tr>
        </thead>
        <tbody>
          {(list.data?.items ?? []).length === 0 && !list.loading ? <tr><td colSpan={6} class="empty">{t('exceptions.none')}</td></tr> : null}
          {(list.data?.items ?? []).map((x) => (
            <tr key={x.exceptionId}>
              <td>{label('exception', x.kind)}</td>
              {/* A refused file (BANK_MESSAGE_CONFLICT) names no payment: its message id says which file it was. */}
              <td>{x.endToEndId === null ? <span class="small">{t('exceptions.message')} <code>{x.messageId}</code></span> : <code>{x.endToEndId}</code>}</td>
              <td class="num"><Money fen={x.amountFen} /></td>
              <td class="small" lang="en">{x.detail}</td>
              <td><When iso={x.createdAt} /></td>
              <td>
                {x.status === 'RESOLVED' ? <span class="small">{x.resolvedBy}：{x.note}</span>
                  : canResolve ? <button type="button" onClick={() => setResolving(x)}>{t('exceptions.resolve')}</button> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={pages.page} hasPrevious={pages.hasPrevious} next={list.data?.cursor ?? null} onPrevious={pages.previous} onNext={pages.next} />
      {resolving === null ? null : (
        <Dialog title={t('exceptions.resolveTitle')} confirm={t('exceptions.resolve')} onConfirm={resolve} onClose={() => setResolving(null)}>
          <p>{label('exception', resolving.kind)} · <code>{resolving.endToEndId ?? resolving.messageId}</code></p>
          <Field label={t('exceptions.note')}>
            <textarea rows={3} required value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </Field>
        </Dialog>
      )}
    </section>
  );
}
