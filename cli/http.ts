/** The `awards` command's HTTP client for the pipeline's API (local by default, AWARDS_API_URL elsewhere). */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    /** 1: the command ran and the answer is a fault (refused, conflict); 2: it could not run. */
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** The exit code of a refused answer: 401 and 5xx mean the command could not run (2); any other 4xx is a fault found (1). */
export const statusExitCode = (status: number): 1 | 2 => (status === 401 || status >= 500 ? 2 : 1);

export const apiUrl = (): string => (process.env.AWARDS_API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');

function token(): string {
  const value = process.env.AWARDS_TOKEN;
  if (value === undefined || value.trim() === '') {
    throw new CliError('AWARDS_TOKEN is not set. Locally: export AWARDS_TOKEN=$(npx awards token --user li --groups approver:130000)', 2);
  }
  return value.trim();
}

/** Sends `body` as JSON; with `contentType`, sends a string body as it is (a bank file's XML). */
export async function request(
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
): Promise<{ status: number; text: string; json: unknown; headers: Headers }> {
  const url = `${apiUrl()}${path}`;
  const payload = body === undefined ? undefined : contentType === undefined ? JSON.stringify(body) : String(body);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token()}`, ...(payload === undefined ? {} : { 'content-type': contentType ?? 'application/json' }) },
      ...(payload === undefined ? {} : { body: payload }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    throw new CliError(`cannot reach the HTTP API at ${apiUrl()} (${(cause as Error).message}); is \`npm start\` running, or AWARDS_API_URL set?`, 2);
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // CSV, or an error page
  }
  if (response.status >= 400) {
    const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
    const message = `${response.status} ${error?.code ?? ''}: ${error?.message ?? text.slice(0, 200)}`;
    throw new CliError(message, statusExitCode(response.status));
  }
  return { status: response.status, text, json, headers: response.headers };
}

/** A GET whose answer is a file (a CSV or an xlsx notice): its bytes as sent, refused answers as CliError. */
export async function requestBytes(path: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(`${apiUrl()}${path}`, { headers: { authorization: `Bearer ${token()}` }, signal: AbortSignal.timeout(30_000) });
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    throw new CliError(`cannot reach the HTTP API at ${apiUrl()} (${(cause as Error).message}); is \`npm start\` running, or AWARDS_API_URL set?`, 2);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (response.status >= 400) throw new CliError(`${response.status}: ${bytes.toString('utf8').slice(0, 200)}`, statusExitCode(response.status));
  return bytes;
}
