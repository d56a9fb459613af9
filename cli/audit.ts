/**
 * The auditor's commands of `awards`: ledger (paged; CSV export of every page), verify (the chain in steps, to the
 * end), revocations, event (CONTRACT.md §5).
 */
import { csvPageRows, joinCsvPages } from '../shared/adapters/files/csv-pages';
import { type Command, Option } from 'commander';
import type { LedgerEntry } from '../shared/domain/ledger';
import { formatYuan } from '../shared/domain/money';
import { chinaTime } from '../shared/domain/time';
import { REVOCATION_STATES } from '../shared/domain/revocations';
import type { ChainVerified, EventOutcomeAnswer, RejectionAnswer as Rejection, RevocationAnswer as Revocation, VerificationAnswer } from '../shared/contract/answers/audit';
import { digestLine, verifyAgainstDigests } from './digests';
import { CliError, request } from './http';
import { type Runner, day, listAll, note, positive } from './run';
import { out, outJson, printable, table } from './table';
import { LIMITS } from '../shared/limits';

interface LedgerOptions {
  jurisdiction?: string;
  uscc?: string;
  idNumber?: string;
  recipientId?: string;
  from?: string;
  to?: string;
  csv?: boolean;
  json?: boolean;
  max: number;
  pageSize: number;
}

function ledgerQuery(opts: LedgerOptions): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of ['jurisdiction', 'uscc', 'idNumber', 'recipientId', 'from', 'to'] as const) if (opts[key] !== undefined) query.set(key, opts[key]);
  return query;
}

/** Every page of the ledger as CSV on stdout, one header line; each request reads one bounded page. */
async function exportCsv(query: URLSearchParams, pageSize: number): Promise<number> {
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q = new URLSearchParams(query);
    q.set('format', 'csv');
    q.set('limit', String(pageSize));
    if (cursor !== null) q.set('cursor', cursor);
    const { text, headers } = await request('GET', `/ledger?${q}`);
    // Each page is a whole CSV file; the export is one, with one byte-order mark and one header row (shared/adapters/files/csv.ts).
    process.stdout.write(pages === 0 ? joinCsvPages([text]) : csvPageRows(text));
    pages += 1;
    cursor = headers.get('x-next-cursor');
  } while (cursor !== null);
  return 0;
}

function ledgerTable(items: readonly LedgerEntry[]): string {
  return table(
    ['JURISDICTION', 'SEQ', 'AT (UTC+8)', 'TYPE', 'AMOUNT', 'STATUS', 'AWARD', 'ACTOR'],
    items.map((e) => [e.jurisdiction, String(e.seq), chinaTime(new Date(e.at)), e.type, e.amountFen === 0 ? '' : formatYuan(e.amountFen), e.statusAfter ?? '', e.awardId ?? '', e.actor]),
  );
}

type OneChainStep = Exclude<VerificationAnswer, { jurisdictions: unknown }>;
/** A step of one jurisdiction, as the chain it reports. */
const chainOf = (step: OneChainStep): ChainVerified => (step.ok
  ? { jurisdiction: step.jurisdiction, ok: true, entries: step.entries, head: step.head }
  : { jurisdiction: step.jurisdiction, ok: false, entries: step.entries, badSeq: step.badSeq, reason: step.reason });

/** Drives GET /ledger/verify from its first step to its last; each step checks a bounded number of entries. */
async function verifyAll(jurisdiction: string | undefined): Promise<ChainVerified[]> {
  const finished: ChainVerified[] = [];
  let cursor: string | null = null;
  for (;;) {
    const q = new URLSearchParams();
    if (jurisdiction !== undefined) q.set('jurisdiction', jurisdiction);
    if (cursor !== null) q.set('cursor', cursor);
    const step = (await request('GET', `/ledger/verify?${q}`)).json as VerificationAnswer;
    const many = 'jurisdictions' in step;
    finished.push(...(many ? step.jurisdictions : step.complete ? [chainOf(step)] : []));
    const current = many ? step.current : { jurisdiction: step.jurisdiction, entries: step.entries };
    if (process.stderr.isTTY && current) process.stderr.write(`\rverifying ${current.jurisdiction}: ${current.entries} entries checked`);
    if (step.cursor === null) break;
    if (step.cursor === cursor) throw new CliError('verify: the API answered the same step twice; verification did not advance', 2);
    cursor = step.cursor;
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  return finished;
}

function ledgerCommands(program: Command, run: Runner): void {
  program
    .command('ledger')
    .summary('ledger entries by jurisdiction, date or recipient')
    .description('ledger entries, by jurisdiction and sequence, by China-time date, or by recipient')
    .option('--jurisdiction <code>', 'one jurisdiction (default: all in the catalog)')
    .option('--uscc <code>', 'one recipient\'s entries (unified social credit code)')
    .option('--recipient-id <id>', 'one recipient\'s entries by the id entries name them by: a credit code, or a person\'s keyed id P:…')
    .option('--id-number <number>', 'one person\'s entries by the identity number (officers only: the API keys it)')
    .option('--from <date>', 'entries from this day, China time (YYYY-MM-DD)', day)
    .option('--to <date>', 'entries to this day, inclusive (YYYY-MM-DD)', day)
    .option('--csv', 'export every matching entry as CSV (page by page, no limit)')
    .option('--json', 'print JSON')
    .addOption(new Option('--max <n>', 'print at most this many (not with --csv)').default(LIMITS.cli.listMax).argParser(positive))
    .addOption(new Option('--page-size <n>', 'entries per request (the API answers at most 1000)').default(1000).argParser(positive))
    .action(
      run(async (opts: LedgerOptions) => {
        const query = ledgerQuery(opts);
        if (opts.csv) return exportCsv(query, opts.pageSize);
        const { items, more } = await listAll<LedgerEntry>('/ledger', query, opts.max, opts.pageSize);
        if (opts.json) outJson(items);
        else out(`${ledgerTable(items)}\n${items.length} entr${items.length === 1 ? 'y' : 'ies'}`);
        if (more) note(`ledger: more than ${items.length} entries; narrow with --from/--to, or export them all with --csv`);
        return 0;
      }),
    );

  program
    .command('verify')
    .summary('check the hash chain and balances; exit 1 on a fault')
    .description('check the hash chain and the balances of the ledger, to its end; exit 1 on a fault')
    .option('--jurisdiction <code>', 'one jurisdiction (default: all in the catalog)')
    .option('--digests', 'also check each chain against the signed digests, here, with the public key (ADR 012)')
    .option('--digest-period <seconds>', 'with --digests: the signing period entries may wait two of (default: the one the API names; 300 in AWS, AWARDS_DIGEST_SECONDS here)', positive)
    .option('--json', 'print JSON')
    .action(
      run(async (opts: { jurisdiction?: string; digests?: boolean; digestPeriod?: number; json?: boolean }) => {
        const results = await verifyAll(opts.jurisdiction);
        const period = opts.digestPeriod === undefined ? {} : { periodSeconds: opts.digestPeriod };
        const digests = opts.digests ? await verifyAgainstDigests(results.map((r) => r.jurisdiction), period) : [];
        const ok = results.every((r) => r.ok) && digests.every((d) => d.ok);
        if (opts.json) outJson({ ok, entries: results.reduce((n, r) => n + r.entries, 0), jurisdictions: results, ...(opts.digests ? { digests } : {}) });
        else {
          for (const r of results) out(r.ok ? `${r.jurisdiction}: ok, ${r.entries} entries, head ${r.head}` : `${r.jurisdiction}: FAULT at entry ${r.badSeq}: ${r.reason}`);
          for (const d of digests) out(digestLine(d));
        }
        return ok ? 0 : 1;
      }),
    );
}

function eventLine(id: string, outcome: EventOutcomeAnswer['outcome'], revocation: Revocation | null | undefined): string {
  const revoked = revocation ? `${revocation.state}${revocation.refusedReason ? `: ${revocation.refusedReason}` : ''}` : null;
  const notes = [revoked, outcome.kind === 'duplicate' && `first seen as ${outcome.firstEventId}`, outcome.kind === 'awards' && outcome.voidedBy && `voided by ${outcome.voidedBy}`];
  const detail = 'reason' in outcome ? outcome.reason : notes.filter(Boolean).join(', ');
  const awardIds = revocation ? revocation.awardIds : 'awardIds' in outcome ? outcome.awardIds : [];
  return `${id}  ${outcome.kind}  ${awardIds.join(' ')}  ${detail}`.replace(/ {2,}$/, '').trimEnd();
}

/** A reason on one line of a table: what the sender wrote may hold line breaks. */
const oneLine = (text: string) => text.replaceAll(/\s+/g, ' ');

export function auditCommands(program: Command, run: Runner): void {
  ledgerCommands(program, run);

  program
    .command('revocations')
    .summary('revocations, and what became of each')
    .description('revocations received, and what became of each (auditor)')
    .addOption(new Option('--state <state>', 'only revocations in this state').choices(REVOCATION_STATES))
    .addOption(new Option('--max <n>', 'print at most this many').default(LIMITS.cli.listMax).argParser(positive))
    .option('--json', 'print JSON')
    .action(
      run(async (opts: { state?: string; max: number; json?: boolean }) => {
        const query = new URLSearchParams();
        if (opts.state !== undefined) query.set('state', opts.state);
        const { items, more } = await listAll<Revocation>('/revocations', query, opts.max);
        if (opts.json) outJson(items);
        else {
          const rows = items.map((r) => [chinaTime(new Date(r.receivedAt)), r.state, r.source, r.revokes.detailType, r.revokes.reference, r.awardIds.length === 0 ? '' : String(r.awardIds.length), r.refusedReason ?? r.reason]);
          out(`${table(['RECEIVED (UTC+8)', 'STATE', 'SOURCE', 'REVOKES', 'REFERENCE', 'AWARDS', 'REASON'], rows)}\n${items.length} revocation(s)`);
        }
        if (more) note(`revocations: more than ${items.length}; narrow with --state, or raise --max`);
        return 0;
      }),
    );

  program
    .command('rejections')
    .summary('events refused, kept in the quarantine with the reason')
    .description('events intake refused (the contract, or an id another event holds), newest last, each kept with its reason and its text as received, masked (auditor)')
    .addOption(new Option('--max <n>', 'print at most this many').default(LIMITS.cli.listMax).argParser(positive))
    .option('--json', 'print JSON (each with the event as received)')
    .action(
      run(async (opts: { max: number; json?: boolean }) => {
        const { items, more } = await listAll<Rejection>('/rejections', new URLSearchParams(), opts.max);
        if (opts.json) outJson(items);
        else {
          const rows = items.map((r) => [chinaTime(new Date(r.receivedAt)), r.rejectionId, r.detailType ?? '-', oneLine(r.reason)]);
          out(`${table(['RECEIVED (UTC+8)', 'REJECTION', 'DETAIL-TYPE', 'REASON'], rows)}\n${items.length} rejection(s)`);
        }
        if (more) note(`rejections: more than ${items.length}; raise --max`);
        return 0;
      }),
    );

  program
    .command('event')
    .summary('what became of one event the bus accepted')
    .description('what became of one event the bus accepted: awards, no award, duplicate, rejected (auditor)')
    .argument('<event-id>')
    .option('--json', 'print JSON')
    .action(
      run(async (id: string, opts: { json?: boolean }) => {
        const { json } = await request('GET', `/events/${encodeURIComponent(id)}`);
        const answer = json as EventOutcomeAnswer;
        const { outcome } = answer;
        const revocation = 'revocation' in answer ? answer.revocation : undefined;
        if (opts.json) outJson(json);
        else out(printable(eventLine(id, outcome, revocation)));
        return outcome.kind === 'rejected' ? 1 : 0;
      }),
    );
}
