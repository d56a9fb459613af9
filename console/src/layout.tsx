/**
 * The frame of every page: a skip link, the navigation the person's groups make useful (the API still decides every
 * request), who is signed in, the other language, and one `<h1>` saying what the page is for.
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { type Key, label, otherLanguageHref, t } from './i18n';
import { type ConsoleConfig, type Session, isAuditor, signOut } from './session';

interface NavItem {
  readonly path: string;
  readonly key: Key;
  readonly shown: (s: Session) => boolean;
}

const has = (s: Session, ...roles: string[]) => s.groups.some((g) => roles.some((r) => g === r || g.startsWith(`${r}:`)));

const NAV: readonly NavItem[] = [
  { path: '/queue', key: 'nav.queue', shown: (s) => has(s, 'approver', 'officer', 'auditor') },
  // The notice is public: anyone signed in reads it (an officer records objections from it).
  { path: '/publicity', key: 'nav.publicity', shown: () => true },
  { path: '/budgets', key: 'nav.budgets', shown: (s) => has(s, 'approver', 'budget-admin', 'auditor') },
  { path: '/payees', key: 'nav.payees', shown: (s) => has(s, 'officer', 'approver', 'auditor') },
  { path: '/credit-lists', key: 'nav.credit', shown: (s) => has(s, 'officer', 'auditor') },
  { path: '/payments', key: 'nav.payments', shown: (s) => has(s, 'officer', 'approver', 'auditor') },
  { path: '/ledger', key: 'nav.ledger', shown: isAuditor },
  { path: '/rejections', key: 'nav.rejections', shown: isAuditor },
  // Issue 22: budget execution and the overdue list, for those who answer for a jurisdiction's money, and auditors.
  { path: '/reports', key: 'nav.reports', shown: (s) => has(s, 'approver', 'officer', 'budget-admin', 'auditor') },
  { path: '/whatif', key: 'nav.whatif', shown: (s) => has(s, 'approver', 'officer', 'budget-admin', 'auditor') },
  { path: '/policies', key: 'nav.policies', shown: () => true },
];

export function firstPage(session: Session): string {
  return NAV.find((n) => n.shown(session))?.path ?? '/policies';
}

export function Layout(props: { config: ConsoleConfig; session: Session; current: string; title: string; children: ComponentChildren }) {
  const { session } = props;
  useEffect(() => {
    document.title = `${props.title} · ${t('app.name')}`;
  }, [props.title]);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>{t('skip')}</a>
      <header class="top">
        <span class="brand">{t('app.name')}</span>
        <nav aria-label={t('nav')}>
          <ul>
            {NAV.filter((n) => n.shown(session)).map((n) => (
              <li key={n.path}>
                <a href={`#${n.path}`} aria-current={props.current === n.path ? 'page' : undefined}>{t(n.key)}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span title={session.groups.join(' ')}>
            {session.user}
            <span class="muted">（{session.groups.map((g) => roleName(g)).join('、') || t('role.none')}）</span>
          </span>
          <a href={otherLanguageHref()} lang={t('lang.other.code')}>{t('lang.other')}</a>
          <button type="button" class="link" onClick={() => signOut(props.config)}>{t('signout')}</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </>
  );
}

/** `approver:130100` → 石家庄市审批人. */
export function roleName(group: string): string {
  const [role = '', j] = group.split(':');
  return j === undefined ? label('role', role) : `${label('j', j)}${t('role.sep')}${label('role', role)}`;
}
