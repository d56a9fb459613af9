/** The Lambda entry of bank-inbound, built once at cold start. */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { lazyS3, readInbound } from '../../shared/adapters/files/payment-files';
import { FileRefusedError, decodeBankFileWithin, rawBankFileBytesMax } from '../../shared/adapters/text-files';
import { LIMITS } from '../../shared/limits';
import { dynamoClients, observability, storeFromEnv } from '../runtime';
import { createBankInbound } from './app';

const obs = observability('bank-inbound');
const { doc } = dynamoClients();
// The S3 SDK loads at the first file read, not at every cold start (ADR 022).
const s3 = lazyS3();

// Under the local stack the bank's files are in PAYMENTS_DIR (infra/local/bank.ts); in AWS in the payments bucket.
const dir = process.env.PAYMENTS_DIR;
// Bytes become text in their encoding and within the limit, as in AWS (text-files.ts); a file too large is not read.
const readLocal = async (key: string) => {
  const path = join(dir ?? '', key);
  const max = LIMITS.payments.bankFileBytesMax;
  const { size } = await stat(path);
  if (size > rawBankFileBytesMax(max)) throw new FileRefusedError(`is ${size} bytes; a bank file is at most ${max} bytes as UTF-8`);
  return decodeBankFileWithin(await readFile(path), max);
};
const read = dir ? (_bucket: string, key: string) => readLocal(key) : (bucket: string, key: string) => readInbound(s3, bucket, key);

export const handler = createBankInbound({ ...obs, store: storeFromEnv(doc), read });
