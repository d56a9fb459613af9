/**
 * The finance and audit console (ADR 011): reads its runtime configuration, finishes a Cognito sign-in if it is
 * coming back from one, and shows the page the address names. Every page reads and writes through the HTTP API.
 */
import './styles.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { configureApi } from './api';
import { lang, t } from './i18n';
import { firstPage } from './layout';
import { navigate, useRoute } from './router';
import { type ConsoleConfig, type Session, completeCognito, loadSession } from './session';
import { SignIn } from './pages/signin';
import { Queue } from './pages/queue';
import { AwardPage } from './pages/award';
import { Budgets } from './pages/budgets';
import { Payees } from './pages/payees';
import { Payments } from './pages/payments';
import { Ledger } from './pages/ledger';
import { Rejections } from './pages/rejections';
import { Policies } from './pages/policies';
import { EvidencePage } from './pages/evidence';
import { WhatIfPage } from './pages/whatif';
import { PublicityPage } from './pages/publicity';
import { CreditListsPage } from './pages/credit-lists';
import { ReportsPage } from './pages/reports';

function App({ config }: { config: ConsoleConfig }) {
  const route = useRoute();
  const [session, setSession] = useState<Session | null>(loadSession);
  configureApi(config.apiUrl, session);
  const signedIn = (s: Session) => {
    setSession(s);
    configureApi(config.apiUrl, s);
    navigate(route.params.get('next') ?? firstPage(s));
  };
  useEffect(() => {
    if (session === null && route.path !== '/signin') navigate('/signin', { next: route.path === '/' ? undefined : route.path });
  }, [session, route.path]);
  if (route.path === '/signin' || session === null) return <SignIn config={config} onSignedIn={signedIn} />;
  const page = { config, session, route };
  const [, section = '', id = ''] = route.path.split('/');
  switch (section) {
    case 'queue': return <Queue {...page} />;
    case 'awards': return <AwardPage {...page} awardId={decodeURIComponent(id)} />;
    case 'evidence': return <EvidencePage {...page} awardId={decodeURIComponent(id)} />;
    case 'whatif': return <WhatIfPage {...page} />;
    case 'publicity': return <PublicityPage {...page} />;
    case 'credit-lists': return <CreditListsPage {...page} />;
    case 'reports': return <ReportsPage {...page} />;
    case 'budgets': return <Budgets {...page} />;
    case 'payees': return <Payees {...page} />;
    case 'payments': return <Payments {...page} />;
    case 'ledger': return <Ledger {...page} />;
    case 'rejections': return <Rejections {...page} />;
    case 'policies': return <Policies {...page} />;
    default: return <Policies {...page} />;
  }
}

async function start(): Promise<void> {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  const root = document.getElementById('app') as HTMLElement;
  try {
    const response = await fetch('./config.json', { cache: 'no-cache' });
    if (!response.ok) throw new Error(`config.json: ${response.status}`);
    const config = (await response.json()) as ConsoleConfig;
    if (config.auth.kind === 'cognito') await completeCognito(config.auth);
    render(<App config={config} />, root);
  } catch (error) {
    render(<main id="main"><h1>{t('app.name')}</h1><p role="alert">{t('start.failed')}：{(error as Error).message}</p></main>, root);
  }
}

void start();
