/**
 * An award on hold (CONTRACT §6): why, since when, who placed it, its note, who may not release it, and (for an
 * officer of its jurisdiction) its release with a written basis; and an officer's own hold (MANUAL) with a note. The
 * server decides who may release it (another officer than the one who placed it; for a credit-list hold, an officer
 * who imported none of its entries; any officer for the intake's holds) and what follows (the budget, then approval,
 * as for a new award). An objection is decided, not released (award-objections.tsx).
 */
import { useState } from 'preact/hooks';
import { post } from '../api';
import { type Key, label, t } from '../i18n';
import type { Session } from '../session';
import type { Award, Hold } from '../types';
import { Dialog, ErrorBox, Facts, Field, When } from '../ui';

/** The system's holders (shared/domain/holds.ts SYSTEM_HOLDERS), named for a person. */
const SYSTEM_HOLDERS: Readonly<Record<string, Key>> = { 'award-intake': 'hold.bySystem', 'credit-list': 'hold.bySystemCredit', 'annual-cap': 'hold.bySystemCap' };

export function holderName(by: string): string {
  const key = SYSTEM_HOLDERS[by];
  return key === undefined ? by : t(key);
}

/** The people the server refuses a release from: the officer who placed the hold, the importers of its entries. */
function refusedReleasers(hold: Hold): { holder: string | null; importers: readonly string[] } {
  return { holder: SYSTEM_HOLDERS[hold.by] === undefined ? hold.by : null, importers: hold.reason === 'CREDIT_LISTED' ? hold.importedBy ?? [] : [] };
}

export function HoldCard({ award, session, canRelease, onDone }: { award: Award; session: Session; canRelease: boolean; onDone: () => void }) {
  const [basis, setBasis] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [confirming, setConfirming] = useState(false);
  const { hold } = award;
  if (hold === null || hold === undefined) return null;
  const held = award.status === 'ON_HOLD';
  const objection = hold.reason === 'OBJECTION';
  // An objection's record (who recorded it, who decided it, on what basis) is the objections card's to show.
  if (objection && !held) return null;
  const { holder, importers } = refusedReleasers(hold);
  const notBy = [...(holder === null ? [] : [t('hold.holder', { user: holder })]), ...importers.map((user) => t('hold.importer', { user }))];
  const mayNot = holder === session.user ? t('hold.youPlaced') : importers.includes(session.user) ? t('hold.youImported') : null;
  const release = async () => {
    setConfirming(false);
    try {
      await post(`/awards/${encodeURIComponent(award.awardId)}/release`, { basis: basis.trim() });
      onDone();
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <section aria-labelledby="hold" class={held ? 'card pending' : 'card'}>
      <h2 id="hold">{held ? t('hold.title') : t('hold.was')}</h2>
      <Facts rows={[
        [t('hold.reason'), <strong>{label('hold', hold.reason)}</strong>],
        [t('hold.since'), <When iso={hold.since} />],
        [t('hold.by'), holderName(hold.by)],
        ...(objection ? [] : [[t('hold.note'), <NoteWithLinks note={hold.note} />, 'wide'] as const]),
        ...(hold.entryIds !== undefined && hold.entryIds.length > 0 ? [[t('hold.entries'), <CreditEntries award={award} ids={hold.entryIds} />] as const] : []),
        ...(held && !objection ? [[t('hold.whoMay'), notBy.length === 0 ? t('hold.anyOfficer') : t('hold.allBut', { names: notBy.join('、') }), 'wide'] as const] : []),
        ...(hold.released ? [
          [t('hold.releasedBy'), hold.released.by],
          [t('hold.releasedAt'), <When iso={hold.released.at} />],
          [t('hold.releasedBasis'), hold.released.basis, 'wide'],
        ] as const : []),
      ]} />
      {hold.released && held === false && award.status === 'PENDING_APPROVAL' ? <p class="muted small">{t('hold.releaserNotApprover', { user: hold.released.by })}</p> : null}
      {held && objection ? <p class="muted">{t('hold.objectionNotReleased')}</p> : null}
      {held && canRelease && !objection && mayNot !== null ? <p class="alert warn-box">{mayNot}</p> : null}
      {held && canRelease && !objection && mayNot === null ? (
        <form class="inline release" onSubmit={(e) => {
          e.preventDefault();
          if (basis.trim() === '') setError(new Error(t('hold.basisMissing')));
          else setConfirming(true);
        }}>
          <Field label={t('hold.basis')}><input name="basis" required value={basis} onInput={(e) => setBasis(e.currentTarget.value)} /></Field>
          <button type="submit" class="primary">{t('hold.release')}</button>
        </form>
      ) : null}
      <ErrorBox error={error} />
      {confirming ? (
        <Dialog title={t('hold.confirmTitle')} confirm={t('hold.release')} onConfirm={() => void release()} onClose={() => setConfirming(false)}>
          <p>{t('hold.confirmBody', { name: award.recipient.name })}</p>
          {hold.reason === 'CREDIT_LISTED' ? <p>{t('hold.confirmCredit')}</p> : null}
          {hold.reason === 'CAP_EXCEEDED' ? <p>{t('hold.confirmCap')}</p> : null}
          <p class="muted">{basis}</p>
        </Dialog>
      ) : null}
    </section>
  );
}

/** An officer holds an award not yet paid (MANUAL), with a note; another officer releases it. */
export function ManualHold({ award, onDone }: { award: Award; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const submit = async () => {
    if (note.trim() === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    try {
      await post(`/awards/${encodeURIComponent(award.awardId)}/hold`, { note: note.trim() });
      setOpen(false);
      onDone();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="danger" onClick={() => {
        setError(null);
        setOpen(true);
      }}>{t('manualHold.button')}</button>
      {open ? (
        <Dialog title={t('manualHold.title', { name: award.recipient.name })} confirm={t('manualHold.button')} danger busy={busy} onConfirm={() => void submit()} onClose={() => setOpen(false)}>
          <p>{t('manualHold.body')}</p>
          <Field label={t('manualHold.note')}>
            <textarea name="note" rows={3} aria-required="true" aria-invalid={missing} value={note} onInput={(e) => {
              setNote(e.currentTarget.value);
              setMissing(false);
            }} />
          </Field>
          {missing ? <p class="field-error" role="alert">{t('manualHold.noteMissing')}</p> : null}
          <ErrorBox error={error} />
        </Dialog>
      ) : null}
    </>
  );
}

/** The credit-list entries that hold an award, and (for an enterprise or organisation) a link to its entries. */
function CreditEntries({ award, ids }: { award: Award; ids: readonly string[] }) {
  return (
    <>
      {ids.map((id) => <code key={id}>{id}</code>)}
      {award.recipient.kind === 'individual' ? null : <> <a href={`#/credit-lists?recipient=${encodeURIComponent(award.recipientId)}`}>{t('hold.seeEntries')}</a></>}
    </>
  );
}

/**
 * A hold's note with every award it names (the first claim: aw-…) a link to that award, so the officer compares the
 * two claims before deciding (issue 20 attack review, M3).
 */
function NoteWithLinks({ note }: { note: string }) {
  const parts = note.split(/(aw-[0-9a-f]{32})/u);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <a key={i} href={`#/awards/${encodeURIComponent(part)}`}><code>{part}</code></a> : part))}</>;
}
