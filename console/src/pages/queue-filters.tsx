/** The queue's filters (status, jurisdiction, policy, amount range, recipient, reference, order) and its approvals cell. */
import { useState } from 'preact/hooks';
import { label, t } from '../i18n';
import type { Policy, QueuedAward } from '../types';
import { Field } from '../ui';

export const STATUSES = [
  'AMOUNT_REQUIRED', 'AWAITING_BUDGET', 'PENDING_APPROVAL', 'IN_PUBLICITY', 'ON_HOLD', 'APPROVED', 'PAYING', 'DISBURSED', 'PAYMENT_FAILED', 'REJECTED', 'VOIDED', 'CLAWBACK_DUE', 'CLAWED_BACK',
] as const;
const FIELDS = ['status', 'jurisdiction', 'policy', 'min', 'max', 'recipient', 'reference', 'order'] as const;
const DEFAULTS: Partial<Record<(typeof FIELDS)[number], string>> = { status: 'PENDING_APPROVAL', order: 'asc' };

interface FilterProps {
  readonly params: URLSearchParams;
  readonly jurisdictions: readonly string[];
  readonly policies: readonly Policy[];
  readonly onApply: (p: Record<string, string>) => void;
}

export function QueueFilters(props: FilterProps) {
  const initial = Object.fromEntries(FIELDS.map((f) => [f, props.params.get(f) ?? DEFAULTS[f] ?? '']));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const set = (name: string) => (e: { currentTarget: { value: string } }) => setValues((v) => ({ ...v, [name]: e.currentTarget.value }));
  return (
    <form class="filters" role="search" aria-label={t('filters')} onSubmit={(e) => {
      e.preventDefault();
      props.onApply(values);
    }}>
      <Field label={t('award.status')}>
        <select name="status" value={values.status} onChange={set('status')}>
          <option value="ALL">{t('all')}</option>
          <option value="OVERDUE">{t('queue.overdueOnly')}</option>
          {STATUSES.map((s) => <option key={s} value={s}>{label('status', s)}</option>)}
        </select>
      </Field>
      <Field label={t('jurisdiction')}>
        <select name="jurisdiction" value={values.jurisdiction} onChange={set('jurisdiction')}>
          <option value="">{t('all')}</option>
          {props.jurisdictions.map((j) => <option key={j} value={j}>{label('j', j)}</option>)}
        </select>
      </Field>
      <Field label={t('policy')}>
        <select name="policy" value={values.policy} onChange={set('policy')}>
          <option value="">{t('all')}</option>
          {props.policies.map((p) => <option key={p.id} value={p.id}>{p.title}</option>)}
        </select>
      </Field>
      <Field label={t('filters.min')}><input name="min" inputMode="decimal" value={values.min} onInput={set('min')} /></Field>
      <Field label={t('filters.max')}><input name="max" inputMode="decimal" value={values.max} onInput={set('max')} /></Field>
      <Field label={t('filters.recipient')}><input name="recipient" value={values.recipient} onInput={set('recipient')} /></Field>
      <Field label={t('award.reference')}><input name="reference" value={values.reference} onInput={set('reference')} /></Field>
      <Field label={t('filters.order')}>
        <select name="order" value={values.order} onChange={set('order')}>
          <option value="asc">{t('filters.oldest')}</option>
          <option value="desc">{t('filters.newest')}</option>
        </select>
      </Field>
      <div class="actions">
        <button type="submit" class="primary">{t('filters.apply')}</button>
        <button type="button" onClick={() => {
          const cleared = Object.fromEntries(FIELDS.map((f) => [f, DEFAULTS[f] ?? '']));
          setValues(cleared);
          props.onApply(cleared);
        }}>{t('filters.reset')}</button>
      </div>
    </form>
  );
}

/** `1/2` and who gave them: dual control at a glance. */
export function ApprovalsCell({ award }: { award: Pick<QueuedAward, 'approvals' | 'approvalsRequired'> }) {
  const given = award.approvals.filter((a) => a.decision === 'approve');
  if (award.approvalsRequired === null) return <span class="muted">—</span>;
  return (
    <span>
      <strong>{given.length}/{award.approvalsRequired}</strong>
      {given.length > 0 ? <span class="muted small"> {given.map((a) => a.by).join('、')}</span> : null}
    </span>
  );
}
