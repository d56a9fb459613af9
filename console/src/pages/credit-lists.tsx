/**
 * The credit list (失信名单, CONTRACT §6) for officers and auditors: an officer imports entries (credit-import.tsx);
 * anyone here looks a recipient's entries up by credit code or identity number, and reads the recipients on the list
 * a page at a time. A person is shown by the identity number masked, as the API answers.
 */
import { useState } from 'preact/hooks';
import { get } from '../api';
import { looksLikeIdNumber } from '../format';
import { useCursorPages, useLoad } from '../hooks';
import { t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import { JURISDICTIONS } from '../session';
import type { CreditEntry, CreditList, Page } from '../types';
import { ErrorBox, Field, Loading, Pager, When } from '../ui';
import { CreditImport } from './credit-import';

/** How the API is asked for a recipient: a credit code or identity number upper-cased, a keyed id as it is. */
const lookupKey = (text: string) => (/^P:/i.test(text.trim()) ? `P:${text.trim().slice(2).toLowerCase()}` : text.trim().toUpperCase());

export function CreditListsPage({ config, session, route }: PageProps) {
  const isOfficer = JURISDICTIONS.some((j) => session.groups.includes(`officer:${j}`));
  // The recipient looked up stays in the page, not the address: an identity number is kept out of the history.
  const [recipient, setRecipient] = useState(route.params.get('recipient') ?? '');
  const [typed, setTyped] = useState(recipient);
  const found = useLoad(() => (recipient === '' ? Promise.resolve(null) : get<Page<CreditList>>('/credit-lists', { recipientId: recipient })), [recipient]);
  const pages = useCursorPages('all');
  const all = useLoad(() => get<Page<CreditList>>('/credit-lists', { limit: 50, cursor: pages.cursor }), [pages.cursor]);
  const shown = looksLikeIdNumber(recipient) ? `${recipient.slice(0, 6)}********${recipient.slice(-4)}` : recipient;
  return (
    <Layout config={config} session={session} current="/credit-lists" title={t('credit.title')}>
      <p class="lead">{t('credit.lead')}</p>
      {isOfficer ? <CreditImport onImported={() => {
        all.reload();
        found.reload();
      }} /> : <p class="muted">{t('credit.officerOnly')}</p>}
      <section class="card" aria-labelledby="credit-lookup">
        <h2 id="credit-lookup">{t('credit.lookup')}</h2>
        <form class="inline" role="search" aria-label={t('credit.lookup')} onSubmit={(e) => {
          e.preventDefault();
          setRecipient(lookupKey(typed));
        }}>
          <Field label={t('credit.lookupField')}><input name="recipient" required size={28} value={typed} onInput={(e) => setTyped(e.currentTarget.value)} /></Field>
          <button type="submit" class="primary">{t('credit.find')}</button>
        </form>
        {recipient === '' ? null : (
          <>
            <h3>{t('credit.of', { recipient: shown })}</h3>
            <ErrorBox error={found.error} />
            {found.loading ? <Loading /> : null}
            {found.data === null ? null : found.data.items.length === 0 ? <p>{t('credit.none', { recipient: shown })}</p>
              : <EntriesTable caption={t('credit.of', { recipient: shown })} entries={found.data.items.flatMap((l) => l.entries)} />}
          </>
        )}
      </section>
      <section class="card" aria-labelledby="credit-all">
        <h2 id="credit-all">{t('credit.recent')}</h2>
        <ErrorBox error={all.error} />
        {all.data === null ? (all.loading ? <Loading /> : null) : (
          <>
            <EntriesTable caption={t('credit.recentCaption')} entries={all.data.items.flatMap((l) => l.entries)} />
            <Pager page={pages.page} hasPrevious={pages.hasPrevious} next={all.data.cursor} onPrevious={pages.previous} onNext={pages.next} />
          </>
        )}
      </section>
    </Layout>
  );
}

function EntriesTable({ caption, entries }: { caption: string; entries: readonly CreditEntry[] }) {
  return (
    <table class="list">
      <caption class="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('award.recipient')}</th><th scope="col">{t('credit.listName')}</th><th scope="col">{t('credit.period')}</th>
          <th scope="col">{t('credit.importedBy')}</th><th scope="col">{t('credit.importedAt')}</th><th scope="col">{t('credit.entryId')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.length === 0 ? <tr><td colSpan={6} class="empty">{t('credit.empty')}</td></tr> : null}
        {entries.map((e) => (
          <tr key={e.entryId}>
            <td>{e.shownId}</td>
            <td>{e.listName}</td>
            <td class="nowrap">{e.to === null ? t('credit.openPeriod', { from: e.from }) : t('publicity.periodText', { from: e.from, until: e.to })}</td>
            <td>{e.importedBy}</td>
            <td><When iso={e.importedAt} /></td>
            <td><code>{e.entryId}</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
