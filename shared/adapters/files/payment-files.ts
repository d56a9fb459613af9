/**
 * Where payment files are kept (shared/app/payments/ports.ts): in AWS the payments bucket (pain.001 files under
 * `outbound/`, officers' queued bank files under `inbound/officers/`), under the local stack a directory
 * (`.data/payments/`). A file is written once, under its batch's
 * name; writing it again (a run completing an OPEN batch after a crash) writes the same bytes.
 */
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as S3SdkModule from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { PaymentFiles } from '../../app/payments/ports';
import { LIMITS } from '../../limits';
import { FileRefusedError, decodeBankFileWithin, rawBankFileBytesMax } from '../text-files';
import { SDK } from '../environment';

import { OFFICER_INBOUND_PREFIX, OUTBOUND_PREFIX } from '../../payment-layout';

export { INBOUND_PREFIX, OFFICER_INBOUND_PREFIX, OUTBOUND_PREFIX } from '../../payment-layout';

/**
 * A directory: each file written to a temporary name and hard-linked to its own, which fails if it exists, so a
 * reader never sees half a file and a file is never replaced.
 */
async function createOnce(dir: string, name: string, xml: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(`${path}.tmp`, xml, 'utf8');
  try {
    await link(`${path}.tmp`, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(`${path}.tmp`);
  }
}

export function directoryFiles(dir: string): PaymentFiles {
  return {
    put: (name, xml) => createOnce(dir, name, xml),
    // Under inbound/officers/ of the same directory, which the local stack watches as S3 notifies bank-inbound.
    async queueBankFile(name, xml) {
      await createOnce(join(dir, OFFICER_INBOUND_PREFIX), name, xml);
      return `${OFFICER_INBOUND_PREFIX}${name}`;
    },
    async get(name) {
      try {
        return await readFile(join(dir, name), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}

type S3Sdk = typeof S3SdkModule;

/** The S3 SDK and a client of it, as a function needs them: loaded at the first file it reads or writes. */
export type S3Access = () => Promise<{ readonly sdk: S3Sdk; readonly client: S3Client }>;

/**
 * The S3 SDK loaded, and its client built, on first use and kept (a failed load is not kept): the api reads and
 * writes files on a few routes only, and loading the SDK's S3 module at every cold start cost more than any other
 * part of payment-run's and bank-inbound's (ADR 022).
 */
export function lazyS3(): S3Access {
  let loading: ReturnType<S3Access> | undefined;
  return () => {
    if (loading === undefined) {
      const load = import('@aws-sdk/client-s3').then((sdk) => ({ sdk, client: new sdk.S3Client(SDK) }));
      load.catch(() => {
        loading = undefined;
      });
      loading = load;
    }
    return loading;
  };
}

/** Created once: a file the bank (or bank-inbound) may already have taken is never replaced (conditional write, 412 if present). */
async function putOnce(s3: S3Access, bucket: string, key: string, xml: string): Promise<void> {
  const { sdk, client } = await s3();
  try {
    await client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: xml, ContentType: 'application/xml; charset=utf-8', IfNoneMatch: '*' }));
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 412) throw error;
  }
}

export function bucketFiles(s3: S3Access, bucket: string): PaymentFiles {
  return {
    put: (name, xml) => putOnce(s3, bucket, `${OUTBOUND_PREFIX}${name}`, xml),
    // S3 tells EventBridge of the new object under inbound/, and the rule invokes bank-inbound, as for the bank's drop.
    async queueBankFile(name, xml) {
      await putOnce(s3, bucket, `${OFFICER_INBOUND_PREFIX}${name}`, xml);
      return `${OFFICER_INBOUND_PREFIX}${name}`;
    },
    async get(name) {
      const { sdk, client } = await s3();
      try {
        const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: `${OUTBOUND_PREFIX}${name}` }));
        return (await out.Body?.transformToString('utf-8')) ?? null;
      } catch (error) {
        if (error instanceof sdk.NoSuchKey) return null;
        throw error;
      }
    },
  };
}

/** A bank file dropped under `inbound/`, read whole (bounded: a bank file over the limit is refused unread). */
export async function readInbound(s3: S3Access, bucket: string, key: string): Promise<string> {
  const { sdk, client } = await s3();
  const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
  // The limit is on the file as UTF-8, as the CLI and the API take it; UTF-16 of ASCII halves as UTF-8, so a file over
  // twice the limit is refused unread.
  const max = LIMITS.payments.bankFileBytesMax;
  if ((out.ContentLength ?? 0) > rawBankFileBytesMax(max)) throw new FileRefusedError(`is ${out.ContentLength} bytes; a bank file is at most ${max} bytes as UTF-8`);
  // Decoded in its encoding, as the CLI and the API route do (text-files.ts); bytes that are no text are refused.
  return out.Body === undefined ? '' : decodeBankFileWithin(await out.Body.transformToByteArray(), max);
}

/** PAYMENTS_DIR under the local stack, PAYMENTS_BUCKET in AWS. */
export function paymentFilesFromEnv(): PaymentFiles {
  const dir = process.env.PAYMENTS_DIR;
  if (dir !== undefined && dir !== '') return directoryFiles(dir);
  const bucket = process.env.PAYMENTS_BUCKET;
  if (bucket === undefined || bucket === '') throw new Error('environment variable PAYMENTS_BUCKET (or PAYMENTS_DIR) is not set');
  return bucketFiles(lazyS3(), bucket);
}
