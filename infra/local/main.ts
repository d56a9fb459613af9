/**
 * `npm start`: the whole pipeline on this machine. `npm start -- --in-memory` keeps nothing. Ports and the data
 * directory come from AWARDS_API_PORT (3000), AWARDS_EVENTS_PORT (4010) and AWARDS_DATA_DIR (.data).
 */
import { join } from 'node:path';
import { JavaMissingError } from './dynamodb';
import { LocalStackError, startLocalStack } from './stack';

// Node 20 is this project's runtime; the SDK's notice that its releases after January 2027 need Node 22 concerns
// versions the lockfile does not install. Set the variable to "false" to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = join(import.meta.dirname, '../..');

function port(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65_535) {
    console.error(`award-pipeline: ${name}=${value} is not a port number`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--in-memory');
  if (unknown.length > 0) {
    console.error(`award-pipeline: unknown option ${unknown.join(' ')} (usage: npm start [-- --in-memory])`);
    process.exit(2);
  }
  const inMemory = args.includes('--in-memory');
  const dataDir = process.env.AWARDS_DATA_DIR ?? join(ROOT, '.data');
  const log = (line: string) => console.log(`award-pipeline: ${line}`);
  log(inMemory ? 'starting in memory (nothing is kept)' : `starting; data persists in ${dataDir}`);
  let stack: Stack | undefined;
  stopOnSignals(log, () => stack);
  try {
    stack = await startLocalStack({ inMemory, dataDir, apiPort: port('AWARDS_API_PORT', 3000), eventsPort: port('AWARDS_EVENTS_PORT', 4010), log });
  } catch (error) {
    if (error instanceof LocalStackError || error instanceof JavaMissingError) {
      console.error(`award-pipeline: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  const running = stack;

  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`${running.apiUrl}/health`);
      if (response.status === 200) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      console.error('award-pipeline: /health did not answer 200 within 30 s');
      await running.stop();
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.log(`award-pipeline is ready
  HTTP API:            ${running.apiUrl}
  EventBridge events:  ${running.eventsUrl}
  Console:             ${running.apiUrl}/console/   (sign in as any user and role; ?lang=en for English)
Try: npx awards emit events/samples/*.json   (Ctrl-C stops everything)`);
}

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

/**
 * Ctrl-C (and SIGTERM, SIGHUP) at any moment stops everything: while starting, the process exits at once and DynamoDB
 * Local, which ignores the terminal's SIGINT (dynamodb.ts), is stopped by its exit hook; once running, the pollers
 * finish their batches first, and a second press later on stops at once.
 */
function stopOnSignals(log: (line: string) => void, current: () => Stack | undefined): void {
  let stoppingSince: number | null = null;
  let pressedAgain = 0;
  const stop = async (signal: string) => {
    const stack = current();
    if (stoppingSince !== null) {
      // tsx relays the terminal's SIGINT, so one Ctrl-C can arrive twice at once: only a later press counts.
      if (Date.now() - stoppingSince < 1_000) return;
      pressedAgain += 1;
      if (pressedAgain === 1) {
        log(`${signal}: still stopping, finishing the batches in hand; press Ctrl-C again to stop at once (events not yet recorded are replayed at the next start)`);
        return;
      }
      log(`${signal}: stopping at once`);
      process.exit(130);
    }
    stoppingSince = Date.now();
    log(`${signal}: stopping${stack === undefined ? '' : ': the batches in hand are finished first'}`);
    if (stack === undefined) {
      log('stopped before it was ready');
      process.exit(130);
    }
    await stack.stop();
    log('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
}

void main();
