/**
 * An award's written objections during publicity (CONTRACT §6), each with who recorded it and how it was decided, and
 * for an officer of the jurisdiction who did not record it, the decision: upheld (the award is rejected and its money
 * released) or dismissed (back on notice, or approved when the period is over), with a basis, after a confirmation.
 * The objector's name and contact come masked to anyone but the jurisdiction's officers.
 */
import { useState } from 'preact/hooks';
import { post } from '../api';
import { formatCstDate, formatYuan } from '../format';
import { t } from '../i18n';
import { type Session, jurisdictionsAs } from '../session';
import type { Award, Objection } from '../types';
import { Dialog, ErrorBox, Facts, Field, When } from '../ui';

export function ObjectionsCard({ award, session, onDone }: { award: Award; session: Session; onDone: () => void }) {
  const objections = award.objections ?? [];
  if (objections.length === 0) return null;
  const open = award.status === 'ON_HOLD' && award.hold?.reason === 'OBJECTION';
  const isOfficer = jurisdictionsAs(session, 'officer').includes(award.jurisdiction);
  return (
    <section aria-labelledby="objections" class={open ? 'card pending' : 'card'}>
      <h2 id="objections">{t('objections.title')}</h2>
      {objections.map((o, i) => (
        <article key={o.objectionId} class="objection" aria-labelledby={`objection-${i}`}>
          <h3 id={`objection-${i}`}>
            {t('objections.nth', { n: i + 1 })}{' '}
            <span class={`tag ${o.decision === null ? 's-on_hold' : o.decision.outcome === 'upheld' ? 's-rejected' : 's-approved'}`}>
              {o.decision === null ? t('objections.pending') : t(o.decision.outcome === 'upheld' ? 'objections.upheld' : 'objections.dismissed')}
            </span>
          </h3>
          <Facts rows={[
            [t('objections.objector'), o.objectorName],
            [t('objections.contact'), o.contact],
            [t('objections.recordedBy'), o.recordedBy],
            [t('objections.recordedAt'), <When iso={o.recordedAt} />],
            [t('objections.evidence'), o.evidenceRef ?? '—'],
            [t('objections.text'), <span class="prewrap">{o.text}</span>, 'wide'],
            ...(o.decision === null ? [] : [
              [t('objections.decidedBy'), o.decision.by],
              [t('objections.decidedAt'), <When iso={o.decision.at} />],
              [t('objections.basis'), o.decision.basis, 'wide'],
            ] as const),
          ]} />
          {o.decision === null && open && isOfficer ? (
            o.recordedBy === session.user ? <p class="alert warn-box">{t('objections.selfRecorded')}</p> : <DecideForm award={award} objection={o} n={i + 1} onDone={onDone} />
          ) : null}
        </article>
      ))}
    </section>
  );
}

function DecideForm({ award, objection, n, onDone }: { award: Award; objection: Objection; n: number; onDone: () => void }) {
  const [outcome, setOutcome] = useState<'upheld' | 'dismissed' | null>(null);
  const [basis, setBasis] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [confirming, setConfirming] = useState(false);
  const name = `outcome-${objection.objectionId}`;
  const decide = async () => {
    setConfirming(false);
    try {
      await post(`/awards/${encodeURIComponent(award.awardId)}/objections/${encodeURIComponent(objection.objectionId)}/decision`, { outcome, basis: basis.trim() });
      onDone();
    } catch (e) {
      setError(e as Error);
    }
  };
  const params = { name: award.recipient.name, amount: formatYuan(award.amountFen ?? 0), until: formatCstDate(award.publicity?.until) };
  return (
    <>
      <form class="decide" aria-label={`${t('objections.decide')}（${t('objections.nth', { n })}）`} onSubmit={(e) => {
        e.preventDefault();
        if (outcome === null) setProblem(t('objections.outcomeMissing'));
        else if (basis.trim() === '') setProblem(t('objections.basisMissing'));
        else {
          setProblem(null);
          setConfirming(true);
        }
      }}>
        <h4>{t('objections.decide')}</h4>
        <fieldset>
          <legend>{t('objections.outcome')}</legend>
          {(['upheld', 'dismissed'] as const).map((o) => (
            <label key={o} class="check choice">
              <input type="radio" name={name} value={o} checked={outcome === o} onChange={() => {
                setOutcome(o);
                setProblem(null);
              }} />
              <span><strong>{t(o === 'upheld' ? 'objections.upheld' : 'objections.dismissed')}</strong><span class="muted small">（{t(o === 'upheld' ? 'objections.upheldHint' : 'objections.dismissedHint')}）</span></span>
            </label>
          ))}
        </fieldset>
        <Field label={t('objections.basis')}>
          <textarea name="basis" rows={2} aria-required="true" value={basis} onInput={(e) => {
            setBasis(e.currentTarget.value);
            setProblem(null);
          }} />
        </Field>
        {problem === null ? null : <p class="field-error" role="alert">{problem}</p>}
        <div class="actions"><button type="submit" class="primary">{t('objections.submit')}</button></div>
        <ErrorBox error={error} />
      </form>
      {confirming && outcome !== null ? (
        <Dialog
          title={t(outcome === 'upheld' ? 'objections.confirmUpheld' : 'objections.confirmDismissed')}
          confirm={t(outcome === 'upheld' ? 'objections.confirmUpheld' : 'objections.confirmDismissed')}
          danger={outcome === 'upheld'}
          onConfirm={() => void decide()}
          onClose={() => setConfirming(false)}
        >
          <p>{t(outcome === 'upheld' ? 'objections.bodyUpheld' : 'objections.bodyDismissed', params)}</p>
          <p class="muted">{t('objections.basis')}：{basis}</p>
        </Dialog>
      ) : null}
    </>
  );
}
