/**
 * Signed digests through `awards` against the running local stack (ADR 012): an auditor signs the ledger now, lists
 * a jurisdiction's digests, and verifies every chain against them with the public key, here in the command.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLES } from '../support/lambda';
import { type RunningStack, api, eventBridge, eventually, putEvents, runAwards, startStack, token } from '../support/local-stack';

let stack: RunningStack;
let auditor: string;

beforeAll(async () => {
  stack = await startStack({ inMemory: true });
  auditor = await token('qian', ['auditor']);
  const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(SAMPLES, f), 'utf8')) as Record<string, unknown>);
  await putEvents(eventBridge(stack.eventsUrl), samples);
  await eventually('the samples recorded', async () => ((await api(stack, auditor, 'GET', '/awards?jurisdiction=130100')).json.items.length >= 4 ? true : undefined));
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('awards digests and verify --digests', () => {
  it('signs now, lists the digests, and verifies every chain against them', async () => {
    const signed = await runAwards(stack, auditor, 'digests', 'sign');
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toMatch(/130000\s+\d+\s+\d+\s+\d+/);
    const list = await runAwards(stack, auditor, 'digests', 'list', '130100');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/1\.\.\d+\s+[0-9a-f]{64}/);
    const verified = await runAwards(stack, auditor, 'verify', '--digests');
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    for (const j of ['130000', '130100', '350000']) expect(verified.stdout).toMatch(new RegExp(`${j}: digests ok, \\d+ signed digest\\(s\\), entries 1\\.\\.\\d+ as signed`));
    const json = JSON.parse((await runAwards(stack, auditor, 'verify', '--digests', '--json')).stdout) as { ok: boolean; digests: Array<{ ok: boolean }> };
    expect(json.ok).toBe(true);
    expect(json.digests).toHaveLength(3);
  });

  it('refuses to sign for someone who is not an auditor', async () => {
    const officer = await token('li', ['officer:130000']);
    const refused = await runAwards(stack, officer, 'digests', 'sign');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('403');
  });
});
