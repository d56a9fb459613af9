/**
 * `awards whatif` (CONTRACT.md §5): replay the facts received in a period under a draft catalog. Posts the draft,
 * follows the simulation to its end (progress on stderr, up to a deadline), then prints the summary per
 * jurisdiction-year in yuan and the recipients whose awards change most, or every recipient as CSV.
 */
import { csvPageRows, joinCsvPages } from '../shared/adapters/files/csv-pages';
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { RecipientItemAnswer as RecipientItem, SimulationAnswer as Report, SummaryRowAnswer as SummaryRow } from '../shared/contract/answers/simulations';
import { formatYuan } from '../shared/domain/money';
import { CliError, request } from './http';
import { type Runner, day, note, positive } from './run';
import { out, outJson, table } from './table';

interface WhatIfOptions {
  catalog: string;
  from: string;
  to: string;
  jurisdiction: string[];
  csv?: boolean;
  json?: boolean;
  top: number;
  waitSeconds: number;
}

/** Polls no faster than this, and no slower than the second value once it has waited a while. */
const POLL_MS = [250, 2_000] as const;

function readDraft(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new CliError(`whatif: cannot read ${file}: ${(cause as Error).message}`, 2);
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new CliError(`whatif: ${file} is not JSON (${(cause as Error).message}); start from what GET /policies answers, and edit it`, 2);
  }
}

/** Follows a simulation until it is no longer running, or gives up at the deadline with a message that says how to go on. */
async function follow(simulationId: string, top: number, deadlineMs: number): Promise<Report> {
  const path = `/simulations/${encodeURIComponent(simulationId)}?limit=${Math.min(top, 100)}`;
  const started = Date.now();
  let last = '';
  for (let round = 0; ; round++) {
    const report = (await request('GET', path)).json as Report;
    const line = `what-if ${simulationId}: ${report.progress.phase}, ${report.progress.events} events replayed, ${report.progress.recipients} recipients summed`;
    if (line !== last) process.stderr.write(process.stderr.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
    last = line;
    if (report.status !== 'RUNNING') {
      if (process.stderr.isTTY) process.stderr.write('\n');
      return report;
    }
    if (Date.now() - started > deadlineMs) {
      if (process.stderr.isTTY) process.stderr.write('\n');
      throw new CliError(`whatif: simulation ${simulationId} still running after ${Math.round(deadlineMs / 1000)} s; it goes on without you: read it later with GET /simulations/${simulationId}, or wait longer with --wait-seconds`, 2);
    }
    await new Promise((resolve) => setTimeout(resolve, round < 8 ? POLL_MS[0] : POLL_MS[1]));
  }
}

/** Every recipient as CSV on stdout, one header line; each request reads one bounded page. */
async function exportCsv(simulationId: string): Promise<void> {
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q = new URLSearchParams({ format: 'csv', limit: '100' });
    if (cursor !== null) q.set('cursor', cursor);
    const { text, headers } = await request('GET', `/simulations/${encodeURIComponent(simulationId)}?${q}`);
    // Each page is a whole CSV file; the export is one, with one byte-order mark and one header row (shared/adapters/files/csv.ts).
    process.stdout.write(pages === 0 ? joinCsvPages([text]) : csvPageRows(text));
    pages += 1;
    cursor = headers.get('x-next-cursor');
  } while (cursor !== null);
}

const signed = (fen: number) => (fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen));

function summaryTable(rows: readonly SummaryRow[]): string {
  return table(
    ['JURISDICTION', 'YEAR', 'CURRENT', 'SIMULATED', 'DIFFERENCE', 'GAIN', 'LOSE', 'NEW', 'DROPPED', 'PER REGULATION'],
    rows.map((r) => [
      r.jurisdiction, String(r.fiscalYear), formatYuan(r.currentFen), formatYuan(r.simulatedFen), signed(r.deltaFen),
      String(r.gained), String(r.lost), String(r.added), String(r.dropped), `${r.amountRequired.current} / ${r.amountRequired.simulated}`,
    ]),
  );
}

function recipientsTable(items: readonly RecipientItem[]): string {
  return table(
    ['RECIPIENT', 'NUMBER', 'CURRENT', 'SIMULATED', 'DIFFERENCE', 'AWARDS'],
    items.map((i) => [
      i.recipient.name, i.recipient.kind === 'individual' ? i.recipient.idNumber : i.recipient.uscc,
      formatYuan(i.currentFen), formatYuan(i.simulatedFen), signed(i.deltaFen), String(i.awards.length),
    ]),
  );
}

async function whatIf(opts: WhatIfOptions): Promise<number> {
  const catalog = readDraft(opts.catalog);
  const body = { catalog, from: opts.from, to: opts.to, ...(opts.jurisdiction.length > 0 ? { jurisdictions: opts.jurisdiction } : {}) };
  const { simulationId } = (await request('POST', '/simulations', body)).json as { simulationId: string };
  const report = await follow(simulationId, opts.top, opts.waitSeconds * 1000);
  if (report.status === 'FAILED') {
    note(`whatif: simulation ${simulationId} failed: ${report.reason ?? 'no reason given'}`);
    return 1;
  }
  if (opts.csv) await exportCsv(simulationId);
  else if (opts.json) outJson(report);
  else {
    const { events, facts, skipped } = report.progress;
    out(`what-if ${simulationId}: ${events} events received ${opts.from} to ${opts.to}, ${facts} facts replayed, ${skipped} not replayed`);
    out(report.summary.length === 0 ? 'no award under either catalog' : summaryTable(report.summary));
    out('PER REGULATION counts awards whose amount finance sets (按规定), under each catalog: counted as ¥0.00 above.');
    out('CURRENT replays the facts under the rules alone, whatever was decided since: awards on hold (a second lead claim), voided or rejected count too; it is what the rules grant, an upper bound, not what was or will be paid.');
    if (report.items.length > 0) out(`\nrecipients, largest difference first (${report.items.length} shown)\n${recipientsTable(report.items.slice(0, opts.top))}`);
  }
  return 0;
}

export function whatifCommands(program: Command, run: Runner): void {
  program
    .command('whatif')
    .summary('replay a period under a draft catalog: who gains, who loses, what it costs')
    .description('replay the facts received in a period under a draft catalog, without touching the ledger: the difference per jurisdiction-year and per recipient')
    .requiredOption('--catalog <file>', 'the draft catalog: JSON as GET /policies answers it ({ "policies": [...] } or the array)')
    .requiredOption('--from <date>', 'facts received from this day, China time (YYYY-MM-DD)', day)
    .requiredOption('--to <date>', 'facts received to this day, inclusive (YYYY-MM-DD)', day)
    .option('--jurisdiction <code>', 'report on this jurisdiction (repeat for more; default: yours, or all for an auditor)', (v: string, all: string[]) => [...all, v], [])
    .option('--csv', 'write every recipient as CSV on stdout (page by page)')
    .option('--json', 'print JSON')
    .addOption(new Option('--top <n>', 'recipients to print').default(20).argParser(positive))
    .addOption(new Option('--wait-seconds <n>', 'give up following the simulation after this long').default(600).argParser(positive))
    .action(run(whatIf));
}
