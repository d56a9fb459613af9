/**
 * OAuth 2.0 authorization code with PKCE (RFC 7636), as the console signs in with Cognito's hosted UI: a random
 * verifier kept in the tab, its S256 challenge sent with the authorization request, the verifier sent with the code.
 */
import type { CognitoAuth } from '../config-shape';

export function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes, base64url: 43 characters, within the 43 to 128 the RFC allows. */
export function randomVerifier(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export function authorizeUrl(auth: CognitoAuth, challenge: string, state: string): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  });
  return `${auth.domain}/oauth2/authorize?${q.toString()}`;
}

export function tokenRequestBody(auth: CognitoAuth, code: string, verifier: string): string {
  return new URLSearchParams({ grant_type: 'authorization_code', client_id: auth.clientId, code, redirect_uri: auth.redirectUri, code_verifier: verifier }).toString();
}

/** The claims of a JWT, read (not verified: the API verifies every token it is given). */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (part === undefined) throw new Error('not a JWT');
  const text = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}
