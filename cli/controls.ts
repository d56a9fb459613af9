/**
 * The commands of the controls before payment (issue 21, CONTRACT §6): the public notice (公示) and its downloads,
 * objections recorded and decided, the awards on hold and an officer's hold, and the credit list (失信) imported from a
 * CSV or JSON file and looked up. Each is one or a few API requests; the API decides everything.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { Award } from '../shared/domain/awards';
import { HOLD_REASONS } from '../shared/domain/hold';
import { formatYuan } from '../shared/domain/money';
import { chinaTime } from '../shared/domain/time';
import { readCsv } from '../shared/adapters/files/csv-read';
import { TextEncodingError, decodeCsvFile } from '../shared/adapters/text-files';
import { LIMITS } from '../shared/limits';
import type { CreditImportAnswer, CreditListsPage, NoticeAnswer } from '../shared/contract/answers/controls';
import { CliError, request, requestBytes } from './http';
import { type Runner, listAll, note, positive } from './run';
import { out, outJson, table } from './table';

const path = (id: string, rest = '') => `/awards/${encodeURIComponent(id)}${rest}`;

function publicityCommand(program: Command, run: Runner): void {
  program
    .command('publicity')
    .summary('a jurisdiction\'s public notice (公示); --csv or --xlsx writes the file')
    .description('the awards on a jurisdiction\'s public notice (公示): recipient (a person masked), policy and clause, the matter, amount, the period and where to object; --csv or --xlsx writes the notice as a file to publish')
    .argument('<jurisdiction>', 'the jurisdiction code, e.g. 130100')
    .option('--csv <file>', 'write the notice as CSV (UTF-8 with a byte-order mark, for Excel and WPS)')
    .option('--xlsx <file>', 'write the notice as an xlsx workbook')
    .option('--json', 'print JSON')
    .action(run(async (jurisdiction: string, opts: { csv?: string; xlsx?: string; json?: boolean }) => {
      const q = `jurisdiction=${encodeURIComponent(jurisdiction)}`;
      for (const format of ['csv', 'xlsx'] as const) {
        const file = opts[format];
        if (file === undefined) continue;
        const bytes = await requestBytes(`/publicity?${q}&format=${format}`);
        writeFileSync(file, bytes);
        note(`publicity: wrote ${file} (${bytes.length} bytes)`);
      }
      const notice = (await request('GET', `/publicity?${q}`)).json as NoticeAnswer;
      if (opts.json) outJson(notice);
      else {
        out(table(['#', 'RECIPIENT', 'CREDIT CODE', 'POLICY', 'CLAUSE', 'MATTER', 'AMOUNT', 'FROM', 'UNTIL', 'STATE', 'AWARD'],
          notice.items.map((r, i) => [String(i + 1), r.recipientName, r.uscc ?? '-', r.policy, r.clause, r.reference, formatYuan(r.amountFen), r.fromDate, r.untilDate, r.state === 'OBJECTION' ? '异议处理中' : '公示中', r.awardId])));
        const days = notice.publicityWorkingDays === 0 ? 'no notice period configured' : `notice period ${notice.publicityWorkingDays} working days`;
        out(`${notice.items.length} award(s) on the notice of ${jurisdiction}; ${days}\n${notice.objectionsTo}`);
      }
      return 0;
    }));
}

function objectionRows(a: Award): string {
  return table(['OBJECTION', 'OBJECTOR', 'CONTACT', 'RECORDED', 'BY', 'DECISION', 'TEXT'], a.objections.map((o) => [
    o.objectionId, o.objectorName, o.contact, chinaTime(new Date(o.recordedAt)), o.recordedBy,
    o.decision === null ? 'open' : `${o.decision.outcome} by ${o.decision.by}: ${o.decision.basis}`, o.text,
  ]));
}

const awardLine = (a: Award) => `${a.awardId}  ${a.status}${a.hold && a.status === 'ON_HOLD' ? ` (${a.hold.reason})` : ''}  ${a.amountFen === null ? 'amount to be set' : formatYuan(a.amountFen)}  ${a.recipient.name}  ${a.reference}`;

function objectionCommands(program: Command, run: Runner): void {
  const objections = program.command('objections').summary('objections to an award on the notice: list, record, decide').description('written, real-name objections to an award on the public notice (公示)');
  objections
    .command('list')
    .description('the objections of an award and how each was decided (the objector whole for officers of its jurisdiction)')
    .argument('<award-id>')
    .option('--json', 'print JSON')
    .action(run(async (id: string, opts: { json?: boolean }) => {
      const a = (await request('GET', path(id))).json as Award;
      if (opts.json) outJson(a.objections);
      else out(`${awardLine(a)}\n${objectionRows(a)}\n${a.objections.length} objection(s)`);
      return 0;
    }));
  objections
    .command('record')
    .description('record a written, real-name objection received during the notice period (officer): the award goes ON_HOLD (OBJECTION)')
    .argument('<award-id>')
    .requiredOption('--name <name>', 'the objector\'s real name (anonymous objections are not taken)')
    .requiredOption('--contact <text>', 'how to reach the objector')
    .requiredOption('--text <text>', 'the objection as written')
    .option('--evidence <ref>', 'where the written objection and its evidence are filed')
    .option('--json', 'print JSON')
    .action(run(async (id: string, opts: { name: string; contact: string; text: string; evidence?: string; json?: boolean }) => {
      const body = { objectorName: opts.name, contact: opts.contact, text: opts.text, ...(opts.evidence === undefined ? {} : { evidenceRef: opts.evidence }) };
      const a = (await request('POST', path(id, '/objections'), body)).json as Award;
      if (opts.json) outJson(a);
      else out(`${awardLine(a)}\nobjection ${a.objections.at(-1)?.objectionId ?? '-'} recorded; another officer decides it`);
      return 0;
    }));
  objections
    .command('decide')
    .description('decide an objection (another officer than the one who recorded it): upheld rejects the award, dismissed sends it back to the notice')
    .argument('<award-id>')
    .argument('<objection-id>')
    .addOption(new Option('--outcome <outcome>', 'upheld or dismissed').choices(['upheld', 'dismissed']).makeOptionMandatory())
    .requiredOption('--basis <text>', 'on what the decision rests')
    .option('--json', 'print JSON')
    .action(run(async (id: string, objectionId: string, opts: { outcome: string; basis: string; json?: boolean }) => {
      const a = (await request('POST', path(id, `/objections/${encodeURIComponent(objectionId)}/decision`), { outcome: opts.outcome, basis: opts.basis })).json as Award;
      if (opts.json) outJson(a);
      else out(awardLine(a));
      return 0;
    }));
}

function holdCommands(program: Command, run: Runner): void {
  program
    .command('holds')
    .summary('the awards on hold, with who held them and why')
    .description('the awards ON_HOLD your groups may read, with the reason, since when, by whom and the note')
    .option('--jurisdiction <code>', 'only awards payable by this jurisdiction')
    .addOption(new Option('--reason <reason>', 'only holds of this reason').choices(HOLD_REASONS))
    .addOption(new Option('--max <n>', 'print at most this many').default(LIMITS.cli.listMax).argParser(positive))
    .option('--json', 'print JSON')
    .action(run(async (opts: { jurisdiction?: string; reason?: string; max: number; json?: boolean }) => {
      const query = new URLSearchParams({ status: 'ON_HOLD' });
      if (opts.jurisdiction !== undefined) query.set('jurisdiction', opts.jurisdiction);
      const { items, more } = await listAll<Award>('/awards', query, opts.max);
      const held = items.filter((a) => opts.reason === undefined || a.hold?.reason === opts.reason);
      if (opts.json) outJson(held);
      else {
        out(table(['AWARD', 'JURISDICTION', 'REASON', 'SINCE', 'BY', 'AMOUNT', 'RECIPIENT', 'NOTE'], held.map((a) => [
          a.awardId, a.jurisdiction, a.hold?.reason ?? '-', a.hold ? chinaTime(new Date(a.hold.since)) : '-', a.hold?.by ?? '-',
          a.amountFen === null ? 'to be set' : formatYuan(a.amountFen), a.recipient.name, a.hold?.note ?? '',
        ])));
        out(`${held.length} award(s) on hold; release one with: awards release AWARD --basis TEXT`);
      }
      if (more) note(`holds: more than ${items.length} award(s) on hold; narrow with --jurisdiction, or raise --max`);
      return 0;
    }));
  program
    .command('hold')
    .summary('hold an award before payment, with a note (officer)')
    .description('hold an award before it is paid (MANUAL), with a note; another officer releases it')
    .argument('<award-id>')
    .requiredOption('--note <text>', 'why the award is held, e.g. 收到举报，待核实')
    .option('--json', 'print JSON')
    .action(run(async (id: string, opts: { note: string; json?: boolean }) => {
      const a = (await request('POST', path(id, '/hold'), { note: opts.note })).json as Award;
      if (opts.json) outJson(a);
      else out(awardLine(a));
      return 0;
    }));
}

/** A credit-list file's bytes, refused unread (exit 2) when it is no regular file (a FIFO would block) or over the limit. */
export function readCreditFile(file: string): Buffer {
  try {
    const stats = statSync(file);
    const max = LIMITS.controls.creditFileBytesMax;
    if (!stats.isFile()) throw new CliError(`credit-list import: ${file} is not a regular file`, 2);
    if (stats.size > max) throw new CliError(`credit-list import: ${file} is ${stats.size} bytes; a credit-list file is at most ${max} bytes: split it`, 2);
    return readFileSync(file);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`credit-list import: cannot read ${file}: ${(e as Error).message}`, 2);
  }
}

/** A credit-list file's bytes as text (shared/adapters/text-files.ts), saying so on stderr when it was not UTF-8. */
export function creditFileText(file: string, bytes: Uint8Array): string {
  try {
    const { text, encoding } = decodeCsvFile(bytes);
    if (encoding === 'gb18030') note(`credit-list import: ${file} is not UTF-8; read as GB18030 (GBK), as Excel saves CSV on Chinese Windows`);
    return text;
  } catch (e) {
    if (e instanceof TextEncodingError) throw new CliError(`credit-list import: ${file} ${e.message}`, 2);
    throw e;
  }
}

interface EntryIn { recipientId: string; listName: string; from: string; to?: string }

/** A credit-list file: CSV (recipientId,listName,from[,to], an optional header line) or JSON (a list, or { entries }). */
export function creditEntriesOf(file: string, text: string): EntryIn[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (file.toLowerCase().endsWith('.json') || trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (e) {
      throw new CliError(`credit-list import: ${file} is not JSON: ${(e as Error).message}`, 2);
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { entries?: unknown }).entries;
    if (!Array.isArray(list)) throw new CliError(`credit-list import: ${file} holds neither a list of entries nor { "entries": [...] }`, 2);
    return list as EntryIn[];
  }
  if (trimmed.includes('\u0000')) throw new CliError(`credit-list import: ${file} is not a text file (CSV or JSON)`, 2);
  const lines = readCsv(trimmed);
  // A header line names the columns in any order; without one they are recipientId,listName,from[,to].
  const FIELDS = ['recipientId', 'listName', 'from', 'to'] as const;
  const first = lines[0]?.cells.map((c) => c.toLowerCase()) ?? [];
  const header = first.includes('recipientid');
  const order = header ? first.map((c) => FIELDS.find((f) => f.toLowerCase() === c) ?? null) : [...FIELDS];
  const unknown = header ? (lines[0]?.cells.filter((_, i) => order[i] === null) ?? []) : [];
  if (unknown.length > 0 || (header && !['listName', 'from'].every((f) => order.includes(f as (typeof FIELDS)[number])))) {
    throw new CliError(`credit-list import: ${file}'s header names ${JSON.stringify(lines[0]?.cells)}; it takes recipientId, listName, from and an optional to`, 2);
  }
  const rows = header ? lines.slice(1) : lines;
  const width = header ? order.length : undefined;
  const bad = rows.find((l) => (width === undefined ? l.cells.length < 3 || l.cells.length > 4 : l.cells.length !== width && l.cells.length !== width - 1));
  if (bad !== undefined) {
    const why = bad.cells.length === 1 && /[;\t]/.test(bad.cells[0] ?? '') ? ' (cells are separated by commas, not semicolons or tabs)' : '';
    throw new CliError(`credit-list import: ${file} line ${bad.line} has ${bad.cells.length} cells${why}; each line is recipientId,listName,from[,to]`, 2);
  }
  return rows.map(({ cells }) => {
    const value = (f: (typeof FIELDS)[number]) => cells[order.indexOf(f)] ?? '';
    const to = value('to');
    return { recipientId: value('recipientId'), listName: value('listName'), from: value('from'), ...(to === '' ? {} : { to }) };
  });
}

function creditListCommands(program: Command, run: Runner): void {
  const credit = program.command('credit-list').summary('the credit list (失信): import a file, look a recipient up').description('entries of the credit system\'s lists of untrustworthy entities (失信); a listed recipient is held, never paid');
  credit
    .command('import')
    .description(`import entries from a CSV (recipientId,listName,from[,to]) or JSON file (officer), ${LIMITS.controls.creditEntriesPerImportMax} a request; exits 1 if any entry is refused`)
    .argument('<file>')
    .option('--json', 'print JSON')
    .action(run(async (file: string, opts: { json?: boolean }) => {
      const entries = creditEntriesOf(file, creditFileText(file, readCreditFile(file)));
      if (entries.length === 0) throw new CliError(`credit-list import: ${file} holds no entry`, 2);
      const part = LIMITS.controls.creditEntriesPerImportMax;
      const results: CreditImportAnswer['results'] = [];
      for (let start = 0; start < entries.length; start += part) {
        const answer = (await request('POST', '/credit-lists', { entries: entries.slice(start, start + part) })).json as CreditImportAnswer;
        results.push(...answer.results.map((r) => ({ ...r, index: r.index + start })));
      }
      const count = (o: string) => results.filter((r) => r.outcome === o).length;
      if (opts.json) outJson({ imported: count('imported'), repeated: count('repeated'), refused: count('refused'), results });
      else {
        out(table(['#', 'RECIPIENT', 'LIST', 'FROM', 'TO', 'RESULT'], results.map((r) => {
          const e = entries[r.index];
          return [String(r.index + 1), r.recipient ?? String(e?.recipientId ?? '').slice(0, 6) + '…', e?.listName ?? '', e?.from ?? '', e?.to ?? '', r.outcome === 'refused' ? `refused: ${r.reason ?? ''}` : r.outcome];
        })));
        out(`${count('imported')} imported, ${count('repeated')} repeated, ${count('refused')} refused`);
      }
      return count('refused') > 0 ? 1 : 0;
    }));
  credit
    .command('show')
    .description('a recipient\'s entries on the credit list (officer, auditor)')
    .argument('<recipient>', 'a credit code, a person\'s keyed id P:…, or (officers of where it was issued) an identity number')
    .option('--json', 'print JSON')
    .action(run(async (recipient: string, opts: { json?: boolean }) => {
      const answer = (await request('GET', `/credit-lists?recipientId=${encodeURIComponent(recipient)}`)).json as CreditListsPage;
      const entries = answer.items.flatMap((l) => l.entries);
      if (opts.json) outJson(answer.items);
      else {
        out(table(['ENTRY', 'RECIPIENT', 'LIST', 'FROM', 'TO', 'IMPORTED BY', 'AT'], entries.map((e) => [e.entryId, e.shownId, e.listName, e.from, e.to ?? '(until further notice)', e.importedBy, chinaTime(new Date(e.importedAt))])));
        out(entries.length === 0 ? 'not on the credit list' : `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`);
      }
      return 0;
    }));
}

export function controlsCommands(program: Command, run: Runner): void {
  publicityCommand(program, run);
  objectionCommands(program, run);
  holdCommands(program, run);
  creditListCommands(program, run);
}
