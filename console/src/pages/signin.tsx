/**
 * Sign-in. Locally (CONTRACT §4) a person picks a user name and groups and the local issuer signs them; in AWS the
 * button goes to Cognito's hosted UI (authorization code with PKCE) and the groups come from the user pool.
 */
import { useState } from 'preact/hooks';
import { label, otherLanguageHref, t } from '../i18n';
import { roleName } from '../layout';
import { type ConsoleConfig, JURISDICTIONS, type Session, beginCognito, signInLocal } from '../session';
import { ErrorBox, Field } from '../ui';

const ROLES = ['approver', 'officer', 'budget-admin'] as const;

/** People to sign in as in one click, for the README's walk-through. */
const PRESETS: ReadonlyArray<{ user: string; groups: string[] }> = [
  { user: 'zhang.wei', groups: ['approver:130100', 'approver:130000'] },
  { user: 'li.na', groups: ['approver:130100', 'approver:130000'] },
  { user: 'wang.fang', groups: ['officer:130100', 'officer:130000'] },
  { user: 'zhao.lei', groups: ['officer:130100', 'officer:130000'] },
  { user: 'chen.jing', groups: ['budget-admin:130100', 'budget-admin:130000'] },
  { user: 'sun.li', groups: ['auditor'] },
];

export function SignIn({ config, onSignedIn }: { config: ConsoleConfig; onSignedIn: (s: Session) => void }) {
  const [user, setUser] = useState('');
  const [groups, setGroups] = useState<string[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const toggle = (g: string) => setGroups((gs) => (gs.includes(g) ? gs.filter((x) => x !== g) : [...gs, g]));
  const submit = async (name: string, picked: readonly string[]) => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signInLocal(config.apiUrl, name, picked));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="signin">
      <p class="right"><a href={otherLanguageHref()} lang={t('lang.other.code')}>{t('lang.other')}</a></p>
      <h1>{t('signin.title')}</h1>
      <p class="lead">{t('app.name')} · {t('signin.lead')}</p>
      <ErrorBox error={error} />
      {config.auth.kind === 'cognito' ? (
        <button type="button" class="primary" onClick={() => config.auth.kind === 'cognito' && void beginCognito(config.auth)}>{t('signin.cognito')}</button>
      ) : (
        <>
          <Presets busy={busy} onPick={(u, g) => void submit(u, g)} />
          <form class="card" onSubmit={(e) => {
            e.preventDefault();
            void submit(user, groups);
          }}>
            <h2>{t('signin.custom')}</h2>
            <Field label={t('signin.user')}>
              <input name="user" autoComplete="username" required value={user} onInput={(e) => setUser(e.currentTarget.value)} />
            </Field>
            <fieldset>
              <legend>{t('signin.groups')}</legend>
              <table class="roles">
                <thead><tr><th scope="col">{t('jurisdiction')}</th>{ROLES.map((r) => <th scope="col" key={r}>{label('role', r)}</th>)}</tr></thead>
                <tbody>
                  {JURISDICTIONS.map((j) => (
                    <tr key={j}>
                      <th scope="row">{label('j', j)} <span class="muted">{j}</span></th>
                      {ROLES.map((r) => (
                        <td key={r}>
                          <input type="checkbox" aria-label={`${label('j', j)} ${label('role', r)}`} checked={groups.includes(`${r}:${j}`)} onChange={() => toggle(`${r}:${j}`)} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              <label class="check"><input type="checkbox" checked={groups.includes('auditor')} onChange={() => toggle('auditor')} /> {label('role', 'auditor')}</label>
            </fieldset>
            <button type="submit" class="primary" disabled={busy}>{t('signin.submit')}</button>
            <p class="hint">{t('signin.localOnly')}</p>
          </form>
        </>
      )}
    </main>
  );
}

function Presets({ busy, onPick }: { busy: boolean; onPick: (user: string, groups: readonly string[]) => void }) {
  return (
    <section aria-labelledby="presets">
      <h2 id="presets">{t('signin.presets')}</h2>
      <ul class="presets">
        {PRESETS.map((p) => (
          <li key={p.user}>
            <button type="button" disabled={busy} onClick={() => onPick(p.user, p.groups)}>
              {t('signin.as', { user: p.user })}
              <span class="muted">{p.groups.map((g) => roleName(g)).join('、')}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
