import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { entrySize } from '../../infra/local/events-endpoint';
import { Journal } from '../../infra/local/journal';
import { poll } from '../../infra/local/poller';
import { schedule } from '../../infra/local/schedules';
import { QUEUES } from '../../infra/topology';
import { lambdaContext } from '../support/lambda';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function journalPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'journal-'));
  dirs.push(dir);
  return join(dir, 'events.jsonl');
}
const event = (id: string) => ({ 'version': '0', id, 'detail-type': 'StandardLeaderListed', 'source': 'quality.standards', 'detail': { reference: id } });

describe('the local event journal', () => {
  it('cuts off a torn last line at start, replays the events before it, and never glues a later event to it', () => {
    const path = journalPath();
    writeFileSync(path, `${JSON.stringify(event('a'))}\n${JSON.stringify(event('b'))}\n{"version":"0","id":"c","detail-ty`);
    const first = Journal.open(path);
    expect(first.events.map((e) => e.id)).toEqual(['a', 'b']);
    expect(first.repair).toEqual({ tornBytes: Buffer.byteLength('{"version":"0","id":"c","detail-ty'), damagedLines: 0 });
    expect(readFileSync(`${path}.torn`, 'utf8')).toBe('{"version":"0","id":"c","detail-ty');
    first.journal.append([event('d')]);
    first.journal.close();
    const second = Journal.open(path);
    expect(second.events.map((e) => e.id)).toEqual(['a', 'b', 'd']);
    expect(second.repair).toEqual({ tornBytes: 0, damagedLines: 0 });
    second.journal.close();
  });

  it('rescues an event glued to a torn write by a version that did not repair, and keeps the damage aside', () => {
    const path = journalPath();
    writeFileSync(path, `${JSON.stringify(event('a'))}\n{"version":"0","id":"torn","deta${JSON.stringify(event('b'))}\nnot json at all\n${JSON.stringify(event('c'))}\n`);
    const { events, repair, journal } = Journal.open(path);
    journal.close();
    expect(events.map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(repair).toEqual({ tornBytes: 0, damagedLines: 2 });
    expect(readFileSync(`${path}.torn`, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('starts empty where there is no journal yet', () => {
    const path = journalPath();
    const { events, journal } = Journal.open(path);
    journal.append([event('first')]);
    journal.close();
    expect(events).toEqual([]);
    expect(existsSync(`${path}.torn`)).toBe(false);
    appendFileSync(path, '');
    expect(Journal.open(path).events.map((e) => e.id)).toEqual(['first']);
  });
});

describe('the local poller', () => {
  it('survives a failure to delete messages: logs it, leaves them to be delivered again, and keeps polling', async () => {
    const lines: string[] = [];
    let receives = 0;
    let stopping = false;
    const sqs = {
      send: async (command: unknown) => {
        if (command instanceof ReceiveMessageCommand) {
          // A long poll finds one message, twice; filling the batch without waiting finds none.
          if (command.input.WaitTimeSeconds === 0) return { Messages: [] };
          receives += 1;
          if (receives >= 4) stopping = true;
          return { Messages: receives <= 2 ? [{ MessageId: `m-${receives}`, ReceiptHandle: `h-${receives}`, Body: '{}' }] : [] };
        }
        if (command instanceof DeleteMessageBatchCommand) {
          if (receives === 1) throw new Error('connection reset');
          return { Failed: [{ Id: '0', Code: 'ReceiptHandleIsInvalid', SenderFault: true }] };
        }
        throw new Error('unexpected command');
      },
    };
    const handled: string[] = [];
    await poll({
      sqs: sqs as never,
      queueUrl: 'http://sqs/intake',
      queueArn: 'arn:aws:sqs:us-east-1:0:intake',
      spec: QUEUES.intake,
      handler: async (e) => (handled.push(...e.Records.map((r) => r.messageId)), { batchItemFailures: [] }),
      context: () => lambdaContext('intake'),
      region: 'us-east-1',
      account: '0',
      log: (line) => void lines.push(line),
      stopping: () => stopping,
    });
    expect(handled).toEqual(['m-1', 'm-2']);
    expect(receives).toBeGreaterThanOrEqual(4);
    expect(lines).toEqual([
      'intake: 1 message(s) not deleted (connection reset): they will be delivered again',
      'intake: message not deleted (ReceiptHandleIsInvalid): it will be delivered again',
    ]);
  });
});

describe('the local PutEvents endpoint', () => {
  it('sizes an entry as EventBridge does: Time 14 bytes, the rest in UTF-8', () => {
    expect(entrySize({ Source: 'quality.standards', DetailType: 'StandardPublished', Detail: '{"a":"标准"}' })).toBe(17 + 17 + 14);
    expect(entrySize({ Source: 'q', DetailType: 'd', Detail: '{}', Time: 1_700_000_000, Resources: ['arn:x'] })).toBe(14 + 1 + 1 + 2 + 5);
  });
});

describe('the local schedule', () => {
  it('runs a job that reports nothing, at start and then on its period (as ledger-digest is scheduled)', async () => {
    const runs: number[] = [];
    const stop = await schedule({ name: 'ledger-digest', run: async () => void runs.push(Date.now()), everyMs: 20 }, { context: lambdaContext, log: () => undefined });
    try {
      expect(runs.length, 'it ran once at start').toBe(1);
      const deadline = Date.now() + 5_000;
      while (runs.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(runs.length, 'it ran again on its period').toBeGreaterThanOrEqual(3);
    } finally {
      stop();
    }
  });

  it('prints what a job\'s report makes of its result, and a failure, and runs again after a failure', async () => {
    const lines: string[] = [];
    let n = 0;
    const run = async () => {
      n += 1;
      if (n === 1) throw new Error('the first run failed');
      return { signed: n };
    };
    const stop = await schedule({ name: 'job', run, everyMs: 20, report: (r) => `signed ${(r as { signed: number }).signed}` }, { context: lambdaContext, log: (l) => void lines.push(l) });
    try {
      const deadline = Date.now() + 5_000;
      while (n < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(lines.slice(0, 2)).toEqual(['job: the first run failed', 'signed 2']);
    } finally {
      stop();
    }
  });
});
