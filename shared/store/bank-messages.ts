/**
 * A bank message, as reconciliation knows it (CONTRACT §6; ADR 010): its id, its type and the SHA-256 of its content.
 * The first file to arrive under an id claims it (a conditional write, before any entry is applied), and the record
 * then carries the file's progress: entries reconciled so far, what they came to, RUNNING until the last step marks it
 * DONE. The same id, type and content again is a repeat (nothing changes) or, while RUNNING, a resumption; the same id
 * with other content or another type is never taken for a repeat: it is refused, and kept as an exception for finance.
 */
import * as z from 'zod';
import type { MessageIdentity } from './message-identity';

export { type MessageIdentity, identityOf } from './message-identity';
import { lazy } from '../lazy';
import type { StoreCore } from './core';
import { type Item, readItem } from './items';
import type { ImportScope } from './reconcile-rules';
import { keys } from './table';

export interface Counts {
  readonly matched: number;
  readonly returned: number;
  readonly exceptions: number;
  readonly pending: number;
  /** Entries that agree with what was applied before (a statement repeating a notification's booking, a return's second word). */
  readonly agreed: number;
}

export const NO_COUNTS: Counts = { matched: 0, returned: 0, exceptions: 0, pending: 0, agreed: 0 };

export const addCounts = (a: Counts, b: Counts): Counts => ({
  matched: a.matched + b.matched,
  returned: a.returned + b.returned,
  exceptions: a.exceptions + b.exceptions,
  pending: a.pending + b.pending,
  agreed: a.agreed + b.agreed,
});

export interface BankMessage extends MessageIdentity, Counts {
  /** QUEUED: an officer's file the API stored for bank-inbound (review H3), not begun; RUNNING once a step is done. */
  readonly status: 'QUEUED' | 'RUNNING' | 'DONE';
  /** Entries of the file (a refusal of a whole batch counted as its payments). */
  readonly entries: number;
  /** Entries reconciled so far, in file order: the next step starts here. */
  readonly processed: number;
  readonly importedBy: string;
  /**
   * Whose awards the file may settle: 'all' for the bank's own drop, the officer's jurisdictions for an officer's file.
   * Every step of the file uses it, whoever resumes it (review H3). Absent on records written before version 4.
   */
  readonly jurisdictions?: 'all' | readonly string[];
  readonly importedAt: string;
  readonly updatedAt: string;
  /** Each step writes the record conditioned on the version it read: two imports of one file never both count a step. */
  readonly version: number;
}

const count = () => z.number().int().min(0);
const messageSchema = lazy(() => z.object({
  messageId: z.string(),
  type: z.enum(['pain.002.001.11', 'camt.054.001.08', 'camt.053.001.08']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: count(),
  status: z.enum(['QUEUED', 'RUNNING', 'DONE']),
  entries: count(),
  processed: count(),
  matched: count(), returned: count(), exceptions: count(), pending: count(), agreed: count(),
  importedBy: z.string(),
  jurisdictions: z.union([z.literal('all'), z.array(z.string())]).optional(),
  importedAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().min(1),
}));

/**
 * A record written before version 3 held only `{ summary, importedBy, importedAt }`, written once the file was done: it
 * is read as DONE, with no content hash to compare (an id and type seen then is still a repeat).
 */
const legacySchema = lazy(() => z.object({
  summary: z.object({ messageId: z.string(), type: z.enum(['pain.002.001.11', 'camt.054.001.08', 'camt.053.001.08']), matched: count(), returned: count(), exceptions: count(), pending: count() }),
  importedBy: z.string(),
  importedAt: z.string(),
}));

export type StoredMessage = BankMessage | (Omit<BankMessage, 'sha256'> & { readonly sha256: null });

export function parseMessage(item: Item): StoredMessage {
  if (item.sha256 !== undefined) return readItem(messageSchema(), item, 'bank message');
  const { summary, importedBy, importedAt } = readItem(legacySchema(), item, 'bank message');
  const entries = summary.matched + summary.returned + summary.exceptions + summary.pending;
  return { ...summary, agreed: 0, sha256: null, bytes: 0, status: 'DONE', entries, processed: entries, importedBy, importedAt, updatedAt: importedAt, version: 1 };
}

export function messageItem(m: BankMessage): Item {
  return { ...keys.bankMessage(m.messageId), itemType: 'bank-message', ...m };
}

export const readMessage = async (core: StoreCore, messageId: string): Promise<StoredMessage | null> => {
  const item = await core.get(keys.bankMessage(messageId));
  return item === null ? null : parseMessage(item);
};

/** Whether a stored message is the file now read: the same type and content (a legacy record: the same type). */
export function isSameFile(stored: StoredMessage, identity: MessageIdentity): boolean {
  return stored.type === identity.type && (stored.sha256 === null || stored.sha256 === identity.sha256 || stored.sha256 === identity.rawSha256);
}

/**
 * Claims the message id for this file, RUNNING from entry 0 (QUEUED when an officer's file waits for bank-inbound; a
 * file without entries is DONE at once), with the scope every step of it will use. When another import claimed it
 * first, whatever it claimed is returned, for the caller to compare.
 */
export async function claimMessage(core: StoreCore, identity: MessageIdentity, entries: number, scope: ImportScope, status: 'RUNNING' | 'QUEUED' = 'RUNNING'): Promise<StoredMessage> {
  return (await claimOrFind(core, identity, entries, scope, status)).message;
}

/** claimMessage, saying whether this call claimed it (`mine`) or found another import's claim. */
export async function claimOrFind(core: StoreCore, identity: MessageIdentity, entries: number, scope: ImportScope, status: 'RUNNING' | 'QUEUED'): Promise<{ message: StoredMessage; mine: boolean }> {
  return core.transact<{ message: StoredMessage; mine: boolean }>('claimBankMessage', async () => {
    const found = await readMessage(core, identity.messageId);
    if (found !== null) return { done: { message: found, mine: false } };
    const at = core.clock().toISOString();
    const recorded = { importedBy: scope.importedBy, jurisdictions: scope.jurisdictions };
    const claimed: BankMessage = { ...identity, ...NO_COUNTS, status: entries === 0 ? 'DONE' : status, entries, processed: 0, ...recorded, importedAt: at, updatedAt: at, version: 1 };
    return { write: [core.put(messageItem(claimed), 'attribute_not_exists(pk)')], result: { message: claimed, mine: true } };
  });
}

/**
 * Gives up a QUEUED claim this request made when its file could not be stored (review 2026-12-07-b, LOW-3): only while
 * it is still as claimed (QUEUED, nothing processed, version 1), so a file bank-inbound has begun is never forgotten.
 */
export async function releaseQueued(core: StoreCore, claimed: StoredMessage): Promise<void> {
  const key = keys.bankMessage(claimed.messageId);
  const condition = '#s = :queued AND #p = :none AND #v = :first AND importedBy = :by AND importedAt = :at';
  const names = { '#s': 'status', '#p': 'processed', '#v': 'version' };
  const values = { ':queued': 'QUEUED', ':none': 0, ':first': 1, ':by': claimed.importedBy, ':at': claimed.importedAt };
  const expression = { ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
  await core.write([{ Delete: { TableName: core.table, Key: key, ...expression } }]);
}

/**
 * The scope a file is reconciled with: the one recorded when it was claimed, whoever resumes it (review H3: an officer's
 * file finished by bank-inbound is still the officer's). A record before version 4 kept none: the caller's, as then.
 */
export function scopeOf(message: StoredMessage, caller: ImportScope): ImportScope {
  return message.jurisdictions === undefined ? caller : { jurisdictions: message.jurisdictions, importedBy: message.importedBy };
}

/** Why a file cannot be the message its id names: the words of the 409 and of the exception finance sees. */
export function conflictReason(stored: StoredMessage, identity: MessageIdentity, importedBy: string): string {
  const hash = (sha: string | null) => (sha === null ? 'not recorded' : `${sha.slice(0, 16)}…`);
  return `${identity.type} ${identity.messageId} (SHA-256 ${hash(identity.sha256)}, ${identity.bytes} bytes, brought by ${importedBy}) is another file `
    + `than the ${stored.type} ${stored.messageId} ${stored.importedBy} imported at ${stored.importedAt} (SHA-256 ${hash(stored.sha256)}): `
    + 'refused and nothing changed; the first file keeps the message id. Compare both with the bank, and have it send the genuine one under a new message id';
}
