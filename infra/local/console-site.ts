/**
 * The console on the local stack (CONTRACT §4): the built site under `/console/`, its runtime `config.json` (same
 * origin, local sign-in), and `POST /local/token`, the local issuer behind the console's sign-in page. Served with the
 * same security headers CloudFront adds in AWS, so the browser tests prove the app works under its CSP.
 */
import { extname } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { bundleConsole } from '../../console/build';
import { contentSecurityPolicy } from '../../console/csp';
import { BodyTooLargeError, readBody, send } from './http';
import { issueToken } from './issuer';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/** The CSP of the site (console/csp.ts): the API is the same origin here, and sign-in is local. */
export const LOCAL_CSP = contentSecurityPolicy({ connect: [], forms: [] });

const SECURITY_HEADERS = {
  'content-security-policy': LOCAL_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** A user name and the groups of CONTRACT §2: the local issuer signs only role names the API knows. */
const tokenRequest = z.strictObject({
  user: z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N}._@-]+$/u, { error: 'letters, digits and . _ @ - only' }),
  groups: z.array(z.string().regex(/^((approver|officer|budget-admin):\d{6}|auditor)$/, { error: 'must be approver:<code>, officer:<code>, budget-admin:<code> or auditor' })).max(30),
});

export type SiteListener = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Answers the console's paths, built in memory on first request; returns false for any other path (the API's). */
export function consoleSite(options: { readonly log: (line: string) => void }): SiteListener {
  let built: ReadonlyMap<string, Buffer> | null = null;
  const config = JSON.stringify({ apiUrl: '', auth: { kind: 'local' } });
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/local/token') {
      void token(req, res).catch((error: Error) => {
        options.log(`local token: ${error.message}`);
        if (!res.headersSent) send(res, 500, JSON.stringify({ error: { code: 'INTERNAL', message: 'internal error' } }));
      });
      return true;
    }
    if (path === '/' || path === '/console') {
      res.writeHead(302, { location: '/console/' }).end();
      return true;
    }
    if (!path.startsWith('/console/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED', message: 'the console is read with GET' } }));
      return true;
    }
    const name = path.slice('/console/'.length) || 'index.html';
    built ??= bundleConsole();
    const bytes = name === 'config.json' ? Buffer.from(config) : built.get(name);
    if (bytes === undefined) {
      send(res, 404, 'not found', { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      return true;
    }
    const hashed = /-[A-Z0-9]{8}\.(js|css)$/.test(name);
    res.writeHead(200, {
      'content-type': TYPES[extname(name)] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...SECURITY_HEADERS,
    });
    res.end(req.method === 'HEAD' ? undefined : bytes);
    return true;
  };
}

async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const error = (status: number, code: string, message: string) => send(res, status, JSON.stringify({ error: { code, message } }));
  if (req.method !== 'POST') return error(405, 'METHOD_NOT_ALLOWED', 'POST /local/token with { "user", "groups" }');
  let text: string;
  try {
    text = await readBody(req, 4096);
  } catch (e) {
    if (e instanceof BodyTooLargeError) return error(413, 'PAYLOAD_TOO_LARGE', e.message);
    throw e;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return error(400, 'VALIDATION', 'body is not valid JSON');
  }
  const parsed = tokenRequest.safeParse(raw);
  if (!parsed.success) return error(400, 'VALIDATION', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  const { user, groups } = parsed.data;
  send(res, 200, JSON.stringify({ token: await issueToken(user, [...new Set(groups)]), user, groups: [...new Set(groups)] }));
}
