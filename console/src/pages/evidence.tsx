/**
 * The evidence pack of one award (issue 14), as a printable document: everything that justifies its payment, from the
 * event received to the bank's answer, with each ledger entry checked against the signed digest that covers it. The
 * API masks identity and account numbers for everyone here; the print stylesheet leaves out navigation and buttons.
 */
import { get } from '../api';
import { formatCst, formatYuan, recipientNumber } from '../format';
import { useLoad } from '../hooks';
import { label, t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import { ErrorBox, Facts, Loading, Money, StatusTag, When } from '../ui';
import { EventSection, LedgerSection, PayeeSection, RuleSections } from './evidence-parts';
import type { EvidencePack } from './evidence-types';

function AwardSection({ pack }: { pack: EvidencePack }) {
  const a = pack.award;
  return (
    <section aria-labelledby="ev-award" class="card">
      <h2 id="ev-award">{t('evidence.award')}</h2>
      <Facts rows={[
        [t('award.id'), <code class="wrap">{a.awardId}</code>],
        [t('award.status'), <StatusTag status={a.status} />],
        [t('award.amount'), <Money fen={a.amountFen} />],
        [t('award.recipient'), <>{a.recipient.name} <span class="muted">{label('kind', a.recipient.kind)} {recipientNumber(a.recipient)}</span></>],
        [t('jurisdiction'), `${label('j', a.jurisdiction)}（${a.jurisdiction}）`],
        [t('award.fiscalYear'), String(a.fiscalYear)],
        [t('payment.repaid'), <Money fen={a.repaidFen} />],
        ...(a.revokedBy === null ? [] : [[t('payment.revoked'), a.revokedBy.reason] as const]),
        [t('evidence.generated'), <When iso={pack.generatedAt} />],
        [t('evidence.requestedBy'), pack.requestedBy],
      ]} />
    </section>
  );
}

function PaymentSection({ pack }: { pack: EvidencePack }) {
  const { batch, entry, file, bankAnswer: answer, notes } = pack.payment;
  const tx = file?.transaction ?? null;
  return (
    <section aria-labelledby="ev-payment" class="card">
      <h2 id="ev-payment">{t('evidence.payment')}</h2>
      <Facts rows={[
        [t('payment.batch'), batch === null ? (pack.payment.batchId ?? t('payment.none')) : (
          <><code class="wrap">{batch.batchId}</code> <span class="muted">{t('evidence.batchText', {
            status: label('status', `batch-${batch.status}`), count: batch.count, total: formatYuan(batch.totalFen), by: batch.createdBy, at: formatCst(batch.createdAt),
          })}</span></>
        )],
        ...(entry === null ? [] : [
          [t('evidence.entry'), <Money fen={entry.amountFen} />] as const,
          [t('evidence.creditor'), <>{entry.creditor.name}，{entry.creditor.bankName} <code>{entry.creditor.accountNumber}</code></>] as const,
          [t('evidence.remittance'), entry.remittance] as const,
        ]),
        [t('evidence.file'), file === null ? t('evidence.fileMissing') : (
          <><code class="wrap">{file.fileName}</code> <span class="muted">{t('evidence.fileText', { bytes: file.bytes, message: file.messageId ?? '—', date: file.requestedExecutionDate ?? '—' })}</span></>
        )],
        ...(file === null ? [] : [['SHA-256', <code class="hash wrap">{file.sha256}</code>] as const]),
        [t('payment.answer'), answer === null ? t('payment.noAnswer') : `${label('outcome', answer.outcome)}${answer.reasonCode ? `（${answer.reasonCode} ${answer.reason ?? ''}）` : ''}`],
        [t('payment.message'), answer === null ? '—' : <code>{answer.messageId}</code>],
        [t('payment.answeredAt'), <When iso={answer?.at} />],
      ]} />
      {tx === null ? null : (
        <>
          <h3>{t('evidence.transaction')} <span class={file?.agreesWithBatch ? 'verdict ok' : 'verdict bad'}>{t(file?.agreesWithBatch ? 'evidence.agrees' : 'evidence.disagrees')}</span></h3>
          <pre class="xml" tabIndex={0} aria-label={t('evidence.transaction')}>{tx.xml}</pre>
        </>
      )}
      {notes.length === 0 ? null : (
        <>
          <h3>{t('evidence.notes')}</h3>
          <ul class="compact" lang="en">{notes.map((n) => <li key={n}>{n}</li>)}</ul>
        </>
      )}
    </section>
  );
}

export function EvidencePage({ config, session, awardId }: PageProps & { awardId: string }) {
  const loaded = useLoad(() => get<EvidencePack>(`/awards/${encodeURIComponent(awardId)}/evidence`), [awardId]);
  const pack = loaded.data;
  const title = pack === null ? t('evidence.title') : `${t('evidence.title')}：${pack.award.recipient.name}`;
  return (
    <Layout config={config} session={session} current="/queue" title={title}>
      <div class="actions no-print">
        <a href={`#/awards/${encodeURIComponent(awardId)}`}>← {t('evidence.back')}</a>
        <button type="button" class="primary" onClick={() => window.print()}>{t('evidence.print')}</button>
      </div>
      <ErrorBox error={loaded.error} />
      {pack === null ? (loaded.loading ? <Loading /> : null) : (
        <article class="evidence" aria-label={title}>
          <p class="lead">{t('evidence.lead')}</p>
          <AwardSection pack={pack} />
          <EventSection pack={pack} />
          <RuleSections pack={pack} />
          <PayeeSection pack={pack} />
          <LedgerSection pack={pack} />
          <PaymentSection pack={pack} />
        </article>
      )}
    </Layout>
  );
}
