/**
 * The `awards` command (CONTRACT.md §5). Exit codes scripts can trust: 0 success, 1 the command ran and found a
 * fault (a rejected event, a broken chain), 2 the command could not run (usage, unreadable file, unreachable stack).
 */
import { readFileSync } from 'node:fs';
import { CATALOG } from '../shared/policies';
import { explain, readEvents, toJson, toText } from './explain';

const USAGE = `usage: awards <command> [options]

  explain FILE... [--json]   offline: the awards the catalog grants for each event, with citations,
                             or why none applies, or why the event is rejected; stores nothing

Exit codes: 0 success; 1 the command found a fault (an event is rejected); 2 the command could not run.
The local stack's commands (token, emit, list, approve, reject, ledger, verify) arrive with \`npm start\`.`;

class UsageError extends Error {
  override name = 'UsageError';
}

function runExplain(args: string[]): number {
  const json = args.includes('--json');
  const files = args.filter((a) => a !== '--json');
  const unknown = files.filter((f) => f.startsWith('--'));
  if (unknown.length > 0) throw new UsageError(`explain: unknown option ${unknown.join(', ')}`);
  if (files.length === 0) throw new UsageError('explain: name at least one event file');
  const read = files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      throw new UsageError(`explain: cannot read ${file}: ${(cause as Error).message}`, { cause });
    }
    return readEvents(file, text);
  });
  const explanations = read.map((r) => explain(r, CATALOG));
  process.stdout.write(
    json ? `${JSON.stringify(toJson(explanations), null, 2)}\n` : `${toText(explanations, read)}\n`,
  );
  return explanations.some((e) => e.rejected !== null) ? 1 : 0;
}

export function main(argv: string[]): number {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'explain':
        return runExplain(args);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`awards: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
