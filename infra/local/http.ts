/** Small HTTP helpers the local endpoints share. */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export class LocalStackError extends Error {
  override name = 'LocalStackError';
}

/** A request body over the endpoint's limit: answered 413, never a 500. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

export async function readBody(req: IncomingMessage, bytesMax: number): Promise<string> {
  return (await readBodyBytes(req, bytesMax)).toString('utf8');
}

/** A request body's bytes, within `bytesMax`. */
export async function readBodyBytes(req: IncomingMessage, bytesMax: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > bytesMax) throw new BodyTooLargeError(`request body is ${declared} bytes; the limit is ${bytesMax}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > bytesMax) throw new BodyTooLargeError(`request body is larger than ${bytesMax} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }): void {
  // A body left unread (one refused for its size) must not keep the connection: close it after the answer.
  res.writeHead(status, { ...headers, ...(status === 413 ? { connection: 'close' } : {}) });
  res.end(body);
}

export async function listen(server: Server, port: number, what: string, envName: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new LocalStackError(`port ${port} (${what}) is in use: stop what uses it, or set ${envName} to another port`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

export const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
