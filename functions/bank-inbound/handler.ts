/** The Lambda entry of bank-inbound, built once at cold start. */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { lazyS3, readInbound } from '../../shared/adapters/files/payment-files';
import { FileRefusedError, decodeBankFile } from '../../shared/adapters/text-files';
import { LIMITS } from '../../shared/limits';
import { dynamoClients, observability, storeFromEnv } from '../runtime';
import { createBankInbound } from './app';

const obs = observability('bank-inbound');
const { doc } = dynamoClients();
// The S3 SDK loads at the first file read, not at every cold start (ADR 022).
const s3 = lazyS3();

// Under the local stack the bank's files are in PAYMENTS_DIR (infra/local/bank.ts); in AWS in the payments bucket.
const dir = process.env.PAYMENTS_DIR;
// Bytes become text by their byte-order mark, as in AWS (bank-file-text.ts).
const readLocal = async (key: string) => {
  const path = join(dir ?? '', key);
  const max = LIMITS.payments.bankFileBytesMax;
  if ((await stat(path)).size > 2 * max) throw new FileRefusedError(`is larger than ${2 * max} bytes; a bank file is at most ${max} bytes as UTF-8`);
  const text = decodeBankFile(await readFile(path));
  if (Buffer.byteLength(text, 'utf8') > max) throw new FileRefusedError(`is ${Buffer.byteLength(text, 'utf8')} bytes as UTF-8; a bank file is at most ${max} bytes`);
  return text;
};
const read = dir ? (_bucket: string, key: string) => readLocal(key) : (bucket: string, key: string) => readInbound(s3, bucket, key);

export const handler = createBankInbound({ ...obs, store: storeFromEnv(doc), read });
