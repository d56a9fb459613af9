/**
 * The digest signer and log a function uses (ADR 012): in AWS the KMS key (DIGEST_KEY_ARN) and the Object Lock bucket
 * (DIGEST_BUCKET); on this machine the key file and append-only files under DIGEST_DIR. The API holds only the
 * signer's public half: it has the ledger signed by invoking ledger-digest (DIGEST_FUNCTION_NAME), whose role alone
 * may sign, and tells verifiers the period that function runs on (DIGEST_PERIOD_SECONDS).
 */
import type { ApiDigests } from '../../app/digests/api';
import type { DigestLog, DigestSigner } from '../../app/digests/ports';
import type { DigestRun } from '../../app/digests/run';
import { ConfigurationError, DependencyUnavailableError, SDK, requireEnv } from '../environment';
import { deferred } from '../../lazy';

export async function digestsFromEnv(): Promise<{ signer: DigestSigner; log: DigestLog }> {
  const dir = process.env.DIGEST_DIR;
  if (dir !== undefined && dir !== '') {
    // Loaded only here, as the AWS clients are below: a deployed function never loads the local files' code.
    const { fileDigestLog, localSigner } = await import('./local');
    return { signer: localSigner(dir), log: fileDigestLog(`${dir}/log`) };
  }
  const keyArn = process.env.DIGEST_KEY_ARN ?? '';
  const bucket = process.env.DIGEST_BUCKET ?? '';
  if (keyArn !== '' && bucket !== '') {
    // Loaded only here, so the local stack and tests never load the KMS client.
    const [{ KMSClient }, { S3Client }, { kmsSigner }, { s3DigestLog }] = await Promise.all([
      import('@aws-sdk/client-kms'),
      import('@aws-sdk/client-s3'),
      import('./kms'),
      import('./s3'),
    ]);
    return { signer: kmsSigner(new KMSClient(SDK), keyArn), log: s3DigestLog(new S3Client(SDK), bucket) };
  }
  throw new ConfigurationError('DIGEST_DIR (local) or DIGEST_KEY_ARN and DIGEST_BUCKET (AWS) must be set');
}

/**
 * The API's digests: the signer's public keys (never its sign), the log, "sign now" through ledger-digest, the period.
 * The variables are checked at once (a deployment missing one fails its cold start, naming it), but the adapters are
 * loaded on first use: only the digest routes and evidence packs read them, and a cold start of the api would
 * otherwise load the KMS and S3 clients, or the local files' code, for requests that mostly never come (ADR 024).
 */
export async function apiDigestsFromEnv(): Promise<ApiDigests> {
  const dir = process.env.DIGEST_DIR ?? '';
  if (dir === '' && ((process.env.DIGEST_KEY_ARN ?? '') === '' || (process.env.DIGEST_BUCKET ?? '') === '')) {
    throw new ConfigurationError('DIGEST_DIR (local) or DIGEST_KEY_ARN and DIGEST_BUCKET (AWS) must be set');
  }
  const period = process.env.DIGEST_PERIOD_SECONDS;
  const periodSeconds = period === undefined || period === '' ? undefined : Number(period);
  if (periodSeconds !== undefined && !(Number.isSafeInteger(periodSeconds) && periodSeconds > 0)) throw new ConfigurationError(`DIGEST_PERIOD_SECONDS=${period} is not a whole number of seconds`);
  const where = dir === '' ? 'DIGEST_KEY_ARN, DIGEST_BUCKET' : `DIGEST_DIR=${dir}`;
  const made = deferred(async () => {
    const { signer, log } = await digestsFromEnv().catch((cause: unknown) => {
      // Made on first use, so a broken key or log is found by the first digest request: the log says which
      // configuration, the caller is answered 503 without it, and the next request tries again.
      throw unavailable(`the digest signer's public keys and log could not be loaded (${where})`, cause);
    });
    // In AWS the clients are made without a call: a key disabled, a policy wrong, throttling or the bucket out of reach
    // fails the first call, not the load, and is answered 503 the same way (attack review LOW-3).
    const reached = <A extends unknown[], R>(what: string, call: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (cause) {
        throw isServiceFailure(cause) ? unavailable(`the digest ${what} failed (${where})`, cause) : cause;
      }
    };
    const wrapped: DigestLog = {
      append: reached('log\'s append', (d) => log.append(d)),
      list: reached('log\'s list', (j, o) => log.list(j, o)),
      covering: reached('log\'s covering', (j, seq) => log.covering(j, seq)),
      endsAt: reached('log\'s endsAt', (j, seq) => log.endsAt(j, seq)),
      lastSigned: reached('log\'s lastSigned', (j) => log.lastSigned(j)),
    };
    return { publicKeys: reached('signer\'s public keys', () => signer.publicKeys()), log: async () => wrapped };
  }, { publicKeys: true, log: true });
  const log = deferred(async () => made.log(), { append: true, list: true, covering: true, endsAt: true, lastSigned: true });
  return { signer: { publicKeys: made.publicKeys }, log, signNow: ledgerDigestInvoker(), ...(periodSeconds === undefined ? {} : { periodSeconds }) };
}

const unavailable = (message: string, cause: unknown) =>
  new DependencyUnavailableError(`${message}: ${String(cause)}`, 'the ledger digests\' signer or log is unavailable; retry shortly', { cause });

/** A service's failure, not the code's: an AWS SDK service error ($metadata), its time-outs, or a file system's (EIO, ENOTDIR…). */
function isServiceFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return '$metadata' in error || name === 'TimeoutError' || (typeof code === 'string' && /^E[A-Z]+$/.test(code));
}

/** ledger-digest failed, or answered something that is not a digest run. */
export class DigestRunError extends Error {
  override name = 'DigestRunError';
}

/** Within the API's 10 seconds: one attempt (a second would sign again), answered before API Gateway gives up. */
const INVOKE_TIMEOUT_MS = 9_000;

/**
 * "Sign now": ledger-digest invoked synchronously (RequestResponse), its runs answered. The client is made at the first
 * call, so a cold start that serves no such request loads nothing of Lambda's SDK.
 */
export function ledgerDigestInvoker(): () => Promise<readonly DigestRun[]> {
  let client: Promise<{ send: (payload: Uint8Array) => Promise<{ FunctionError?: string; Payload?: Uint8Array }> }> | null = null;
  return async () => {
    const functionName = requireEnv('DIGEST_FUNCTION_NAME');
    client ??= import('@aws-sdk/client-lambda').then(({ InvokeCommand, LambdaClient }) => {
      const lambda = new LambdaClient({ ...SDK, maxAttempts: 1, requestHandler: { ...SDK.requestHandler, requestTimeout: INVOKE_TIMEOUT_MS } });
      return { send: (Payload: Uint8Array) => lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload })) };
    });
    const out = await (await client).send(new TextEncoder().encode('{}'));
    const text = out.Payload === undefined ? '' : new TextDecoder().decode(out.Payload);
    if (out.FunctionError !== undefined) throw new DigestRunError(`ledger-digest failed (${out.FunctionError}): ${text.slice(0, 500)}`);
    let answer: { runs?: unknown };
    try {
      answer = JSON.parse(text) as { runs?: unknown };
    } catch (cause) {
      throw new DigestRunError('ledger-digest answered something that is not JSON', { cause });
    }
    if (!Array.isArray(answer.runs)) throw new DigestRunError('ledger-digest answered no runs');
    return answer.runs as DigestRun[];
  };
}
