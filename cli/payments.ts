/**
 * The payment commands of `awards` (CONTRACT.md §5, version 2): payee accounts under dual control, payment runs and
 * their ISO 20022 pain.001 files; bank files in (pain.002, camt.054, camt.053) and reconciliation exceptions (bank.ts).
 */
import { writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { formatYuan } from '../shared/domain/money';
import { accountProblems } from '../shared/domain/payees';
import { idNumberProblem } from '../shared/domain/person';
import { REGION_CODE } from '../shared/domain/region';
import { chinaTime } from '../shared/domain/time';
import { usccProblem } from '../shared/domain/uscc';
import type { BatchAnswer as Batch, PayeeAccountAnswer as PayeeAccount, PayeeAnswer as Payee, PaymentRunAnswer } from '../shared/contract/answers/payments';
import { CliError, request } from './http';
import { type Runner, listAll, note, positive } from './run';
import { out, outJson, table } from './table';
import { bankCommands, exceptionCommands } from './bank';
import { LIMITS } from '../shared/limits';

/** A jurisdiction code: six digits (130000). */
function jurisdiction(value: string): string {
  if (!REGION_CODE.test(value)) throw new InvalidArgumentError(`'${value}' is not a jurisdiction: a 6-digit division code such as 130000`);
  return value;
}

/**
 * A recipient: a unified social credit code, a person's keyed id (P:…, as awards and lists show it, for anyone who
 * may read the payee), or a resident identity number (for officers; never repeated in the reason).
 */
function recipient(value: string): string {
  const trimmed = value.trim();
  if (/^P:[0-9a-f]{32}$/.test(trimmed)) return trimmed;
  const upper = trimmed.toUpperCase();
  if (usccProblem(upper) === null || idNumberProblem(upper, null) === null) return upper;
  throw new InvalidArgumentError('the recipient is neither a unified social credit code (18 characters), a person\'s keyed id (P: and 32 hex digits) nor a resident identity number with a valid check digit');
}

/** A proposal id as the API issues it. */
function proposalId(value: string): string {
  if (!/^pp-[0-9a-f]{24}$/.test(value.trim())) throw new InvalidArgumentError(`'${value}' is not a proposal id: pp- and 24 hex digits, as \`awards payees show\` prints it`);
  return value.trim();
}

const payeePath = (j: string, r: string, tail = ''): string => `/payees/${encodeURIComponent(j)}/${encodeURIComponent(r)}${tail}`;

const accountText = (a: PayeeAccount): string => `${a.accountName}  ${a.accountNumber}  ${a.bankCode} ${a.bankName}`;

/** A payee as an officer reads it: its status, the account payments go to, and a proposal waiting for a second officer. */
function payeeText(p: Payee): string {
  const lines = [`${p.jurisdiction}  ${p.recipientId}  ${p.status}`];
  const c = p.confirmed;
  lines.push(c === null
    ? '  confirmed   none: awards wait until an account is confirmed'
    : `  confirmed   ${accountText(c)}  (proposed by ${c.proposedBy}, confirmed by ${c.confirmedBy} at ${chinaTime(new Date(c.confirmedAt))})`);
  if (p.pending !== null) {
    lines.push(`  proposed    ${accountText(p.pending)}  (by ${p.pending.proposedBy} at ${chinaTime(new Date(p.pending.proposedAt))}; another officer must confirm it)`);
    // A person's payee is named by the keyed id (ADR 009), which the command accepts as well as the number.
    lines.push(`  proposal    ${p.pending.proposalId}  (confirm with: awards payees confirm ${p.jurisdiction} ${p.recipientId} --proposal ${p.pending.proposalId})`);
  }
  return lines.join('\n');
}

function historyTable(p: Payee): string {
  const rows = p.history.map(({ at, kind, by, proposalId, account: a }) => [
    chinaTime(new Date(at)), kind, proposalId, by, a.accountName, a.accountNumber, a.bankCode, a.bankName,
  ]);
  return table(['WHEN (UTC+8)', 'CHANGE', 'PROPOSAL', 'BY', 'ACCOUNT NAME', 'ACCOUNT', 'BANK CODE', 'BANK'], rows);
}

function printPayee(payee: Payee, json: boolean | undefined, history = false): number {
  if (json) outJson(payee);
  else out(history ? `${payeeText(payee)}\n\nhistory\n${historyTable(payee)}` : payeeText(payee));
  return 0;
}

interface SetOptions { accountName: string; accountNumber: string; bankCode: string; bankName: string; json?: boolean }

function payeeCommands(program: Command, run: Runner): void {
  const payees = program
    .command('payees')
    .summary('payee accounts: set, confirm (a second officer), show')
    .description('the accounts a jurisdiction pays its recipients into, under dual control: one officer proposes, another confirms');
  const recipientArg = (cmd: Command) => cmd
    .argument('<jurisdiction>', 'the paying jurisdiction, e.g. 130000', jurisdiction)
    .argument('<recipient>', 'the recipient: a unified social credit code, a person\'s keyed id (P:…) or, for officers, their resident identity number', recipient);

  recipientArg(payees.command('set'))
    .summary('propose a recipient\'s account (officer); it waits for a second officer')
    .description('propose the account a jurisdiction pays a recipient into (officer of that jurisdiction); payments keep using the confirmed account until another officer confirms this one')
    .requiredOption('--account-name <name>', 'the account holder\'s name, e.g. 辛集市人民政府')
    .requiredOption('--account-number <digits>', 'the account number, 8 to 32 digits')
    .requiredOption('--bank-code <code>', 'the 12-digit CNAPS code of the bank branch (大额支付系统行号)')
    .requiredOption('--bank-name <name>', 'the bank branch, e.g. 中国工商银行辛集支行')
    .option('--json', 'print JSON')
    .action(
      run(async (j: string, r: string, opts: SetOptions) => {
        const account = { accountName: opts.accountName, accountNumber: opts.accountNumber, bankCode: opts.bankCode, bankName: opts.bankName };
        const problems = accountProblems(account);
        if (problems.length > 0) throw new CliError(`payees set: ${problems.join('; ')}; nothing was sent`, 2);
        return printPayee((await request('PUT', payeePath(j, r), account)).json as Payee, opts.json);
      }),
    );

  recipientArg(payees.command('confirm'))
    .summary('confirm a proposed account by its proposal id (an officer other than the proposer)')
    .description('confirm the proposal you reviewed, by the id `awards payees show` prints (dual control: an officer of the jurisdiction other than the one who proposed it); a proposal replaced since is refused; awards waiting for it are released to payment')
    .requiredOption('--proposal <id>', 'the id of the proposal you reviewed (pp-…), as `awards payees show` prints it', proposalId)
    .option('--json', 'print JSON')
    .action(run(async (j: string, r: string, opts: { json?: boolean; proposal: string }) =>
      printPayee((await request('POST', payeePath(j, r, '/confirm'), { proposalId: opts.proposal })).json as Payee, opts.json)));

  recipientArg(payees.command('show'))
    .summary('a payee: status, confirmed account, pending proposal, history')
    .description('a payee: its status, the confirmed account, a pending proposal, and the history of changes (officer, approver of the jurisdiction, auditor); account numbers are whole only for officers')
    .option('--json', 'print JSON')
    .action(run(async (j: string, r: string, opts: { json?: boolean }) => printPayee((await request('GET', payeePath(j, r))).json as Payee, opts.json, true)));
}

function batchTable(batches: readonly Batch[]): string {
  return table(
    ['BATCH', 'JURISDICTION', 'CREATED (UTC+8)', 'COUNT', 'TOTAL', 'STATUS', 'FILE'],
    batches.map((b) => [b.batchId, b.jurisdiction, chinaTime(new Date(b.createdAt)), String(b.count), formatYuan(b.totalFen), b.status, b.fileName]),
  );
}

function runCommand(payments: Command, run: Runner): void {
  payments
    .command('run')
    .summary('file a payment batch of a jurisdiction\'s payable awards now (officer)')
    .description('claim the jurisdiction\'s approved awards that have a confirmed payee into a batch (they become PAYING) and write its pain.001 file (officer of that jurisdiction)')
    .argument('<jurisdiction>', 'the paying jurisdiction, e.g. 130000', jurisdiction)
    .option('--json', 'print JSON')
    .action(
      run(async (j: string, opts: { json?: boolean }) => {
        const answer = (await request('POST', '/payment-batches', { jurisdiction: j })).json as PaymentRunAnswer;
        const filed = answer.batches;
        if (opts.json) outJson(answer);
        else {
          out(filed.length === 0 ? `${j}: nothing payable` : `${batchTable(filed)}\n${filed.length} batch(es) filed`);
          if (answer.blockedByPayee > 0) out(`${answer.blockedByPayee} approved award(s) wait for a confirmed payee account (awards payees set, then confirm)`);
          for (const u of answer.unpayable) out(`${u.awardId} cannot be paid: ${u.reason}`);
        }
        return 0;
      }),
    );
}

function paymentCommandsOf(program: Command, run: Runner): void {
  const payments = program
    .command('payments')
    .summary('payment batches: run, list, file')
    .description('payment batches: the ISO 20022 pain.001 files sent to the treasury\'s bank');
  runCommand(payments, run);

  payments
    .command('list')
    .summary('payment batches of a jurisdiction, newest first')
    .description('payment batches of a jurisdiction (officer, approver, auditor); without --jurisdiction, the one jurisdiction of your groups')
    .option('--jurisdiction <code>', 'the jurisdiction, e.g. 130000', jurisdiction)
    .addOption(new Option('--max <n>', 'print at most this many').default(LIMITS.cli.listMax).argParser(positive))
    .option('--json', 'print JSON')
    .action(
      run(async (opts: { jurisdiction?: string; max: number; json?: boolean }) => {
        const query = new URLSearchParams(opts.jurisdiction === undefined ? {} : { jurisdiction: opts.jurisdiction });
        const { items, more } = await listAll<Batch>('/payment-batches', query, opts.max);
        if (opts.json) outJson(items);
        else out(`${batchTable(items)}\n${items.length} batch(es)`);
        if (more) note(`payments: more than ${items.length} batch(es); raise --max`);
        return 0;
      }),
    );

  payments
    .command('file')
    .summary('a batch\'s pain.001 XML, to stdout or a file')
    .description('the pain.001.001.09 XML of a batch (officer of its jurisdiction, auditor), to stdout or written to --out')
    .argument('<batch-id>')
    .option('--out <file>', 'write the XML to this file instead of stdout')
    .action(
      run(async (id: string, opts: { out?: string }) => {
        const { text } = await request('GET', `/payment-batches/${encodeURIComponent(id)}/file`);
        if (opts.out === undefined) {
          process.stdout.write(text);
          return 0;
        }
        try {
          writeFileSync(opts.out, text, 'utf8');
        } catch (cause) {
          throw new CliError(`payments file: cannot write ${opts.out}: ${(cause as Error).message}`, 2);
        }
        out(`${opts.out}: the pain.001 of ${id}, ${Buffer.byteLength(text, 'utf8')} bytes`);
        return 0;
      }),
    );
}

export function paymentCommands(program: Command, run: Runner): void {
  payeeCommands(program, run);
  paymentCommandsOf(program, run);
  // Bank files in and reconciliation exceptions: cli/bank.ts.
  bankCommands(program, run);
  exceptionCommands(program, run);
}
