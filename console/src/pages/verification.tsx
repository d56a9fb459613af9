/** Verification of the hash chains and balances, one bounded step per request, driven to the end with its progress. */
import { useState } from 'preact/hooks';
import { get } from '../api';
import { label, t } from '../i18n';
import { ErrorBox } from '../ui';
import { LIMITS } from '../../../shared/limits';

interface Chain {
  readonly jurisdiction: string;
  readonly ok: boolean;
  readonly entries: number;
  readonly head?: string;
  readonly badSeq?: number;
  readonly reason?: string;
}

interface Step {
  readonly ok: boolean;
  readonly jurisdictions?: readonly Chain[];
  readonly current?: { jurisdiction: string; entries: number } | null;
  readonly complete: boolean;
  readonly cursor: string | null;
}

export function Verification({ jurisdiction }: { jurisdiction: string | undefined }) {
  const [state, setState] = useState<{ running: boolean; steps: number; entries: number; chains: Chain[]; current: string | null; ok: boolean | null }>({
    running: false, steps: 0, entries: 0, chains: [], current: null, ok: null,
  });
  const [error, setError] = useState<Error | null>(null);
  const run = async () => {
    setError(null);
    let cursor: string | null = null;
    const chains: Chain[] = [];
    setState({ running: true, steps: 0, entries: 0, chains, current: null, ok: null });
    try {
      for (let steps = 1; steps <= LIMITS.console.verifyStepsMax; steps++) {
        // Verification always covers every chain: a single-jurisdiction answer has a different shape.
        const step: Step = await get<Step>('/ledger/verify', { cursor });
        chains.push(...(step.jurisdictions ?? []));
        const entries = chains.reduce((n, c) => n + c.entries, 0) + (step.current?.entries ?? 0);
        const done = step.complete || step.cursor === null;
        const ok = done ? chains.every((c) => c.ok) : null;
        setState({ running: !done, steps, entries, chains: [...chains], current: step.current?.jurisdiction ?? null, ok });
        if (done) return;
        cursor = step.cursor;
      }
      throw new Error(t('verify.tooLong', { n: LIMITS.console.verifyStepsMax }));
    } catch (e) {
      setError(e as Error);
      setState((s) => ({ ...s, running: false }));
    }
  };
  void jurisdiction;
  return (
    <section class="card" aria-labelledby="verify">
      <h2 id="verify">{t('verify.title')}</h2>
      <p class="muted">{t('verify.lead')}</p>
      <button type="button" class="primary" disabled={state.running} onClick={() => void run()}>{t('verify.run')}</button>
      <ErrorBox error={error} />
      {state.steps === 0 ? null : (
        <div role="status" aria-live="polite">
          <p>
            <progress max={3} value={state.chains.length} aria-label={t('verify.progress')} />{' '}
            {t('verify.counts', { entries: state.entries, chains: state.chains.length, steps: state.steps })}
            {state.current === null ? '' : ` · ${t('verify.current', { j: label('j', state.current) })}`}
          </p>
          {state.ok === null ? null : <p class={state.ok ? 'verdict ok' : 'verdict bad'}>{state.ok ? t('verify.ok') : t('verify.bad')}</p>}
          <ul class="compact">
            {state.chains.map((c) => (
              <li key={c.jurisdiction}>
                {label('j', c.jurisdiction)}：{c.ok ? `✓ ${t('verify.chainOk', { n: c.entries })}` : `✗ ${t('verify.chainBad', { seq: c.badSeq ?? '?', reason: c.reason ?? '' })}`}
                {c.head === undefined ? null : <code class="hash" title={c.head}> {c.head.slice(0, 16)}…</code>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
