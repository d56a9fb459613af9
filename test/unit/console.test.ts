/**
 * The console's pure parts (money, China Standard Time, PKCE) and how the local stack serves it: the site with its
 * CSP and caching, the runtime config, and the local sign-in issuer that signs only the roles the API knows.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiscalYearNow, formatCst, formatYuan, looksLikeIdNumber, parseYuan, yuanInput } from '../../console/src/format';
import { authorizeUrl, challengeOf, claimsOf, tokenRequestBody } from '../../console/src/pkce';
import { LOCAL_CSP, consoleSite } from '../../infra/local/console-site';
import { derToRaw } from '../../console/src/der';
import { generateKeyPairSync, sign } from 'node:crypto';
import { verifyToken } from '../../infra/local/issuer';

describe('console money and time', () => {
  it.each([
    [0, '¥0.00'], [5, '¥0.05'], [123_456, '¥1,234.56'], [30_000_000, '¥300,000.00'], [-61_728_394, '-¥617,283.94'], [900_719_925_474_099, '¥9,007,199,254,740.99'],
  ])('writes %i fen as %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it.each([
    ['300000', 30_000_000], ['1,234.5', 123_450], ['1,234.56', 123_456], ['¥ 20,000,000', 2_000_000_000], ['0.07', 7], ['１２', null], ['1.234', null], ['-5', null], ['', null], ['1e5', null],
  ])('reads "%s" typed as yuan as %s fen, without floats', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it('round-trips an amount through the input', () => {
    for (const fen of [1, 99, 100, 123_456, 2_000_000_000]) expect(parseYuan(yuanInput(fen))).toBe(fen);
  });

  it('writes instants in China Standard Time, and the fiscal year turns at midnight in Beijing', () => {
    expect(formatCst('2026-12-31T15:59:59Z')).toBe('2026-12-31 23:59:59');
    expect(formatCst('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00:00');
    expect(fiscalYearNow(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
    expect(formatCst(null)).toBe('—');
  });

  it('tells an identity number from a credit code', () => {
    expect(looksLikeIdNumber('11010519491231002X')).toBe(true);
    expect(looksLikeIdNumber('91130102MA07AB123U')).toBe(false);
    expect(looksLikeIdNumber('911301020000000000')).toBe(false);
  });
});

describe('console sign-in with Cognito (authorization code with PKCE)', () => {
  const auth = { kind: 'cognito', domain: 'https://awards.auth.cn-north-1.amazoncognito.com', clientId: 'client1', userPoolId: 'p', region: 'r', redirectUri: 'https://d1.cloudfront.net/', logoutUri: 'https://d1.cloudfront.net/' } as const;

  it('computes the S256 challenge of RFC 7636, appendix B', async () => {
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('asks for a code with the challenge and state, and exchanges it with the verifier', () => {
    const url = new URL(authorizeUrl(auth, 'CHALLENGE', 'STATE'));
    expect(url.origin + url.pathname).toBe('https://awards.auth.cn-north-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code', client_id: 'client1', redirect_uri: 'https://d1.cloudfront.net/', scope: 'openid email profile', code_challenge_method: 'S256', code_challenge: 'CHALLENGE', state: 'STATE',
    });
    expect(Object.fromEntries(new URLSearchParams(tokenRequestBody(auth, 'CODE', 'VERIFIER')))).toEqual({
      grant_type: 'authorization_code', client_id: 'client1', code: 'CODE', redirect_uri: 'https://d1.cloudfront.net/', code_verifier: 'VERIFIER',
    });
  });

  it('reads the groups of a token, Chinese names included', () => {
    const payload = Buffer.from(JSON.stringify({ 'sub': 's', 'username': '张伟', 'cognito:groups': ['approver:130100'] })).toString('base64url');
    expect(claimsOf(`h.${payload}.s`)).toMatchObject({ 'username': '张伟', 'cognito:groups': ['approver:130100'] });
  });
});

describe('console verification of KMS digests (ES256) with WebCrypto', () => {
  it('turns a DER ECDSA signature into the r‖s WebCrypto verifies', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const message = Buffer.from('the 32 bytes of a digest message.');
    for (let n = 0; n < 20; n++) {
      const der = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
      const jwk = publicKey.export({ format: 'jwk' });
      const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, derToRaw(der), message)).toBe(true);
      expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, derToRaw(der), Buffer.from('another message'))).toBe(false);
    }
  });
});

describe('the console on the local stack', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const site = consoleSite({ log: () => undefined });
    server = createServer((req, res) => {
      if (!site(req, res)) res.writeHead(418).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves the site under /console/ with its CSP, the hashed assets cached for a year and the page revalidated', async () => {
    const page = await fetch(`${base}/console/`);
    expect(page.headers.get('content-security-policy')).toBe(LOCAL_CSP);
    expect(LOCAL_CSP).toContain('script-src \'self\'');
    expect(LOCAL_CSP).toContain('frame-ancestors \'none\'');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    const script = /src="\.\/(app-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${base}/console/${script}`);
    expect([js.status, js.headers.get('cache-control'), js.headers.get('content-type')]).toEqual([200, 'public, max-age=31536000, immutable', 'text/javascript; charset=utf-8']);
    expect(await (await fetch(`${base}/console/config.json`)).json()).toEqual({ apiUrl: '', auth: { kind: 'local' } });
    expect((await fetch(`${base}/console/nothing.js`)).status).toBe(404);
    expect((await fetch(`${base}/`, { redirect: 'manual' })).headers.get('location')).toBe('/console/');
    expect((await fetch(`${base}/awards`)).status).toBe(418);
  });

  it('signs a token for a user and the roles of CONTRACT §2, and refuses anything else', async () => {
    const ok = await fetch(`${base}/local/token`, { method: 'POST', body: JSON.stringify({ user: '张伟', groups: ['approver:130100', 'auditor', 'auditor'] }) });
    const body = (await ok.json()) as { token: string; groups: string[] };
    expect(body.groups).toEqual(['approver:130100', 'auditor']);
    expect(await verifyToken(body.token)).toMatchObject({ 'sub': '张伟', 'cognito:groups': ['approver:130100', 'auditor'] });
    const bad = await fetch(`${base}/local/token`, { method: 'POST', body: JSON.stringify({ user: 'x', groups: ['admin'] }) });
    expect([bad.status, ((await bad.json()) as { error: { code: string } }).error.code]).toEqual([400, 'VALIDATION']);
    expect((await fetch(`${base}/local/token`, { method: 'POST', body: '{' })).status).toBe(400);
    expect((await fetch(`${base}/local/token`, { method: 'POST', body: JSON.stringify({ user: 'a b', groups: [] }) })).status).toBe(400);
    expect((await fetch(`${base}/local/token`)).status).toBe(405);
  });
});
