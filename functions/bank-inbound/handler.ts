/** The Lambda entry of bank-inbound, built once at cold start. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { readInbound } from '../../shared/adapters/files/payment-files';
import { SDK, dynamoClients, observability, storeFromEnv } from '../runtime';
import { createBankInbound } from './app';

const obs = observability('bank-inbound');
const { doc } = dynamoClients();
const s3 = new S3Client(SDK);

// Under the local stack the bank's files are in PAYMENTS_DIR (infra/local/bank.ts); in AWS in the payments bucket.
const dir = process.env.PAYMENTS_DIR;
const read = dir ? (_bucket: string, key: string) => readFile(join(dir, key), 'utf8') : (bucket: string, key: string) => readInbound(s3, bucket, key);

export const handler = createBankInbound({ ...obs, store: storeFromEnv(doc), read });
