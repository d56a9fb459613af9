/**
 * The bank-file commands of `awards` (CONTRACT.md §5, version 2): bank files in (pain.002, camt.054, camt.053) and
 * reconciliation exceptions. A file above the API's synchronous limit is queued for bank-inbound (202): it is printed
 * QUEUED with where to follow it, and reconciled as the importing officer's (ADR 010 version 4). The exception of a
 * disputed payment is resolved with `--outcome paid` when the bank paid it after all.
 */
import { readFileSync, statSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { formatYuan } from '../shared/domain/money';
import { REGION_CODE } from '../shared/domain/region';
import { chinaTime } from '../shared/domain/time';
import type { BankFileQueued, BankFileSummary, ExceptionAnswer as ReconciliationException } from '../shared/contract/answers/payments';
import { CliError, request } from './http';
import { type Runner, listAll, note, positive } from './run';
import { out, outJson, table } from './table';
import { LIMITS } from '../shared/limits';
import { TextEncodingError, decodeBankFile, rawBankFileBytesMax } from '../shared/adapters/text-files';

/** A file reconciled while the caller waited (200), or queued with where to follow it (202). */
type Imported = BankFileSummary & Partial<Pick<BankFileQueued, 'progress'>>;

/** A jurisdiction code: six digits (130000). */
function jurisdiction(value: string): string {
  if (!REGION_CODE.test(value)) throw new InvalidArgumentError(`'${value}' is not a jurisdiction: a 6-digit division code such as 130000`);
  return value;
}

type Outcome = { imported: Array<Imported & { file: string }>; refused: number; exitCode: 0 | 1 | 2 };

/** A file's text as sent, or why it is not sent: unreadable, or over the API's limit (refused here, not by a 413 mid-upload). */
function readForImport(file: string): string {
  const max = LIMITS.payments.bankFileBytesMax;
  const limit = `the API takes a bank file of at most ${max} bytes (${max / (1024 * 1024)} MiB) as UTF-8; it was not sent`;
  let bytes: Buffer;
  try {
    // Looked at before it is read: a file of any size (or a FIFO, a device) is not read whole to be refused. UTF-16 of
    // ASCII halves as UTF-8, so a file over twice the limit is over it in any encoding.
    const found = statSync(file);
    if (!found.isFile()) throw new CliError(`${file} is not a regular file; it was not sent`, 1);
    if (found.size > rawBankFileBytesMax(max)) throw new CliError(`${file} is ${found.size} bytes; ${limit}`, 1);
    bytes = readFileSync(file);
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    throw new CliError(`cannot read ${file}: ${(cause as Error).message}; it was not sent`, 2);
  }
  let xml: string;
  try {
    xml = decodeBankFile(bytes);
  } catch (cause) {
    if (cause instanceof TextEncodingError) throw new CliError(`${file} ${cause.message}; it was not sent`, 1);
    throw cause;
  }
  const utf8 = Buffer.byteLength(xml, 'utf8');
  if (utf8 > max) throw new CliError(`${file} is ${utf8} bytes as UTF-8${utf8 === bytes.length ? '' : ` (${bytes.length} bytes on disk)`}; ${limit}`, 1);
  return xml;
}

/**
 * Each file is sent on its own; one that cannot be read, is too large or is refused is reported on stderr and the
 * others are still tried. The exit code is the worst: 2 if any could not be sent or the API could not answer, else 1.
 */
export async function importFiles(files: readonly string[]): Promise<Outcome> {
  const imported: Array<Imported & { file: string }> = [];
  let refused = 0;
  let exitCode: 0 | 1 | 2 = 0;
  for (const file of files) {
    try {
      const xml = readForImport(file);
      imported.push({ file, ...((await request('POST', '/bank-files', xml, 'application/xml')).json as Imported) });
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      refused += 1;
      exitCode = Math.max(exitCode, error.exitCode) as 1 | 2;
      note(`awards: bank import ${file} ${error.exitCode === 1 ? 'refused' : 'not imported'}: ${error.message}`);
    }
  }
  return { imported, refused, exitCode };
}

export function bankCommands(program: Command, run: Runner): void {
  const bank = program
    .command('bank')
    .summary('bank files in: import')
    .description('the bank\'s answers: pain.002 status reports, camt.054 notifications, camt.053 statements');
  bank
    .command('import')
    .summary('reconcile bank files (officer); the same file twice changes nothing')
    .description('reconcile bank files: a pain.002.001.11, camt.054.001.08 or camt.053.001.08 each (officer); a file that does not validate is refused with the reason and changes nothing; exit 1 if any is refused or too large, 2 if any could not be read or sent')
    .argument('<files...>', 'XML files from the bank')
    .option('--json', 'print JSON')
    .action(
      run(async (files: string[], opts: { json?: boolean }) => {
        const { imported, refused, exitCode } = await importFiles(files);
        if (opts.json) outJson(imported);
        else {
          // A file queued for bank-inbound (202) has no counts yet: they are at its progress address when it is done.
          const counts = (s: Imported) => (s.status === 'DONE' ? [s.matched, s.returned, s.exceptions, s.pending].map(String) : ['-', '-', '-', '-']);
          const rows = imported.map((s) => [s.file, s.messageId, s.type, ...counts(s), String(s.repeated)]);
          const queued = imported.filter((s) => s.status !== 'DONE').map((s) => `${s.file}: ${s.status}, ${s.entries} entries, reconciled by bank-inbound in steps as your import; follow it at GET ${s.progress ?? `/bank-files/${s.messageId}`}`);
          out([`${table(['FILE', 'MESSAGE', 'TYPE', 'MATCHED', 'RETURNED', 'EXCEPTIONS', 'PENDING', 'REPEATED'], rows)}`, ...queued, `${imported.length} imported, ${refused} refused`].join('\n'));
        }
        return exitCode;
      }),
    );
}

function exceptionLine(e: ReconciliationException): string {
  const resolved = e.resolvedAt === null ? '' : `  by ${e.resolvedBy ?? '-'} at ${chinaTime(new Date(e.resolvedAt))}: ${e.note ?? ''}`;
  return `${e.exceptionId}  ${e.kind}  ${e.status}${resolved}`;
}

export function exceptionCommands(program: Command, run: Runner): void {
  const exceptions = program
    .command('exceptions')
    .summary('reconciliation exceptions: list, resolve')
    .description('bank entries that matched no PAYING award, matched it with another amount, or confirmed it twice');
  exceptions
    .command('list')
    .summary('reconciliation exceptions, oldest first')
    .description('reconciliation exceptions (officer, auditor); without --jurisdiction, the entries that matched no award')
    .option('--jurisdiction <code>', 'the exceptions of this jurisdiction, e.g. 130000', jurisdiction)
    .addOption(new Option('--status <status>', 'only exceptions in this status').choices(['OPEN', 'RESOLVED']))
    .addOption(new Option('--max <n>', 'print at most this many').default(LIMITS.cli.listMax).argParser(positive))
    .option('--json', 'print JSON')
    .action(
      run(async (opts: { jurisdiction?: string; status?: string; max: number; json?: boolean }) => {
        const query = new URLSearchParams();
        for (const key of ['jurisdiction', 'status'] as const) if (opts[key] !== undefined) query.set(key, opts[key]);
        const { items, more } = await listAll<ReconciliationException>('/reconciliation/exceptions', query, opts.max);
        if (opts.json) outJson(items);
        else {
          const rows = items.map((e) => [e.exceptionId, e.kind, e.jurisdiction ?? '-', e.endToEndId ?? '-', e.amountFen === null ? '-' : formatYuan(e.amountFen), e.status, e.detail]);
          out(`${table(['EXCEPTION', 'KIND', 'JURISDICTION', 'END-TO-END ID', 'AMOUNT', 'STATUS', 'DETAIL'], rows)}\n${items.length} exception(s)`);
        }
        if (more) note(`exceptions: more than ${items.length}; narrow with --status, or raise --max`);
        return 0;
      }),
    );

  exceptions
    .command('resolve')
    .summary('mark an exception resolved, with a note (officer)')
    .description('mark a reconciliation exception resolved, with the note kept on it (officer of its jurisdiction)')
    .argument('<exception-id>')
    .requiredOption('--note <text>', 'what was checked or done')
    .addOption(new Option('--outcome <outcome>', 'a disputed payment only (the bank confirmed it after failing it): paid records it DISBURSED; not-paid (the default) lets another officer retry it').choices(['paid', 'not-paid']))
    .option('--json', 'print JSON')
    .action(
      run(async (id: string, opts: { note: string; outcome?: string; json?: boolean }) => {
        if (opts.note.trim() === '') throw new CliError('exceptions resolve: --note must not be empty', 2);
        const body = { note: opts.note, ...(opts.outcome === undefined ? {} : { outcome: opts.outcome }) };
        const { json } = await request('POST', `/reconciliation/exceptions/${encodeURIComponent(id)}/resolve`, body);
        if (opts.json) outJson(json);
        else out(exceptionLine(json as ReconciliationException));
        return 0;
      }),
    );
}
