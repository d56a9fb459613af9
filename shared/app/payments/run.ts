/**
 * The payment run (DESIGN.md, "Payment", ADR 010): for a jurisdiction, OPEN batches a crashed run left are filed first,
 * then batches are claimed (the store's one transaction per batch, each payment checked against its pain.001 first) and
 * filed (filing.ts) until nothing is payable or the run's bound is reached. A crash between a claim and its file leaves
 * an OPEN batch whose claims are complete; the next run (or the same one) writes its file from the batch item, byte for
 * byte what it would have been. So there is never a PAYING award whose file cannot be written, never a batch FILED
 * without its file, and never a file with an award that is not PAYING.
 */
import { LIMITS } from '../../limits';
import type { AwardStore, LeftOut, PaymentBatch, Unpayable } from '../../store/store';
import { PAIN001_CHECK } from './batch-file';
import { fileBatch } from './filing';
import type { PaymentFiles } from './ports';

export interface RunResult {
  /** Batches filed by this run (OPEN ones it completed included). */
  readonly batches: readonly PaymentBatch[];
  /** Approved awards left waiting for a confirmed payee account. */
  readonly blocked: number;
  /** Approved awards with a payee whose payment could not be written into a valid file, and why. */
  readonly unpayable: readonly Unpayable[];
  /** Payments left out of the file of their batch: settled before it was written (filing.ts), alarmed. */
  readonly leftOut: readonly LeftOut[];
}

export function paymentBatches(store: AwardStore, files: PaymentFiles) {
  return {
    /**
     * One payment run for a jurisdiction: completes OPEN batches, then claims and files batches until nothing is
     * payable or the run's bound is reached.
     */
    async run(jurisdiction: string, actor: string): Promise<RunResult> {
      const batches: PaymentBatch[] = [];
      const leftOut: LeftOut[] = [];
      const file = async (batch: PaymentBatch) => {
        const filed = await fileBatch(store, files, batch);
        leftOut.push(...filed.leftOut);
        return filed.batch;
      };
      for (const open of await store.batches.openBatches(jurisdiction)) batches.push(await file(open));
      let blocked = 0;
      const unpayable = new Map<string, string>();
      for (let n = 0; n < LIMITS.payments.batchesPerRunMax; n++) {
        const claimed = await store.batches.claim({ jurisdiction, actor, check: PAIN001_CHECK }, new Set(unpayable.keys()));
        blocked = claimed.blocked;
        for (const u of claimed.unpayable) unpayable.set(u.awardId, u.reason);
        if (claimed.batch === null) {
          if (claimed.unpayable.length === 0) break;
          continue; // the next claim skips them, and takes the payable awards after them
        }
        batches.push(await file(claimed.batch));
      }
      return { batches, blocked, unpayable: [...unpayable].map(([awardId, reason]) => ({ awardId, reason })), leftOut };
    },
    getBatch: (batchId: string): Promise<PaymentBatch | null> => store.batches.getBatch(batchId),
    fileOf: (batch: PaymentBatch) => files.get(batch.fileName),
  };
}
