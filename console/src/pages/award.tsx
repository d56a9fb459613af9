/**
 * One award: the fact as received, the rule with its policy version and Chinese citation, the computation, approvals
 * and comments, the amount (set here by an officer when the rule names none), its notice period, hold and objections
 * (an officer holds it, releases it, decides an objection), the payment and the bank's answer, its ledger entries, and
 * a timeline of all of it.
 */

/** The statuses an officer may hold an award in (shared/domain/controls.ts HOLDABLE): any before money leaves. */
const HOLDABLE: ReadonlySet<string> = new Set(['AMOUNT_REQUIRED', 'AWAITING_BUDGET', 'PENDING_APPROVAL', 'IN_PUBLICITY', 'APPROVED']);
import { useState } from 'preact/hooks';
import { get } from '../api';
import { loadPolicies } from '../catalog';
import { DecisionDialog, type DecisionResult, DecisionResults } from '../decisions';
import { useLoad } from '../hooks';
import { label, t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import { jurisdictionsAs } from '../session';
import type { Award } from '../types';
import { Copyable, ErrorBox, Facts, Loading, Money, StatusTag, When } from '../ui';
import { formatCstDate, recipientNumber } from '../format';
import { AmountForm, LedgerTable, PaymentFacts, RetryPayment } from './award-parts';
import { HoldCard, ManualHold } from './award-hold';
import { ObjectionsCard } from './award-objections';
import { Timeline } from './award-timeline';
import { AwardRecord } from './award-record';
import { ApprovalsCell } from './queue-filters';

export function AwardPage({ config, session, route, awardId }: PageProps & { awardId: string }) {
  const award = useLoad(() => get<Award>(`/awards/${encodeURIComponent(awardId)}`), [awardId]);
  const policies = useLoad(loadPolicies, []);
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const [results, setResults] = useState<DecisionResult[]>([]);
  const a = award.data;
  const policy = policies.data?.find((p) => p.id === a?.policyId);
  const isOfficer = a !== null && jurisdictionsAs(session, 'officer').includes(a.jurisdiction);
  return (
    <Layout config={config} session={session} current="/queue" title={a === null ? t('award.title') : `${t('award.title')}：${a.recipient.name}`}>
      <p><a href={`#/queue?${route.params.get('back') ?? ''}`}>← {t('award.back')}</a> · <a href={`#/evidence/${encodeURIComponent(awardId)}`}>{t('nav.evidence')}</a></p>
      <ErrorBox error={award.error} />
      {a === null ? (award.loading ? <Loading /> : null) : (
        <>
          <DecisionResults results={results} />
          <section aria-labelledby="summary" class="card">
            <h2 id="summary">{t('award.summary')}</h2>
            <Facts rows={[
              [t('award.status'), <><StatusTag status={a.status} />{a.blockedBy === 'PAYEE_REQUIRED' ? <span class="warn small"> {t('award.payeeRequired')}</span> : null}</>],
              [t('award.amount'), <Money fen={a.amountFen} />],
              [t('award.recipient'), <>{a.recipient.name} <span class="muted">{label('kind', a.recipient.kind)} {recipientNumber(a.recipient)}</span></>],
              [t('jurisdiction'), `${label('j', a.jurisdiction)}（${a.jurisdiction}）`],
              [t('award.fiscalYear'), String(a.fiscalYear)],
              ...(a.publicity ? [[t('award.publicity'), t('publicity.periodText', { from: formatCstDate(a.publicity.from), until: formatCstDate(a.publicity.until) })] as const] : []),
              [t('award.approvals'), <ApprovalsCell award={a} />],
              [t('award.id'), <Copyable text={a.awardId} what={t('award.id')} />],
              [t('award.createdAt'), <When iso={a.createdAt} />],
            ]} />
            <div class="actions">
              {a.status === 'PENDING_APPROVAL' && jurisdictionsAs(session, 'approver').includes(a.jurisdiction) ? (
                <>
                  <button type="button" class="primary" onClick={() => setDeciding('approve')}>{t('award.approve')}</button>
                  <button type="button" class="danger" onClick={() => setDeciding('reject')}>{t('award.reject')}</button>
                </>
              ) : null}
              {isOfficer && HOLDABLE.has(a.status) && !a.disputed ? <ManualHold award={a} onDone={award.reload} /> : null}
            </div>
          </section>
          {a.status === 'AMOUNT_REQUIRED' && jurisdictionsAs(session, 'officer').includes(a.jurisdiction) ? <AmountForm award={a} onSet={award.reload} /> : null}
          {a.disputed ? <div class="alert error" role="alert">{t('award.disputed', { id: a.disputed.exceptionId })}</div> : null}
          {a.status === 'PAYMENT_FAILED' && !a.disputed && jurisdictionsAs(session, 'officer').includes(a.jurisdiction) ? <RetryPayment award={a} onDone={award.reload} /> : null}
          <HoldCard award={a} session={session} canRelease={isOfficer} onDone={award.reload} />
          <ObjectionsCard award={a} session={session} onDone={award.reload} />
          <AwardRecord award={a} policy={policy} />
          <PaymentFacts award={a} session={session} />
          <LedgerTable entries={a.ledger ?? []} />
          <Timeline award={a} />
          {deciding === null ? null : (
            <DecisionDialog awards={[a]} decision={deciding} onClose={() => setDeciding(null)} onDone={(r) => {
              setDeciding(null);
              setResults(r);
              award.reload();
            }} />
          )}
        </>
      )}
    </Layout>
  );
}
