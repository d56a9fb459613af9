/**
 * The controls' commands of `awards` (issue 21) against the local stack with a notice period of five working days:
 * the public notice and its CSV and xlsx files, an objection recorded and dismissed by another officer, an officer's
 * hold listed by `awards holds`, and a credit list imported from a CSV file (a bad line refused: exit 1) that holds a
 * new award of the listed recipient.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Award } from '../../shared/domain/awards';
import { ROOT, type RunningStack, api, eventBridge, eventually, putEvents, runAwards, startStack, token } from '../support/local-stack';

const SAMPLES = join(ROOT, 'events/samples');
const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(SAMPLES, f), 'utf8')) as Record<string, unknown>);
const LISTED = '91130102MA07AB123U';

let stack: RunningStack;
let auditor: string;
let noticed: Award;
const dir = mkdtempSync(join(tmpdir(), 'controls-cli-'));

beforeAll(async () => {
  stack = await startStack({ inMemory: true, env: { AWARDS_PUBLICITY_WORKING_DAYS: '5' } });
  auditor = await token('qian', ['auditor']);
  await putEvents(eventBridge(stack.eventsUrl), samples);
  const pending = await eventually('the group standard of Shijiazhuang pending approval', async () => {
    const { json } = await api(stack, auditor, 'GET', '/awards?status=PENDING_APPROVAL&jurisdiction=130100&limit=100');
    return (json.items as Award[]).find((a) => a.reference === 'T/CPA 012-2024' && a.approvalsRequired === 1);
  });
  const approver = await token('wang', ['approver:130100']);
  const approved = await runAwards(stack, approver, 'approve', pending.awardId, '--json');
  expect(approved.code).toBe(0);
  noticed = JSON.parse(approved.stdout) as Award;
  expect(noticed.status).toBe('IN_PUBLICITY');
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('awards publicity, objections, holds and credit-list', { timeout: 90_000 }, () => {
  it('prints the notice and writes its CSV and xlsx', async () => {
    const csv = join(dir, 'notice.csv');
    const xlsx = join(dir, 'notice.xlsx');
    const run = await runAwards(stack, auditor, 'publicity', '130100', '--csv', csv, '--xlsx', xlsx);
    expect(run.stderr).not.toContain('awards:');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/石家庄某某药业有限公司\s+91130104MA0FN2WQ4C/);
    expect(run.stdout).toContain('¥30,000.00');
    expect(run.stdout).toContain('公示中');
    expect(run.stdout).toContain('notice period 5 working days');
    const csvBytes = readFileSync(csv);
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvBytes.toString('utf8')).toContain('T/CPA 012-2024');
    expect([...readFileSync(xlsx).subarray(0, 2)]).toEqual([0x50, 0x4b]);
  });

  it('records an objection (the award held), lists it whole for an officer, and another officer dismisses it', async () => {
    const recorder = await token('zhao', ['officer:130100']);
    const recorded = await runAwards(stack, recorder, 'objections', 'record', noticed.awardId, '--name', '李四', '--contact', '0311-87654321', '--text', '该企业并非该标准的主要起草单位');
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toContain('ON_HOLD (OBJECTION)');
    const listed = await runAwards(stack, recorder, 'objections', 'list', noticed.awardId, '--json');
    const [objection] = JSON.parse(listed.stdout) as Award['objections'];
    expect(objection).toMatchObject({ objectorName: '李四', contact: '0311-87654321', decision: null });
    const masked = await runAwards(stack, auditor, 'objections', 'list', noticed.awardId);
    expect(masked.stdout).not.toContain('李四');
    expect(masked.stdout).not.toContain('87654321');
    const same = await runAwards(stack, recorder, 'objections', 'decide', noticed.awardId, objection?.objectionId ?? '', '--outcome', 'dismissed', '--basis', '经核实，异议不成立');
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('403');
    const other = await token('sun', ['officer:130100']);
    const decided = await runAwards(stack, other, 'objections', 'decide', noticed.awardId, objection?.objectionId ?? '', '--outcome', 'dismissed', '--basis', '经核实，异议不成立');
    expect(decided.code).toBe(0);
    expect(decided.stdout).toContain('IN_PUBLICITY');
  });

  it('holds an award by an officer\'s word and lists it among the holds with its reason', async () => {
    const officer = await token('zhou', ['officer:130100']);
    const held = await runAwards(stack, officer, 'hold', noticed.awardId, '--note', '收到举报，待核实');
    expect(held.code).toBe(0);
    expect(held.stdout).toContain('ON_HOLD (MANUAL)');
    const holds = await runAwards(stack, officer, 'holds', '--jurisdiction', '130100', '--reason', 'MANUAL');
    expect(holds.code).toBe(0);
    expect(holds.stdout).toMatch(new RegExp(`${noticed.awardId}\\s+130100\\s+MANUAL\\s+.+zhou\\s+¥30,000.00`));
    expect(holds.stdout).toContain('收到举报，待核实');
    expect((await runAwards(stack, officer, 'holds', '--reason', 'CREDIT_LISTED', '--json')).stdout.trim()).toBe('[]');
  });

  it('imports a credit list from CSV, refusing a bad line with its reason (exit 1), and shows the recipient listed', async () => {
    const officer = await token('zhao', ['officer:130100']);
    const file = join(dir, 'credit.csv');
    writeFileSync(file, `\uFEFFrecipientId,listName,from,to\r\n${LISTED},失信被执行人名单,2026-01-01,\r\n91130102MA07AB123X,失信被执行人名单,2026-01-01,\r\n`);
    const run = await runAwards(stack, officer, 'credit-list', 'import', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`1\\s+${LISTED}\\s+失信被执行人名单\\s+2026-01-01\\s+imported`));
    expect(run.stdout).toMatch(/2\s+.+refused: recipientId is not a unified social credit code/);
    expect(run.stdout).toContain('1 imported, 0 repeated, 1 refused');
    const again = await runAwards(stack, officer, 'credit-list', 'import', file, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, repeated: 1, refused: 1 });
    const shown = await runAwards(stack, auditor, 'credit-list', 'show', LISTED);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`${LISTED}\\s+失信被执行人名单\\s+2026-01-01\\s+\\(until further notice\\)\\s+zhao`));
    expect((await runAwards(stack, auditor, 'credit-list', 'import', file)).code).toBe(1);
    const missing = await runAwards(stack, officer, 'credit-list', 'import', join(dir, 'absent.csv'));
    expect(missing.code).toBe(2);
  });

  it('imports a CSV saved as GBK by Excel on Chinese Windows with its list name as written, saying it read GB18030', async () => {
    const officer = await token('zhao', ['officer:130100']);
    const file = join(dir, 'credit-gbk.csv');
    // 重大税收违法失信主体名单 in GBK (iconv -t GBK); read as UTF-8 it was imported with U+FFFD for most of its characters.
    const name = Buffer.from('d6d8b4f3cbb0cad5cea5b7a8caa7d0c5d6f7cce5c3fbb5a5', 'hex');
    expect(new TextDecoder('gb18030').decode(name)).toBe('重大税收违法失信主体名单');
    writeFileSync(file, Buffer.concat([Buffer.from(`recipientId,listName,from\r\n${LISTED},`), name, Buffer.from(',2026-02-01\r\n')]));
    const run = await runAwards(stack, officer, 'credit-list', 'import', file);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`credit-list import: ${file} is not UTF-8; read as GB18030 (GBK)`);
    expect(run.stdout).toMatch(new RegExp(`1\\s+${LISTED}\\s+重大税收违法失信主体名单\\s+2026-02-01\\s+imported`));
    const shown = await runAwards(stack, auditor, 'credit-list', 'show', LISTED);
    expect(shown.stdout).toMatch(new RegExp(`${LISTED}\\s+重大税收违法失信主体名单\\s+2026-02-01`));
    expect(shown.stdout).not.toContain('\uFFFD');
  });
});
