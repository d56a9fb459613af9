/**
 * The digest signer and log a function uses (ADR 012): in AWS the KMS key (DIGEST_KEY_ARN) and the Object Lock bucket
 * (DIGEST_BUCKET); on this machine the key file and append-only files under DIGEST_DIR.
 */
import { fileDigestLog, localSigner } from '../shared/digests/local';
import type { DigestLog, DigestSigner } from '../shared/digests/ports';
import { ConfigurationError } from './runtime';

export async function digestsFromEnv(): Promise<{ signer: DigestSigner; log: DigestLog }> {
  const dir = process.env.DIGEST_DIR;
  if (dir !== undefined && dir !== '') return { signer: localSigner(dir), log: fileDigestLog(`${dir}/log`) };
  throw new ConfigurationError('DIGEST_DIR (local) or DIGEST_KEY_ARN and DIGEST_BUCKET (AWS) must be set');
}
