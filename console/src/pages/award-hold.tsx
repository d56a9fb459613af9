/**
 * An award on hold (CONTRACT §6): why, since when, who placed it, its note, and (for an officer of its jurisdiction)
 * its release with a written basis. The server decides who may release it (another officer than the one who placed
 * it; any officer for a hold the system placed) and what follows (the budget, then approval, as for a new award).
 */
import { useState } from 'preact/hooks';
import { post } from '../api';
import { label, t } from '../i18n';
import type { Award } from '../types';
import { Dialog, ErrorBox, Facts, Field, When } from '../ui';

export function HoldCard({ award, canRelease, onDone }: { award: Award; canRelease: boolean; onDone: () => void }) {
  const [basis, setBasis] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [confirming, setConfirming] = useState(false);
  const { hold } = award;
  if (hold === null || hold === undefined) return null;
  const held = award.status === 'ON_HOLD';
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
        [t('hold.reason'), label('hold', hold.reason)],
        [t('hold.since'), <When iso={hold.since} />],
        [t('hold.by'), hold.by === 'award-intake' ? t('hold.bySystem') : hold.by],
        [t('hold.note'), <NoteWithLinks note={hold.note} />, 'wide'],
        ...(hold.released ? [
          [t('hold.releasedBy'), hold.released.by],
          [t('hold.releasedAt'), <When iso={hold.released.at} />],
          [t('hold.releasedBasis'), hold.released.basis, 'wide'],
        ] as const : []),
      ]} />
      {hold.released && held === false && award.status === 'PENDING_APPROVAL' ? <p class="muted small">{t('hold.releaserNotApprover', { user: hold.released.by })}</p> : null}
      {held && canRelease && hold.reason !== 'OBJECTION' ? (
        <form class="inline" onSubmit={(e) => {
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
          <p class="muted">{basis}</p>
        </Dialog>
      ) : null}
    </section>
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
