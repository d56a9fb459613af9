/** The sections of the evidence pack's page: each a heading and a description list or table, readable on paper. */
import { formatCst, formatYuan } from '../format';
import { type Key, label, t } from '../i18n';
import { Facts, Money, When } from '../ui';
import type { EvidenceEntry, EvidencePack } from './evidence-types';

/** The API's English note about an event it did not keep, in the page's language. */
const NOT_KEPT = 'not kept (received before events were kept)';

/** The event's detail as JSON laid out for reading; a cut detail is shown as it is. */
function pretty(detail: string): string {
  try {
    return JSON.stringify(JSON.parse(detail), null, 2);
  } catch {
    return detail;
  }
}

export function EventSection({ pack }: { pack: EvidencePack }) {
  const { fact: f, event: e } = pack;
  return (
    <section aria-labelledby="ev-event" class="card">
      <h2 id="ev-event">{t('evidence.event')}</h2>
      <Facts rows={[
        [t('award.detailType'), <code>{f.detailType}</code>],
        [t('award.reference'), f.reference],
        [t('award.occurredOn'), f.occurredOn],
        [t('award.source'), <code>{f.source}</code>],
        [t('award.eventId'), f.eventId === null ? '—' : <code class="wrap">{f.eventId}</code>],
        ...(e === null ? [] : [[t('evidence.receivedAt'), <When iso={e.receivedAt} />] as const]),
      ]} />
      {e === null
        ? <p class="muted">{pack.eventNote === NOT_KEPT ? t('evidence.eventNotKept') : pack.eventNote}</p>
        : (
            <>
              <h3>{t('evidence.detail')}{e.truncated ? `（${t('evidence.truncated')}）` : ''}</h3>
              <pre class="event" tabIndex={0} aria-label={t('evidence.detail')}>{pretty(e.detail)}</pre>
            </>
          )}
    </section>
  );
}

function catalogVerdict(rule: EvidencePack['rule']): Key {
  if (!rule.inCatalog) return 'evidence.catalogMissing';
  return rule.citationAsInCatalog ? 'evidence.catalogSame' : 'evidence.catalogDiffers';
}

export function RuleSections({ pack }: { pack: EvidencePack }) {
  const { rule: r, computation: c, approval } = pack;
  return (
    <>
      <section aria-labelledby="ev-rule" class="card">
        <h2 id="ev-rule">{t('award.ruleTitle')}</h2>
        <Facts rows={[
          [t('policy'), <>{r.policyTitle ?? r.policyId} <span class="muted">{t('award.version', { v: r.policyVersion })}</span></>],
          [t('evidence.documentNumber'), r.documentNumber ?? '—'],
          [t('evidence.issuer'), r.issuer ?? '—'],
          [t('evidence.seed'), r.seed === null ? '—' : <code>{r.seed}</code>],
          [t('evidence.window'), t('evidence.windowText', { from: r.effectiveFrom ?? '—', to: r.effectiveTo ?? t('evidence.noEnd') })],
          [t('award.clause'), `${r.clause}（${r.ruleId}）`],
          [t('award.citation'), <blockquote lang="zh-CN">{r.citation}</blockquote>],
          ...(r.reading === null ? [] : [[t('award.reading'), <span lang="en">{r.reading}</span>] as const]),
          [t('evidence.catalog'), <span class={r.inCatalog && r.citationAsInCatalog ? 'verdict ok' : 'verdict bad'}>{t(catalogVerdict(r))}</span>],
        ]} />
      </section>
      <section aria-labelledby="ev-computation" class="card">
        <h2 id="ev-computation">{t('award.computation')}</h2>
        <Facts rows={[
          [t('award.basis'), <span lang="en">{c.basis}</span>],
          [t('award.amount'), <Money fen={c.amountFen} />],
          [t('award.uncapped'), c.uncappedAmountFen === null ? t('award.noCap') : formatYuan(c.uncappedAmountFen)],
          [t('award.capApplied'), c.capApplied ? t('yes') : t('no')],
          [t('award.amountSetBy'), pack.amountSetting === null ? t('evidence.amountByRule') : `${pack.amountSetting.setBy}：${pack.amountSetting.basis ?? ''}`],
        ]} />
      </section>
      <section aria-labelledby="ev-approvals" class="card">
        <h2 id="ev-approvals">{t('award.approvalsTitle')}</h2>
        <Facts rows={[[t('evidence.approvalsRequired'), String(approval.required ?? '—')]]} />
        {approval.decisions.length === 0 ? <p class="muted">{t('award.noApprovals')}</p> : (
          <ol class="compact">
            {approval.decisions.map((x) => <li key={`${x.by}${x.at}`}><When iso={x.at} /> {x.by} · {t(x.decision === 'approve' ? 'award.approved' : 'award.rejected')}{x.comment ? `：${x.comment}` : ''}</li>)}
          </ol>
        )}
      </section>
    </>
  );
}

export function PayeeSection({ pack }: { pack: EvidencePack }) {
  const p = pack.payee;
  const c = p?.confirmed ?? null;
  return (
    <section aria-labelledby="ev-payee" class="card">
      <h2 id="ev-payee">{t('evidence.payee')}</h2>
      {p === null ? <p class="muted">{t('evidence.noPayee')}</p> : (
        <>
          <Facts rows={[
            [t('evidence.account'), c === null ? '—' : <>{c.accountName}，{c.bankName} <code>{c.accountNumber}</code> <span class="muted">CNAPS {c.bankCode}</span></>],
            [t('evidence.dualControl'), c === null ? '—' : t('evidence.dualControlText', { proposer: c.proposedBy, confirmer: c.confirmedBy, at: formatCst(c.confirmedAt) })],
          ]} />
          <h3>{t('evidence.history')}</h3>
          <ol class="compact">
            {p.history.map((h) => (
              <li key={`${h.kind}${h.at}`}>
                <When iso={h.at} /> {t(h.kind === 'PROPOSED' ? 'evidence.proposed' : 'evidence.confirmed')} · {h.by} · {h.account.bankName} <code>{h.account.accountNumber}</code>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** An entry's verdict against the digest that covers it: the words and whether it is good news. */
export function entryVerdict(e: EvidenceEntry): { ok: boolean; key: Key } {
  if (!e.hashRecomputes) return { ok: false, key: 'evidence.hashBroken' };
  if (e.digest === null) return { ok: true, key: e.digestNote?.startsWith('not found') ? 'evidence.notFound' : 'evidence.unsigned' };
  if (!e.digest.signatureValid) return { ok: false, key: 'evidence.signatureFails' };
  return e.digest.matches ? { ok: true, key: 'evidence.matches' } : { ok: false, key: 'evidence.differs' };
}

function EntryRow({ e }: { e: EvidenceEntry }) {
  const verdict = entryVerdict(e);
  return (
    <tr>
      <td>{e.seq}</td><td><When iso={e.at} /></td><td>{label('entry', e.type)}</td><td class="num"><Money fen={e.amountFen} /></td><td>{e.actor}</td>
      <td><code class="hash wrap">{e.hash}</code></td>
      <td>{e.digest === null ? '—' : <code class="hash wrap">{e.digest.signedHash}</code>}</td>
      <td>{e.digest === null ? '—' : t('evidence.digestRange', { from: e.digest.fromSeq, to: e.digest.seq })}</td>
      <td><span class={`verdict ${verdict.ok && e.digest !== null ? 'ok' : verdict.ok ? 'wait' : 'bad'}`}>{t(verdict.key)}</span></td>
    </tr>
  );
}

export function LedgerSection({ pack }: { pack: EvidencePack }) {
  const s = pack.digests.summary;
  return (
    <section aria-labelledby="ev-ledger" class="card">
      <h2 id="ev-ledger">{t('evidence.ledger')}</h2>
      <p class="muted">{t('evidence.ledgerLead')}</p>
      <p class={s.differing === 0 ? 'verdict ok' : 'verdict bad'} role="status">{t('evidence.summary', s)}</p>
      <table class="list evidence-ledger">
        <caption class="sr-only">{t('evidence.ledger')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ledger.seq')}</th><th scope="col">{t('ledger.at')}</th><th scope="col">{t('ledger.type')}</th><th scope="col" class="num">{t('award.amount')}</th>
            <th scope="col">{t('ledger.actor')}</th><th scope="col">{t('ledger.hash')}</th><th scope="col">{t('evidence.signedHash')}</th>
            <th scope="col">{t('evidence.digest')}</th><th scope="col">{t('evidence.verdict')}</th>
          </tr>
        </thead>
        <tbody>{pack.ledger.entries.map((e) => <EntryRow key={e.seq} e={e} />)}</tbody>
      </table>
      <h3>{t('evidence.digests')}</h3>
      {pack.digests.signed.length === 0 ? <p class="muted">{t('evidence.noDigests')}</p> : (
        <ul class="compact">
          {pack.digests.signed.map((d) => (
            <li key={d.signature}>
              {t('evidence.digestRange', { from: d.fromSeq, to: d.seq })}：{t('evidence.digestSigned', { at: formatCst(d.at), key: d.keyId })}，
              {d.signatureProblem === null ? t('evidence.signatureOk') : <span class="warn">{d.signatureProblem}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
