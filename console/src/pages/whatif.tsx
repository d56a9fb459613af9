/**
 * What-if over real history (issue 14): the period, the jurisdictions and a draft catalog (typed, uploaded as a JSON
 * file, or started from the catalog in force), then the simulation followed while it runs (its id in the address, so
 * a reload finds it again) and its report (whatif-report.tsx). The API validates the draft and decides who may run it.
 */
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../api';
import { loadPolicies } from '../catalog';
import { fiscalYearNow, formatCst } from '../format';
import { label, t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import { navigate } from '../router';
import { JURISDICTIONS, type Session, isAuditor } from '../session';
import { ErrorBox, Field, Notice } from '../ui';
import { Recipients, type Simulation, SummaryChart, SummaryTable } from './whatif-report';

/** The page stops following a simulation after this long (it runs on without the page; a reload follows it again). */
const POLL_DEADLINE_MS = 10 * 60_000;

export function WhatIfPage({ config, session, route }: PageProps) {
  const simulationId = route.params.get('id');
  return (
    <Layout config={config} session={session} current="/whatif" title={t('whatif.title')}>
      <p class="lead">{t('whatif.lead')}</p>
      <DraftForm session={session} />
      {simulationId === null ? null : <Followed key={simulationId} simulationId={simulationId} />}
    </Layout>
  );
}

/** The jurisdictions a person may simulate: all for an auditor, else those where they approve, pay or budget. */
function choicesOf(session: Session): string[] {
  if (isAuditor(session)) return [...JURISDICTIONS];
  return JURISDICTIONS.filter((j) => ['approver', 'officer', 'budget-admin'].some((r) => session.groups.includes(`${r}:${j}`)));
}

function DraftForm({ session }: { session: Session }) {
  const [from, setFrom] = useState(`${fiscalYearNow()}-01-01`);
  const [to, setTo] = useState(formatCst(new Date().toISOString()).slice(0, 10));
  const [chosen, setChosen] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const fromCatalog = async () => {
    setError(null);
    try {
      setText(JSON.stringify({ policies: await loadPolicies() }, null, 2));
      setNotice(t('whatif.catalogLoaded'));
    } catch (e) {
      setError(e as Error);
    }
  };
  const upload = async (file: File | undefined) => {
    if (file !== undefined) setText(await file.text());
  };
  const run = async () => {
    setError(null);
    setNotice(null);
    if (text.trim() === '') return setError(new Error(t('whatif.empty')));
    let catalog: unknown;
    try {
      catalog = JSON.parse(text);
    } catch (e) {
      return setError(new Error(t('whatif.notJson', { message: (e as Error).message })));
    }
    setBusy(true);
    try {
      const body = { catalog, from, to, ...(chosen.length > 0 ? { jurisdictions: chosen } : {}) };
      const started = await post<{ simulationId: string }>('/simulations', body);
      navigate('/whatif', { id: started.simulationId });
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (j: string, on: boolean) => setChosen((c) => (on ? [...c, j] : c.filter((x) => x !== j)));
  return (
    <section class="card" aria-labelledby="whatif-form">
      <h2 id="whatif-form">{t('whatif.form')}</h2>
      <form onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}>
        <div class="grid">
          <Field label={t('whatif.from')}><input type="date" name="from" required value={from} onInput={(e) => setFrom(e.currentTarget.value)} /></Field>
          <Field label={t('whatif.to')}><input type="date" name="to" required value={to} onInput={(e) => setTo(e.currentTarget.value)} /></Field>
        </div>
        <JurisdictionsField choices={choicesOf(session)} chosen={chosen} onToggle={toggle} />
        <div class="actions">
          <button type="button" onClick={() => void fromCatalog()}>{t('whatif.fromCatalog')}</button>
          <Field label={t('whatif.upload')}>
            <input type="file" name="draft-file" accept=".json,application/json" onChange={(e) => void upload(e.currentTarget.files?.[0])} />
          </Field>
        </div>
        {notice === null ? null : <Notice>{notice}</Notice>}
        <Field label={t('whatif.catalog')} hint={t('whatif.catalogHint')}>
          <textarea name="catalog" rows={14} spellcheck={false} class="whatif-draft" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </Field>
        <ErrorBox error={error} />
        <div class="actions"><button type="submit" class="primary" disabled={busy}>{t('whatif.run')}</button></div>
      </form>
    </section>
  );
}

function JurisdictionsField(props: { choices: readonly string[]; chosen: readonly string[]; onToggle: (j: string, on: boolean) => void }) {
  return (
    <fieldset>
      <legend>{t('whatif.jurisdictions')}</legend>
      {props.choices.map((j) => (
        <label key={j} class="check whatif-check">
          <input type="checkbox" checked={props.chosen.includes(j)} onChange={(e) => props.onToggle(j, e.currentTarget.checked)} />
          {label('j', j)}
        </label>
      ))}
      <p class="hint">{t('whatif.jurisdictionsHint')}</p>
    </fieldset>
  );
}

/** Follows a simulation while it runs (its progress announced), then shows its report or why it failed. */
function Followed({ simulationId }: { simulationId: string }) {
  const [state, setState] = useState<Simulation | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [gaveUp, setGaveUp] = useState(false);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = Date.now();
    const poll = async (round: number) => {
      try {
        const s = await get<Simulation>(`/simulations/${encodeURIComponent(simulationId)}`, { limit: 1 });
        if (!live) return;
        setState(s);
        if (s.status !== 'RUNNING') return;
        if (Date.now() - started > POLL_DEADLINE_MS) return setGaveUp(true);
        // Quickly at first (a small period takes a second or two), then every two seconds.
        timer = setTimeout(() => void poll(round + 1), round < 10 ? 500 : 2_000);
      } catch (e) {
        if (live) setError(e as Error);
      }
    };
    void poll(0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [simulationId]);
  const p = state?.progress;
  return (
    <>
      <section class="card" aria-labelledby="whatif-result">
        <h2 id="whatif-result">{t('whatif.id')} <code>{simulationId}</code></h2>
        <ErrorBox error={error} />
        <div role="status">
          {state?.status === 'RUNNING' && p !== undefined ? <p>{t('whatif.running', { events: p.events, recipients: p.recipients })}</p> : null}
          {gaveUp ? <p>{t('whatif.waitedTooLong')}</p> : null}
          {state?.status === 'DONE' && p !== undefined ? <p>{t('whatif.done', { events: p.events, facts: p.facts, skipped: p.skipped })}</p> : null}
        </div>
        {state?.status === 'FAILED' ? <div class="alert error" role="alert">{t('whatif.failed', { reason: state.reason ?? '' })}</div> : null}
        {state?.status === 'DONE' ? (
          <>
            <h3>{t('whatif.summary')}</h3>
            {state.summary.length === 0 ? <p class="muted">{t('whatif.none')}</p> : (
              <>
                <SummaryChart rows={state.summary} />
                <SummaryTable rows={state.summary} />
              </>
            )}
            <p class="muted small">{t('whatif.amountRequiredNote')}</p>
            <p class="muted small">{t('whatif.rulesAloneNote')}</p>
          </>
        ) : null}
      </section>
      {state?.status === 'DONE' ? <Recipients simulationId={simulationId} /> : null}
    </>
  );
}
