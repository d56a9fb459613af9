/** The policy catalog in force: each document, its versions and windows, and each rule with its Chinese sentence. */
import { get } from '../api';
import { formatYuan } from '../format';
import { useLoad } from '../hooks';
import { label, lang, t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import type { Catalog, Coverage, Rule } from '../types';
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

/** Each jurisdiction's coverage: the region codes it pays, and the ones it does not although they share its prefix. */
function CoverageTable({ coverage }: { coverage: readonly Coverage[] }) {
  const codes = (list: readonly string[]) => list.map((c) => c.padEnd(6, 'x')).join('、');
  return (
    <section class="card" aria-labelledby="coverage">
      <h2 id="coverage">{t('policies.coverage')}</h2>
      <table class="list">
        <thead><tr><th scope="col">{t('jurisdiction')}</th><th scope="col">{t('policies.covers')}</th><th scope="col">{t('policies.except')}</th><th scope="col">{t('policies.basis')}</th></tr></thead>
        <tbody>
          {coverage.map((c) => (
            <tr key={c.jurisdiction} data-jurisdiction={c.jurisdiction}>
              <td>{label('j', c.jurisdiction)}（{c.jurisdiction}）</td><td><code>{codes(c.prefixes)}</code></td>
              <td>{c.except.length === 0 ? '—' : <code>{codes(c.except)}</code>}</td><td lang="zh-CN">{c.basis}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A rule's conditions, as the engine tests them: `stage: named`, `recipient.kind: organization`, … */
function Conditions({ rule, off }: { rule: Rule; off: boolean }) {
  return (
    <div class="muted small conditions">
      {rule.when.map((w) => <div key={w.path}><code>{w.path}</code>: {w.oneOf.join(' / ')}</div>)}
      {rule.oneLeadPerProject ? <div>{t('policies.oneLead')}</div> : null}
      {rule.oncePerFact ? <div>{t('policies.oncePerFact')}</div> : null}
      {off ? <div><strong>{t('policies.off')}</strong></div> : null}
    </div>
  );
}

export function Policies({ config, session }: PageProps) {
  const policies = useLoad(() => get<Catalog>('/policies'), []);
  const off = new Set(policies.data?.rulesOff ?? []);
  return (
    <Layout config={config} session={session} current="/policies" title={t('policies.title')}>
      <ErrorBox error={policies.error} />
      {policies.loading ? <Loading /> : null}
      {policies.data === null ? null : <CoverageTable coverage={policies.data.coverage} />}
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
                      <td class="small" lang="en">{r.summary}<div class="muted"><code>{r.detailType}</code></div><Conditions rule={r} off={off.has(r.id)} /></td>
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
