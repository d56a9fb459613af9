/**
 * One award: the fact as received, the rule with its policy version and Chinese citation, the computation, approvals
 * and comments, the amount (set here by an officer when the rule names none), the payment and the bank's answer, its
 * ledger entries, and a timeline of all of it.
 */
import { useState } from 'preact/hooks';
import { get } from '../api';
import { loadPolicies } from '../catalog';
import { DecisionDialog, type DecisionResult, DecisionResults } from '../decisions';
import { formatYuan } from '../format';
import { useLoad } from '../hooks';
import { label, t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import { jurisdictionsAs } from '../session';
import type { Award } from '../types';
import { Copyable, ErrorBox, Facts, Loading, Money, StatusTag, When } from '../ui';
import { AmountForm, LedgerTable, PaymentFacts, RetryPayment, Timeline } from './award-parts';
import { ApprovalsCell } from './queue-filters';

export function AwardPage({ config, session, route, awardId }: PageProps & { awardId: string }) {
  const award = useLoad(() => get<Award>(`/awards/${encodeURIComponent(awardId)}`), [awardId]);
  const policies = useLoad(loadPolicies, []);
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const [results, setResults] = useState<DecisionResult[]>([]);
  const a = award.data;
  const policy = policies.data?.find((p) => p.id === a?.policyId);
  return (
    <Layout config={config} session={session} current="/queue" title={a === null ? t('award.title') : `${t('award.title')}：${a.recipient.name}`}>
      <p><a href={`#/queue?${route.params.get('back') ?? ''}`}>← {t('award.back')}</a></p>
      <ErrorBox error={award.error} />
      {a === null ? (award.loading ? <Loading /> : null) : (
        <>
          <DecisionResults results={results} />
          <section aria-labelledby="summary" class="card">
            <h2 id="summary">{t('award.summary')}</h2>
            <Facts rows={[
              [t('award.status'), <><StatusTag status={a.status} />{a.blockedBy === 'PAYEE_REQUIRED' ? <span class="warn small"> {t('award.payeeRequired')}</span> : null}</>],
              [t('award.amount'), <Money fen={a.amountFen} />],
              [t('award.recipient'), <>{a.recipient.name} <span class="muted">{label('kind', a.recipient.kind)} {a.recipient.uscc ?? a.recipient.idNumber}</span></>],
              [t('jurisdiction'), `${label('j', a.jurisdiction)}（${a.jurisdiction}）`],
              [t('award.fiscalYear'), String(a.fiscalYear)],
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
            </div>
          </section>
          {a.status === 'AMOUNT_REQUIRED' && jurisdictionsAs(session, 'officer').includes(a.jurisdiction) ? <AmountForm award={a} onSet={award.reload} /> : null}
          {a.status === 'PAYMENT_FAILED' && jurisdictionsAs(session, 'officer').includes(a.jurisdiction) ? <RetryPayment award={a} onDone={award.reload} /> : null}
          <section aria-labelledby="fact" class="card">
            <h2 id="fact">{t('award.fact')}</h2>
            <Facts rows={[
              [t('award.detailType'), <code>{a.detailType}</code>],
              [t('award.reference'), a.reference],
              [t('award.occurredOn'), a.occurredOn],
              [t('award.source'), <code>{a.source}</code>],
              [t('award.eventId'), a.eventId === null ? '—' : <Copyable text={a.eventId} what={t('award.eventId')} />],
              [t('award.identity'), <code class="wrap">{a.identity}</code>],
            ]} />
          </section>
          <section aria-labelledby="rule" class="card">
            <h2 id="rule">{t('award.ruleTitle')}</h2>
            <Facts rows={[
              [t('policy'), <>{policy?.title ?? a.policyId} <span class="muted">{policy?.documentNumber ?? ''} · {t('award.version', { v: a.policyVersion })}</span></>],
              [t('award.clause'), `${a.clause}（${a.ruleId}）`],
              [t('award.citation'), <blockquote lang="zh-CN">{a.citation}</blockquote>],
              ...(a.reading === null ? [] : [[t('award.reading'), <span lang="en">{a.reading}</span>] as const]),
            ]} />
          </section>
          <section aria-labelledby="computation" class="card">
            <h2 id="computation">{t('award.computation')}</h2>
            <Facts rows={[
              [t('award.basis'), <span lang="en">{a.basis}</span>],
              [t('award.uncapped'), a.uncappedAmountFen === null ? t('award.noCap') : formatYuan(a.uncappedAmountFen)],
              [t('award.capApplied'), a.capApplied ? t('yes') : t('no')],
              [t('award.rounding'), t('award.roundingText')],
              [t('award.amountSetBy'), a.amountSetBy === null ? '—' : `${a.amountSetBy}：${a.amountBasis ?? ''}`],
            ]} />
          </section>
          <section aria-labelledby="approvals" class="card">
            <h2 id="approvals">{t('award.approvalsTitle')}</h2>
            {a.approvals.length === 0 ? <p class="muted">{t('award.noApprovals')}</p> : (
              <ol class="compact">
                {a.approvals.map((x) => <li key={`${x.by}${x.at}`}><When iso={x.at} /> {x.by} · {t(x.decision === 'approve' ? 'award.approved' : 'award.rejected')}{x.comment ? `：${x.comment}` : ''}</li>)}
              </ol>
            )}
          </section>
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
