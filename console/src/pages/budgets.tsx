/**
 * Budgets per jurisdiction-year: allocated, available, reserved, in transit, disbursed and receivable, drawn as one
 * stacked bar, with the queue of awards waiting for budget (first come, first served). A budget admin sets the
 * allocation; the waiting awards it can cover are served at once and the page says how many.
 */
import { useState } from 'preact/hooks';
import { ApiError, get, put } from '../api';
import { fiscalYearNow, formatYuan, parseYuan } from '../format';
import { useLoad } from '../hooks';
import { label, t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';
import { JURISDICTIONS, type Session, isAuditor, jurisdictionsAs } from '../session';
import type { Award, Budget, Page } from '../types';
import { Dialog, ErrorBox, Facts, Field, Loading, Money, Notice, When } from '../ui';

const PARTS = [
  ['availableFen', 'budget.available', 'c-available'],
  ['reservedFen', 'budget.reserved', 'c-reserved'],
  ['inTransitFen', 'budget.inTransit', 'c-transit'],
  ['disbursedFen', 'budget.disbursed', 'c-disbursed'],
] as const;

function visibleJurisdictions(session: Session): string[] {
  if (isAuditor(session)) return [...JURISDICTIONS];
  return JURISDICTIONS.filter((j) => session.groups.includes(`approver:${j}`) || session.groups.includes(`budget-admin:${j}`));
}

export function Budgets({ config, session, route }: PageProps) {
  const year = Number(route.params.get('year') ?? fiscalYearNow());
  const years = [fiscalYearNow(), fiscalYearNow() - 1];
  return (
    <Layout config={config} session={session} current="/budgets" title={t('budget.title')}>
      <form class="filters" aria-label={t('filters')}>
        <Field label={t('award.fiscalYear')}>
          <select value={String(year)} onChange={(e) => (location.hash = `#/budgets?year=${e.currentTarget.value}`)}>
            {years.map((y) => <option key={y} value={String(y)}>{y}</option>)}
          </select>
        </Field>
      </form>
      {visibleJurisdictions(session).map((j) => <BudgetCard key={`${j}-${year}`} jurisdiction={j} year={year} session={session} />)}
    </Layout>
  );
}

function BudgetCard({ jurisdiction, year, session }: { jurisdiction: string; year: number; session: Session }) {
  const budget = useLoad(() => get<Budget>(`/budgets/${jurisdiction}/${year}`), [jurisdiction, year]);
  const canListAwards = isAuditor(session) || jurisdictionsAs(session, 'approver').includes(jurisdiction) || jurisdictionsAs(session, 'officer').includes(jurisdiction);
  const waiting = useLoad(
    () => (canListAwards ? get<Page<Award>>('/awards', { status: 'AWAITING_BUDGET', jurisdiction, limit: 20 }) : Promise.resolve(null)),
    [jurisdiction, year, budget.data?.allocatedFen],
  );
  const [notice, setNotice] = useState<string | null>(null);
  const b = budget.data;
  const title = `${label('j', jurisdiction)} ${year}`;
  return (
    <section class="card" aria-labelledby={`b-${jurisdiction}`}>
      <h2 id={`b-${jurisdiction}`}>{title}</h2>
      <ErrorBox error={budget.error} />
      {notice === null ? null : <Notice>{notice}</Notice>}
      {b === null ? (budget.loading ? <Loading /> : null) : (
        <>
          <BudgetChart budget={b} />
          <Facts rows={[
            [t('budget.allocated'), <Money fen={b.allocatedFen} />],
            ...PARTS.map(([k, key]) => [t(key), <Money fen={b[k]} />] as const),
            [t('budget.receivable'), <Money fen={b.clawbackReceivableFen} />],
            [t('budget.waiting'), String(b.waitingCount)],
          ]} />
          {jurisdictionsAs(session, 'budget-admin').includes(jurisdiction) ? (
            <AllocationForm budget={b} onSet={(after) => {
              const served = b.waitingCount - after.waitingCount;
              setNotice(t('budget.setDone', { amount: formatYuan(after.allocatedFen), served: Math.max(served, 0) }));
              budget.reload();
            }} />
          ) : null}
          <h3>{t('budget.queue')}</h3>
          {!canListAwards ? <p class="muted">{t('budget.queueNeedsRole')}</p> : <WaitingQueue page={waiting.data} error={waiting.error} />}
        </>
      )}
    </section>
  );
}

/** One bar, each part's width its share of the allocation; the numbers are in the list beside it. */
export function BudgetChart({ budget }: { budget: Budget }) {
  const total = PARTS.reduce((n, [k]) => n + budget[k], 0);
  let x = 0;
  const summary = PARTS.map(([k, key]) => `${t(key)} ${formatYuan(budget[k])}`).join('，');
  return (
    <figure class="chart">
      <svg viewBox="0 0 1000 40" preserveAspectRatio="none" width="100%" height="40" role="img" aria-label={summary}>
        {PARTS.map(([k, , cls]) => {
          const w = total === 0 ? 0 : (budget[k] / total) * 1000;
          const rect = <rect key={k} class={cls} x={x} y={0} width={w} height={40} />;
          x += w;
          return rect;
        })}
      </svg>
      <figcaption class="legend">
        {PARTS.map(([k, key, cls]) => <span key={k}><i class={`swatch ${cls}`} aria-hidden="true" />{t(key)} {total === 0 ? '0' : ((budget[k] * 100) / total).toFixed(1)}%</span>)}
      </figcaption>
    </figure>
  );
}

function WaitingQueue({ page, error }: { page: Page<Award> | null; error: Error | null }) {
  if (error !== null) return <ErrorBox error={error} />;
  if (page === null) return <Loading />;
  if (page.items.length === 0) return <p class="muted">{t('budget.queueEmpty')}</p>;
  return (
    <ol class="compact">
      {page.items.map((a) => (
        <li key={a.awardId}><a href={`#/awards/${encodeURIComponent(a.awardId)}`}>{a.recipient.name}</a> · {a.clause} · <Money fen={a.amountFen} /> · <When iso={a.createdAt} /></li>
      ))}
    </ol>
  );
}

function AllocationForm({ budget, onSet }: { budget: Budget; onSet: (after: Budget) => void }) {
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [confirming, setConfirming] = useState(false);
  const fen = parseYuan(amount);
  const submit = async () => {
    setConfirming(false);
    try {
      onSet(await put<Budget>(`/budgets/${budget.jurisdiction}/${budget.fiscalYear}`, { allocatedFen: fen }));
      setAmount('');
    } catch (e) {
      setError(e instanceof ApiError ? e : (e as Error));
    }
  };
  return (
    <form class="inline" onSubmit={(e) => {
      e.preventDefault();
      if (fen === null) setError(new Error(t('amount.invalid')));
      else setConfirming(true);
    }}>
      <ErrorBox error={error} />
      <Field label={t('budget.newAllocation')} hint={fen === null ? undefined : formatYuan(fen)}>
        <input name="allocation" inputMode="decimal" required value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="primary">{t('budget.set')}</button>
      {confirming && fen !== null ? (
        <Dialog title={t('budget.confirmTitle')} confirm={t('budget.confirm')} onConfirm={() => void submit()} onClose={() => setConfirming(false)}>
          <p>{t('budget.confirmBody', { j: label('j', budget.jurisdiction), year: budget.fiscalYear, from: formatYuan(budget.allocatedFen), to: formatYuan(fen) })}</p>
        </Dialog>
      ) : null}
    </form>
  );
}
