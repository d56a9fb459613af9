/**
 * Approving and rejecting, one award or many: the dialog names the count and the total in yuan, a rejection needs a
 * comment, and each award's answer is shown on its own (one refused does not hide the others' results). Dual control
 * is the server's: the same person's second approval comes back refused, and is shown as such.
 */
import { useState } from 'preact/hooks';
import { ApiError, post } from './api';
import { formatYuan } from './format';
import { label, t } from './i18n';
import type { Award, QueuedAward } from './types';
import { Dialog, Field } from './ui';

export interface DecisionResult {
  readonly awardId: string;
  readonly name: string;
  readonly ok: boolean;
  readonly text: string;
}

export function DecisionDialog(props: { awards: readonly QueuedAward[]; decision: 'approve' | 'reject'; onDone: (results: DecisionResult[]) => void; onClose: () => void }) {
  const { awards, decision } = props;
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const totalFen = awards.reduce((n, a) => n + (a.amountFen ?? 0), 0);
  const run = async () => {
    if (decision === 'reject' && comment.trim() === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    const results: DecisionResult[] = [];
    for (const award of awards) {
      try {
        const body = comment.trim() === '' ? { decision } : { decision, comment: comment.trim() };
        const updated = await post<Award>(`/awards/${encodeURIComponent(award.awardId)}/decisions`, body);
        results.push({ awardId: award.awardId, name: award.recipient.name, ok: true, text: label('status', updated.status) });
      } catch (error) {
        const code = error instanceof ApiError ? `${label('error', error.code)}：` : '';
        results.push({ awardId: award.awardId, name: award.recipient.name, ok: false, text: `${code}${(error as Error).message}` });
      }
    }
    setBusy(false);
    props.onDone(results);
  };
  const params = { n: awards.length, total: formatYuan(totalFen) };
  return (
    <Dialog
      title={t(decision === 'approve' ? 'decide.approve.title' : 'decide.reject.title', params)}
      confirm={t(decision === 'approve' ? 'decide.approve.confirm' : 'decide.reject.confirm', params)}
      danger={decision === 'reject'}
      busy={busy}
      onConfirm={() => void run()}
      onClose={props.onClose}
    >
      <p>{t(decision === 'approve' ? 'decide.approve.body' : 'decide.reject.body', params)}</p>
      <ul class="compact">
        {awards.slice(0, 8).map((a) => <li key={a.awardId}>{a.recipient.name} · {a.clause} · {a.amountFen === null ? '—' : formatYuan(a.amountFen)}</li>)}
        {awards.length > 8 ? <li>{t('decide.more', { n: awards.length - 8 })}</li> : null}
      </ul>
      <Field label={decision === 'reject' ? t('decide.comment.required') : t('decide.comment')}>
        <textarea name="comment" rows={3} aria-required={decision === 'reject'} aria-invalid={missing} value={comment} onInput={(e) => {
          setComment(e.currentTarget.value);
          setMissing(false);
        }} />
      </Field>
      {missing ? <p class="field-error" role="alert">{t('decide.comment.missing')}</p> : null}
    </Dialog>
  );
}

export function DecisionResults({ results }: { results: readonly DecisionResult[] }) {
  if (results.length === 0) return null;
  const failed = results.filter((r) => !r.ok).length;
  return (
    <section class={`results ${failed > 0 ? 'partial' : ''}`} aria-labelledby="results-title" role="status">
      <h2 id="results-title">{t('decide.results', { ok: results.length - failed, failed })}</h2>
      <table>
        <thead><tr><th scope="col">{t('award.recipient')}</th><th scope="col">{t('award.id')}</th><th scope="col">{t('decide.outcome')}</th></tr></thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.awardId} class={r.ok ? 'ok' : 'failed'}>
              <td>{r.name}</td>
              <td><a href={`#/awards/${encodeURIComponent(r.awardId)}`}><code>{r.awardId}</code></a></td>
              <td>{r.ok ? '✓ ' : '✗ '}{r.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
