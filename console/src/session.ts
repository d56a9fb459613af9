/**
 * Who is signed in, kept for the tab only (sessionStorage): the token, the user and the groups read from it. The
 * console shows and hides actions by these groups for convenience only; the API decides every request.
 */
import type { CognitoAuth, ConsoleConfig } from '../config-shape';
import { authorizeUrl, challengeOf, claimsOf, randomVerifier, tokenRequestBody } from './pkce';

export type { ConsoleConfig } from '../config-shape';

export interface Session {
  readonly token: string;
  readonly user: string;
  readonly groups: readonly string[];
  /** Seconds since the epoch when the token expires. */
  readonly exp: number;
}

const KEY = 'awards.session';
const PKCE_KEY = 'awards.pkce';

export const JURISDICTIONS = ['130000', '130100', '350000'] as const;
export type Role = 'approver' | 'officer' | 'budget-admin';

export function loadSession(now: number = Date.now()): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (raw === null) return null;
  try {
    const session = JSON.parse(raw) as Session;
    return session.exp * 1000 > now ? session : null;
  } catch {
    return null;
  }
}

export function sessionFromToken(token: string): Session {
  const claims = claimsOf(token);
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]).filter((g): g is string => typeof g === 'string') : [];
  const user = String(claims.username ?? claims['cognito:username'] ?? claims.email ?? claims.sub ?? '');
  return { token, user, groups, exp: Number(claims.exp ?? 0) };
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

/** The jurisdictions a session holds a role in (auditors read all, but act in none). */
export function jurisdictionsAs(session: Session, role: Role): string[] {
  return JURISDICTIONS.filter((j) => session.groups.includes(`${role}:${j}`));
}

export const isAuditor = (session: Session) => session.groups.includes('auditor');

/** Jurisdictions whose awards the session may read: its own as approver or officer, all for an auditor. */
export function readableJurisdictions(session: Session): string[] {
  if (isAuditor(session)) return [...JURISDICTIONS];
  return JURISDICTIONS.filter((j) => session.groups.includes(`approver:${j}`) || session.groups.includes(`officer:${j}`));
}

/** Local stack: the issuer signs the user and groups picked on the sign-in page. */
export async function signInLocal(apiUrl: string, user: string, groups: readonly string[]): Promise<Session> {
  const response = await fetch(`${apiUrl}/local/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, groups }) });
  const body = (await response.json()) as { token?: string; error?: { message: string } };
  if (!response.ok || body.token === undefined) throw new Error(body.error?.message ?? `sign-in failed (${response.status})`);
  const session = sessionFromToken(body.token);
  saveSession(session);
  return session;
}

/** AWS: off to Cognito's hosted UI with a PKCE challenge; the verifier and state wait in this tab. */
export async function beginCognito(auth: CognitoAuth): Promise<void> {
  const verifier = randomVerifier();
  const state = randomVerifier();
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  location.assign(authorizeUrl(auth, await challengeOf(verifier), state));
}

/** Back from the hosted UI with `?code=&state=`: the code and verifier are exchanged for tokens. */
export async function completeCognito(auth: CognitoAuth): Promise<Session | null> {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  if (code === null) return null;
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (saved === null || saved.state !== query.get('state')) throw new Error('the sign-in answer does not match the request made from this tab');
  const response = await fetch(`${auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: tokenRequestBody(auth, code, saved.verifier),
  });
  const tokens = (await response.json()) as { id_token?: string; error?: string };
  if (!response.ok || tokens.id_token === undefined) throw new Error(`Cognito refused the sign-in: ${tokens.error ?? response.status}`);
  const session = sessionFromToken(tokens.id_token);
  saveSession(session);
  return session;
}

export function signOut(config: ConsoleConfig): void {
  clearSession();
  if (config.auth.kind === 'cognito') {
    const q = new URLSearchParams({ client_id: config.auth.clientId, logout_uri: config.auth.logoutUri });
    location.assign(`${config.auth.domain}/logout?${q.toString()}`);
  } else location.hash = '#/signin';
}
