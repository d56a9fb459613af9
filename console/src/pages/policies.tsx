/** The policy catalog in force: each document, its versions and windows, and each rule with its Chinese sentence. */
import { get } from '../api';
import { formatYuan } from '../format';
import { useLoad } from '../hooks';
import { label, lang, t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import type { Policy, Rule } from '../types';
import { ErrorBox, Loading } from '../ui';

function amountOf(rule: Rule): string {
  const a = rule.amount;
  switch (a.kind) {
    case 'fixed': return formatYuan(a.amountFen);
    case 'tiered': return Object.entries(a.tiersFen).map(([k, v]) => `${k}: ${formatYuan(v)}`).join('；');
    case 'percentage': return t('policy.percentage', { pct: (a.basisPoints / 100).toFixed(2), path: a.path, cap: formatYuan(a.capFen) });
    case 'granted': return t('policy.granted', { path: a.path, cap: formatYuan(a.capFen) });
    case 'per-regulation': return t('policy.perRegulation');
    default: return a satisfies never;
  }
}

export function Policies({ config, session }: PageProps) {
  const policies = useLoad(() => get<{ policies: Policy[] }>('/policies'), []);
  return (
    <Layout config={config} session={session} current="/policies" title={t('policies.title')}>
      <ErrorBox error={policies.error} />
      {policies.loading ? <Loading /> : null}
      {(policies.data?.policies ?? []).map((p) => (
        <section class="card" key={p.id} aria-labelledby={`p-${p.id}`}>
          <h2 id={`p-${p.id}`} lang="zh-CN">{p.title}</h2>
          <p class="muted">{lang === 'en' ? p.titleEn : null} {p.issuer} {p.documentNumber ?? ''} · {label('j', p.jurisdiction)}（{p.jurisdiction}）· <code>{p.id}</code></p>
          {p.versions.map((v) => (
            <div key={v.version}>
              <h3>{t('policy.version', { v: v.version, from: v.effectiveFrom, to: v.effectiveTo ?? t('policy.open') })}</h3>
              <table class="list">
                <thead><tr><th scope="col">{t('award.clause')}</th><th scope="col">{t('award.citation')}</th><th scope="col">{t('policy.amount')}</th><th scope="col">{t('policy.pays')}</th></tr></thead>
                <tbody>
                  {v.rules.map((r) => (
                    <tr key={r.id}>
                      <td>{r.clause}<div class="muted small"><code>{r.id}</code></div></td>
                      <td lang="zh-CN" class="citation">{r.citation}{r.reading ? <div class="muted small" lang="en">{t('award.reading')}：{r.reading}</div> : null}</td>
                      <td class="num">{amountOf(r)}</td>
                      <td class="small" lang="en">{r.summary}<div class="muted"><code>{r.detailType}</code></div></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </section>
      ))}
    </Layout>
  );
}
