/**
 * The `awards` command (CONTRACT.md §5). Exit codes scripts can trust: 0 success; 1 the command ran and found a
 * fault (a rejected event, a refused decision, a broken chain); 2 the command could not run (usage, unreadable file,
 * missing token, unreachable stack).
 */
import { readFileSync } from 'node:fs';
import { type Award, fiscalYearOf } from '../shared/domain/awards';
import type { LedgerEntry } from '../shared/domain/ledger';
import type { Revocation } from '../shared/store/store';
import { formatYuan } from '../shared/domain/money';
import { CATALOG } from '../shared/policies';
import { issueToken } from '../infra/local/issuer';
import { emit, rawEvents } from './emit';
import { explain, readEvents, toJson, toText } from './explain';
import { CliError, request } from './http';
import { table } from './table';

/** The most a listing command prints. */
const LIST_MAX = 10_000;

const USAGE = `usage: awards <command> [options]

  explain FILE... [--json]                 offline: the awards each event earns, with citations, or why not
  token --user NAME --groups g1,g2         a JWT from the local issuer (local stack only)
  emit FILE... [--json]                    send events with PutEvents; prints each entry's result
  list [--status S] [--jurisdiction J] [--json]
  approve ID [--comment TEXT] [--json]
  reject ID --comment TEXT [--json]
  set-amount ID --amount-fen N --basis TEXT [--json]
  budget JURISDICTION [YEAR] [--set-fen N] [--json]
  ledger [--jurisdiction J] [--csv] [--json]
  verify [--jurisdiction J] [--json]       the hash chain and the balances; exit 1 on a fault
  revocations [--state PENDING|APPLIED|REFUSED] [--json]   revocations, and what became of each (auditor)
  event ID [--json]                        what became of one event the bus accepted (auditor)

Environment: AWARDS_API_URL (default http://127.0.0.1:3000), AWARDS_EVENTS_URL (default http://127.0.0.1:4010),
AWARDS_BUS_NAME (emit to this bus in AWS instead), AWARDS_TOKEN (the bearer token for the API).
Exit codes: 0 success; 1 the command found a fault; 2 the command could not run.`;

/** Options `--name value` and flags `--name`; the rest are positional. */
function parseArgs(args: readonly string[], flags: readonly string[], options: readonly string[]) {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const set = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) positional.push(arg);
    else if (flags.includes(arg)) set.add(arg);
    else if (options.includes(arg)) {
      const value = args[i + 1];
      if (value === undefined) throw new CliError(`${arg} needs a value`, 2);
      values.set(arg, value);
      i += 1;
    } else throw new CliError(`unknown option ${arg}`, 2);
  }
  return { positional, values, flags: set };
}

const out = (text: string) => process.stdout.write(`${text}\n`);

function readFile(command: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new CliError(`${command}: cannot read ${file}: ${(cause as Error).message}`, 2);
  }
}

function approvalsOf(a: Award): string {
  const approved = a.approvals.filter((x) => x.decision === 'approve').length;
  return a.approvalsRequired === null ? '-' : `${approved}/${a.approvalsRequired}`;
}

function awardRows(awards: readonly Award[]): string {
  return table(
    ['AWARD', 'JURISDICTION', 'STATUS', 'AMOUNT', 'APPROVALS', 'POLICY', 'RECIPIENT', 'REFERENCE'],
    awards.map((a) => [a.awardId, a.jurisdiction, a.status, a.amountFen === null ? 'to be set' : formatYuan(a.amountFen), approvalsOf(a), `${a.policyId} ${a.clause}`, a.recipient.name, a.reference]),
  );
}

function oneAward(a: Award): string {
  const amount = a.amountFen === null ? 'amount to be set' : formatYuan(a.amountFen);
  return `${a.awardId}  ${a.status}  ${amount}  approvals ${approvalsOf(a)}  ${a.policyId} ${a.clause}  ${a.recipient.name}`;
}

/** The items of a paged list route, page by page, up to LIST_MAX. */
async function listAll<T>(path: string, query: URLSearchParams): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams(query);
    q.set('limit', '100');
    if (cursor !== null) q.set('cursor', cursor);
    const page = (await request('GET', `${path}?${q}`)).json as { items: T[]; cursor: string | null };
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== null && items.length < LIST_MAX);
  return items;
}

const commands: Record<string, (args: string[]) => Promise<number>> = {
  async explain(args) {
    const { positional: files, flags } = parseArgs(args, ['--json'], []);
    if (files.length === 0) throw new CliError('explain: name at least one event file', 2);
    const read = files.flatMap((file) => readEvents(file, readFile('explain', file)));
    const explanations = read.map((r) => explain(r, CATALOG));
    out(flags.has('--json') ? JSON.stringify(toJson(explanations), null, 2) : toText(explanations, read));
    return explanations.some((e) => e.rejected !== null) ? 1 : 0;
  },

  async token(args) {
    const { values } = parseArgs(args, [], ['--user', '--groups']);
    const user = values.get('--user');
    if (user === undefined || user.trim() === '') throw new CliError('token: --user NAME is required', 2);
    const groups = (values.get('--groups') ?? '').split(',').map((g) => g.trim()).filter((g) => g.length > 0);
    out(await issueToken(user.trim(), groups));
    return 0;
  },

  async emit(args) {
    const { positional: files, flags } = parseArgs(args, ['--json'], []);
    if (files.length === 0) throw new CliError('emit: name at least one event file', 2);
    const events = files.flatMap((file) => rawEvents(file, readFile('emit', file)));
    const results = await emit(events);
    if (flags.has('--json')) out(JSON.stringify(results, null, 2));
    else {
      out(table(['EVENT', 'RESULT'], results.map((r) => [r.source, r.eventId !== null ? `accepted ${r.eventId}` : `FAILED ${r.errorCode}: ${r.errorMessage}`])));
      const failed = results.filter((r) => r.eventId === null).length;
      out(`${results.length - failed} accepted, ${failed} failed`);
    }
    return results.some((r) => r.eventId === null) ? 1 : 0;
  },

  async list(args) {
    const { values, flags } = parseArgs(args, ['--json'], ['--status', '--jurisdiction']);
    const query = new URLSearchParams();
    if (values.has('--status')) query.set('status', values.get('--status') as string);
    if (values.has('--jurisdiction')) query.set('jurisdiction', values.get('--jurisdiction') as string);
    const awards = await listAll<Award>('/awards', query);
    out(flags.has('--json') ? JSON.stringify(awards, null, 2) : `${awardRows(awards)}\n${awards.length} award(s)`);
    return 0;
  },

  async approve(args) {
    const { positional, values, flags } = parseArgs(args, ['--json'], ['--comment']);
    const [id] = positional;
    if (id === undefined) throw new CliError('approve: name the award id', 2);
    const { json } = await request('POST', `/awards/${encodeURIComponent(id)}/decisions`, { decision: 'approve', comment: values.get('--comment') ?? '' });
    out(flags.has('--json') ? JSON.stringify(json, null, 2) : oneAward(json as Award));
    return 0;
  },

  async reject(args) {
    const { positional, values, flags } = parseArgs(args, ['--json'], ['--comment']);
    const [id] = positional;
    const comment = values.get('--comment');
    if (id === undefined || comment === undefined || comment.trim() === '') throw new CliError('reject: usage: awards reject ID --comment TEXT', 2);
    const { json } = await request('POST', `/awards/${encodeURIComponent(id)}/decisions`, { decision: 'reject', comment });
    out(flags.has('--json') ? JSON.stringify(json, null, 2) : oneAward(json as Award));
    return 0;
  },

  async 'set-amount'(args) {
    const { positional, values, flags } = parseArgs(args, ['--json'], ['--amount-fen', '--basis']);
    const [id] = positional;
    const amountFen = Number(values.get('--amount-fen'));
    const basis = values.get('--basis');
    if (id === undefined || !Number.isSafeInteger(amountFen) || basis === undefined) {
      throw new CliError('set-amount: usage: awards set-amount ID --amount-fen N --basis TEXT (N in fen, 1 yuan = 100 fen)', 2);
    }
    const { json } = await request('POST', `/awards/${encodeURIComponent(id)}/amount`, { amountFen, basis });
    out(flags.has('--json') ? JSON.stringify(json, null, 2) : oneAward(json as Award));
    return 0;
  },

  async budget(args) {
    const { positional, values, flags } = parseArgs(args, ['--json'], ['--set-fen']);
    const [jurisdiction, year = String(fiscalYearOf(new Date()))] = positional;
    if (jurisdiction === undefined) throw new CliError('budget: usage: awards budget JURISDICTION [YEAR] [--set-fen N]', 2);
    const path = `/budgets/${encodeURIComponent(jurisdiction)}/${encodeURIComponent(year)}`;
    const set = values.get('--set-fen');
    const { json } = set === undefined ? await request('GET', path) : await request('PUT', path, { allocatedFen: Number(set) });
    const b = json as Record<string, number>;
    out(
      flags.has('--json')
        ? JSON.stringify(b, null, 2)
        : table(['JURISDICTION', 'YEAR', 'ALLOCATED', 'RESERVED', 'DISBURSED', 'AVAILABLE', 'WAITING'], [
            [
              jurisdiction,
              year,
              ...[b.allocatedFen, b.reservedFen, b.disbursedFen, b.availableFen].map((fen) => formatYuan(fen ?? 0)),
              String(b.waitingCount ?? 0),
            ],
          ]),
    );
    return 0;
  },

  async ledger(args) {
    const { values, flags } = parseArgs(args, ['--csv', '--json'], ['--jurisdiction']);
    const query = new URLSearchParams();
    if (values.has('--jurisdiction')) query.set('jurisdiction', values.get('--jurisdiction') as string);
    if (flags.has('--csv')) {
      query.set('format', 'csv');
      process.stdout.write((await request('GET', `/ledger?${query}`)).text);
      return 0;
    }
    const { items } = (await request('GET', `/ledger?${query}`)).json as { items: LedgerEntry[] };
    if (flags.has('--json')) out(JSON.stringify(items, null, 2));
    else {
      out(
        table(
          ['JURISDICTION', 'SEQ', 'AT', 'TYPE', 'AMOUNT', 'STATUS', 'AWARD', 'ACTOR'],
          items.map((e) => {
            const amount = e.amountFen === 0 ? '' : formatYuan(e.amountFen);
            return [e.jurisdiction, String(e.seq), e.at.slice(0, 19), e.type, amount, e.statusAfter ?? '', e.awardId ?? '', e.actor];
          }),
        ),
      );
      out(`${items.length} entr${items.length === 1 ? 'y' : 'ies'}`);
    }
    return 0;
  },

  async revocations(args) {
    const { values, flags } = parseArgs(args, ['--json'], ['--state']);
    const query = new URLSearchParams();
    if (values.has('--state')) query.set('state', values.get('--state') as string);
    const items = await listAll<Revocation>('/revocations', query);
    if (flags.has('--json')) out(JSON.stringify(items, null, 2));
    else {
      const rows = items.map((r) => {
        const awards = r.awardIds.length === 0 ? '' : String(r.awardIds.length);
        return [r.receivedAt.slice(0, 19), r.state, r.source, r.revokes.detailType, r.revokes.reference, awards, r.refusedReason ?? r.reason];
      });
      out(table(['RECEIVED', 'STATE', 'SOURCE', 'REVOKES', 'REFERENCE', 'AWARDS', 'REASON'], rows));
      out(`${items.length} revocation(s)`);
    }
    return 0;
  },

  async event(args) {
    const { positional, flags } = parseArgs(args, ['--json'], []);
    const [id] = positional;
    if (id === undefined) throw new CliError('event: usage: awards event ID', 2);
    const { json } = await request('GET', `/events/${encodeURIComponent(id)}`);
    type Outcome = { kind: string; awardIds?: string[]; reason?: string; firstEventId?: string; voidedBy?: string };
    const { outcome, revocation } = json as { outcome: Outcome; revocation?: Revocation | null };
    if (flags.has('--json')) out(JSON.stringify(json, null, 2));
    else {
      const revoked = revocation ? `${revocation.state}${revocation.refusedReason ? `: ${revocation.refusedReason}` : ''}` : null;
      const notes = [revoked, outcome.firstEventId && `first seen as ${outcome.firstEventId}`, outcome.voidedBy && `voided by ${outcome.voidedBy}`];
      const detail = outcome.reason ?? notes.filter(Boolean).join(', ');
      const awardIds = revocation ? revocation.awardIds : (outcome.awardIds ?? []);
      out(`${id}  ${outcome.kind}  ${awardIds.join(' ')}  ${detail}`.replace(/ {2,}$/, '').trimEnd());
    }
    return outcome.kind === 'rejected' ? 1 : 0;
  },

  async verify(args) {
    const { values, flags } = parseArgs(args, ['--json'], ['--jurisdiction']);
    const query = values.has('--jurisdiction') ? `?jurisdiction=${encodeURIComponent(values.get('--jurisdiction') as string)}` : '';
    const { json } = await request('GET', `/ledger/verify${query}`);
    type One = { jurisdiction: string; ok: boolean; entries: number; head?: string; badSeq?: number; reason?: string };
    const body = json as One & { jurisdictions?: One[] };
    const results = body.jurisdictions ?? [body];
    if (flags.has('--json')) out(JSON.stringify(json, null, 2));
    else {
      for (const r of results) {
        out(r.ok ? `${r.jurisdiction}: ok, ${r.entries} entries, head ${r.head}` : `${r.jurisdiction}: FAULT at entry ${r.badSeq}: ${r.reason}`);
      }
    }
    return results.every((r) => r.ok) ? 0 : 1;
  },
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    out(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = commands[command];
  try {
    if (run === undefined) throw new CliError(`unknown command '${command}'`, 2);
    return await run(args);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`awards: ${error.message}\n${error.exitCode === 2 && run === undefined ? `\n${USAGE}\n` : ''}`);
      return error.exitCode;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
