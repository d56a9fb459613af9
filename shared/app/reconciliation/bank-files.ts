/**
 * A bank's answer reconciled (DESIGN.md, "Payment", ADR 010, CONTRACT §6): a pain.002, camt.054 or camt.053 is read and
 * validated against its XSD first (shared/adapters/iso20022/bank-files.ts: a file that fails changes nothing and is
 * answered `{ ok: false }` with the reason), then reconciled in the table in bounded steps (shared/store/reconcile.ts):
 * the bank's own drop as the bank's import, a file under the officers' prefix only as the import an officer queued.
 */
import { readBankFile } from '../../adapters/iso20022/bank-files';
import { fail } from '../../domain/awards';
import type { AwardStore, ImportScope, Imported } from '../../store/store';

export function reconciliation(store: AwardStore) {
  const table = store.reconciliation;
  return {
    ...table,

    /** Reconciles one bank file; `{ ok: false }` with the reason when it is not a valid pain.002, camt.054 or camt.053. */
    async importBankFile(xml: string, scope?: ImportScope): Promise<Imported> {
      const read = await readBankFile(xml);
      if (!read.ok) return fail('VALIDATION', read.reason);
      return table.importFile(xml, read.file, scope);
    },

    /** A file under the officers' prefix (bank-inbound): reconciled as the queued import it must be, or refused. */
    async importQueuedFile(xml: string): Promise<Imported> {
      const read = await readBankFile(xml);
      if (!read.ok) return fail('VALIDATION', read.reason);
      return table.importQueued(xml, read.file);
    },
  };
}
