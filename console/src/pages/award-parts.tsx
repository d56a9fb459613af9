/** Parts of the award page: setting an amount, retrying a payment, the payment, the ledger entries (the timeline: award-timeline.tsx). */
import { useState } from 'preact/hooks';
import { fetchFile, post, saveText } from '../api';
import { formatYuan, parseYuan } from '../format';
import { label, t } from '../i18n';
import { type Session, isAuditor, jurisdictionsAs } from '../session';
import type { Award, LedgerEntry } from '../types';
import { Copyable, Dialog, ErrorBox, Facts, Field, Money, When } from '../ui';

/** An officer sets the amount of an AMOUNT_REQUIRED award (never the person who then approves it: the server's rule). */
export function AmountForm({ award, onSet }: { award: Award; onSet: () => void }) {
  const [amount, setAmount] = useState('');
  const [basis, setBasis] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [confirming, setConfirming] = useState(false);
  const fen = parseYuan(amount);
  const submit = async () => {
    setConfirming(false);
    try {
      await post(`/awards/${encodeURIComponent(award.awardId)}/amount`, { amountFen: fen, basis: basis.trim() });
      onSet();
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <section aria-labelledby="set-amount" class="card">
      <h2 id="set-amount">{t('amount.title')}</h2>
      <p class="muted">{t('amount.lead')}</p>
      <ErrorBox error={error} />
      <form class="inline" onSubmit={(e) => {
        e.preventDefault();
        if (fen === null || fen <= 0) setError(new Error(t('amount.invalid')));
        else if (basis.trim() === '') setError(new Error(t('amount.basisMissing')));
        else setConfirming(true);
      }}>
        <Field label={t('amount.yuan')} hint={fen === null ? undefined : formatYuan(fen)}>
          <input name="amount" inputMode="decimal" required value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
        </Field>
        <Field label={t('amount.basis')}>
          <input name="basis" required value={basis} onInput={(e) => setBasis(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="primary">{t('amount.submit')}</button>
      </form>
      {confirming && fen !== null ? (
        <Dialog title={t('amount.confirmTitle')} confirm={t('amount.confirm', { amount: formatYuan(fen) })} onConfirm={() => void submit()} onClose={() => setConfirming(false)}>
          <p>{t('amount.confirmBody', { name: award.recipient.name, amount: formatYuan(fen) })}</p>
          <p class="muted">{basis}</p>
        </Dialog>
      ) : null}
    </section>
  );
}

export function RetryPayment({ award, onDone }: { award: Award; onDone: () => void }) {
  const [error, setError] = useState<Error | null>(null);
  return (
    <section aria-labelledby="retry" class="card">
      <h2 id="retry">{t('retry.title')}</h2>
      <p>{t('retry.lead')}</p>
      <ErrorBox error={error} />
      <button type="button" class="primary" onClick={() => {
        post(`/awards/${encodeURIComponent(award.awardId)}/payment-retry`, {}).then(onDone, (e: Error) => setError(e));
      }}>{t('retry.submit')}</button>
    </section>
  );
}

export function PaymentFacts({ award, session }: { award: Award; session: Session }) {
  const [error, setError] = useState<Error | null>(null);
  const canDownload = isAuditor(session) || jurisdictionsAs(session, 'officer').includes(award.jurisdiction);
  const download = async (batchId: string) => {
    try {
      const file = await fetchFile(`/payment-batches/${encodeURIComponent(batchId)}/file`);
      saveText(file.text, file.fileName ?? `${batchId}.xml`, 'application/xml');
    } catch (e) {
      setError(e as Error);
    }
  };
  const answer = award.bankAnswer;
  return (
    <section aria-labelledby="payment" class="card">
      <h2 id="payment">{t('payment.title')}</h2>
      <ErrorBox error={error} />
      <Facts rows={[
        [t('payment.batch'), award.paymentId === null ? t('payment.none') : (
          <>
            <Copyable text={award.paymentId} what={t('payment.batch')} />
            {canDownload ? <button type="button" class="link" onClick={() => award.paymentId !== null && void download(award.paymentId)}>{t('payment.download')}</button> : null}
          </>
        )],
        [t('payment.answer'), answer === null ? t('payment.noAnswer') : `${label('outcome', answer.outcome)}${answer.reasonCode ? `（${answer.reasonCode} ${answer.reason ?? ''}）` : ''}`],
        [t('payment.message'), answer === null ? '—' : <code>{answer.messageId}</code>],
        [t('payment.answeredAt'), <When iso={answer?.at} />],
        [t('payment.repaid'), <Money fen={award.repaidFen} />],
        ...(award.revokedBy === null ? [] : [[t('payment.revoked'), award.revokedBy.reason] as const]),
      ]} />
    </section>
  );
}

export function postings(entry: LedgerEntry): string {
  return entry.postings.map((p) => `${label('account', p.account)} ${p.deltaFen > 0 ? '+' : ''}${formatYuan(p.deltaFen)}`).join('；');
}

export function LedgerTable({ entries }: { entries: readonly LedgerEntry[] }) {
  return (
    <section aria-labelledby="ledger" class="card">
      <h2 id="ledger">{t('ledger.entries')}</h2>
      <table class="list">
        <thead>
          <tr>
            <th scope="col">{t('ledger.seq')}</th><th scope="col">{t('ledger.at')}</th><th scope="col">{t('ledger.type')}</th>
            <th scope="col" class="num">{t('award.amount')}</th><th scope="col">{t('ledger.postings')}</th><th scope="col">{t('ledger.actor')}</th><th scope="col">{t('ledger.hash')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.jurisdiction}-${e.seq}`}>
              <td>{e.seq}</td><td><When iso={e.at} /></td><td>{label('entry', e.type)}</td><td class="num"><Money fen={e.amountFen} /></td>
              <td class="small">{postings(e)}</td><td>{e.actor}</td><td><code class="hash" title={e.hash}>{e.hash.slice(0, 12)}…</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
