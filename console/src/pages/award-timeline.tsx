/**
 * The award's history in time order: its ledger entries (each with its note as written), approvals with their
 * comments, and, in words, what the controls before payment did: listed on the notice and until when, held and why,
 * released and on what basis, objections recorded and decided. The words come from the award's own fields, matched to
 * the entry that wrote them; an earlier hold the award no longer carries is read from its entry's note.
 */
import { formatCstDate } from '../format';
import { label, t } from '../i18n';
import type { Award, LedgerEntry } from '../types';
import { When } from '../ui';

const HOLD_IN_NOTE = /\((SECOND_LEAD_CLAIM|OBJECTION|CREDIT_LISTED|CAP_EXCEEDED|MANUAL)\)/;

const placesHold = (e: LedgerEntry) => e.statusAfter === 'ON_HOLD' && (e.type === 'HELD' || e.type === 'RECORDED');

/** The words of each entry the controls wrote, by its index in the ledger. */
function controlWords(award: Award, entries: readonly LedgerEntry[]): Map<number, string> {
  const words = new Map<number, string>();
  const last = (test: (e: LedgerEntry) => boolean) => entries.findLastIndex(test);
  const { publicity, hold } = award;
  const listed = last((e) => e.type === 'APPROVAL' && e.statusAfter === 'IN_PUBLICITY');
  if (publicity && listed >= 0) words.set(listed, t('timeline.publicity', { from: formatCstDate(publicity.from), until: formatCstDate(publicity.until) }));
  const lastHold = last(placesHold);
  entries.forEach((e, i) => {
    if (!placesHold(e)) return;
    // An objection's hold is written by its OBJECTION entry: a HELD entry before it was another hold.
    const reason = i === lastHold && hold && hold.reason !== 'OBJECTION' ? hold.reason : HOLD_IN_NOTE.exec(e.note)?.[1];
    if (reason !== undefined) words.set(i, t('timeline.held', { reason: label('hold', reason) }));
  });
  const released = last((e) => e.type === 'HOLD_RELEASED');
  if (hold?.released && hold.reason !== 'OBJECTION' && released >= 0) words.set(released, t('timeline.released', { basis: hold.released.basis }));
  // Each objection is one OBJECTION entry, in order; each decision one OBJECTION_DECIDED entry, in the order decided.
  const objections = award.objections ?? [];
  const decided = objections.filter((o) => o.decision !== null).sort((a, b) => (a.decision?.at ?? '').localeCompare(b.decision?.at ?? ''));
  let recordedN = 0;
  let decidedN = 0;
  entries.forEach((e, i) => {
    if (e.type === 'OBJECTION') {
      const o = objections[recordedN++];
      if (o) words.set(i, t('timeline.objection', { name: o.objectorName, text: o.text }));
    } else if (e.type === 'OBJECTION_DECIDED') {
      const o = decided[decidedN++];
      if (o?.decision) {
        const said = t('timeline.decided', { outcome: t(o.decision.outcome === 'upheld' ? 'objections.upheld' : 'objections.dismissed'), basis: o.decision.basis });
        const back = e.statusAfter === 'IN_PUBLICITY' && publicity ? t('timeline.backOnNotice', { until: formatCstDate(publicity.until) }) : '';
        words.set(i, `${said}${back}`);
      }
    }
  });
  return words;
}

export function Timeline({ award }: { award: Award }) {
  const entries = award.ledger ?? [];
  const words = controlWords(award, entries);
  const items = [
    ...entries.map((e, i) => ({ at: e.at, title: label('entry', e.type), who: e.actor, words: words.get(i) ?? null, text: e.note, status: e.statusAfter })),
    ...award.approvals.filter((a) => a.comment !== '').map((a) => ({ at: a.at, title: t('timeline.comment'), who: a.by, words: null, text: a.comment, status: null })),
  ].sort((x, y) => x.at.localeCompare(y.at));
  return (
    <section aria-labelledby="timeline" class="card">
      <h2 id="timeline">{t('timeline.title')}</h2>
      <ol class="timeline">
        {items.map((i, n) => (
          <li key={n}>
            <When iso={i.at} /> <strong>{i.title}</strong> · {i.who}{i.status === null ? '' : ` → ${label('status', i.status)}`}
            {i.words === null ? null : <div>{i.words}</div>}
            {i.text ? <div class="muted small">{i.text}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
