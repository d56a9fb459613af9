/**
 * A batch's file (ADR 010): written from the batch item alone, validated, stored once, and only then the batch marked
 * FILED. Never FILED without its file (review M5): an OPEN batch one of whose payments is no longer PAYING in it is
 * either one whose file was stored before a crash (the bank has it and answered: it is the batch's file, marked FILED as
 * it is) or one whose file the bank never had, a payment of which an answer settled all the same (an officer's import,
 * forged or mistaken). Then the file is written with the payments still PAYING in it, the batch item first narrowed to
 * them (the file stays a function of the item), and the others are reported as left out, for an alarm.
 */
import assert from 'node:assert/strict';
import type { Status } from '../domain/lifecycle';
import { chinaDate } from '../domain/time';
import { type PaymentBatchFile, writePain001 } from '../adapters/iso20022/pain001';
import { validateXml } from '../adapters/iso20022/validate';
import { TREASURY } from '../treasury';
import { type PaymentBatch, batchItem, parseBatch } from './batch-items';
import { type StoreCore } from './core';
import { parseAward } from './items';
import { keyOf, keys } from './table';

/** Where batch files are stored and read (payment-batches.ts PaymentFiles). */
interface BatchFiles {
  put(name: string, xml: string): Promise<void>;
  get(name: string): Promise<string | null>;
}

/** A payment claimed into a batch and left out of its file: an answer settled it before the file was written. */
export interface LeftOut {
  readonly batchId: string;
  readonly awardId: string;
  /** Where the award stood when its batch was filed (null: no such award). */
  readonly status: Status | null;
}

/** The pain.001 of a batch, from the batch item alone (deterministic: a rewrite after a crash is the same file). */
export function batchFile(batch: PaymentBatch): PaymentBatchFile {
  const treasury = TREASURY[batch.jurisdiction];
  assert.ok(treasury, `no treasury account is configured for ${batch.jurisdiction} (shared/treasury.ts)`);
  return {
    messageId: batch.batchId,
    paymentInfoId: batch.batchId,
    createdAt: new Date(batch.createdAt),
    requestedExecutionDate: chinaDate(new Date(batch.createdAt)),
    initiatingParty: treasury.initiatingParty,
    debtor: treasury.account,
    payments: batch.payments.map((p) => ({ endToEndId: p.awardId, amountFen: p.amountFen, creditor: p.creditor, remittance: p.remittance })),
  };
}

/** Writes, validates and stores the file of a batch that has payments (created once: a second write is a no-op). */
async function store(files: BatchFiles, batch: PaymentBatch): Promise<void> {
  if (batch.payments.length === 0) return;
  const xml = writePain001(batchFile(batch));
  const valid = await validateXml(xml, 'pain.001.001.09');
  assert.ok(valid.ok, `the pain.001 of ${batch.batchId} does not validate: ${valid.ok ? '' : valid.errors.join('; ')}`);
  await files.put(batch.fileName, xml);
}

/** The payments of the batch no longer PAYING in it, with where each award stands. */
async function settledOf(core: StoreCore, batch: PaymentBatch): Promise<LeftOut[]> {
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
async function narrow(core: StoreCore, batch: PaymentBatch, settled: readonly LeftOut[]): Promise<PaymentBatch> {
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
async function markFiled(core: StoreCore, batchId: string): Promise<PaymentBatch> {
  return core.transact<PaymentBatch>('fileBatch', async () => {
    const item = await core.get(keys.batch(batchId));
    assert.ok(item !== null, `batch ${batchId} exists`);
    const current = parseBatch(item);
    if (current.status !== 'OPEN') return { done: current };
    const filed = { ...current, status: 'FILED' as const };
    return { write: [core.put(batchItem(filed), 'attribute_exists(gsi3pk) AND totalFen = :total', { ':total': current.totalFen })], result: filed };
  });
}

/** Files an OPEN batch (see above); the batch as filed, and the payments left out of its file (none, as a rule). */
export async function fileBatch(core: StoreCore, files: BatchFiles, batch: PaymentBatch): Promise<{ batch: PaymentBatch; leftOut: LeftOut[] }> {
  const settled = await settledOf(core, batch);
  if (settled.length === 0) {
    await store(files, batch);
    return { batch: await markFiled(core, batch.batchId), leftOut: [] };
  }
  // Stored before the run that stored it died: the bank has it, and what it answered is about it.
  if ((await files.get(batch.fileName)) !== null) return { batch: await markFiled(core, batch.batchId), leftOut: [] };
  const narrowed = await narrow(core, batch, settled);
  if (narrowed.status === 'OPEN') await store(files, narrowed);
  return { batch: await markFiled(core, batch.batchId), leftOut: settled };
}
