/**
 * The auditor's ledger: entries in sequence order, paged, exported as CSV page by page (no request reads more than
 * a page), and verification of every chain driven step by step to the end with its progress shown.
 */
import { useState } from 'preact/hooks';
import { get } from '../api';
import { useCsvExport } from '../csv-export';
import { recipientFilter } from '../format';
import { useCursorPages, useLoad } from '../hooks';
import { label, t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import { navigate } from '../router';
import { JURISDICTIONS } from '../session';
import type { LedgerEntry, Page } from '../types';
import { ErrorBox, Field, Loading, Money, Notice, Pager, When } from '../ui';
import { postings } from './award-parts';
import { DigestVerification } from './digest-verification';
import { Verification } from './verification';

const FIELDS = ['jurisdiction', 'from', 'to', 'recipient'] as const;

function ledgerQuery(params: URLSearchParams) {
  const recipient = params.get('recipient')?.trim() ?? '';
  return {
    jurisdiction: params.get('jurisdiction') || undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
    ...recipientFilter(recipient),
  };
}

export function Ledger({ config, session, route }: PageProps) {
  const query = ledgerQuery(route.params);
  const key = JSON.stringify(query);
  const pages = useCursorPages(key);
  const list = useLoad(() => get<Page<LedgerEntry>>('/ledger', { ...query, limit: 50, cursor: pages.cursor }), [key, pages.cursor]);
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(FIELDS.map((f) => [f, route.params.get(f) ?? ''])));
  const { exporting, error, exportCsv } = useCsvExport({
    path: '/ledger', query: { ...query, limit: 1000 }, fileName: `ledger-${query.jurisdiction ?? 'all'}.csv`, truncated: (n) => t('ledger.truncated', { n }),
  });
  const set = (name: string) => (e: { currentTarget: { value: string } }) => setValues((v) => ({ ...v, [name]: e.currentTarget.value }));
  return (
    <Layout config={config} session={session} current="/ledger" title={t('ledger.title')}>
      <Verification jurisdiction={query.jurisdiction} />
      <DigestVerification />
      <form class="filters" role="search" aria-label={t('filters')} onSubmit={(e) => {
        e.preventDefault();
        navigate('/ledger', values);
      }}>
        <Field label={t('jurisdiction')}>
          <select name="jurisdiction" value={values.jurisdiction} onChange={set('jurisdiction')}>
            <option value="">{t('all')}</option>
            {JURISDICTIONS.map((j) => <option key={j} value={j}>{label('j', j)}</option>)}
          </select>
        </Field>
        <Field label={t('ledger.from')}><input type="date" name="from" value={values.from} onInput={set('from')} /></Field>
        <Field label={t('ledger.to')}><input type="date" name="to" value={values.to} onInput={set('to')} /></Field>
        <Field label={t('filters.recipient')}><input name="recipient" value={values.recipient} onInput={set('recipient')} /></Field>
        <div class="actions">
          <button type="submit" class="primary">{t('filters.apply')}</button>
          <button type="button" onClick={() => void exportCsv()}>{t('ledger.export')}</button>
        </div>
      </form>
      {exporting === null ? null : <Notice>{exporting.done ? t('ledger.exported', { n: exporting.pages }) : t('ledger.exporting', { n: exporting.pages })}</Notice>}
      <ErrorBox error={error ?? list.error} />
      {list.loading && list.data === null ? <Loading /> : null}
      <table class="list">
        <thead>
          <tr>
            <th scope="col">{t('jurisdiction')}</th><th scope="col">{t('ledger.seq')}</th><th scope="col">{t('ledger.at')}</th><th scope="col">{t('ledger.type')}</th>
            <th scope="col" class="num">{t('award.amount')}</th><th scope="col">{t('ledger.postings')}</th><th scope="col">{t('award.id')}</th><th scope="col">{t('ledger.actor')}</th><th scope="col">{t('ledger.hash')}</th>
          </tr>
        </thead>
        <tbody>
          {(list.data?.items ?? []).map((e) => (
            <tr key={`${e.jurisdiction}-${e.seq}`}>
              <td>{label('j', e.jurisdiction)}</td><td>{e.seq}</td><td><When iso={e.at} /></td><td>{label('entry', e.type)}</td><td class="num"><Money fen={e.amountFen} /></td>
              <td class="small">{postings(e)}</td>
              <td class="small">{e.awardId === null ? '—' : <a href={`#/awards/${encodeURIComponent(e.awardId)}`}><code>{e.awardId.slice(0, 12)}…</code></a>}</td>
              <td>{e.actor}</td><td><code class="hash" title={e.hash}>{e.hash.slice(0, 12)}…</code></td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={pages.page} hasPrevious={pages.hasPrevious} next={list.data?.cursor ?? null} onPrevious={pages.previous} onNext={pages.next} />
    </Layout>
  );
}
