/** The auditor's check of every chain against the signed digests, in the browser, with its progress (ADR 012). */
import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { type DigestVerdict, checkJurisdiction, digestSettings } from '../digest-check';
import { formatCst } from '../format';
import { label, t } from '../i18n';
import { JURISDICTIONS } from '../session';
import { ErrorBox, Notice } from '../ui';
import type { DigestRunsAnswer } from '../../../shared/contract/answers/digests';

function line(v: DigestVerdict): string {
  const j = label('j', v.jurisdiction);
  if (!v.ok) return t('digests.bad', { j, seq: v.badSeq, reason: v.reason });
  const signed = v.digests === 0 ? t('digests.none', { j }) : t('digests.ok', { j, n: v.digests, through: v.signedThrough });
  // Entries after the last digest are not a fault while the next runs may still sign them; the auditor sees them all the same.
  return v.unsigned === null ? signed : `${signed}${t('digests.unsigned', { count: v.unsigned.count, from: v.unsigned.fromSeq, since: formatCst(v.unsigned.since) })}`;
}

export function DigestVerification() {
  const [verdicts, setVerdicts] = useState<DigestVerdict[]>([]);
  const [progress, setProgress] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const run = async () => {
    setRunning(true);
    setError(null);
    setVerdicts([]);
    try {
      const { keys, periodSeconds } = await digestSettings(get);
      const done: DigestVerdict[] = [];
      for (const j of JURISDICTIONS) {
        const progress = (digests: number, entries: number) => setProgress(t('digests.progress', { j: label('j', j), digests, entries }));
        done.push(await checkJurisdiction(j, keys, progress, { read: get, periodSeconds }));
        setVerdicts([...done]);
      }
    } catch (e) {
      setError(e as Error);
    } finally {
      setRunning(false);
      setProgress(null);
    }
  };
  const sign = async () => {
    setError(null);
    try {
      const { runs } = await post<DigestRunsAnswer>('/ledger/digests', {});
      setNotice(t('digests.signed', { n: runs.reduce((n, r) => n + r.digests, 0), entries: runs.reduce((n, r) => n + r.entries, 0) }));
    } catch (e) {
      setError(e as Error);
    }
  };
  const finished = verdicts.length === JURISDICTIONS.length;
  return (
    <section class="card" aria-labelledby="digests">
      <h2 id="digests">{t('digests.title')}</h2>
      <p class="muted">{t('digests.lead')}</p>
      <div class="actions">
        <button type="button" class="primary" disabled={running} onClick={() => void run()}>{t('digests.run')}</button>
        <button type="button" disabled={running} onClick={() => void sign()}>{t('digests.sign')}</button>
      </div>
      {notice === null ? null : <Notice>{notice}</Notice>}
      <ErrorBox error={error} />
      <div role="status" aria-live="polite">
        {progress === null ? null : <p>{progress}</p>}
        {finished ? <p class={verdicts.every((v) => v.ok) ? 'verdict ok' : 'verdict bad'}>{verdicts.every((v) => v.ok) ? t('digests.allOk') : t('digests.allBad')}</p> : null}
        <ul class="compact">{verdicts.map((v) => <li key={v.jurisdiction}>{v.ok ? '✓ ' : '✗ '}{line(v)}</li>)}</ul>
      </div>
    </section>
  );
}
