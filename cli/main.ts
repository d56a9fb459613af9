/**
 * The `awards` command (CONTRACT.md §5), on commander: `awards --help` and `awards <command> --help` describe every
 * option. Exit codes scripts can trust: 0 success; 1 the command ran and found a fault (a rejected event, a refused
 * decision, a broken chain); 2 the command could not run (usage, unreadable file, missing token, unreachable stack).
 */
import { Command, CommanderError } from 'commander';
import { catalogWithRulesOff, rulesOffFrom, validatedCatalog } from '../shared/policies';
import { issueToken } from '../infra/local/issuer';
import { auditCommands } from './audit';
import { controlsCommands } from './controls';
import { reportCommands } from './reports';
import { digestCommands } from './digests';
import { emit, rawEvents } from './emit';
import { readEventFile } from './event-files';
import { evidenceCommand } from './evidence';
import { explain, explainPersonKey, toJson, toText, validated } from './explain';
import { financeCommands } from './finance';
import { CliError } from './http';
import { paymentCommands } from './payments';
import { whatifCommands } from './whatif';
import type { Runner } from './run';
import { out, outJson, table } from './table';

const ENVIRONMENT = `
Environment:
  AWARDS_API_URL     the HTTP API (default http://127.0.0.1:3000, the local stack of \`npm start\`)
  AWARDS_TOKEN       the bearer token for the API; locally:
                     export AWARDS_TOKEN=$(npx awards token --user li --groups approver:130000)
                     (payees, payments, bank files and exceptions need officer:<jurisdiction>)
  AWARDS_EVENTS_URL  where emit sends events locally (default http://127.0.0.1:4010)
  AWARDS_BUS_NAME    emit to this EventBridge bus in AWS instead, with the SDK's usual credentials

Exit codes: 0 success; 1 the command ran and found a fault; 2 the command could not run.`;

function eventCommands(program: Command, run: Runner): void {
  program
    .command('explain')
    .summary('offline: the awards each event earns, and why')
    .description('offline: the awards each event earns, with the clauses it cites, or why none, or why it is rejected')
    .argument('<files...>', 'event files: one event, a JSON array of events, or JSON lines')
    .option('--json', 'print JSON')
    .option('--person-key-file <file>', 'the person key award ids of people are keyed with (default: the local stack\'s, under AWARDS_DATA_DIR or .data/)')
    .action(
      run(async (files: string[], opts: { json?: boolean; personKeyFile?: string }) => {
        const read = validated(files.flatMap((file) => readEventFile('explain', file)));
        const key = explainPersonKey(opts.personKeyFile, read);
        // The catalog as the pipeline pays it, validated (as builds and `npm start` do, not each cold start): the rules
        // AWARDS_RULES_OFF switches off earn nothing here either.
        validatedCatalog();
        const catalog = catalogWithRulesOff(rulesOffFrom(process.env.AWARDS_RULES_OFF));
        const explanations = read.map((r) => explain(r, catalog, key));
        out(opts.json ? JSON.stringify(toJson(explanations), null, 2) : toText(explanations, read, key));
        return explanations.some((e) => e.rejected !== null) ? 1 : 0;
      }),
    );

  program
    .command('token')
    .summary('a JWT from the local issuer (local stack only)')
    .description('a JWT from the local issuer, for AWARDS_TOKEN (local stack only)')
    .requiredOption('--user <name>', 'the user name')
    .option('--groups <list>', 'comma-separated groups, e.g. approver:130000,auditor', '')
    .action(
      run(async (opts: { user: string; groups: string }) => {
        if (opts.user.trim() === '') throw new CliError('token: --user must not be empty', 2);
        const groups = opts.groups.split(',').map((g) => g.trim()).filter((g) => g.length > 0);
        out(await issueToken(opts.user.trim(), groups));
        return 0;
      }),
    );

  program
    .command('emit')
    .summary('send events to the bus, as an upstream system does')
    .description('send events with PutEvents, as an upstream system does; prints each entry\'s result')
    .argument('<files...>', 'event files: one event, a JSON array of events, or JSON lines')
    .option('--json', 'print JSON')
    .action(
      run(async (files: string[], opts: { json?: boolean }) => {
        const results = await emit(rawEvents(files));
        const failed = results.filter((r) => r.eventId === null).length;
        if (opts.json) outJson(results);
        else {
          out(table(['EVENT', 'RESULT'], results.map((r) => [r.source, r.eventId !== null ? `accepted ${r.eventId}` : `FAILED ${r.errorCode}: ${r.errorMessage}`])));
          out(`${results.length - failed} accepted, ${failed} failed`);
        }
        return failed > 0 ? 1 : 0;
      }),
    );
}

export function program(exit: { code: number }): Command {
  const run: Runner = (action) => async (...args) => {
    exit.code = await action(...args);
  };
  const awards = new Command('awards')
    .description('Quality awards: explain events offline, send them, decide awards, pay them through the bank, read and verify the ledger.')
    .exitOverride()
    .showSuggestionAfterError()
    .configureHelp({ sortSubcommands: false })
    .addHelpText('after', ENVIRONMENT);
  eventCommands(awards, run);
  financeCommands(awards, run);
  controlsCommands(awards, run);
  reportCommands(awards, run);
  paymentCommands(awards, run);
  auditCommands(awards, run);
  digestCommands(awards, run);
  evidenceCommand(awards, run);
  whatifCommands(awards, run);
  return awards;
}

export async function main(argv: string[]): Promise<number> {
  const exit = { code: 0 };
  try {
    await program(exit).parseAsync(argv, { from: 'user' });
    return exit.code;
  } catch (error) {
    // Commander has printed its message (usage, unknown command or option, help); help asked for is success.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      process.stderr.write(`awards: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
