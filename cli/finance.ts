/** The finance officer's commands of `awards`: list, approve, reject, set-amount, budget (CONTRACT.md §5). */
import { type Command, Option } from 'commander';
import { fiscalYearOf } from '../shared/domain/awards';
import type { AnyAwardAnswer as Award, AwardItem } from '../shared/contract/answers/awards';
import { STATUSES } from '../shared/domain/lifecycle';
import { formatYuan } from '../shared/domain/money';
import { chinaTime } from '../shared/domain/time';
import { request } from './http';
import { type Runner, fen, listAll, note, positive } from './run';
import { out, outJson, table } from './table';
import { LIMITS } from '../shared/limits';

/** The status, and what an approved award waits for (CONTRACT §2: a confirmed payee account). */
function statusOf(a: Award): string {
  if (a.status === 'ON_HOLD' && a.hold) return `ON_HOLD (${a.hold.reason})`;
  return a.blockedBy === 'PAYEE_REQUIRED' ? `${a.status} (payee required)` : a.status;
}

function approvalsOf(a: Award): string {
  const approved = a.approvals.filter((x) => x.decision === 'approve').length;
  return a.approvalsRequired === null ? '-' : `${approved}/${a.approvalsRequired}`;
}

function awardRows(awards: readonly Award[]): string {
  return table(
    ['AWARD', 'JURISDICTION', 'STATUS', 'AMOUNT', 'APPROVALS', 'POLICY', 'RECIPIENT', 'REFERENCE'],
    awards.map((a) => [a.awardId, a.jurisdiction, statusOf(a), a.amountFen === null ? 'to be set' : formatYuan(a.amountFen), approvalsOf(a), `${a.policyId} ${a.clause}`, a.recipient.name, a.reference]),
  );
}

function oneAward(a: Award): string {
  const amount = a.amountFen === null ? 'amount to be set' : formatYuan(a.amountFen);
  return `${a.awardId}  ${statusOf(a)}  ${amount}  approvals ${approvalsOf(a)}  ${a.policyId} ${a.clause}  ${a.recipient.name}`;
}

/** One award as an officer reads it: the fact, the rule with its citation, the amount, approvals, the ledger. */
function awardDetail(a: Award): string {
  const number = a.recipient.kind === 'individual' ? a.recipient.idNumber : a.recipient.uscc;
  const lines = [
    oneAward(a),
    `  recipient   ${a.recipient.name} (${a.recipient.kind}) ${number}, region ${a.recipient.regionCode}`,
    `  fact        ${a.detailType} ${a.reference} on ${a.occurredOn} (event ${a.eventId ?? '-'})`,
    `  rule        ${a.ruleId} (${a.policyId} v${a.policyVersion} ${a.clause}), payable by ${a.jurisdiction}`,
    `  citation    「${a.citation}」`,
    ...(a.reading === null ? [] : [`  reading     ${a.reading}`]),
    `  basis       ${a.basis}`,
    ...(a.amountBasis === null ? [] : [`  amount set  by ${a.amountSetBy ?? '-'}: ${a.amountBasis}`]),
    ...a.approvals.map((x) => `  ${x.decision === 'approve' ? 'approved' : 'rejected'}    by ${x.by} at ${chinaTime(new Date(x.at))}${x.comment ? `: ${x.comment}` : ''}`),
    ...(a.hold === null || a.hold === undefined ? [] : [`  ${a.status === 'ON_HOLD' ? 'on hold' : 'was held'}     ${a.hold.reason} since ${chinaTime(new Date(a.hold.since))} by ${a.hold.by}: ${a.hold.note}`]),
  ];
  for (const e of a.ledger ?? []) lines.push(`  ledger      ${e.seq}  ${chinaTime(new Date(e.at))}  ${e.type}  ${formatYuan(e.amountFen)}  ${e.actor}  ${e.note}`);
  return lines.join('\n');
}

async function decide(id: string, decision: 'approve' | 'reject', comment: string, json: boolean): Promise<number> {
  const answer = await request('POST', `/awards/${encodeURIComponent(id)}/decisions`, { decision, comment });
  if (json) outJson(answer.json);
  else out(oneAward(answer.json as Award));
  return 0;
}

/** A command on one award: one request, the answer printed as `print` says (or as JSON). */
interface AwardCommand {
  name: string;
  summary: string;
  description: string;
  method: string;
  path: string;
  print: (a: Award) => string;
}

function awardCommand(program: Command, run: Runner, spec: AwardCommand): void {
  program
    .command(spec.name)
    .summary(spec.summary)
    .description(spec.description)
    .argument('<award-id>')
    .option('--json', 'print JSON')
    .action(
      run(async (id: string, opts: { json?: boolean }) => {
        const answer = await request(spec.method, `/awards/${encodeURIComponent(id)}${spec.path}`);
        if (opts.json) outJson(answer.json);
        else out(spec.print(answer.json as Award));
        return 0;
      }),
    );
}

/** show: one award, as GET /awards/{awardId} answers it. */
function showCommand(program: Command, run: Runner): void {
  awardCommand(program, run, {
    name: 'show',
    summary: 'one award: the fact, the rule and its citation, approvals, ledger entries',
    description: 'one award with its fact, rule, citation, reading, amount basis, approvals and ledger entries; a person\'s identity number is whole only for an officer of the paying jurisdiction',
    method: 'GET',
    path: '',
    print: awardDetail,
  });
}

/** retry-payment: an officer sends a payment the bank returned again (after fixing the payee account). */
function retryCommand(program: Command, run: Runner): void {
  awardCommand(program, run, {
    name: 'retry-payment',
    summary: 'send a returned payment again (officer)',
    description: 'put a PAYMENT_FAILED award back to APPROVED, so the next payment run pays it (fix its payee account first)',
    method: 'POST',
    path: '/payment-retry',
    print: oneAward,
  });
}

/** release: an officer releases an award on hold, with a written basis (CONTRACT §6). */
function releaseCommand(program: Command, run: Runner): void {
  program
    .command('release')
    .summary('release an award on hold, with a basis (officer)')
    .description('release an ON_HOLD award (another officer than the one who placed the hold; any officer for a hold the system placed): it then takes its budget and goes to approval as a new award would')
    .argument('<award-id>')
    .requiredOption('--basis <text>', 'on what the release rests, e.g. 经核实，两家为共同主持单位')
    .option('--json', 'print JSON')
    .action(run(async (id: string, opts: { basis: string; json?: boolean }) => {
      const answer = await request('POST', `/awards/${encodeURIComponent(id)}/release`, { basis: opts.basis });
      if (opts.json) outJson(answer.json);
      else out(oneAward(answer.json as Award));
      return 0;
    }));
}

/** approve and reject: the approver's two commands. */
function decisionCommands(program: Command, run: Runner): void {
  program
    .command('approve')
    .summary('approve an award (two approvers above the threshold)')
    .description('approve an award (a second approver is needed above the dual-control threshold)')
    .argument('<award-id>')
    .option('--comment <text>', 'a comment kept in the ledger', '')
    .option('--json', 'print JSON')
    .action(run(async (id: string, opts: { comment: string; json?: boolean }) => decide(id, 'approve', opts.comment, opts.json === true)));

  program
    .command('reject')
    .summary('reject an award, with the reason')
    .description('reject an award; the reason is required and kept in the ledger')
    .argument('<award-id>')
    .requiredOption('--comment <text>', 'why the award is rejected')
    .option('--json', 'print JSON')
    .action(run(async (id: string, opts: { comment: string; json?: boolean }) => decide(id, 'reject', opts.comment, opts.json === true)));
}

export function financeCommands(program: Command, run: Runner): void {
  program
    .command('list')
    .summary('the awards your groups may read')
    .description('the awards your groups may read')
    .addOption(new Option('--status <status>', 'only awards in this status').choices(STATUSES))
    .option('--jurisdiction <code>', 'only awards payable by this jurisdiction (e.g. 130000)')
    .option('--uscc <code>', 'only awards of this enterprise or organization (unified social credit code)')
    .option('--id-number <number>', 'only awards of this person, by the identity number (officers of the paying jurisdiction)')
    .option('--recipient-id <id>', 'only awards of this recipient by the id awards show: a credit code, or a person\'s keyed id P:…')
    .addOption(new Option('--max <n>', 'print at most this many').default(LIMITS.cli.listMax).argParser(positive))
    .option('--json', 'print JSON')
    .action(
      run(async (opts: { status?: string; jurisdiction?: string; uscc?: string; idNumber?: string; recipientId?: string; max: number; json?: boolean }) => {
        const query = new URLSearchParams();
        for (const key of ['status', 'jurisdiction', 'uscc', 'idNumber', 'recipientId'] as const) if (opts[key] !== undefined) query.set(key, opts[key]);
        const { items, more } = await listAll<AwardItem>('/awards', query, opts.max);
        if (opts.json) outJson(items);
        else out(`${awardRows(items)}\n${items.length} award(s)`);
        if (more) note(`awards: more than ${items.length} award(s); narrow with --status or --jurisdiction, or raise --max`);
        return 0;
      }),
    );

  showCommand(program, run);
  decisionCommands(program, run);
  retryCommand(program, run);
  releaseCommand(program, run);

  program
    .command('set-amount')
    .summary('set an amount finance decides (AMOUNT_REQUIRED)')
    .description('set the amount of an award whose policy leaves it to finance (AMOUNT_REQUIRED)')
    .argument('<award-id>')
    .requiredOption('--amount-fen <n>', 'the amount in fen (1 yuan = 100 fen)', fen)
    .requiredOption('--basis <text>', 'the basis of the amount, kept in the ledger')
    .option('--json', 'print JSON')
    .action(
      run(async (id: string, opts: { amountFen: number; basis: string; json?: boolean }) => {
        const answer = await request('POST', `/awards/${encodeURIComponent(id)}/amount`, { amountFen: opts.amountFen, basis: opts.basis });
        if (opts.json) outJson(answer.json);
        else out(oneAward(answer.json as Award));
        return 0;
      }),
    );

  program
    .command('budget')
    .summary('a jurisdiction\'s budget; --set-fen allocates it')
    .description('a jurisdiction\'s budget for a fiscal year; with --set-fen, allocate it')
    .argument('<jurisdiction>', 'the jurisdiction code, e.g. 130000')
    .argument('[year]', 'the fiscal year (default: this year, China time)', (v) => String(positive(v)))
    .option('--set-fen <n>', 'set the allocation, in fen', fen)
    .option('--json', 'print JSON')
    .action(
      run(async (jurisdiction: string, year: string | undefined, opts: { setFen?: number; json?: boolean }) => {
        const fiscalYear = year ?? String(fiscalYearOf(new Date()));
        const path = `/budgets/${encodeURIComponent(jurisdiction)}/${encodeURIComponent(fiscalYear)}`;
        const { json } = opts.setFen === undefined ? await request('GET', path) : await request('PUT', path, { allocatedFen: opts.setFen });
        const b = json as Record<string, number>;
        if (opts.json) outJson(b);
        else {
          const money = [b.allocatedFen, b.reservedFen, b.inTransitFen, b.disbursedFen, b.availableFen].map((v) => formatYuan(v ?? 0));
          out(table(['JURISDICTION', 'YEAR', 'ALLOCATED', 'RESERVED', 'IN TRANSIT', 'DISBURSED', 'AVAILABLE', 'WAITING'], [[jurisdiction, fiscalYear, ...money, String(b.waitingCount ?? 0)]]));
        }
        return 0;
      }),
    );
}
