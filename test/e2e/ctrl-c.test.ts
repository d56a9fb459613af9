/**
 * Ctrl-C as a newcomer presses it: the terminal sends SIGINT to every process of `npm start`'s group, DynamoDB Local's
 * java too. The stack stops taking events, lets the pollers finish their batches and only then stops DynamoDB Local,
 * so no invocation fails on the way down; every accepted event is recorded, or replayed from the journal at the next
 * start.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb';
import { designAward } from '../support/awards';
import { rawEvent } from '../support/events';
import { ROOT, type RunningStack, api, eventBridge, eventually, putEvents, startStack, token } from '../support/local-stack';

const running: RunningStack[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const stack of running) await stack.stop('SIGINT');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The processes whose command line names the data directory (DynamoDB Local's -dbPath). */
const holding = (dataDir: string) => execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(dataDir));

describe('Ctrl-C on npm start', () => {
  it('stops DynamoDB Local only after the pollers: no invocation fails, and every accepted event is accounted for after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'awards-ctrl-c-'));
    dirs.push(dataDir);
    const stack = await startStack({ inMemory: false, dataDir });
    running.push(stack);
    const events = Array.from({ length: 150 }, (_, i) => {
      const fact = designAward(100_000 + i, `CTRL-C-${i}`);
      return rawEvent('DesignServicePurchased', { approvedCostFen: (fact.awards[0]?.amountFen ?? 0) * 2 }, { recipient: 'baoding', reference: fact.reference, eventId: `ctrl-c-${i}` });
    });
    const ids = await putEvents(eventBridge(stack.eventsUrl), events);
    expect(ids.every((id) => id !== null)).toBe(true);

    // Pressed while intake still works through the batch.
    expect(await stack.interrupt()).toBe(0);
    const output = stack.output();
    expect(output).toContain('SIGINT: stopping');
    expect(output).toContain('stopped');
    expect(output).not.toContain('ECONNREFUSED');
    expect(output).not.toContain('invocation failed');
    expect(output).not.toContain('"level":"ERROR"');
    expect(holding(dataDir)).toEqual([]);

    // The events intake had not reached are replayed from the journal: every one has its outcome.
    const again = await startStack({ inMemory: false, dataDir });
    running.push(again);
    const auditor = await token('qian', ['auditor']);
    await eventually('every accepted event recorded', async () => {
      for (const id of ids) {
        const { status } = await api(again, auditor, 'GET', `/events/${id}`);
        if (status !== 200) return undefined;
      }
      return true;
    });
    expect(await again.interrupt()).toBe(0);
    expect(again.output()).not.toContain('ECONNREFUSED');
  }, 240_000);

  it('pressed while it is still starting, stops DynamoDB Local too (it ignores SIGINT): no java is left holding the data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'awards-ctrl-c-start-'));
    dirs.push(dataDir);
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
      cwd: ROOT, env: { ...process.env, AWARDS_DATA_DIR: dataDir, AWARDS_API_PORT: String(await freePort()), AWARDS_EVENTS_PORT: String(await freePort()) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // As soon as java runs, before the stack is ready: what a terminal's Ctrl-C does, to the whole group.
    await eventually('DynamoDB Local started', async () => (holding(dataDir).some((line) => line.includes('java')) ? true : undefined), 60_000);
    expect(output).not.toContain('award-pipeline is ready');
    process.kill(-(child.pid as number), 'SIGINT');
    expect(await exited).toBe(130);
    expect(output).toContain('stopped before it was ready');
    await eventually('no process left holding the data directory', async () => (holding(dataDir).length === 0 ? true : undefined), 15_000);
  }, 120_000);
});
