/** An officer's proposal of a payee account: checked by the API (CNAPS code, account digits, names) and confirmed by another. */
import { useState } from 'preact/hooks';
import { put } from '../api';
import { t } from '../i18n';
import { ErrorBox, Field, Notice } from '../ui';

const EMPTY = { accountName: '', accountNumber: '', bankCode: '', bankName: '' };

export function ProposeForm({ path, onProposed }: { path: string; onProposed: () => void }) {
  const [values, setValues] = useState(EMPTY);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState(false);
  const set = (name: keyof typeof EMPTY) => (e: { currentTarget: { value: string } }) => setValues((v) => ({ ...v, [name]: e.currentTarget.value }));
  return (
    <form class="card nested" aria-labelledby="propose" onSubmit={(e) => {
      e.preventDefault();
      setError(null);
      setDone(false);
      put(path, { ...values, accountNumber: values.accountNumber.replace(/\s/g, '') }).then(() => {
        setDone(true);
        setValues(EMPTY);
        onProposed();
      }, (err: Error) => setError(err));
    }}>
      <h3 id="propose">{t('payee.propose')}</h3>
      <p class="muted">{t('payee.proposeLead')}</p>
      {done ? <Notice>{t('payee.proposedNotice')}</Notice> : null}
      <ErrorBox error={error} />
      <div class="grid">
        <Field label={t('payee.accountName')}><input name="accountName" required value={values.accountName} onInput={set('accountName')} /></Field>
        <Field label={t('payee.accountNumber')}><input name="accountNumber" required inputMode="numeric" value={values.accountNumber} onInput={set('accountNumber')} /></Field>
        <Field label={t('payee.bankCode')} hint={t('payee.bankCodeHint')}><input name="bankCode" required inputMode="numeric" value={values.bankCode} onInput={set('bankCode')} /></Field>
        <Field label={t('payee.bankName')}><input name="bankName" required value={values.bankName} onInput={set('bankName')} /></Field>
      </div>
      <button type="submit" class="primary">{t('payee.proposeSubmit')}</button>
    </form>
  );
}
