/**
 * A batch's pain.001 (ADR 010): written from the batch item alone, so a rewrite after a crash is the same file, and
 * checked against its XSD. What the store's claim asks before an award is claimed (its FileCheck), so an award is
 * never PAYING in a batch whose file cannot be written.
 */
import assert from 'node:assert/strict';
import type { Award } from '../../domain/awards';
import { redactAccountNumbers } from '../../domain/payees';
import { redactIdNumbers } from '../../domain/person';
import { chinaDate } from '../../domain/time';
import { type PaymentBatchFile, writePain001 } from '../../adapters/iso20022/pain001';
import { validateXml } from '../../adapters/iso20022/validate';
import { cutText, isXmlText } from '../../adapters/iso20022/xml';
import type { FileCheck, PaymentBatch } from '../../store/store';
import { TREASURY } from '../../treasury';
import type { PaymentFiles } from './ports';

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

/**
 * Policy, clause and reference, cut to 140 characters (code points, never half a pair), in characters XML carries; an
 * identity number in the reference is masked, as in every text that leaves the pipeline (the bank keeps the file).
 */
const remittanceOf = (a: Award) => cutText(Array.from(redactIdNumbers(`${a.policyId} ${a.clause} ${a.reference}`)).filter(isXmlText).join(''), 140);

/**
 * Why one payment (or a whole batch) could not be written into a valid pain.001, or null when it can: a name or
 * reference XML cannot carry, a jurisdiction without a treasury account. Such an award stays APPROVED and is
 * reported, for finance to fix.
 */
async function fileProblem(probe: PaymentBatch): Promise<string | null> {
  let why: string | null;
  try {
    const valid = await validateXml(writePain001(batchFile(probe)), 'pain.001.001.09');
    why = valid.ok ? null : valid.errors.join('; ');
  } catch (error) {
    why = (error as Error).message;
  }
  // The reason is logged and answered: a validator quotes values, never a whole account or identity number.
  return why === null ? null : redactAccountNumbers(redactIdNumbers(why));
}

/** The check a claim makes of each payment and of the whole batch before anything is claimed. */
export const PAIN001_CHECK: FileCheck = { remittance: remittanceOf, problem: fileProblem };

/** Writes, validates and stores the file of a batch that has payments (created once: a second write is a no-op). */
export async function storeBatchFile(files: PaymentFiles, batch: PaymentBatch): Promise<void> {
  if (batch.payments.length === 0) return;
  const xml = writePain001(batchFile(batch));
  const valid = await validateXml(xml, 'pain.001.001.09');
  assert.ok(valid.ok, `the pain.001 of ${batch.batchId} does not validate: ${valid.ok ? '' : valid.errors.join('; ')}`);
  await files.put(batch.fileName, xml);
}
