/**
 * Payment batches (DESIGN.md, "Payment", ADR 010). A payment run claims a jurisdiction's approved awards whose
 * recipients have a confirmed payee account into a batch, in ONE transaction: every award PAYING with its ledger entry
 * (reserved to in transit), the budgets, the head, and the batch item holding what its file will say (the accounts as
 * confirmed at that moment). Only then is the pain.001 written, validated against its XSD, stored, and the batch marked
 * FILED. A crash between the two leaves an OPEN batch whose claims are complete; the next run (or the same one) writes
 * its file from the batch item, byte for byte what it would have been. So there is never a PAYING award whose file
 * cannot be written, and never a file with an award that is not PAYING.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Award } from '../domain/awards';
import { claimForPayment } from '../domain/payments';
import { maskAccountNumber } from '../domain/payees';
import { chinaDate } from '../domain/time';
import { type Account, type PaymentBatchFile, writePain001 } from '../iso20022/pain001';
import { validateXml } from '../iso20022/validate';
import { lazy } from '../lazy';
import { LIMITS } from '../limits';
import { TREASURY } from '../treasury';
import { ChangeSet } from './change-set';
import { type StoreCore, keyOf } from './core';
import { type Item, emptyBudget, parseAward, parseBudget, readItem } from './items';
import { payees } from './payees';
import { listAwards } from './queries';
import { INDEX, keys } from './table';

/** Where payment files are kept: S3 in AWS, `.data/payments/` locally (functions/payment-files.ts). */
export interface PaymentFiles {
  put(name: string, xml: string): Promise<void>;
  get(name: string): Promise<string | null>;
}

const accountSchema = z.object({ name: z.string(), accountNumber: z.string(), bankCode: z.string(), bankName: z.string() });

const batchSchema = lazy(() => z.object({
  batchId: z.string(),
  jurisdiction: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  status: z.enum(['OPEN', 'FILED']),
  count: z.number().int().min(1),
  totalFen: z.number().int().min(1),
  fileName: z.string(),
  payments: z.array(z.object({ awardId: z.string(), amountFen: z.number().int().min(1), creditor: accountSchema, remittance: z.string() })).min(1),
}));

export type PaymentBatch = z.output<ReturnType<typeof batchSchema>>;
export const parseBatch = (item: Item): PaymentBatch => readItem(batchSchema(), item, 'payment batch');

/** The batch as lists show it: no accounts (`GET /payment-batches`, CONTRACT §3). */
export function batchSummary(b: PaymentBatch) {
  return { batchId: b.batchId, jurisdiction: b.jurisdiction, createdAt: b.createdAt, createdBy: b.createdBy, count: b.count, totalFen: b.totalFen, status: b.status, fileName: b.fileName };
}

function batchItem(batch: PaymentBatch): Item {
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

function newBatchId(jurisdiction: string, now: Date): string {
  return `PB${chinaDate(now).replaceAll('-', '')}${jurisdiction}${randomBytes(4).toString('hex').toUpperCase()}`;
}

const remittanceOf = (a: Award) => `${a.policyId} ${a.clause} ${a.reference}`.slice(0, 140);

export interface RunResult {
  /** Batches filed by this run (OPEN ones it completed included). */
  readonly batches: readonly PaymentBatch[];
  /** Approved awards left waiting for a confirmed payee account. */
  readonly blocked: number;
}

export function paymentBatches(core: StoreCore, files: PaymentFiles) {
  const payeeStore = payees(core);

  /** Writes, validates and stores a batch's file, then marks it FILED (only once: conditioned on OPEN). */
  async function file(batch: PaymentBatch): Promise<PaymentBatch> {
    const xml = writePain001(batchFile(batch));
    const valid = await validateXml(xml, 'pain.001.001.09');
    assert.ok(valid.ok, `the pain.001 of ${batch.batchId} does not validate: ${valid.ok ? '' : valid.errors.join('; ')}`);
    await files.put(batch.fileName, xml);
    const filed = { ...batch, status: 'FILED' as const };
    await core.transact('fileBatch', async () => {
      const current = await core.get(keys.batch(batch.batchId));
      if (current === null || parseBatch(current).status !== 'OPEN') return { done: undefined };
      // OPEN batches, and only they, carry gsi3pk: filed once, whoever gets there first.
      return { write: [core.put(batchItem(filed), 'attribute_exists(gsi3pk)')], result: undefined };
    });
    return filed;
  }

  async function openBatches(jurisdiction: string): Promise<PaymentBatch[]> {
    const out = await core.client.send(new QueryCommand({
      TableName: core.table,
      IndexName: INDEX.byReference,
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': `OPENBATCH#${jurisdiction}` },
      Limit: LIMITS.payments.batchesPerRunMax,
    }));
    const found = await core.getMany(((out.Items ?? []) as Item[]).map((i) => keys.batch(String(i.batchId))));
    return [...found.values()].map(parseBatch).filter((b) => b.status === 'OPEN');
  }

  /** The approved awards of a jurisdiction that have a confirmed payee, in the order they were recorded. */
  async function payable(jurisdiction: string): Promise<{ awards: Array<{ award: Award; creditor: Account }>; blocked: number }> {
    const awards: Array<{ award: Award; creditor: Account }> = [];
    let blocked = 0;
    let cursor: string | null = null;
    for (let round = 0; round < LIMITS.store.filteredRoundsMax && awards.length < LIMITS.payments.batchAwardsMax; round++) {
      const page = await listAwards(core, { jurisdictions: [jurisdiction], status: 'APPROVED', limit: LIMITS.store.pageSizeMax, cursor });
      const accounts = await payeeStore.getPayees(jurisdiction, page.items.map((a) => a.recipientId));
      for (const award of page.items) {
        const confirmed = accounts.get(award.recipientId)?.confirmed ?? null;
        if (confirmed === null) blocked += 1;
        else if (awards.length < LIMITS.payments.batchAwardsMax) {
          awards.push({ award, creditor: { name: confirmed.accountName, accountNumber: confirmed.accountNumber, bankCode: confirmed.bankCode, bankName: confirmed.bankName } });
        }
      }
      cursor = page.cursor;
      if (cursor === null) break;
    }
    return { awards, blocked };
  }

  /** Claims up to one batch of payable awards in one transaction; null when none is payable. */
  async function claim(jurisdiction: string, actor: string): Promise<{ batch: PaymentBatch | null; blocked: number }> {
    let blocked = 0;
    const batch = await core.transact<PaymentBatch | null>('claimBatch', async () => {
      const found = await payable(jurisdiction);
      blocked = found.blocked;
      if (found.awards.length === 0) return { done: null };
      const now = core.clock();
      const batchId = newBatchId(jurisdiction, now);
      // Read again, strongly consistent, with the budgets and the head the transaction is conditioned on.
      const ids = found.awards.map((f) => f.award.awardId);
      const years = [...new Set(found.awards.map((f) => f.award.fiscalYear))];
      const read = await core.getMany([...ids.map((id) => keys.award(id)), ...years.map((y) => keys.budget(jurisdiction, y))]);
      const heads = await core.readHeads([jurisdiction]);
      const set = new ChangeSet(core.table);
      for (const y of years) {
        const item = read.get(keyOf(keys.budget(jurisdiction, y)));
        set.trackBudget(item ? parseBudget(item) : emptyBudget(jurisdiction, y));
      }
      const payments: PaymentBatch['payments'] = [];
      for (const { award: listed, creditor } of found.awards) {
        const item = read.get(keyOf(keys.award(listed.awardId)));
        const award = item ? parseAward(item) : null;
        if (award?.status !== 'APPROVED' || award.amountFen === null) continue;
        const decided = claimForPayment(award, { batchId, payee: `${creditor.bankName} ${maskAccountNumber(creditor.accountNumber)}` }, { now });
        if (!decided.ok) continue;
        set.add(decided.change, award);
        payments.push({ awardId: award.awardId, amountFen: award.amountFen, creditor, remittance: remittanceOf(award) });
      }
      if (payments.length === 0) return { done: null };
      const totalFen = payments.reduce((sum, p) => sum + p.amountFen, 0);
      assert.ok(Number.isSafeInteger(totalFen), 'a batch total is a safe integer of fen');
      const batch: PaymentBatch = {
        batchId, jurisdiction, createdAt: now.toISOString(), createdBy: actor, status: 'OPEN', count: payments.length, totalFen, fileName: `${batchId}.pain.001.xml`, payments,
      };
      set.put(batchItem(batch), 'attribute_not_exists(pk)');
      const { write } = await core.build(set, now, heads);
      return { write, result: batch };
    });
    return { batch, blocked };
  }

  return {
    /**
     * One payment run for a jurisdiction: completes OPEN batches, then claims and files batches until nothing is
     * payable or the run's bound is reached.
     */
    async run(jurisdiction: string, actor: string): Promise<RunResult> {
      const batches: PaymentBatch[] = [];
      for (const open of await openBatches(jurisdiction)) batches.push(await file(open));
      let blocked = 0;
      for (let n = 0; n < LIMITS.payments.batchesPerRunMax; n++) {
        const claimed = await claim(jurisdiction, actor);
        blocked = claimed.blocked;
        if (claimed.batch === null) break;
        batches.push(await file(claimed.batch));
      }
      return { batches, blocked };
    },
    getBatch: async (batchId: string): Promise<PaymentBatch | null> => {
      const item = await core.get(keys.batch(batchId));
      return item === null ? null : parseBatch(item);
    },
    fileOf: (batch: PaymentBatch) => files.get(batch.fileName),
  };
}
