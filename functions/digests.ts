/**
 * The digest signer and log a function uses (ADR 012): in AWS the KMS key (DIGEST_KEY_ARN) and the Object Lock bucket
 * (DIGEST_BUCKET); on this machine the key file and append-only files under DIGEST_DIR.
 */
import { fileDigestLog, localSigner } from '../shared/digests/local';
import type { DigestLog, DigestSigner } from '../shared/digests/ports';
import { ConfigurationError, SDK } from './runtime';

export async function digestsFromEnv(): Promise<{ signer: DigestSigner; log: DigestLog }> {
  const dir = process.env.DIGEST_DIR;
  if (dir !== undefined && dir !== '') return { signer: localSigner(dir), log: fileDigestLog(`${dir}/log`) };
  const keyArn = process.env.DIGEST_KEY_ARN ?? '';
  const bucket = process.env.DIGEST_BUCKET ?? '';
  if (keyArn !== '' && bucket !== '') {
    // Loaded only here, so the local stack and tests never load the KMS client.
    const [{ KMSClient }, { S3Client }, { kmsSigner }, { s3DigestLog }] = await Promise.all([
      import('@aws-sdk/client-kms'),
      import('@aws-sdk/client-s3'),
      import('../shared/digests/kms'),
      import('../shared/digests/s3'),
    ]);
    return { signer: kmsSigner(new KMSClient(SDK), keyArn), log: s3DigestLog(new S3Client(SDK), bucket) };
  }
  throw new ConfigurationError('DIGEST_DIR (local) or DIGEST_KEY_ARN and DIGEST_BUCKET (AWS) must be set');
}
