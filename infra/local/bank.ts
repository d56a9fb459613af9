/**
 * Money out on this machine (CONTRACT §4): the payment run every AWARDS_PAYMENT_RUN_SECONDS (default 5), as the
 * stack's schedule runs it, and a simulated bank that reads each file the run writes under `.data/payments/` and
 * answers with a pain.002 status report and a camt.054 notification, dropped under `.data/payments/inbound/` and
 * handed to bank-inbound as S3's EventBridge notification would be. Accounts ending in 0000 are returned with AC04 (closed
 * account); every other payment is confirmed. So `npm start` pays through the same files and reconciliation as AWS.
 * So are a file the operator puts in `.data/payments/inbound/` by hand (as the bank's own drop) and an officer's large
 * file POST /bank-files queued under `.data/payments/inbound/officers/` (reconciled as that officer's import).
 */
import { access, mkdir, opendir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { simulateBank } from '../../shared/adapters/iso20022/simulated-bank';
import { OFFICER_INBOUND_PREFIX } from '../../shared/payment-layout';
import { LIMITS } from '../../shared/limits';

type Scheduled = (event: unknown, context: Context) => Promise<unknown>;
type Log = (line: string) => void;

export interface BankDeps {
  readonly paymentsDir: string;
  readonly paymentRun: Scheduled;
  readonly bankInbound: Scheduled;
  readonly context: (name: string) => Context;
  readonly log: Log;
  readonly everyMs: number;
}

interface RunSummary { batches: Array<{ batchId: string; jurisdiction: string; count: number; totalFen: number; fileName: string }> }

/** The notice S3 gives EventBridge for a new object under inbound/, as the rule hands it to bank-inbound. */
const objectCreated = (key: string) => ({ 'detail-type': 'Object Created', 'source': 'aws.s3', 'detail': { bucket: { name: 'local-payments' }, object: { key } } });

/** Answers one batch file as the bank would, and lets bank-inbound reconcile both answers. */
async function answer(deps: BankDeps, fileName: string, handed: Handed): Promise<void> {
  const xml = await readFile(join(deps.paymentsDir, fileName), 'utf8');
  const { pain002, camt054 } = await simulateBank(xml, { now: new Date(), bankMessagePrefix: 'SIMBANK' });
  const inbound = join(deps.paymentsDir, 'inbound');
  await mkdir(inbound, { recursive: true });
  const base = fileName.replace(/\.pain\.001\.xml$/, '');
  const keys = [`inbound/${base}.pain.002.xml`, `inbound/${base}.camt.054.xml`];
  await writeFile(join(deps.paymentsDir, keys[0] as string), pain002, 'utf8');
  await writeFile(join(deps.paymentsDir, keys[1] as string), camt054, 'utf8');
  // As S3 tells EventBridge of each new object, and the rule invokes bank-inbound once per object.
  for (const key of keys) {
    handed.set(key, (await stat(join(deps.paymentsDir, key))).mtimeMs);
    await deps.bankInbound(objectCreated(key), deps.context('bank-inbound'));
  }
}

/**
 * The files handed to bank-inbound in this run of the stack, each with the modification time it had then: a file saved
 * again under its name (an operator who fixed a refused file) is handed again, as S3 notifies a new object; other names
 * than *.xml are said once (review 2026-12-07-a, B2, B3).
 */
type Handed = Map<string, number>;

/** A file changed more recently than this may still be being copied in: it waits for a later tick. */
const SETTLED_MS = 2_000;

/**
 * Files that appear under inbound/ other than the simulated bank's answers, as S3 would notify bank-inbound of them: the
 * bank's own drop put there by hand (the operator of this machine stands in for the bank), and officers' large files
 * the API queued under inbound/officers/ (reconciled as those officers' imports, review H3). Each is handed to
 * bank-inbound once it has stopped changing, once per run of the stack and again when it is saved again. Handing one again after a restart changes
 * nothing (a bank message is its id, type and content: the same file is a repeat), and one that failed (a large file
 * not finished in one invocation) is handed again on the next tick, which goes on where it stopped.
 */
async function handInbound(deps: BankDeps, handed: Handed): Promise<void> {
  let given = 0;
  for (const dir of ['inbound', OFFICER_INBOUND_PREFIX.replace(/\/$/, '')]) given += await handFrom(deps, handed, dir, LIMITS.local.bankHandMax - given);
}

/** What bank-inbound answers for a file it was handed (functions/bank-inbound/app.ts, InboundResult). */
interface HandedResult { readonly reason?: string; readonly summary: { repeated: boolean; matched: number; returned: number; exceptions: number } | null }

/** Hands at most `max` new files of one directory; answers how many it handed. */
async function handFrom(deps: BankDeps, handed: Handed, dir: string, max: number): Promise<number> {
  const listing = await opendir(join(deps.paymentsDir, dir)).catch(() => null);
  if (listing === null) return 0;
  let seen = 0;
  let given = 0;
  for await (const entry of listing) {
    if (++seen > LIMITS.local.bankScanMax || given >= max) break;
    const key = `${dir}/${entry.name}`;
    if (!entry.isFile() || entry.name.startsWith('.') || entry.name.endsWith('.tmp')) continue;
    const changed = await stat(join(deps.paymentsDir, key)).then((s) => s.mtimeMs, () => Date.now());
    if (handed.get(key) === changed || Date.now() - changed < SETTLED_MS) continue;
    handed.set(key, changed);
    if (!entry.name.toLowerCase().endsWith('.xml')) {
      deps.log(`bank file ${key}: not handed to bank-inbound: npm start hands files named *.xml (in AWS, every object under inbound/ is)`);
      continue;
    }
    given += 1;
    try {
      const result = (await deps.bankInbound(objectCreated(key), deps.context('bank-inbound'))) as HandedResult;
      const s = result.summary;
      // A refused file is said here too, as bank-inbound logs and counts it in AWS: the operator who dropped it looks here.
      if (s === null) deps.log(`bank file ${key}: refused: ${result.reason ?? 'see bank-inbound\'s log'}`);
      else if (!s.repeated) deps.log(`bank file ${key}: ${s.matched} matched, ${s.returned} returned, ${s.exceptions} exception(s)`);
    } catch (error) {
      handed.delete(key);
      deps.log(`bank-inbound ${key}: ${(error as Error).message}`);
    }
  }
  return given;
}

/** The batch files without the bank's status report beside them, reading at most LIMITS.local.bankScanMax directory entries. */
async function unanswered(dir: string): Promise<string[]> {
  const out: string[] = [];
  const listing = await opendir(dir).catch(() => null);
  if (listing === null) return out;
  let seen = 0;
  for await (const entry of listing) {
    if (++seen > LIMITS.local.bankScanMax) break;
    if (!entry.name.endsWith('.pain.001.xml')) continue;
    const answered = await access(join(dir, 'inbound', entry.name.replace(/\.pain\.001\.xml$/, '.pain.002.xml'))).then(() => true, () => false);
    if (!answered) out.push(entry.name);
  }
  return out;
}

/** Runs payments now and then on a timer, one run at a time; returns a stop function. */
export function startPaymentRuns(deps: BankDeps): () => Promise<void> {
  let running: Promise<void> | null = null;
  const handed: Handed = new Map();
  const tick = async () => {
    try {
      const result = (await deps.paymentRun({}, deps.context('payment-run'))) as RunSummary;
      for (const batch of result.batches) deps.log(`payment batch ${batch.batchId}: ${batch.count} payment(s) to the bank, file ${join(deps.paymentsDir, batch.fileName)}`);
      // The bank answers every file it has not answered yet: this run's, and those an officer's run wrote.
      for (const fileName of await unanswered(deps.paymentsDir)) await answer(deps, fileName, handed);
      await handInbound(deps, handed);
    } catch (error) {
      deps.log(`payment run: ${(error as Error).message}`);
    }
  };
  const timer = setInterval(() => {
    if (running === null) running = tick().finally(() => (running = null));
  }, deps.everyMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
