/**
 * `awards whatif` against the running local stack: the samples received, a draft that doubles the national-standard
 * award of hebei-2022 (二) written to a file, the simulation followed to its end (progress on stderr), the summary in
 * yuan and the recipients printed; `--csv` writes every recipient with one header row; a draft that does not validate
 * exits 1 with the catalog's reason.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../shared/domain/catalog';
import { chinaDate } from '../../shared/domain/time';
import { CATALOG } from '../../shared/policies';
import { ROOT, type RunningStack, api, eventBridge, eventually, putEvents, runAwards, startStack, token } from '../support/local-stack';

const SAMPLES = join(ROOT, 'events/samples');
const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(SAMPLES, f), 'utf8')) as Record<string, unknown>);
const TODAY = chinaDate(new Date());
const dir = mkdtempSync(join(tmpdir(), 'awards-whatif-'));

let stack: RunningStack;
let auditor: string;

function draftFile(name: string, change: (policies: Policy[]) => void): string {
  const policies = JSON.parse(JSON.stringify(CATALOG.policies)) as Policy[];
  change(policies);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ policies }, null, 2));
  return file;
}

const doubled = draftFile('doubled.json', (policies) => {
  for (const rule of policies.flatMap((p) => p.versions.flatMap((v) => v.rules))) {
    if (rule.id === 'hebei-2022/standard-lead-drafting' && rule.amount.kind === 'tiered') {
      (rule.amount.tiersFen as Record<string, number>).national = (rule.amount.tiersFen.national ?? 0) * 2;
    }
  }
});

beforeAll(async () => {
  stack = await startStack({ inMemory: true });
  auditor = await token('qian', ['auditor']);
  const ids = (await putEvents(eventBridge(stack.eventsUrl), samples)).filter((id): id is string => id !== null);
  await eventually('every sample recorded', async () => {
    for (const id of ids) if ((await api(stack, auditor, 'GET', `/events/${id}`)).status !== 200) return undefined;
    return true;
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('awards whatif', { timeout: 180_000 }, () => {
  it('follows the simulation and prints the summary in yuan and the recipients whose awards change most', async () => {
    const run = await runAwards(stack, auditor, 'whatif', '--catalog', doubled, '--from', TODAY, '--to', TODAY, '--top', '5');
    expect(run.stderr).toMatch(/what-if [0-9a-f-]{36}: done, \d+ events replayed/);
    expect(run.code, run.stderr).toBe(0);
    const year = TODAY.slice(0, 4);
    expect(run.stdout).toMatch(new RegExp(`^130000\\s+${year}\\s+¥[\\d,]+\\.\\d\\d\\s+¥[\\d,]+\\.\\d\\d\\s+\\+¥600,000\\.00\\s+2\\s+0\\s+0\\s+0\\s+3 / 3$`, 'm'));
    expect(run.stdout).toMatch(/^保定某某新能源科技有限公司\s+91130600MA0CXK7L11\s+¥[\d,.]+\s+¥[\d,.]+\s+\+¥400,000\.00/m);
    expect(run.stdout).toContain('PER REGULATION');
    expect(run.stdout).toContain('CURRENT replays the facts under the rules alone');
  });

  it('writes every recipient as CSV with one header row, a person masked', async () => {
    const run = await runAwards(stack, auditor, 'whatif', '--catalog', doubled, '--from', TODAY, '--to', TODAY, '--jurisdiction', '130000', '--csv');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.startsWith('\uFEFFrecipientId,')).toBe(true);
    const lines = run.stdout.slice(1).trimEnd().split('\r\n');
    expect(lines.filter((l) => l.startsWith('recipientId,'))).toHaveLength(1);
    expect(lines.length).toBeGreaterThan(3);
    expect(run.stdout).toContain('130102********3516');
    expect(run.stdout).not.toContain('130102197804123516');
  });

  it('exits 1 with the catalog\'s reason for a draft that does not validate, and 2 for a file that is not JSON', async () => {
    const bad = draftFile('bad.json', (policies) => void ((policies[0] as { jurisdiction: string }).jurisdiction = 'Hebei'));
    const refused = await runAwards(stack, auditor, 'whatif', '--catalog', bad, '--from', TODAY, '--to', TODAY);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('400 VALIDATION: hebei-2016: jurisdiction must be a division code');
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{ policies');
    const unreadable = await runAwards(stack, auditor, 'whatif', '--catalog', notJson, '--from', TODAY, '--to', TODAY);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('is not JSON');
  });
});
