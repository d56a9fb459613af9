/**
 * Payee accounts under dual control: an officer proposes the account a recipient is paid to, another officer of the
 * same jurisdiction confirms it by the proposal's id, having seen the whole proposal beside the account confirmed now
 * with every difference marked (a proposal replaced meanwhile is refused), and the history of changes is kept.
 * Awards held for want of a payee are listed to work from.
 */
import { useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import { useLoad } from '../hooks';
import { label, t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import { navigate } from '../router';
import { JURISDICTIONS, type Session, isAuditor, jurisdictionsAs } from '../session';
import type { Award, Page, Payee } from '../types';
import { Dialog, ErrorBox, Facts, Field, Loading, Notice, When } from '../ui';
import { ProposeForm } from './payee-form';
import { recipientNumber } from '../format';

function payeeJurisdictions(session: Session): string[] {
  if (isAuditor(session)) return [...JURISDICTIONS];
  return JURISDICTIONS.filter((j) => session.groups.includes(`officer:${j}`) || session.groups.includes(`approver:${j}`));
}

export function Payees({ config, session, route }: PageProps) {
  const mine = payeeJurisdictions(session);
  const jurisdiction = route.params.get('jurisdiction') ?? mine[0] ?? '';
  const recipient = route.params.get('recipient') ?? '';
  const [j, setJ] = useState(jurisdiction);
  const [r, setR] = useState(recipient);
  const path = `/payees/${jurisdiction}/${encodeURIComponent(recipient)}`;
  const payee = useLoad(() => (recipient === '' ? Promise.resolve(null) : get<Payee>(path)), [path]);
  const isOfficer = jurisdictionsAs(session, 'officer').includes(jurisdiction);
  const missing = payee.error instanceof ApiError && payee.error.status === 404;
  return (
    <Layout config={config} session={session} current="/payees" title={t('payee.title')}>
      <form class="filters" role="search" aria-label={t('payee.lookup')} onSubmit={(e) => {
        e.preventDefault();
        navigate('/payees', { jurisdiction: j, recipient: r.trim().toUpperCase() });
      }}>
        <Field label={t('jurisdiction')}>
          <select name="jurisdiction" value={j} onChange={(e) => setJ(e.currentTarget.value)}>
            {mine.map((x) => <option key={x} value={x}>{label('j', x)}</option>)}
          </select>
        </Field>
        <Field label={t('payee.recipient')}><input name="recipient" required value={r} onInput={(e) => setR(e.currentTarget.value)} /></Field>
        <div class="actions"><button type="submit" class="primary">{t('payee.find')}</button></div>
      </form>
      {recipient === '' ? null : (
        <section class="card" aria-labelledby="payee">
          <h2 id="payee">{t('payee.of', { recipient, j: label('j', jurisdiction) })}</h2>
          {missing ? <p>{t('payee.none')}</p> : <ErrorBox error={payee.error} />}
          {payee.loading ? <Loading /> : null}
          {payee.data === null ? null : <PayeeView payee={payee.data} canConfirm={isOfficer} path={path} onChange={payee.reload} />}
          {isOfficer ? <ProposeForm path={path} onProposed={payee.reload} /> : null}
        </section>
      )}
      {mine.filter((x) => jurisdictionsAs(session, 'officer').includes(x) || jurisdictionsAs(session, 'approver').includes(x) || isAuditor(session)).map((x) => (
        <BlockedAwards key={x} jurisdiction={x} />
      ))}
    </Layout>
  );
}

type Proposal = NonNullable<Payee['pending']>;
type Confirmed = NonNullable<Payee['confirmed']>;

/** The four fields a bank pays by: what a confirmation binds, all of them (issue 19, finding 1). */
const FIELDS = ['accountName', 'accountNumber', 'bankCode', 'bankName'] as const;

/**
 * The pending proposal beside the account confirmed now, field by field, each difference marked in words (not only in
 * colour): what the second officer reviews before confirming this proposal, by its id.
 */
function Comparison({ confirmed, pending }: { confirmed: Confirmed | null; pending: Proposal }) {
  return (
    <table class="list compare">
      <caption>{t('payee.compare')}</caption>
      <thead><tr><th scope="col">{t('payee.field')}</th><th scope="col">{t('payee.confirmed')}</th><th scope="col">{t('payee.pending')}</th><th scope="col">{t('payee.difference')}</th></tr></thead>
      <tbody>
        {FIELDS.map((f) => {
          const changed = confirmed === null || confirmed[f] !== pending[f];
          return (
            <tr key={f} class={changed ? 'changed' : undefined} data-field={f}>
              <th scope="row">{t(`payee.${f}`)}</th>
              <td>{confirmed === null ? <span class="muted">—</span> : <code>{confirmed[f]}</code>}</td>
              <td>{changed ? <mark><code>{pending[f]}</code></mark> : <code>{pending[f]}</code>}</td>
              <td>{confirmed === null ? t('payee.new') : changed ? <strong>{t('payee.changed')}</strong> : t('payee.same')}</td>
            </tr>
          );
        })}
        <tr><th scope="row">{t('payee.proposedBy')}</th><td>{confirmed === null ? '—' : confirmed.proposedBy}</td><td>{pending.proposedBy} · <When iso={pending.proposedAt} /></td><td /></tr>
        <tr><th scope="row">{t('payee.proposal')}</th><td>{confirmed === null ? '—' : <code>{confirmed.proposalId}</code>}</td><td><code class="proposal-id">{pending.proposalId}</code></td><td /></tr>
      </tbody>
    </table>
  );
}

function PayeeView({ payee, canConfirm, path, onChange }: { payee: Payee; canConfirm: boolean; path: string; onChange: () => void }) {
  const [confirming, setConfirming] = useState<Proposal | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState(false);
  const { confirmed, pending } = payee;
  // The proposal shown is the one confirmed: its id goes with the confirmation, so a proposal replaced since is refused.
  const confirm = async (proposal: Proposal) => {
    setConfirming(null);
    try {
      await post(`${path}/confirm`, { proposalId: proposal.proposalId });
      setDone(true);
      onChange();
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <>
      {done ? <Notice>{t('payee.confirmedNotice')}</Notice> : null}
      <ErrorBox error={error} />
      <h3>{t('payee.confirmed')}</h3>
      {confirmed === null ? <p class="muted">{t('payee.noneConfirmed')}</p> : (
        <Facts rows={[
          [t('payee.accountName'), confirmed.accountName],
          [t('payee.accountNumber'), <code>{confirmed.accountNumber}</code>],
          [t('payee.bank'), `${confirmed.bankName}（${confirmed.bankCode}）`],
          [t('payee.dual'), t('payee.dualText', { proposer: confirmed.proposedBy, confirmer: confirmed.confirmedBy })],
          [t('payee.confirmedAt'), <When iso={confirmed.confirmedAt} />],
        ]} />
      )}
      {pending === null ? null : (
        <div class="pending">
          <h3>{t('payee.pending')}</h3>
          <Comparison confirmed={confirmed} pending={pending} />
          {canConfirm ? <button type="button" class="primary" onClick={() => setConfirming(pending)}>{t('payee.confirm')}</button> : null}
        </div>
      )}
      <h3>{t('payee.history')}</h3>
      <table class="list">
        <thead><tr><th scope="col">{t('ledger.at')}</th><th scope="col">{t('payee.change')}</th><th scope="col">{t('payee.accountName')}</th><th scope="col">{t('payee.accountNumber')}</th><th scope="col">{t('payee.bank')}</th><th scope="col">{t('ledger.actor')}</th><th scope="col">{t('payee.proposal')}</th></tr></thead>
        <tbody>
          {payee.history.map((h, n) => (
            <tr key={n}><td><When iso={h.at} /></td><td>{t(h.kind === 'PROPOSED' ? 'payee.proposed' : 'payee.confirmedKind')}</td><td>{h.account.accountName}</td><td><code>{h.account.accountNumber}</code></td><td>{h.account.bankName}（{h.account.bankCode}）</td><td>{h.by}</td><td><code>{h.proposalId}</code></td></tr>
          ))}
        </tbody>
      </table>
      {confirming === null ? null : (
        <Dialog title={t('payee.confirmTitle')} confirm={t('payee.confirm')} onConfirm={() => void confirm(confirming)} onClose={() => setConfirming(null)}>
          <p>{t('payee.confirmBody', { name: confirming.accountName, number: confirming.accountNumber, bank: `${confirming.bankName}（${confirming.bankCode}）`, proposer: confirming.proposedBy, id: confirming.proposalId })}</p>
        </Dialog>
      )}
    </>
  );
}

/** Approved awards held until their recipient has a confirmed account in the jurisdiction. */
function BlockedAwards({ jurisdiction }: { jurisdiction: string }) {
  const list = useLoad(() => get<Page<Award>>('/awards', { status: 'APPROVED', jurisdiction, limit: 50 }), [jurisdiction]);
  const blocked = (list.data?.items ?? []).filter((a) => a.blockedBy === 'PAYEE_REQUIRED');
  if (list.error !== null || blocked.length === 0) return null;
  return (
    <section class="card" aria-labelledby={`blocked-${jurisdiction}`}>
      <h2 id={`blocked-${jurisdiction}`}>{t('payee.blocked', { j: label('j', jurisdiction) })}</h2>
      <ul class="compact">
        {blocked.map((a) => (
          <li key={a.awardId}>
            <a href={`#/awards/${encodeURIComponent(a.awardId)}`}>{a.recipient.name}</a> {recipientNumber(a.recipient)}
            {'uscc' in a.recipient ? <> · <a href={`#/payees?jurisdiction=${jurisdiction}&recipient=${a.recipient.uscc}`}>{t('payee.set')}</a></> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
