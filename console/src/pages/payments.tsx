/**
 * Payments: the jurisdiction's batches with their ISO 20022 files, a payment run on demand, bank files in, and the
 * reconciliation exceptions with their resolution.
 */
import { useState } from 'preact/hooks';
import { get, post, postXml } from '../api';
import { formatYuan } from '../format';
import { useCursorPages, useLoad } from '../hooks';
import { label, t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import { navigate } from '../router';
import { JURISDICTIONS, type Session, isAuditor, jurisdictionsAs } from '../session';
import type { BankFileQueued, BankFileSummary, Batch, Page, PaymentRun } from '../types';
import { ErrorBox, Field, Notice } from '../ui';
import { decodeBankFile } from '../../../shared/adapters/text-files';
import { BatchesTable } from './batches';
import { Exceptions } from './exceptions';

function payJurisdictions(session: Session): string[] {
  if (isAuditor(session)) return [...JURISDICTIONS];
  return JURISDICTIONS.filter((j) => session.groups.includes(`officer:${j}`) || session.groups.includes(`approver:${j}`));
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
    const answer = await post<PaymentRun>('/payment-batches', { jurisdiction });
    const sent = answer.batches.reduce((n, b) => n + b.count, 0);
    const total = answer.batches.reduce((n, b) => n + b.totalFen, 0);
    return answer.batch === null ? t('payments.nothing', { blocked: answer.blockedByPayee, unpayable: answer.unpayable.length })
      : t('payments.sent', { n: sent, total: formatYuan(total), batches: answer.batches.length, blocked: answer.blockedByPayee });
  });
  const importFile = (file: File) => act(async () => {
    // Decoded by its byte-order mark (a bank's tool may write UTF-16), as the CLI and bank-inbound read it.
    const r = await postXml<BankFileSummary | BankFileQueued>('/bank-files', decodeBankFile(new Uint8Array(await file.arrayBuffer())));
    return r.repeated ? t('bank.repeated', { id: r.messageId }) : t('bank.imported', { id: r.messageId, matched: r.matched, returned: r.returned, exceptions: r.exceptions });
  });
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
      <BatchesTable batches={batches} pages={pages} canDownload={canDownload} onError={setError} />
      {jurisdictionsAs(session, 'officer').length > 0 || isAuditor(session) ? <Exceptions jurisdiction={jurisdiction} canResolve={isOfficer} /> : null}
    </Layout>
  );
}
