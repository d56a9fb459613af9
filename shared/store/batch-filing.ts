/**
 * The table's side of filing a batch (ADR 010; the use case is shared/app/payments/filing.ts): which payments of an OPEN
 * batch are no longer PAYING in it, the batch item narrowed to those that still are (its file stays a function of the
 * item), and the batch marked FILED once its file is stored. Each is conditioned on the item as read, so two runs
 * filing the same batch agree.
 */
import assert from 'node:assert/strict';
import type { Status } from '../domain/lifecycle';
import { type PaymentBatch, batchItem, parseBatch } from './batch-items';
import type { StoreCore } from './core';
import { parseAward } from './items';
import { keyOf, keys } from './table';

/** A payment claimed into a batch and left out of its file: an answer settled it before the file was written. */
export interface LeftOut {
  readonly batchId: string;
  readonly awardId: string;
  /** Where the award stood when its batch was filed (null: no such award). */
  readonly status: Status | null;
}

/** The payments of the batch no longer PAYING in it, with where each award stands. */
export async function settledOf(core: StoreCore, batch: PaymentBatch): Promise<LeftOut[]> {
  const awards = await core.getMany(batch.payments.map((p) => keys.award(p.awardId)));
  return batch.payments.flatMap((p) => {
    const item = awards.get(keyOf(keys.award(p.awardId)));
    const award = item ? parseAward(item) : null;
    return award?.status === 'PAYING' && award.paymentId === batch.batchId ? [] : [{ batchId: batch.batchId, awardId: p.awardId, status: award?.status ?? null }];
  });
}

/**
 * Narrows the OPEN batch item to the payments still PAYING in it, keeping the others as `leftOut`; the item as it then
 * stands (another run may have narrowed or filed it first: conditioned on the item being the one read).
 */
export async function narrow(core: StoreCore, batch: PaymentBatch, settled: readonly LeftOut[]): Promise<PaymentBatch> {
  return core.transact<PaymentBatch>('narrowBatch', async () => {
    const item = await core.get(keys.batch(batch.batchId));
    assert.ok(item !== null, `batch ${batch.batchId} exists`);
    const current = parseBatch(item);
    if (current.status !== 'OPEN' || current.totalFen !== batch.totalFen) return { done: current };
    const out = new Set(settled.map((s) => s.awardId));
    const payments = current.payments.filter((p) => !out.has(p.awardId));
    const amountOf = (awardId: string) => current.payments.find((p) => p.awardId === awardId)?.amountFen ?? 0;
    const leftOut = [...current.leftOut, ...settled.map((s) => ({ awardId: s.awardId, amountFen: amountOf(s.awardId), status: s.status }))];
    const narrowed: PaymentBatch = { ...current, payments, count: payments.length, totalFen: payments.reduce((sum, p) => sum + p.amountFen, 0), leftOut };
    // OPEN batches, and only they, carry gsi3pk; the total changes with every narrowing, so it tells the item read.
    return { write: [core.put(batchItem(narrowed), 'attribute_exists(gsi3pk) AND totalFen = :total', { ':total': current.totalFen })], result: narrowed };
  });
}

/** Marks the batch FILED as its item stands (only once: conditioned on OPEN); the batch as filed. */
export async function markFiled(core: StoreCore, batchId: string): Promise<PaymentBatch> {
  return core.transact<PaymentBatch>('fileBatch', async () => {
    const item = await core.get(keys.batch(batchId));
    assert.ok(item !== null, `batch ${batchId} exists`);
    const current = parseBatch(item);
    if (current.status !== 'OPEN') return { done: current };
    const filed = { ...current, status: 'FILED' as const };
    return { write: [core.put(batchItem(filed), 'attribute_exists(gsi3pk) AND totalFen = :total', { ':total': current.totalFen })], result: filed };
  });
}
