/**
 * `awards evidence ID` against the running local stack: an award approved, paid by the stack's payment run and
 * simulated bank and signed into a digest; the auditor's text pack has its sections, the Chinese citation, every
 * entry matching its signed hash and the file's SHA-256, and `--json` is the API's pack.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Award } from '../../shared/domain/awards';
import type { EvidencePack } from '../../shared/domain/evidence';
import { ROOT, type RunningStack, api, confirmPayees, eventBridge, eventually, putEvents, runAwards, startStack, token } from '../support/local-stack';

const SAMPLES = join(ROOT, 'events/samples');
const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(SAMPLES, f), 'utf8')) as Record<string, unknown>);

let stack: RunningStack;
let auditor: string;
let paid: Award;

beforeAll(async () => {
  stack = await startStack({ inMemory: true });
  auditor = await token('qian', ['auditor']);
  await putEvents(eventBridge(stack.eventsUrl), samples);
  const pending = await eventually('an award waiting for one approval', async () => {
    const { json } = await api(stack, auditor, 'GET', '/awards?status=PENDING_APPROVAL&jurisdiction=130100&limit=100');
    return (json.items as Award[]).find((a) => a.approvalsRequired === 1);
  });
  const approver = await token('wang', ['approver:130100']);
  expect((await api(stack, approver, 'POST', `/awards/${pending.awardId}/decisions`, { decision: 'approve', comment: '' })).status).toBe(200);
  await confirmPayees(stack, [pending]);
  paid = await eventually('the award paid by the simulated bank', async () => {
    const { json } = await api(stack, auditor, 'GET', `/awards/${pending.awardId}`);
    return json.status === 'DISBURSED' ? (json as Award) : undefined;
  });
  expect((await api(stack, auditor, 'POST', '/ledger/digests')).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('awards evidence', { timeout: 60_000 }, () => {
  it('prints the pack in sections: the citation, each entry against its signed digest, the file by its SHA-256, the bank\'s answer', async () => {
    const run = await runAwards(stack, auditor, 'evidence', paid.awardId);
    expect(run.stderr).not.toContain('awards:');
    expect(run.code).toBe(0);
    for (const heading of ['Award', 'Event', 'Rule', 'Computation', 'Approvals (1 required)', 'Payee (masked)', 'Ledger entries (130100)', 'Signed digests', 'Payment']) {
      expect(run.stdout).toMatch(new RegExp(`^${heading.replace(/[()]/g, '\\$&')}$`, 'm'));
    }
    expect(run.stdout).toContain(`「${paid.citation}」`);
    const { json: pack } = await api(stack, auditor, 'GET', `/awards/${paid.awardId}/evidence`);
    const p = pack as EvidencePack;
    expect(run.stdout).toContain(`sha-256       ${p.payment.file?.sha256}`);
    expect(run.stdout.match(/matches the signed hash/g)).toHaveLength(p.ledger.entries.length);
    expect(run.stdout).toContain('bank answer   CONFIRMED');
    expect(run.stdout).not.toContain('6222020402001234567');
  });

  it('prints the API\'s JSON with --json', async () => {
    const run = await runAwards(stack, auditor, 'evidence', paid.awardId, '--json');
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as EvidencePack;
    const { json } = await api(stack, auditor, 'GET', `/awards/${paid.awardId}/evidence`);
    expect({ ...printed, generatedAt: null }).toEqual({ ...(json as EvidencePack), generatedAt: null });
  });

  it('answers an unknown award with exit code 1 and the API\'s error', async () => {
    const run = await runAwards(stack, auditor, 'evidence', 'aw-00000000000000000000000000000000');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('404 NOT_FOUND');
  });
});
