/**
 * The digests as the API function holds them (functions/api/deps.ts): never the signer, only its public half; the log;
 * and "sign now", which runs ledger-digest, whose role alone may sign (ADR 012).
 */
import type { DigestLog, DigestPublicKeys } from './ports';
import type { DigestRun } from './run';

/** What the API holds of the digests: the signer's public half, the write-once log, and a way to have them signed. */
export interface ApiDigests {
  /** The public keys that verify the digests (the key id a digest names is the signer's, in ledger-digest). */
  readonly signer: Pick<DigestPublicKeys, 'publicKeys'>;
  readonly log: DigestLog;
  /** Runs ledger-digest now and answers its runs; without it, POST /ledger/digests answers 503. */
  readonly signNow?: () => Promise<readonly DigestRun[]>;
  /** How often ledger-digest runs, in seconds (default: this machine's): verifiers allow unsigned entries two periods. */
  readonly periodSeconds?: number;
}
