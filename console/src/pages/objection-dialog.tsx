/**
 * Recording a written objection to an award on the public notice (CONTRACT §6): the objector's real name, how to
 * reach them, the objection as written and a reference to its evidence. The server holds the award at once
 * (ON_HOLD, OBJECTION); the dialog then says so, and links to the award where another officer decides it.
 */
import { useState } from 'preact/hooks';
import { post } from '../api';
import { formatYuan } from '../format';
import { label, t } from '../i18n';
import type { Award, NoticeItem } from '../types';
import { Dialog, ErrorBox, Field, Notice } from '../ui';

const EMPTY = { objectorName: '', contact: '', text: '', evidenceRef: '' };

export function ObjectionDialog({ item, onClose }: { item: NoticeItem; onClose: (recorded: boolean) => void }) {
  const [values, setValues] = useState(EMPTY);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [recorded, setRecorded] = useState<Award | null>(null);
  const set = (name: keyof typeof EMPTY) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [name]: value }));
    setMissing(false);
  };
  const submit = async () => {
    const body = { objectorName: values.objectorName.trim(), contact: values.contact.trim(), text: values.text.trim(), evidenceRef: values.evidenceRef.trim() };
    if (body.objectorName === '' || body.contact === '' || body.text === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setRecorded(await post<Award>(`/awards/${encodeURIComponent(item.awardId)}/objections`, body.evidenceRef === '' ? { ...body, evidenceRef: undefined } : body));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const title = t('objection.title', { name: item.recipientName });
  if (recorded !== null) {
    return (
      <Dialog title={title} confirm={t('close')} cancel={null} onConfirm={() => onClose(true)} onClose={() => onClose(true)}>
        <Notice>
          {t('objection.recorded', { status: label('status', recorded.status), reason: label('hold', recorded.hold?.reason ?? '') })}
          {' '}<a href={`#/awards/${encodeURIComponent(recorded.awardId)}`}>{t('objection.openAward')}</a>
        </Notice>
      </Dialog>
    );
  }
  const invalid = (v: string) => missing && v.trim() === '';
  return (
    <Dialog title={title} confirm={t('objection.submit')} danger busy={busy} onConfirm={() => void submit()} onClose={() => onClose(false)}>
      <p>{t('objection.lead')}</p>
      <p class="muted small">{t('objection.award')}：{item.reference} · {item.clause} · {formatYuan(item.amountFen)}</p>
      <Field label={t('objection.name')}>
        <input name="objectorName" autoComplete="off" aria-required="true" aria-invalid={invalid(values.objectorName)} value={values.objectorName} onInput={set('objectorName')} />
      </Field>
      <Field label={t('objection.contact')}>
        <input name="contact" autoComplete="off" aria-required="true" aria-invalid={invalid(values.contact)} value={values.contact} onInput={set('contact')} />
      </Field>
      <Field label={t('objection.text')}>
        <textarea name="text" rows={4} maxLength={2000} aria-required="true" aria-invalid={invalid(values.text)} value={values.text} onInput={set('text')} />
      </Field>
      <Field label={t('objection.evidence')} hint={t('objection.evidenceHint')}>
        <input name="evidenceRef" maxLength={200} value={values.evidenceRef} onInput={set('evidenceRef')} />
      </Field>
      {missing ? <p class="field-error" role="alert">{t('objection.missing')}</p> : null}
      <ErrorBox error={error} />
    </Dialog>
  );
}
