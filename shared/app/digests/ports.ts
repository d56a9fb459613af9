/**
 * What signing digests needs from the outside (ADR 012): a signer whose key never leaves it (KMS in AWS, a key file
 * under `.data/` locally) and a write-once log of signed digests (S3 with Object Lock in AWS, an append-only file
 * locally). The table holds only where the last digest stopped, which is no evidence of anything.
 */
import type { DigestKey, SignedDigest } from '../../domain/digest-check';

/** The public half of a signer: what verifies its digests. The API holds only this; ledger-digest alone signs. */
export interface DigestPublicKeys {
  /** The id digests name their key by (`keyId`). */
  readonly keyId: string;
  /** The public key(s) that verify this signer's digests. */
  publicKeys(): Promise<DigestKey[]>;
}

export interface DigestSigner extends DigestPublicKeys {
  /** Signs the 32-byte message of a digest (shared/adapters/digests/node-digest.ts). */
  sign(message: Buffer): Promise<Buffer>;
}

export interface DigestPage {
  readonly items: SignedDigest[];
  readonly cursor: string | null;
}

export interface DigestLog {
  /** Writes a digest once; writing the same range again is success (a retried run). */
  append(digest: SignedDigest): Promise<void>;
  /** One jurisdiction's digests in order of their ranges, a page at a time. */
  list(jurisdiction: string, options: { cursor: string | null; limit: number }): Promise<DigestPage>;
  /** The first digest (in order of its range's end) that covers entry `seq`, or null when none does yet. */
  covering(jurisdiction: string, seq: number): Promise<SignedDigest | null>;
  /** Whether a digest ends at entry `seq`: where every run that signed through `seq` left its last digest. */
  endsAt(jurisdiction: string, seq: number): Promise<boolean>;
  /** The last entry any digest signs (0 when none does): where signing really stopped, whatever the table says. */
  lastSigned(jurisdiction: string): Promise<number>;
}
