/** What an award rests on: the fact as received, the rule and its Chinese citation, the computation, the decisions. */
import { formatYuan } from '../format';
import { t } from '../i18n';
import type { Award, Policy } from '../types';
import { Copyable, Facts, When } from '../ui';

export function AwardRecord({ award: a, policy }: { award: Award; policy: Policy | undefined }) {
  return (
    <>
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
    </>
  );
}
