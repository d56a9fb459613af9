/**
 * The reports finance sends upward (issue 22, CONTRACT §6): `awards report execution J YEAR` (the year's budget
 * execution per policy and clause; --xlsx writes the workbook of every table, --csv one table) and `awards report
 * overdue J` (the awards past their time limit, oldest first, with who holds the next step). The API computes both.
 */
import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { formatYuan } from '../shared/domain/money';
import { EXECUTION_TABLES } from '../shared/domain/report-tables';
import type { ExecutionAnswer as Execution, ExecutionLineAnswer as Line, OverdueReportAnswer as OverdueAnswer } from '../shared/contract/answers/reports';
import { CliError, request, requestBytes } from './http';
import { type Runner, note } from './run';
import { out, outJson, table } from './table';

type Tally = Line['flows']['recorded'];

const tally = (t: Tally) => `${t.count} / ${formatYuan(t.fen)}`;
const lineCells = (l: Line) => [
  tally(l.flows.recorded), tally(l.flows.approved), tally(l.flows.paid), tally(l.flows.returned),
  formatYuan(l.positions.reservedFen + l.positions.inTransitFen), formatYuan(l.positions.disbursedFen),
];

async function writeFiles(path: string, opts: { csv?: string; xlsx?: string }, extra = ''): Promise<void> {
  for (const format of ['csv', 'xlsx'] as const) {
    const file = opts[format];
    if (file === undefined) continue;
    const bytes = await requestBytes(`${path}&format=${format}${format === 'csv' ? extra : ''}`);
    try {
      writeFileSync(file, bytes);
    } catch (error) {
      // A path that cannot be written is the person's to fix: the reason, not a stack trace (attack review L4).
      throw new CliError(`cannot write ${file}: ${(error as Error).message}`, 2);
    }
    note(`report: wrote ${file} (${bytes.length} bytes)`);
  }
}

export function reportCommands(program: Command, run: Runner): void {
  const report = program.command('report').summary('budget execution (预算执行) and the overdue list (超期未办)').description('the reports finance sends upward (CONTRACT §6)');
  report
    .command('execution')
    .summary('a jurisdiction-year\'s budget execution; --xlsx writes every table, --csv one')
    .description('per policy and clause: awards recorded, approved, paid and returned (count / amount), what is reserved or in transit and what is paid; the allocation and what is available, agreeing with the ledger to the fen')
    .argument('<jurisdiction>', 'the jurisdiction code, e.g. 130000')
    .argument('<year>', 'the fiscal year, e.g. 2026')
    .option('--xlsx <file>', 'write the workbook (by clause, by month, by month and clause, by region, the accounts)')
    .option('--csv <file>', 'write one table as CSV (UTF-8 with a byte-order mark)')
    .addOption(new Option('--table <table>', 'the table --csv writes').choices([...EXECUTION_TABLES]).default('clause'))
    .option('--json', 'print JSON')
    .action(run(async (jurisdiction: string, year: string, opts: { xlsx?: string; csv?: string; table: string; json?: boolean }) => {
      if (opts.table !== 'clause' && opts.csv === undefined) throw new CliError('--table chooses the table --csv writes: give --csv FILE too (the xlsx holds every table)', 2);
      const path = `/reports/budget-execution?jurisdiction=${encodeURIComponent(jurisdiction)}&year=${encodeURIComponent(year)}`;
      await writeFiles(path, opts, `&table=${opts.table}`);
      const r = (await request('GET', path)).json as Execution;
      if (opts.json) return (outJson(r), 0);
      const a = r.accounts;
      out(table(['POLICY', 'CLAUSE', 'RULE', 'RECORDED', 'APPROVED', 'PAID', 'RETURNED', 'RESERVED+TRANSIT', 'DISBURSED'], [
        ...r.byClause.map((c) => [c.policy, c.clause, c.ruleId.split('/').at(-1) ?? c.ruleId, ...lineCells(c)]),
        ['合计 total', '', '', ...lineCells(r.total)],
      ]));
      const rate = a.allocatedFen === 0 ? '-' : `${((a.disbursedFen / a.allocatedFen) * 100).toFixed(1)}%`;
      out(`${r.jurisdictionName} ${r.fiscalYear}: allocated ${formatYuan(a.allocatedFen)}, disbursed ${formatYuan(a.disbursedFen)} (${rate}), reserved ${formatYuan(a.reservedFen)}, in transit ${formatYuan(a.inTransitFen)}, available ${formatYuan(a.availableFen)}, to claw back ${formatYuan(a.receivableFen)}; through ledger entry ${r.throughSeq}, agreeing with the accounts`);
      return 0;
    }));
  report
    .command('overdue')
    .summary('the awards past their time limit, oldest first, with who holds the next step')
    .argument('<jurisdiction>', 'the jurisdiction code, e.g. 130000')
    .option('--xlsx <file>', 'write the list as an xlsx workbook')
    .option('--csv <file>', 'write the list as CSV (UTF-8 with a byte-order mark)')
    .option('--json', 'print JSON')
    .action(run(async (jurisdiction: string, opts: { xlsx?: string; csv?: string; json?: boolean }) => {
      const path = `/reports/overdue?jurisdiction=${encodeURIComponent(jurisdiction)}`;
      await writeFiles(path, opts);
      const r = (await request('GET', path)).json as OverdueAnswer;
      if (opts.json) return (outJson(r), 0);
      out(table(['AWARD', 'STEP', 'STATUS', 'DUE', 'LATE', 'NEXT', 'RECIPIENT', 'CLAUSE', 'MATTER', 'AMOUNT'], r.items.map(({ overdue: o, award }) => [
        o.awardId, o.step, o.status, o.dueDate ?? 'unknown', o.workingDaysLate === null ? '-' : `${o.lateAtLeast ? 'at least ' : ''}${o.workingDaysLate} working days`, `${o.next.holder}: ${o.next.action}`,
        award.recipient.name, award.clause, award.reference, award.amountFen === null ? '-' : formatYuan(award.amountFen),
      ])));
      out(`${r.items.length} award(s) overdue in ${jurisdiction} (approval within ${r.approvalWorkingDays} working days of recording, payment within ${r.paymentWorkingDays} of becoming payable)${r.complete ? '' : '; the list stopped at its bound: the oldest are shown'}`);
      return 0;
    }));
}
