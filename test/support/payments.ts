/**
 * Paying awards in tests the way the pipeline pays them: a payee proposed and confirmed by two officers, a payment run
 * that claims and files a batch, and the simulated bank's answers reconciled. Also the single-award steps (claim,
 * confirm, return) as the store's own command handler runs them, for the lifecycle matrix.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileDigestLog, signerOf } from '../../shared/adapters/digests/local';
import type { DigestLog, DigestSigner } from '../../shared/app/digests/ports';
import type { Award } from '../../shared/domain/awards';
import type { BankAnswer } from '../../shared/domain/bank';
import { simulateBank } from '../../shared/adapters/iso20022/simulated-bank';
import { OFFICER_INBOUND_PREFIX } from '../../shared/payment-layout';
import { mutate } from '../../shared/store/commands';
import type { PaymentFiles } from '../../shared/app/payments/ports';
import type { AwardStore, PaymentBatch } from '../../shared/store/store';
import { people } from './store';
import { paymentBatches } from '../../shared/app/payments/run';
import { reconciliation } from '../../shared/app/reconciliation/bank-files';

/** Payment files kept in memory. */
export function memoryFiles(): Required<PaymentFiles> & { readonly files: Map<string, string> } {
  const files = new Map<string, string>();
  // Created once, as S3's conditional put and the directory's hard link do; an officer's queued file under its key.
  const once = (key: string, xml: string) => void (files.has(key) || files.set(key, xml));
  return {
    files,
    put: async (name, xml) => once(name, xml),
    get: async (name) => files.get(name) ?? null,
    queueBankFile: async (name, xml) => (once(`${OFFICER_INBOUND_PREFIX}${name}`, xml), `${OFFICER_INBOUND_PREFIX}${name}`),
  };
}

/** Proposes (officer a) and confirms (officer b) an account for the award's recipient; one ending in 0000 is returned by the simulated bank. */
export async function confirmedPayee(store: AwardStore, award: Pick<Award, 'jurisdiction' | 'recipientId'>, accountNumber = '6222020402001234567'): Promise<void> {
  const key = { jurisdiction: award.jurisdiction, recipientId: award.recipientId };
  const proposed = await store.payees.proposePayee(key, people.officer(award.jurisdiction, 'payee-proposer'), { accountName: '收款单位', accountNumber, bankCode: '102131000013', bankName: '中国工商银行' });
  if (!proposed.ok) throw new Error(proposed.message);
  const confirmed = await store.payees.confirmPayee(key, people.officer(award.jurisdiction, 'payee-confirmer'), proposed.value.pending?.proposalId ?? '');
  if (!confirmed.ok) throw new Error(confirmed.message);
}

/**
 * The simulated bank answers a batch's file, booking on the store's day (a test's clock may be days ahead, and no bank
 * books before the batch was made: BOOKED_BEFORE_SENT); both answers are reconciled.
 */
export async function bankAnswers(store: AwardStore, files: PaymentFiles, batch: PaymentBatch): Promise<{ pain002: string; camt054: string }> {
  const xml = await files.get(batch.fileName);
  if (xml === null) throw new Error(`no file for ${batch.batchId}`);
  const answers = await simulateBank(xml, { now: store.clock() });
  for (const answer of [answers.pain002, answers.camt054]) {
    const imported = await reconciliation(store).importBankFile(answer);
    if (!imported.ok) throw new Error(imported.message);
  }
  return answers;
}

/** Pays every payable award of a jurisdiction through batches and the simulated bank; returns the batches. */
export async function payJurisdiction(store: AwardStore, jurisdiction: string, files: PaymentFiles = memoryFiles()): Promise<PaymentBatch[]> {
  const run = await paymentBatches(store, files).run(jurisdiction, 'test-run');
  for (const batch of run.batches) await bankAnswers(store, files, batch);
  return [...run.batches];
}

/** Pays one approved award (and whatever else is payable in its jurisdiction) through the bank. */
export async function payAward(store: AwardStore, awardId: string, accountNumber?: string): Promise<Award> {
  const award = await store.getAward(awardId);
  if (award === null) throw new Error(`no award ${awardId}`);
  await confirmedPayee(store, award, accountNumber);
  await payJurisdiction(store, award.jurisdiction);
  return (await store.getAward(awardId)) as Award;
}

const answer = (outcome: BankAnswer['outcome'], n: string): BankAnswer => ({
  messageId: `TEST-${outcome}-${n}`,
  outcome,
  reasonCode: outcome === 'CONFIRMED' ? null : 'AC04',
  reason: outcome === 'CONFIRMED' ? null : 'closed account',
  at: new Date().toISOString(),
  type: null,
  amountFen: null,
  bookingDate: null,
  accountServicerRef: null,
  importedBy: null,
});

/** One award claimed as a payment run claims it (without a batch item: for the lifecycle matrix only). */
export const claim = (store: AwardStore, awardId: string) =>
  mutate(store.core, awardId, { kind: 'claim-for-payment', batchId: `PB-TEST-${awardId.slice(3, 11)}`, payee: 'test bank ****4567' });
export const confirm = (store: AwardStore, awardId: string, n = awardId) => mutate(store.core, awardId, { kind: 'confirm-payment', answer: answer('CONFIRMED', n) });
export const giveBack = (store: AwardStore, awardId: string, n = awardId) => mutate(store.core, awardId, { kind: 'return-payment', answer: answer('RETURNED', n) });

/** A digest signer with a fixed test key and a log in a fresh temporary directory (ADR 012). */
export function testDigests(): { signer: DigestSigner; log: DigestLog; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'awards-digests-'));
  return { signer: signerOf(TEST_DIGEST_KEY_PEM), log: fileDigestLog(dir), dir };
}

/** An Ed25519 key for tests only. */
export const TEST_DIGEST_KEY_PEM = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJnGAbjFI2rIkfJDMrGbQHSVsm5HnJrvfueVGPzRuSar\n-----END PRIVATE KEY-----\n';
