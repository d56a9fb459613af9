/**
 * `awards report` (issue 22) against the local stack with the sample events: the year's budget execution per policy
 * and clause agreeing with the budget the API shows, its xlsx read back with exceljs, one table as CSV with its
 * byte-order mark; the overdue list (empty on the day the awards arrived).
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workbook } from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiscalYearOf } from '../../shared/domain/awards';
import { formatYuan } from '../../shared/domain/money';
import { ROOT, type RunningStack, api, eventBridge, eventually, putEvents, runAwards, startStack, token } from '../support/local-stack';

const SAMPLES = join(ROOT, 'events/samples');
const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(SAMPLES, f), 'utf8')) as Record<string, unknown>);
const YEAR = String(fiscalYearOf(new Date()));

let stack: RunningStack;
let officer: string;
const dir = mkdtempSync(join(tmpdir(), 'reports-cli-'));

beforeAll(async () => {
  stack = await startStack({ inMemory: true });
  officer = await token('li.na', ['officer:130000', 'approver:130000']);
  await putEvents(eventBridge(stack.eventsUrl), samples);
  await eventually('the sample awards of Hebei recorded', async () => {
    const { json } = await api(stack, officer, 'GET', '/awards?jurisdiction=130000&limit=100');
    return (json.items as unknown[]).length >= 3 ? true : undefined;
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('awards report', { timeout: 90_000 }, () => {
  it('prints the year\'s budget execution per policy and clause, agreeing with the budget, and writes its xlsx and a CSV', async () => {
    const xlsx = join(dir, 'execution.xlsx');
    const csv = join(dir, 'region.csv');
    const run = await runAwards(stack, officer, 'report', 'execution', '130000', YEAR, '--xlsx', xlsx, '--csv', csv, '--table', 'region');
    expect(run.stderr).not.toContain('awards:');
    expect(run.code).toBe(0);
    const budget = (await api(stack, officer, 'GET', `/reports/budget-execution?jurisdiction=130000&year=${YEAR}`)).json;
    expect(run.stdout).toContain('关于全面提升产品质量的若干措施');
    expect(run.stdout).toContain(`allocated ${formatYuan(budget.accounts.allocatedFen)}`);
    expect(run.stdout).toContain(`reserved ${formatYuan(budget.accounts.reservedFen)}`);
    expect(run.stdout).toMatch(/合计 total/);
    const ExcelJS = (await import('exceljs')).default;
    const wb: Workbook = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    const accounts = wb.getWorksheet('账户核对')!;
    expect(accounts.getCell('B2').value).toBe(budget.accounts.allocatedFen / 100);
    expect(accounts.getCell('B4').value).toBe(budget.accounts.reservedFen / 100);
    const text = readFileSync(csv, 'utf8');
    expect(text.startsWith('\uFEFF区划代码,地区,')).toBe(true);
  });

  it('lists no overdue award on the day the awards arrived, and refuses a jurisdiction the caller does not answer for', async () => {
    const run = await runAwards(stack, officer, 'report', 'overdue', '130000');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 award(s) overdue in 130000 (approval within 5 working days of recording, payment within 3 of becoming payable)');
    // Attack review L4: an output path that cannot be written, and --table without --csv, each a reason and exit 2.
    const unwritable = await runAwards(stack, officer, 'report', 'execution', '130000', YEAR, '--xlsx', '/nonexistent-dir/x.xlsx');
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain('cannot write /nonexistent-dir/x.xlsx');
    expect(unwritable.stderr).not.toMatch(/\n\s+at /);
    const tableAlone = await runAwards(stack, officer, 'report', 'execution', '130000', YEAR, '--table', 'region');
    expect(tableAlone.code).toBe(2);
    expect(tableAlone.stderr).toContain('--table chooses the table --csv writes');
    const refused = await runAwards(stack, officer, 'report', 'overdue', '350000');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('350000');
  });
});
