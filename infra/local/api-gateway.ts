/**
 * The HTTP API as API Gateway presents it to the function: routes from the same route list as the stack, a JWT
 * authorizer over the local issuer (401 before the function is called), claims flattened as API Gateway flattens
 * them, and HTTP API v2 events. A body over the limit answers 413 in the contract's error shape.
 */
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { API_ROUTES, PUBLIC_ROUTES } from '../../shared/contract/routes';
import { BodyTooLargeError, readBodyBytes, send } from './http';
import { InvalidTokenError, verifyToken } from './issuer';

export type ApiHandler = (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface ApiGatewayOptions {
  readonly handler: ApiHandler;
  readonly context: () => Context;
  readonly port: number;
  readonly account: string;
  readonly bodyBytesMax: number;
  readonly log: (line: string) => void;
}

const ROUTES = [...API_ROUTES, ...PUBLIC_ROUTES].map((routeKey) => {
  const [method, template] = routeKey.split(' ') as [string, string];
  const names: string[] = [];
  const pattern = new RegExp(`^${template.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`);
  return { routeKey, method, pattern, names, isPublic: (PUBLIC_ROUTES as readonly string[]).includes(routeKey) };
});

export function apiGatewayListener(options: ApiGatewayOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void answer(options, req, res).catch((error: Error) => {
      options.log(`api: ${error.message}`);
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: { code: 'INTERNAL', message: error.message } }));
    });
  };
}

async function answer(options: ApiGatewayOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(url.pathname));
  const error = (status: number, code: string, message: string) => send(res, status, JSON.stringify({ error: { code, message } }));
  if (route === undefined) return error(404, 'NOT_FOUND', `no route ${req.method} ${url.pathname}`);
  let claims: Record<string, unknown> | null = null;
  if (!route.isPublic) {
    const token = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    if (token === undefined) return error(401, 'UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer <JWT>; `npx awards token` makes one)');
    try {
      claims = await verifyToken(token);
    } catch (e) {
      if (e instanceof InvalidTokenError) return error(401, 'UNAUTHENTICATED', e.message);
      throw e;
    }
  }
  let bytes: Buffer;
  try {
    bytes = await readBodyBytes(req, options.bodyBytesMax);
  } catch (e) {
    if (e instanceof BodyTooLargeError) return error(413, 'PAYLOAD_TOO_LARGE', e.message);
    throw e;
  }
  // A body that is not UTF-8 text (a bank file in UTF-16) reaches the function as its bytes, base64-encoded, as an HTTP
  // API hands over a binary body; decoding it as UTF-8 here would lose them.
  const isBase64Encoded = !isUtf8(bytes);
  const body = isBase64Encoded ? bytes.toString('base64') : bytes.toString('utf8');
  const match = route.pattern.exec(url.pathname) ?? [];
  const pathParameters = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  // API Gateway's JWT authorizer hands claims over as strings; an array claim becomes "[a b]".
  const flat = claims === null ? null : Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' ? JSON.stringify(v) : v]));
  const now = Date.now();
  const event = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)])),
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(route.names.length > 0 ? { pathParameters } : {}),
    ...(body.length > 0 ? { body } : {}),
    isBase64Encoded,
    requestContext: {
      accountId: options.account,
      apiId: 'local',
      domainName: `127.0.0.1:${options.port}`,
      domainPrefix: 'local',
      http: { method: req.method ?? 'GET', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: String(req.headers['user-agent'] ?? '') },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      ...(flat === null ? {} : { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: flat, scopes: [] } } }),
    },
  };
  const response = await options.handler(event, options.context());
  // A binary answer (an xlsx workbook) is base64 in the function's result, as API Gateway expects it, and bytes on the wire.
  const payload = response.isBase64Encoded === true ? Buffer.from(response.body ?? '', 'base64') : (response.body ?? '');
  send(res, response.statusCode ?? 200, payload, Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k, String(v)])));
}
