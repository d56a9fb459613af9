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
  const [paid, setPaid] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const resolve = () => {
    if (resolving === null) return;
    // A confirmation that met a failed payment (a dispute): the officer says whether the money was paid (ADR 010).
    const body = { note: note.trim(), ...(paid ? { outcome: 'paid' } : {}) };
    post(`/reconciliation/exceptions/${encodeURIComponent(resolving.exceptionId)}/resolve`, body).then(() => {
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
        <ResolveDialog exception={resolving} note={note} setNote={setNote} paid={paid} setPaid={setPaid}
          onConfirm={resolve} onClose={() => setResolving(null)} />
      )}
    </section>
  );
}

/** The resolution of one exception: a note, and for a confirmation that met a failed payment, whether it was paid. */
interface ResolveProps {
  exception: ReconciliationException;
  note: string;
  setNote: (n: string) => void;
  paid: boolean;
  setPaid: (p: boolean) => void;
  onConfirm: () => void;
  onClose: () => void;
}

function ResolveDialog(props: ResolveProps) {
  const { exception, note, setNote, paid, setPaid } = props;
  return (
    <Dialog title={t('exceptions.resolveTitle')} confirm={t('exceptions.resolve')} onConfirm={props.onConfirm} onClose={props.onClose}>
      <p>{label('exception', exception.kind)} · <code>{exception.endToEndId ?? exception.messageId}</code></p>
      <Field label={t('exceptions.note')}>
        <textarea rows={3} required value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
      {exception.kind === 'NOT_PAYING' ? (
        <label class="check"><input type="checkbox" checked={paid} onChange={(e) => setPaid(e.currentTarget.checked)} /> {t('exceptions.paid')}</label>
      ) : null}
    </Dialog>
  );
}
