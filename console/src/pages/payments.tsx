/**
 * Payments: the jurisdiction's batches with their ISO 20022 files, a payment run on demand, bank files in, and the
 * reconciliation exceptions with their resolution.
 */
import { useState } from 'preact/hooks';
import { fetchFile, get, post, postXml, saveText } from '../api';
import { formatYuan } from '../format';
import { useCursorPages, useLoad } from '../hooks';
import { label, t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import { navigate } from '../router';
import { JURISDICTIONS, type Session, isAuditor, jurisdictionsAs } from '../session';
import type { Batch, Page } from '../types';
import { Copyable, ErrorBox, Field, Loading, Money, Notice, Pager, StatusTag, When } from '../ui';
import { Exceptions } from './exceptions';

function payJurisdictions(session: Session): string[] {
  if (isAuditor(session)) return [...JURISDICTIONS];
  return JURISDICTIONS.filter((j) => session.groups.includes(`officer:${j}`) || session.groups.includes(`approver:${j}`));
}

interface RunAnswer {
  readonly batch: Batch | null;
  readonly batches: readonly Batch[];
  readonly blockedByPayee: number;
  readonly unpayable: ReadonlyArray<{ awardId: string; reason: string }>;
}

export function Payments({ config, session, route }: PageProps) {
  const mine = payJurisdictions(session);
  const jurisdiction = route.params.get('jurisdiction') ?? mine[0] ?? '';
  const pages = useCursorPages(jurisdiction);
  const batches = useLoad(() => get<Page<Batch>>('/payment-batches', { jurisdiction, limit: 20, cursor: pages.cursor }), [jurisdiction, pages.cursor]);
  const isOfficer = jurisdictionsAs(session, 'officer').includes(jurisdiction);
  const canDownload = isOfficer || isAuditor(session);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const act = (work: () => Promise<string>) => {
    setError(null);
    setNotice(null);
    work().then((text) => {
      setNotice(text);
      batches.reload();
    }, (e: Error) => setError(e));
  };
  const run = () => act(async () => {
    const answer = await post<RunAnswer>('/payment-batches', { jurisdiction });
    const sent = answer.batches.reduce((n, b) => n + b.count, 0);
    const total = answer.batches.reduce((n, b) => n + b.totalFen, 0);
    return answer.batch === null ? t('payments.nothing', { blocked: answer.blockedByPayee, unpayable: answer.unpayable.length })
      : t('payments.sent', { n: sent, total: formatYuan(total), batches: answer.batches.length, blocked: answer.blockedByPayee });
  });
  const importFile = (file: File) => act(async () => {
    const r = await postXml<{ messageId: string; matched: number; returned: number; exceptions: number; repeated: boolean }>('/bank-files', await file.text());
    return r.repeated ? t('bank.repeated', { id: r.messageId }) : t('bank.imported', { id: r.messageId, matched: r.matched, returned: r.returned, exceptions: r.exceptions });
  });
  const download = (b: Batch) => {
    fetchFile(`/payment-batches/${encodeURIComponent(b.batchId)}/file`).then((f) => saveText(f.text, f.fileName ?? b.fileName, 'application/xml'), (e: Error) => setError(e));
  };
  return (
    <Layout config={config} session={session} current="/payments" title={t('payments.title')}>
      <form class="filters" aria-label={t('filters')}>
        <Field label={t('jurisdiction')}>
          <select value={jurisdiction} onChange={(e) => navigate('/payments', { jurisdiction: e.currentTarget.value })}>
            {mine.map((j) => <option key={j} value={j}>{label('j', j)}</option>)}
          </select>
        </Field>
        {isOfficer ? <div class="actions"><button type="button" class="primary" onClick={run}>{t('payments.run')}</button></div> : null}
        {jurisdictionsAs(session, 'officer').length > 0 ? (
          <Field label={t('bank.import')} hint={t('bank.importHint')}>
            <input type="file" accept=".xml,application/xml,text/xml" onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file !== undefined) importFile(file);
              e.currentTarget.value = '';
            }} />
          </Field>
        ) : null}
      </form>
      {notice === null ? null : <Notice>{notice}</Notice>}
      <ErrorBox error={error ?? batches.error} />
      <section class="card" aria-labelledby="batches">
        <h2 id="batches">{t('payments.batches')}</h2>
        {batches.loading && batches.data === null ? <Loading /> : null}
        <table class="list">
          <thead>
            <tr>
              <th scope="col">{t('payments.batch')}</th><th scope="col">{t('award.createdAt')}</th><th scope="col" class="num">{t('payments.count')}</th>
              <th scope="col" class="num">{t('payments.total')}</th><th scope="col">{t('award.status')}</th><th scope="col">{t('payments.file')}</th>
            </tr>
          </thead>
          <tbody>
            {(batches.data?.items ?? []).length === 0 && !batches.loading ? <tr><td colSpan={6} class="empty">{t('payments.none')}</td></tr> : null}
            {(batches.data?.items ?? []).map((b) => (
              <tr key={b.batchId}>
                <td><Copyable text={b.batchId} what={t('payments.batch')} /><div class="muted small">{b.createdBy}</div></td>
                <td><When iso={b.createdAt} /></td>
                <td class="num">{b.count}</td>
                <td class="num"><Money fen={b.totalFen} /></td>
                <td><StatusTag status={`batch-${b.status}`} /></td>
                <td>{canDownload && b.status !== 'OPEN' ? <button type="button" class="link" aria-label={t('payments.downloadOf', { name: b.fileName })} onClick={() => download(b)}>{b.fileName}</button> : <span class="muted">{b.fileName}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager page={pages.page} hasPrevious={pages.hasPrevious} next={batches.data?.cursor ?? null} onPrevious={pages.previous} onNext={pages.next} />
      </section>
      {jurisdictionsAs(session, 'officer').length > 0 || isAuditor(session) ? <Exceptions jurisdiction={jurisdiction} canResolve={isOfficer} /> : null}
    </Layout>
  );
}
