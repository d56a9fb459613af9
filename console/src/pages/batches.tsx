/** The jurisdiction's payment batches, paged, each with its pain.001 file to download. */
import { fetchFile, saveText } from '../api';
import type { Loaded } from '../hooks';
import { t } from '../i18n';
import type { Batch, Page } from '../types';
import { Copyable, Loading, Money, Pager, StatusTag, When } from '../ui';

interface Pages {
  readonly page: number;
  readonly hasPrevious: boolean;
  previous(): void;
  next(cursor: string): void;
}

interface Props {
  readonly batches: Loaded<Page<Batch>>;
  readonly pages: Pages;
  readonly canDownload: boolean;
  readonly onError: (e: Error) => void;
}

export function BatchesTable({ batches, pages, canDownload, onError }: Props) {
  const download = (b: Batch) => {
    fetchFile(`/payment-batches/${encodeURIComponent(b.batchId)}/file`).then((f) => saveText(f.text, f.fileName ?? b.fileName, 'application/xml'), onError);
  };
  return (
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
  );
}
