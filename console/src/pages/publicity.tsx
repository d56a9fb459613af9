/**
 * The public notice (公示, CONTRACT §6) of a jurisdiction, as its website posts it: the awards approved and on notice,
 * a person's name masked and no identity number, each with its basis, matter, amount and notice period; where and how
 * to object; the same list as CSV and xlsx to post. An officer of the jurisdiction records a written objection from
 * a row, which holds the award until another officer decides it.
 */
import { useState } from 'preact/hooks';
import { fetchBlob, get, saveBlob } from '../api';
import { useLoad } from '../hooks';
import { label, t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import { navigate } from '../router';
import { JURISDICTIONS, jurisdictionsAs, readableJurisdictions } from '../session';
import type { Notice, NoticeItem } from '../types';
import { ErrorBox, Field, Loading, Money } from '../ui';
import { ObjectionDialog } from './objection-dialog';

export function PublicityPage({ config, session, route }: PageProps) {
  const jurisdiction = route.params.get('jurisdiction') ?? readableJurisdictions(session)[0] ?? JURISDICTIONS[0];
  const notice = useLoad(() => get<Notice>('/publicity', { jurisdiction, format: 'json' }), [jurisdiction]);
  const [objecting, setObjecting] = useState<NoticeItem | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const canObject = jurisdictionsAs(session, 'officer').includes(jurisdiction);
  const canOpen = readableJurisdictions(session).includes(jurisdiction);
  const download = async (format: 'csv' | 'xlsx') => {
    setError(null);
    try {
      const file = await fetchBlob('/publicity', { jurisdiction, format });
      saveBlob(file.blob, file.fileName ?? `publicity-${jurisdiction}.${format}`);
    } catch (e) {
      setError(e as Error);
    }
  };
  const n = notice.data;
  return (
    <Layout config={config} session={session} current="/publicity" title={t('publicity.title')}>
      <form class="filters" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('jurisdiction')}>
          <select name="jurisdiction" value={jurisdiction} onChange={(e) => navigate('/publicity', { jurisdiction: e.currentTarget.value })}>
            {JURISDICTIONS.map((j) => <option key={j} value={j}>{label('j', j)}</option>)}
          </select>
        </Field>
        <div class="actions">
          <button type="button" onClick={() => void download('csv')}>{t('publicity.csv')}</button>
          <button type="button" onClick={() => void download('xlsx')}>{t('publicity.xlsx')}</button>
        </div>
      </form>
      <ErrorBox error={error ?? notice.error} />
      {n === null ? (notice.loading ? <Loading /> : null) : (
        <>
          <p class="lead">{n.publicityWorkingDays === 0 ? t('publicity.off', { j: label('j', jurisdiction) }) : t('publicity.lead', { days: n.publicityWorkingDays })}</p>
          <NoticeTable notice={n} canObject={canObject} canOpen={canOpen} onObject={setObjecting} />
          <section class="card" aria-labelledby="objections-to">
            <h2 id="objections-to">{t('publicity.objectionsTo')}</h2>
            <p lang="zh-CN">{n.objectionsTo}</p>
          </section>
        </>
      )}
      {objecting === null ? null : (
        <ObjectionDialog item={objecting} onClose={(recorded) => {
          setObjecting(null);
          if (recorded) notice.reload();
        }} />
      )}
    </Layout>
  );
}

interface TableProps {
  readonly notice: Notice;
  readonly canObject: boolean;
  readonly canOpen: boolean;
  readonly onObject: (item: NoticeItem) => void;
}

function NoticeTable({ notice, canObject, canOpen, onObject }: TableProps) {
  const columns = canObject ? 9 : 8;
  return (
    <table class="list notice">
      <caption>{t('publicity.caption', { j: label('j', notice.jurisdiction), n: notice.items.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('publicity.seq')}</th>
          <th scope="col">{t('publicity.name')}</th>
          <th scope="col">{t('publicity.uscc')}</th>
          <th scope="col">{t('publicity.basis')}</th>
          <th scope="col">{t('publicity.reference')}</th>
          <th scope="col" class="num">{t('publicity.amount')}</th>
          <th scope="col">{t('publicity.period')}</th>
          <th scope="col">{t('publicity.state')}</th>
          {canObject ? <th scope="col">{t('publicity.actions')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {notice.items.length === 0 ? <tr><td colSpan={columns} class="empty">{t('publicity.empty')}</td></tr> : null}
        {notice.items.map((item, i) => (
          <tr key={item.awardId} data-award={item.awardId}>
            <td>{i + 1}</td>
            <td>{canOpen ? <a href={`#/awards/${encodeURIComponent(item.awardId)}`}>{item.recipientName}</a> : item.recipientName}</td>
            <td>{item.uscc === null ? <span class="muted small">{t('publicity.person')}</span> : <span class="nowrap">{item.uscc}</span>}</td>
            <td>{item.policy}<div class="muted small">{item.clause}</div></td>
            <td>{item.reference}</td>
            <td class="num"><Money fen={item.amountFen} /></td>
            <td class="nowrap">{t('publicity.periodText', { from: item.fromDate, until: item.untilDate })}</td>
            <td><span class={`tag ${item.state === 'OBJECTION' ? 's-on_hold' : 's-in_publicity'}`}>{t(item.state === 'OBJECTION' ? 'publicity.OBJECTION' : 'publicity.IN_PUBLICITY')}</span></td>
            {canObject ? (
              <td><button type="button" aria-label={t('publicity.objectFor', { name: item.recipientName })} onClick={() => onObject(item)}>{t('publicity.object')}</button></td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
