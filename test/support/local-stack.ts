/** Starts the local stack (`npm start`'s entry) as a child process on free ports, as a newcomer's terminal would. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { freePort } from '../../infra/local/dynamodb';
import { TEST_PERSON_KEY_TEXT } from './events';

export const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);

export interface RunningStack {
  readonly apiUrl: string;
  readonly eventsUrl: string;
  readonly process: ChildProcess;
  output(): string;
  /** Sends a signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Ctrl-C as a terminal sends it: SIGINT to the stack's whole process group (java too); waits for the exit code. */
  interrupt(): Promise<number | null>;
}

/** The tests' person key as a file: a stack started by a test keys people as the tests compute (ADR 009). */
function testPersonKeyFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'awards-test-key-')), 'person-key');
  writeFileSync(file, TEST_PERSON_KEY_TEXT, { mode: 0o600 });
  return file;
}

export interface StackOptions {
  inMemory: boolean;
  dataDir?: string;
  deadlineMs?: number;
  /** More environment for the stack (AWARDS_DIGEST_SECONDS, say). */
  env?: Readonly<Record<string, string>>;
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const [apiPort, eventsPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', ...(options.inMemory ? ['--in-memory'] : [])], {
    cwd: ROOT,
    env: {
      ...process.env,
      AWARDS_API_PORT: String(apiPort),
      AWARDS_EVENTS_PORT: String(eventsPort),
      ...(options.dataDir ? { AWARDS_DATA_DIR: options.dataDir } : {}),
      AWARDS_SWEEP_GRACE_SECONDS: '0',
      PERSON_KEY_FILE: process.env.PERSON_KEY_FILE ?? testPersonKeyFile(),
      AWARDS_PAYMENT_RUN_SECONDS: process.env.AWARDS_PAYMENT_RUN_SECONDS ?? '1',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, as a terminal's foreground job: interrupt() signals every process of it.
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + (options.deadlineMs ?? 120_000);
  while (!output.includes('award-pipeline is ready')) {
    if (child.exitCode !== null) throw new Error(`the local stack exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGINT');
      throw new Error(`the local stack was not ready in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    apiUrl: `http://127.0.0.1:${apiPort}`,
    eventsUrl: `http://127.0.0.1:${eventsPort}`,
    process: child,
    output: () => output,
    stop: async (signal = 'SIGINT') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    interrupt: async () => {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGINT');
      return exited;
    },
  };
}

/** `npx awards token`, as the README tells a newcomer to get one. */
export async function token(user: string, groups: readonly string[]): Promise<string> {
  const { stdout } = await run('npx', ['--no-install', 'awards', 'token', '--user', user, '--groups', groups.join(',')], { cwd: ROOT });
  return stdout.trim();
}

export function eventBridge(eventsUrl: string): EventBridgeClient {
  return new EventBridgeClient({ endpoint: eventsUrl, region: 'us-east-1', credentials: { accessKeyId: 'upstream', secretAccessKey: 'upstream' } });
}

/** PutEvents for delivered-shape events, ten at a time; returns the event ids the bus assigned (null if refused). */
export async function putEvents(client: EventBridgeClient, events: ReadonlyArray<Record<string, unknown>>): Promise<Array<string | null>> {
  const ids: Array<string | null> = [];
  for (let i = 0; i < events.length; i += 10) {
    const chunk = events.slice(i, i + 10);
    const out = await client.send(
      new PutEventsCommand({
        Entries: chunk.map((e) => ({ Source: String(e.source), DetailType: String(e['detail-type']), Detail: JSON.stringify(e.detail) })),
      }),
    );
    ids.push(...(out.Entries ?? []).map((entry) => entry.EventId ?? null));
  }
  return ids;
}

export async function api(stack: { apiUrl: string }, bearer: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : null, text };
}

/** Polls until `check` returns a value that is not undefined, or fails at the deadline with the last state. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, deadlineMs = 60_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Confirms a payee account for the recipient of each award, as two officers of its jurisdiction would (one proposes,
 * the other confirms), so approved awards can be paid. A person is named by the whole identity number, which only an
 * officer of the paying jurisdiction reads (GET /awards/{id}). `accountOf` picks the account number per award.
 */
export async function confirmPayees(
  stack: { apiUrl: string },
  awards: ReadonlyArray<{ awardId: string; jurisdiction: string; recipientId: string }>,
  accountOf: (award: { awardId: string }) => string = () => '6222020402001234567',
): Promise<void> {
  const done = new Set<string>();
  for (const award of awards) {
    if (done.has(`${award.jurisdiction}#${award.recipientId}`)) continue;
    done.add(`${award.jurisdiction}#${award.recipientId}`);
    const [proposer, confirmer] = [await token(`li-${award.jurisdiction}`, [`officer:${award.jurisdiction}`]), await token(`zhao-${award.jurisdiction}`, [`officer:${award.jurisdiction}`])];
    const { json } = await api(stack, proposer, 'GET', `/awards/${award.awardId}`);
    const recipient = json.recipient as { kind: string; uscc?: string; idNumber?: string; name: string };
    const path = `/payees/${award.jurisdiction}/${recipient.kind === 'individual' ? recipient.idNumber : recipient.uscc}`;
    const proposed = await api(stack, proposer, 'PUT', path, { accountName: recipient.name, accountNumber: accountOf(award), bankCode: '102131000013', bankName: '中国工商银行' });
    if (proposed.status !== 200) throw new Error(`proposing a payee for ${award.awardId}: ${proposed.text}`);
    const proposalId = (proposed.json.pending as { proposalId: string }).proposalId;
    const confirmed = await api(stack, confirmer, 'POST', `${path}/confirm`, { proposalId });
    if (confirmed.status !== 200) throw new Error(`confirming a payee for ${award.awardId}: ${confirmed.text}`);
  }
}

export interface CliRun { code: number; stdout: string; stderr: string }

/** `npx awards …` against a running stack, as one person (their token), with its exit code and both outputs. */
export function runAwards(stack: { apiUrl: string; eventsUrl: string }, bearer: string, ...args: string[]): Promise<CliRun> {
  const env = { ...process.env, AWARDS_API_URL: stack.apiUrl, AWARDS_EVENTS_URL: stack.eventsUrl, AWARDS_TOKEN: bearer };
  return new Promise((resolve) => {
    execFile('npx', ['--no-install', 'awards', ...args], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
