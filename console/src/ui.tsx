/**
 * The console's small parts, each accessible by construction (STYLE 18): money right-aligned in tabular figures,
 * times in China Standard Time with the instant in `datetime`, ids with a labelled copy button, errors announced,
 * a native modal dialog for every irreversible action (focus stays inside; Escape cancels).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { formatCst, formatYuan } from './format';
import { label, t } from './i18n';

export function Money({ fen }: { fen: number | null | undefined }) {
  return <span class="money">{fen === null || fen === undefined ? t('amount.unset') : formatYuan(fen)}</span>;
}

export function When({ iso }: { iso: string | null | undefined }) {
  return iso ? <time dateTime={iso}>{formatCst(iso)}</time> : <span>—</span>;
}

export function Copyable({ text, what }: { text: string; what: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <span class="copyable">
      <code>{text}</code>
      <button type="button" class="link" aria-label={t('copy.label', { what })} onClick={copy}>{copied ? t('copy.done') : t('copy')}</button>
    </span>
  );
}

export function ErrorBox({ error }: { error: Error | null | undefined }) {
  if (error === null || error === undefined) return null;
  const code = error instanceof ApiError ? error.code : null;
  return (
    <div class="alert error" role="alert">
      {code === null ? null : <strong>{label('error', code)}：</strong>}
      {error.message}
    </div>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return <div class="alert ok" role="status">{children}</div>;
}

export function Loading() {
  return <p role="status" class="muted">{t('loading')}</p>;
}

export function StatusTag({ status }: { status: string }) {
  return <span class={`tag s-${status.toLowerCase()}`}>{label('status', status)}</span>;
}

export function Field({ label: text, children, hint }: { label: string; children: ComponentChildren; hint?: string }) {
  return (
    <label class="field">
      <span class="field-label">{text}</span>
      {children}
      {hint === undefined ? null : <span class="hint">{hint}</span>}
    </label>
  );
}

export function Pager(props: { page: number; hasPrevious: boolean; next: string | null; onPrevious: () => void; onNext: (c: string) => void }) {
  return (
    <nav class="pager" aria-label={t('pager')}>
      <button type="button" disabled={!props.hasPrevious} onClick={props.onPrevious}>{t('pager.previous')}</button>
      <span>{t('pager.page', { n: props.page })}</span>
      <button type="button" disabled={props.next === null} onClick={() => props.next !== null && props.onNext(props.next)}>{t('pager.next')}</button>
    </nav>
  );
}

/** A modal confirmation: the title says what will happen, the body names what it touches. */
interface DialogProps {
  readonly title: string;
  readonly children: ComponentChildren;
  readonly confirm: string;
  readonly danger?: boolean;
  readonly busy?: boolean;
  /** The cancel button's words; null for none (a dialog that only reports what was done). */
  readonly cancel?: string | null;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
}

export function Dialog(props: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby="dialog-title" onClose={props.onClose}>
      <form method="dialog" onSubmit={(e) => {
        e.preventDefault();
        props.onConfirm();
      }}>
        <h2 id="dialog-title">{props.title}</h2>
        {props.children}
        <div class="actions">
          <button type="submit" class={props.danger ? 'danger' : 'primary'} disabled={props.busy}>{props.confirm}</button>
          {props.cancel === null ? null : <button type="button" onClick={() => ref.current?.close()}>{props.cancel ?? t('cancel')}</button>}
        </div>
      </form>
    </dialog>
  );
}

/** A description list of a record (label, value). */
/** Label and value pairs in columns; a row marked 'wide' (a long text such as a note) takes the whole width. */
export function Facts({ rows }: { rows: ReadonlyArray<readonly [string, ComponentChildren] | readonly [string, ComponentChildren, 'wide']> }) {
  return (
    <dl class="facts">
      {rows.map(([k, v, wide]) => (
        <div key={k} class={wide === 'wide' ? 'wide' : undefined}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
