/**
 * A batch's file (ADR 010): written from the batch item alone, validated, stored once, and only then the batch marked
 * FILED. Never FILED without its file (review M5): an OPEN batch one of whose payments is no longer PAYING in it is
 * either one whose file was stored before a crash (the bank has it and answered: it is the batch's file, marked FILED as
 * it is) or one whose file the bank never had, a payment of which an answer settled all the same (an officer's import,
 * forged or mistaken). Then the file is written with the payments still PAYING in it, the batch item first narrowed to
 * them (the file stays a function of the item), and the others are reported as left out, for an alarm.
 */
import type { AwardStore, LeftOut, PaymentBatch } from '../../store/store';
import { storeBatchFile } from './batch-file';
import type { PaymentFiles } from './ports';

/** Files an OPEN batch (see above); the batch as filed, and the payments left out of its file (none, as a rule). */
export async function fileBatch(store: AwardStore, files: PaymentFiles, batch: PaymentBatch): Promise<{ batch: PaymentBatch; leftOut: LeftOut[] }> {
  const settled = await store.batches.settledOf(batch);
  if (settled.length === 0) {
    await storeBatchFile(files, batch);
    return { batch: await store.batches.markFiled(batch.batchId), leftOut: [] };
  }
  // Stored before the run that stored it died: the bank has it, and what it answered is about it.
  if ((await files.get(batch.fileName)) !== null) return { batch: await store.batches.markFiled(batch.batchId), leftOut: [] };
  const narrowed = await store.batches.narrow(batch, settled);
  if (narrowed.status === 'OPEN') await storeBatchFile(files, narrowed);
  return { batch: await store.batches.markFiled(batch.batchId), leftOut: settled };
}
