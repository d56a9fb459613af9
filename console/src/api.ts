/**
 * The HTTP API as the console calls it (CONTRACT §3): the bearer token on every request, the contract's error shape
 * read into an ApiError, a 401 sending the person back to sign in. Nothing here decides who may do what.
 */
import { type Session, clearSession } from './session';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let apiUrl = '';
let current: Session | null = null;

export function configureApi(url: string, session: Session | null): void {
  apiUrl = url.replace(/\/+$/, '');
  current = session;
}

export type Query = Record<string, string | number | undefined | null>;

export function pathWith(path: string, query: Query = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text === '' ? path : `${path}?${text}`;
}

async function send(method: string, path: string, body?: { json?: unknown; xml?: string }): Promise<Response> {
  const headers: Record<string, string> = {};
  if (current !== null) headers.authorization = `Bearer ${current.token}`;
  let payload: string | undefined;
  if (body?.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body?.xml !== undefined) {
    headers['content-type'] = 'application/xml';
    payload = body.xml;
  }
  const response = await fetch(`${apiUrl}${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  if (response.ok) return response;
  let code = 'HTTP';
  let message = `${response.status} ${response.statusText}`;
  try {
    const error = ((await response.json()) as { error?: { code: string; message: string } }).error;
    if (error !== undefined) ({ code, message } = error);
  } catch {
    // Not the contract's shape (a proxy's page): the status line says what there is to say.
  }
  if (response.status === 401) {
    clearSession();
    location.hash = '#/signin';
  }
  throw new ApiError(response.status, code, message);
}

export async function get<T>(path: string, query?: Query): Promise<T> {
  return (await (await send('GET', pathWith(path, query))).json()) as T;
}

export async function post<T>(path: string, json: unknown): Promise<T> {
  return (await (await send('POST', path, { json })).json()) as T;
}

export async function put<T>(path: string, json: unknown): Promise<T> {
  return (await (await send('PUT', path, { json })).json()) as T;
}

export async function postXml<T>(path: string, xml: string): Promise<T> {
  return (await (await send('POST', path, { xml })).json()) as T;
}

/** A file the API answers (CSV, XML): its text, the name it suggests and the next page's cursor if any. */
export async function fetchFile(path: string, query?: Query): Promise<{ text: string; fileName: string | null; nextCursor: string | null }> {
  const response = await send('GET', pathWith(path, query));
  const disposition = response.headers.get('content-disposition') ?? '';
  return { text: await response.text(), fileName: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null, nextCursor: response.headers.get('x-next-cursor') };
}

/**
 * A file the API answers as bytes (an xlsx workbook, a CSV whose byte-order mark must survive: reading it as text would
 * drop the mark Excel and WPS need to read Chinese), with the name it suggests.
 */
export async function fetchBlob(path: string, query?: Query): Promise<{ blob: Blob; fileName: string | null }> {
  const response = await send('GET', pathWith(path, query));
  const disposition = response.headers.get('content-disposition') ?? '';
  return { blob: await response.blob(), fileName: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null };
}

/** Hands a text to the browser as a download (no server round trip, nothing inline for the CSP to refuse). */
export function saveText(text: string, fileName: string, type: string): void {
  saveBlob(new Blob([text], { type }), fileName);
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
