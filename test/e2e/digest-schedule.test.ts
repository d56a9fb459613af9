/**
 * The digest schedule on this machine (ADR 012): `npm start` signs every jurisdiction's new entries every
 * AWARDS_DIGEST_SECONDS on its own, as the five-minute schedule does in AWS. Nobody here calls POST /ledger/digests:
 * the digests appear because the schedule ran, and `awards verify --digests` then finds every chain signed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLES } from '../support/lambda';
import { type RunningStack, api, eventBridge, eventually, putEvents, runAwards, startStack, token } from '../support/local-stack';

const PERIOD_SECONDS = 2;
let stack: RunningStack;
let auditor: string;

beforeAll(async () => {
  stack = await startStack({ inMemory: true, env: { AWARDS_DIGEST_SECONDS: String(PERIOD_SECONDS) } });
  auditor = await token('qian', ['auditor']);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const digestsOf = async (jurisdiction: string) => (await api(stack, auditor, 'GET', `/ledger/digests?jurisdiction=${jurisdiction}&limit=50`)).json as { items: Array<{ seq: number }> };
const headOf = async (jurisdiction: string) => ((await api(stack, auditor, 'GET', `/ledger/verify?jurisdiction=${jurisdiction}`)).json as { entries: number }).entries;

describe('the local digest schedule', () => {
  it('signs new entries every AWARDS_DIGEST_SECONDS without anyone asking, and verify --digests finds every chain signed', async () => {
    const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(SAMPLES, f), 'utf8')) as Record<string, unknown>);
    await putEvents(eventBridge(stack.eventsUrl), samples);
    await eventually('the samples recorded', async () => ((await api(stack, auditor, 'GET', '/awards?jurisdiction=130100')).json.items.length >= 4 ? true : undefined));
    // Within a few periods of the last entry, the schedule has signed every jurisdiction through its head.
    for (const j of ['130000', '130100', '350000']) {
      await eventually(`a scheduled digest of ${j} through its head`, async () => {
        const head = await headOf(j);
        return head > 0 && (await digestsOf(j)).items.some((d) => d.seq === head) ? true : undefined;
      }, 20 * PERIOD_SECONDS * 1000);
    }
    expect(stack.output()).not.toContain('POST /ledger/digests');
    const verified = await runAwards(stack, auditor, 'verify', '--digests');
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    for (const j of ['130000', '130100', '350000']) expect(verified.stdout).toMatch(new RegExp(`${j}: digests ok, \\d+ signed digest\\(s\\), entries 1\\.\\.\\d+ as signed`));
  }, 120_000);
});
