/**
 * The bank's answers, reconciled in the table (DESIGN.md, "Payment", ADR 010, CONTRACT §6). A pain.002, camt.054 or
 * camt.053 is read and validated against its XSD before it reaches the store (shared/app/reconciliation/bank-files.ts:
 * a file that fails changes nothing); here it is identified by its message id, type and content (bank-messages.ts):
 * the first file under an id claims it, the same file again is a repeat, and another file under that id is refused
 * (409) and kept as an exception. Its entries are then reconciled in bounded steps (reconcile-steps.ts), each ONE
 * transaction with the file's progress, by the rules of reconcile-rules.ts: a confirmation or return that names a
 * PAYING award's payment exactly settles it; anything else becomes an exception for finance, never a silent change.
 * A step is started only while the invocation has time for it; an import cut short is resumed by importing the same
 * file again, and no entry is ever applied twice.
 */
import assert from 'node:assert/strict';
import { fail, type Failure } from '../domain/awards';
import type { BankEntry, BankFile } from '../domain/bank';
import { LIMITS } from '../limits';
import { type BankMessage, type Counts, type MessageIdentity, type StoredMessage, claimMessage, claimOrFind, conflictReason, identityOf, isSameFile, readMessage, releaseQueued, scopeOf } from './bank-messages';
import { parseBatch } from './batch-items';
import { type StoreCore, timeLeftMs } from './core';
import { parseAward } from './items';
import { exceptionIdOf, exceptions, openException, recordExceptions } from './reconcile-exceptions';
import { type ImportScope, factsOf } from './reconcile-rules';
import { knownFrom, runStep } from './reconcile-steps';
import { keyOf, keys } from './table';

export { EXCEPTION_KINDS, type ExceptionKind, type ReconciliationException } from './reconcile-exceptions';
export type { ImportScope } from './reconcile-rules';
export type { BankMessage } from './bank-messages';

export interface ImportSummary extends Counts {
  readonly messageId: string;
  readonly type: BankFile['type'];
  /** True when this very file (id, type and content) was reconciled before: nothing changed now. */
  readonly repeated: boolean;
  /** DONE; RUNNING when the invocation's time ran out first (import the same file again to go on); QUEUED for bank-inbound. */
  readonly status: BankMessage['status'];
  readonly entries: number;
  readonly processed: number;
}

const BANK: ImportScope = { jurisdictions: 'all', importedBy: 'bank' };

const summaryOf = (m: StoredMessage, repeated: boolean): ImportSummary => ({
  messageId: m.messageId, type: m.type, matched: m.matched, returned: m.returned, exceptions: m.exceptions, pending: m.pending, agreed: m.agreed,
  repeated, status: m.status, entries: m.entries, processed: m.processed,
});

/**
 * A refusal of a whole batch (a pain.002 status for its payment information or group, with no transaction lines) is
 * a refusal of each payment in it, spelt out from the batch item with the amount each was sent for. That is safe where
 * a bank line without its amount is not: the line names our own batch by the id we gave that one file (MsgId and
 * PmtInfId are the batch id), the batch item is what the file said and never changes, and a batch refused whole paid
 * none of its payments. The batch id stays on each entry, so an award sent again in a newer batch is untouched
 * (OTHER_BATCH). Bounded: the batches in one BatchGetItem round, each at most LIMITS.payments.batchAwardsMax payments.
 */
async function perPayment(core: StoreCore, entries: readonly BankEntry[]): Promise<BankEntry[]> {
  // Only a status of the payment information or group itself: a transaction line without an EndToEndId, in whatever
  // batch it stands, names no payment, and refuses none (UNKNOWN_END_TO_END_ID; review H2).
  const wholesale = (e: BankEntry) => (e.level === 'payment-information' || e.level === 'group') && e.batchId !== null && e.outcome === 'REJECTED';
  const batchIds = [...new Set(entries.filter(wholesale).map((e) => e.batchId as string))];
  const read = batchIds.length === 0 ? new Map() : await core.getMany(batchIds.map((id) => keys.batch(id)));
  return entries.flatMap((entry) => {
    const item = wholesale(entry) ? read.get(keyOf(keys.batch(entry.batchId as string))) : undefined;
    if (item === undefined) return [entry];
    return parseBatch(item).payments.map((p) => ({ ...entry, endToEndId: p.awardId, amountFen: p.amountFen, amountProblem: null }));
  });
}

/**
 * Another file under a message id already taken: refused, and kept as an exception in each jurisdiction whose awards it
 * names (at most the first page of distinct ids is looked up), so the officers who would have been paid see it.
 */
async function refuse(core: StoreCore, file: BankFile, identity: MessageIdentity, stored: StoredMessage, scope: ImportScope): Promise<Failure> {
  const reason = conflictReason(stored, identity, scope.importedBy);
  const ids = [...new Set(file.entries.flatMap((e) => (e.endToEndId === null ? [] : [e.endToEndId])))].slice(0, LIMITS.store.pageSizeMax);
  const awards = ids.length === 0 ? new Map() : await core.getMany(ids.map((id) => keys.award(id)));
  const named = [...new Set([...awards.values()].map((item) => parseAward(item).jurisdiction))];
  const at = core.clock().toISOString();
  const kept = (named.length === 0 ? [null] : named).map((jurisdiction) => openException({
    exceptionId: exceptionIdOf('conflict', identity.messageId, identity.type, identity.sha256, jurisdiction), kind: 'BANK_MESSAGE_CONFLICT',
    jurisdiction, endToEndId: null, amountFen: null, messageId: identity.messageId, detail: reason,
  }, at));
  await recordExceptions(core, kept);
  return fail('CONFLICT', `${reason}. Kept for finance as ${kept.map((e) => e.exceptionId).join(', ')}`);
}

export type Imported = { ok: true; value: ImportSummary } | Failure;

/** A file and the message record that claims it, the same file: reconciled in steps while the invocation has time. */
interface Claimed {
  readonly identity: MessageIdentity;
  readonly file: BankFile;
  readonly entries: readonly BankEntry[];
  readonly claimed: StoredMessage;
  readonly caller: ImportScope;
}

async function resume(core: StoreCore, c: Claimed): Promise<Imported> {
  const { identity, entries, claimed } = c;
  // Done already: a file without entries, or the same file finished by another import that claimed it first.
  if (claimed.sha256 === null || claimed.status === 'DONE') return { ok: true, value: summaryOf(claimed, claimed.entries > 0) };
  // The same file spelt out the same way: batch items never change, so a resumed import walks the same lines.
  assert.equal(claimed.entries, entries.length, `bank message ${identity.messageId} holds ${claimed.entries} lines; the file gives ${entries.length}`);
  // Every step with the scope recorded when the file was claimed: whoever brings the file again finishes it as theirs.
  const job = { identity, entries, facts: factsOf(c.file.type, c.file.messageId, entries, core.clock()), scope: scopeOf(claimed, c.caller) };
  let known = knownFrom(claimed);
  while (known.message.status !== 'DONE' && timeLeftMs() > LIMITS.payments.bankFileStepReserveMs) known = await runStep(core, job, known);
  return { ok: true, value: summaryOf(known.message, false) };
}

/** Reconciles a file already read: claims its message id (or finds it its own), then steps while time allows. */
async function importRead(core: StoreCore, xml: string, file: BankFile, scope: ImportScope): Promise<Imported> {
  const identity = identityOf(xml, file);
  const seen = await readMessage(core, identity.messageId);
  if (seen !== null && !isSameFile(seen, identity)) return refuse(core, file, identity, seen, scope);
  if (seen?.status === 'DONE') return { ok: true, value: summaryOf(seen, true) };
  const entries = await perPayment(core, file.entries);
  const claimed = seen ?? (await claimMessage(core, identity, entries.length, scope));
  if (!isSameFile(claimed, identity)) return refuse(core, file, identity, claimed, scope);
  return resume(core, { identity, file, entries, claimed, caller: scope });
}

/**
 * An officer's file too large to reconcile while they wait (review H3): its message id claimed QUEUED with the officer's
 * name and jurisdictions, for bank-inbound to reconcile in steps as the officer's import. Nothing is applied here.
 */
async function queueRead(core: StoreCore, xml: string, file: BankFile, scope: ImportScope, keep: KeepQueued): Promise<Imported> {
  const identity = identityOf(xml, file);
  const seen = await readMessage(core, identity.messageId);
  if (seen !== null && !isSameFile(seen, identity)) return refuse(core, file, identity, seen, scope);
  if (seen !== null) {
    // Queued before and not finished: stored again where bank-inbound takes it (created once), so posting again is safe.
    if (seen.status !== 'DONE') await keep.store(seen.messageId);
    return { ok: true, value: summaryOf(seen, seen.status === 'DONE') };
  }
  const entries = await perPayment(core, file.entries);
  const { message: claimed, mine } = await claimOrFind(core, identity, entries.length, scope, 'QUEUED');
  if (!isSameFile(claimed, identity)) return refuse(core, file, identity, claimed, scope);
  if (claimed.status === 'DONE') return { ok: true, value: summaryOf(claimed, false) };
  try {
    await keep.store(claimed.messageId);
  } catch (error) {
    // Not stored: this request's claim is given up, so no record names an officer for a file nobody queued (LOW-3).
    // Should the release fail too (the table unreachable), the caller is told (to log it), and the storage's error is
    // still the one it hears.
    if (mine) await releaseQueued(core, claimed).catch((stuck: unknown) => keep.notReleased(claimed.messageId, stuck));
    throw error;
  }
  return { ok: true, value: summaryOf(claimed, false) };
}

/**
 * Stores an officer's queued file where bank-inbound takes it (POST /bank-files), by the message id it is claimed under;
 * and hears of a claim that could not be given up after the file was not stored (its QUEUED record stays).
 */
export interface KeepQueued {
  readonly store: (messageId: string) => Promise<void>;
  readonly notReleased: (messageId: string, error: unknown) => void;
}

/**
 * A file under the officers' prefix: reconciled only as the import the API queued, the same content under a message id
 * it recorded, with the scope recorded there. Anything else there (no record, other content) is refused unapplied.
 */
async function importQueued(core: StoreCore, xml: string, file: BankFile): Promise<Imported> {
  const identity = identityOf(xml, file);
  const seen = await readMessage(core, identity.messageId);
  if (seen === null || !isSameFile(seen, identity)) {
    return fail('VALIDATION', `${identity.type} ${identity.messageId} (SHA-256 ${identity.sha256.slice(0, 16)}…) is not a file an officer queued with POST /bank-files: `
      + 'a file under the officers\' prefix is reconciled only as the import the API recorded; refused, nothing changed');
  }
  const entries = await perPayment(core, file.entries);
  return resume(core, { identity, file, entries, claimed: seen, caller: { jurisdictions: [], importedBy: seen.importedBy } });
}

export function reconciliation(core: StoreCore) {
  const kept = exceptions(core);
  return {
    /** Reconciles one bank file, as read and validated (`xml` is its text, whose hash identifies it). */
    importFile: (xml: string, file: BankFile, scope: ImportScope = BANK) => importRead(core, xml, file, scope),

    /** An officer's file too large to reconcile while they wait, claimed QUEUED with their scope (POST /bank-files). */
    queueFile: (xml: string, file: BankFile, scope: ImportScope, keep: KeepQueued) => queueRead(core, xml, file, scope, keep),

    /** A file under the officers' prefix (bank-inbound), as read: reconciled as the queued import it must be, or refused. */
    importQueued: (xml: string, file: BankFile) => importQueued(core, xml, file),

    /** A file's progress and counts (GET /bank-files/{messageId}), or null when no file under that id was imported. */
    bankFile: (messageId: string): Promise<StoredMessage | null> => readMessage(core, messageId),

    listExceptions: kept.list,
    resolveException: kept.resolve,
  };
}
