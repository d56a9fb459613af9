/** Quarantined events: every event refused, with the reason and the event as received (kept for audit, never dropped). */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { get } from '../api';
import { useCursorPages, useLoad } from '../hooks';
import { t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import type { Page, Rejection } from '../types';
import { Copyable, ErrorBox, Loading, Pager, When } from '../ui';

/** The event text as received, laid out if it is JSON, as is if not (it may be cut to fit). */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function Rejections({ config, session }: PageProps) {
  const pages = useCursorPages('rejections');
  const list = useLoad(() => get<Page<Rejection>>('/rejections', { limit: 20, cursor: pages.cursor }), [pages.cursor]);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Layout config={config} session={session} current="/rejections" title={t('rejections.title')}>
      <p class="muted">{t('rejections.lead')}</p>
      <ErrorBox error={list.error} />
      {list.loading && list.data === null ? <Loading /> : null}
      <table class="list">
        <thead>
          <tr><th scope="col">{t('rejections.receivedAt')}</th><th scope="col">{t('award.eventId')}</th><th scope="col">{t('award.detailType')}</th><th scope="col">{t('rejections.reason')}</th><th scope="col">{t('rejections.event')}</th></tr>
        </thead>
        <tbody>
          {(list.data?.items ?? []).length === 0 && !list.loading ? <tr><td colSpan={5} class="empty">{t('rejections.none')}</td></tr> : null}
          {(list.data?.items ?? []).map((r) => (
            <Fragment key={r.rejectionId}>
              <tr>
                <td><When iso={r.receivedAt} /></td>
                <td class="small">{r.eventId === null ? '—' : <Copyable text={r.eventId} what={t('award.eventId')} />}</td>
                <td><code>{r.detailType ?? '—'}</code></td>
                <td class="reason" lang="en">{r.reason}</td>
                <td>
                  <button type="button" aria-expanded={open === r.rejectionId} aria-controls={`ev-${r.rejectionId}`} onClick={() => setOpen(open === r.rejectionId ? null : r.rejectionId)}>
                    {open === r.rejectionId ? t('rejections.hide') : t('rejections.show')}
                  </button>
                </td>
              </tr>
              {open === r.rejectionId ? (
                <tr id={`ev-${r.rejectionId}`}>
                  <td colSpan={5}><pre class="event" tabIndex={0} aria-label={t('rejections.event')}>{pretty(r.event)}</pre></td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
      <Pager page={pages.page} hasPrevious={pages.hasPrevious} next={list.data?.cursor ?? null} onPrevious={pages.previous} onNext={pages.next} />
    </Layout>
  );
}
