/**
 * A payment batch as the table keeps it (payment-batches.ts claims them, shared/app/payments/run.ts runs them): what its file says, with the accounts as
 * confirmed when it was claimed. Apart from the ISO 20022 code, so reading a batch does not load the XML libraries.
 */
import * as z from 'zod';
import { lazy } from '../lazy';
import { type Item, readItem } from './items';
import { keys } from './table';

const accountSchema = lazy(() => z.object({ name: z.string(), accountNumber: z.string(), bankCode: z.string(), bankName: z.string() }));

const batchSchema = lazy(() => z.object({
  batchId: z.string(),
  jurisdiction: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  status: z.enum(['OPEN', 'FILED']),
  // What the file says: its payments, their count and total. None only when every payment claimed into the batch was
  // settled before its file could be written (shared/app/payments/filing.ts): then no file is written at all.
  count: z.number().int().min(0),
  totalFen: z.number().int().min(0),
  fileName: z.string(),
  payments: z.array(z.object({ awardId: z.string(), amountFen: z.number().int().min(1), creditor: accountSchema(), remittance: z.string() })),
  /** Payments claimed into the batch and left out of its file, settled before it was written (review M5). */
  leftOut: z.array(z.object({ awardId: z.string(), amountFen: z.number().int().min(0), status: z.string().nullable() })).default([]),
}).refine((b) => b.count === b.payments.length && b.totalFen === b.payments.reduce((sum, p) => sum + p.amountFen, 0), { error: 'a batch\'s count and total are its payments\'' })
  .refine((b) => b.payments.length > 0 || b.leftOut.length > 0, { error: 'a batch holds payments, or says which it left out' }));

export type PaymentBatch = z.output<ReturnType<typeof batchSchema>>;
export const parseBatch = (item: Item): PaymentBatch => readItem(batchSchema(), item, 'payment batch');

/** The batch as lists show it: no accounts (`GET /payment-batches`, CONTRACT §3). */
export function batchSummary(b: PaymentBatch) {
  const { batchId, jurisdiction, createdAt, createdBy, count, totalFen, status, fileName } = b;
  return { batchId, jurisdiction, createdAt, createdBy, count, totalFen, status, fileName };
}

export function batchItem(batch: PaymentBatch): Item {
  return {
    ...keys.batch(batch.batchId),
    itemType: 'batch',
    gsi1pk: keys.batchesOf(batch.jurisdiction),
    gsi1sk: `${batch.createdAt}#${batch.batchId}`,
    // Present only while OPEN: the batches whose file is still to be written.
    ...(batch.status === 'OPEN' ? { gsi3pk: `OPENBATCH#${batch.jurisdiction}`, gsi3sk: batch.batchId } : {}),
    ...batch,
  };
}
