/** What identifies a bank message (bank-messages.ts): its id, its type and the hash of its content. */
import { createHash } from 'node:crypto';
import type { BankFile, BankFileType } from '../domain/bank';

/** What identifies a message: an id alone can be reused by anyone who writes a file. */
export interface MessageIdentity {
  readonly messageId: string;
  readonly type: BankFileType;
  readonly sha256: string;
  /** The hash of the bytes as they came, before a byte-order mark and CRLF were read away (records before version 5). */
  readonly rawSha256?: string;
  readonly bytes: number;
}

/**
 * A file's identity: its message id and type, and the hash of its text as XML reads it, a leading byte-order mark set
 * aside and every CRLF or CR read as LF (XML 1.0 §2.11), so the same file passed through a Windows transfer is the same
 * file, not "another file under the same message id" (fresh review L1). The hash of its bytes as they came is kept
 * beside it, for records hashed that way before.
 */
export function identityOf(xml: string, file: BankFile): MessageIdentity {
  const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
  const asRead = xml.replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n');
  return { messageId: file.messageId, type: file.type, sha256: sha(asRead), rawSha256: sha(xml), bytes: Buffer.byteLength(xml, 'utf8') };
}
