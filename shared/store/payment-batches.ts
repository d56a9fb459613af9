/**
 * Payment batches in the table (DESIGN.md, "Payment", ADR 010; the payment run is shared/app/payments/run.ts). A claim
 * takes a jurisdiction's approved awards whose recipients have a confirmed payee account into a batch, in ONE
 * transaction: every award PAYING with its ledger entry (reserved to in transit), the budgets, the head, and the batch
 * item holding what its file will say (the accounts as confirmed at that moment). Before an award is claimed its payment
 * is checked against the file it will be written into (the caller's FileCheck: pain.001 and its XSD), so there is never
 * a PAYING award whose file cannot be written. The batch is OPEN until its file is stored (batch-filing.ts).
 */
import { assertDraft } from '../domain/ledger';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Award } from '../domain/awards';
import { batchIdOf, claimForPayment } from '../domain/payments';
import { maskAccountNumber, redactAccountNumbers } from '../domain/payees';
import { redactIdNumbers } from '../domain/person';
import { chinaDate } from '../domain/time';
import type { Account } from '../domain/bank';
import { LIMITS } from '../limits';
import { ChangeSet, type WriteOp } from './change-set';
import type { StoreCore } from './core';
import { type PaymentBatch, batchItem, parseBatch } from './batch-items';
import { markFiled, narrow, settledOf } from './batch-filing';
import { type Item, emptyBudget, parseAward, parseBudget } from './items';
import { payees } from './payees';
import { capKeyOf, parseCap, parseCreditList } from './controls';
import { listAwards } from './queries';
import { INDEX, keyOf, keys } from './table';

export { type PaymentBatch, batchSummary, parseBatch } from './batch-items';
export type { LeftOut } from './batch-filing';

/**
 * What a claim asks of the file its payments will be written into (shared/app/payments/batch-file.ts answers: pain.001
 * and its XSD): each award's remittance text, and why a batch could not be written as a valid file (null when it can).
 */
export interface FileCheck {
  remittance(award: Award): string;
  problem(batch: PaymentBatch): Promise<string | null>;
}

/** An approved award the run could not pay, and why (a payment its file cannot carry, a hold). */
export interface Unpayable {
  readonly awardId: string;
  readonly reason: string;
}

function newBatchId(jurisdiction: string, now: Date): string {
  return batchIdOf(jurisdiction, chinaDate(now), randomBytes(4).toString('hex'));
}

/** The batches of a jurisdiction claimed but not yet filed (a run crashed between the two). */
async function openBatches(core: StoreCore, jurisdiction: string): Promise<PaymentBatch[]> {
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

/** An approved award with the account it is paid to, and when that account was confirmed (what the claim checks). */
type Payable = { readonly award: Award; readonly creditor: Account; readonly confirmedAt: string };

/** The approved awards of a jurisdiction that have a confirmed payee, in the order they were recorded (bounded). */
async function payable(core: StoreCore, jurisdiction: string): Promise<{ awards: Payable[]; blocked: number }> {
  const awards: Payable[] = [];
  let blocked = 0;
  let cursor: string | null = null;
  for (let round = 0; round < LIMITS.store.filteredRoundsMax && awards.length < LIMITS.payments.batchAwardsMax; round++) {
    const page = await listAwards(core, { jurisdictions: [jurisdiction], status: 'APPROVED', limit: LIMITS.store.pageSizeMax, cursor });
    const accounts = await payees(core).getPayees(jurisdiction, page.items.map((a) => a.recipientId));
    for (const award of page.items) {
      const payee = accounts.get(award.recipientId);
      const c = payee?.confirmed ?? null;
      // A retried award the bank's confirmation of its earlier attempt disputes waits for an officer (re-attack M1).
      if (payee === undefined || c === null || award.disputed !== null) blocked += 1;
      else if (awards.length < LIMITS.payments.batchAwardsMax) {
        const creditor = { name: c.accountName, accountNumber: c.accountNumber, bankCode: c.bankCode, bankName: c.bankName };
        awards.push({ award, creditor, confirmedAt: c.confirmedAt });
      }
    }
    cursor = page.cursor;
    if (cursor === null) break;
  }
  return { awards, blocked };
}

/** The payee's confirmed account is still the one read: the same confirmation, the same four fields. */
const CONFIRMED_AS_READ = 'confirmed.confirmedAt = :at AND confirmed.accountName = :name AND confirmed.accountNumber = :number AND confirmed.bankCode = :code AND confirmed.bankName = :bank';

/**
 * Whether a claim of `awards` awards (paid or held), of `recipients` recipients, over `years` budgets fits one
 * transaction: each award and its ledger entry; per recipient a condition on its payee, one on its credit list and its
 * cap total (held if listed since its approval: controls.ts); each budget, the head and the batch item.
 */
function fitsOneTransaction(awards: number, recipients: number, years: number): boolean {
  return 2 * awards + 3 * recipients + years + 2 <= LIMITS.store.transactItemsMax;
}

/** Every award of `found` still APPROVED, claimed into one change set with the batch that lists them; null when none is. */
type Claim = { write: WriteOp[]; result: PaymentBatch | null };

/** The annual-cap totals the claim reads and is conditioned on, by year and recipient (controls.ts). */
function capsOf(core: StoreCore, jurisdiction: string, found: readonly Payable[]) {
  return new Map(found.flatMap((f) => {
    const key = capKeyOf(core.controls, jurisdiction, f.award.fiscalYear, f.award.recipientId);
    return key === null ? [] : [[`${f.award.fiscalYear}#${f.award.recipientId}`, { key, fiscalYear: f.award.fiscalYear, recipientId: f.award.recipientId }] as const];
  }));
}

export type ClaimInput = { readonly jurisdiction: string; readonly actor: string; readonly check: FileCheck };

async function planClaim(core: StoreCore, input: ClaimInput, found: readonly Payable[], unpayable: Unpayable[]): Promise<Claim | null> {
  const { jurisdiction, actor, check } = input;
  const now = core.clock();
  const batchId = newBatchId(jurisdiction, now);
  // Read again, strongly consistent, with the budgets and the head the transaction is conditioned on.
  const years = [...new Set(found.map((f) => f.award.fiscalYear))];
  const recipients = [...new Set(found.map((f) => f.award.recipientId))];
  const wanted = [...found.map((f) => keys.award(f.award.awardId)), ...years.map((y) => keys.budget(jurisdiction, y))];
  const caps = capsOf(core, jurisdiction, found);
  wanted.push(...recipients.map((r) => keys.creditList(r)), ...[...caps.values()].map((c) => c.key));
  const read = await core.getMany(wanted);
  const heads = await core.readHeads([jurisdiction]);
  const set = new ChangeSet(core.table);
  for (const y of years) {
    const item = read.get(keyOf(keys.budget(jurisdiction, y)));
    set.trackBudget(item ? parseBudget(item) : emptyBudget(jurisdiction, y));
  }
  // A recipient listed between approval and payment is held, never paid (CONTRACT §6): the claim reads the list with
  // the awards and is conditioned on it. A hold gives the award's reservation back, and so its cap total.
  for (const r of recipients) set.trackRecipient(parseCreditList(r, read.get(keyOf(keys.creditList(r))) ?? null), null);
  for (const c of caps.values()) {
    const credit = parseCreditList(c.recipientId, read.get(keyOf(keys.creditList(c.recipientId))) ?? null);
    set.trackRecipient(credit, parseCap(core.controls, jurisdiction, c.fiscalYear, c.recipientId, read.get(keyOf(c.key)) ?? null));
  }
  const payments: PaymentBatch['payments'] = [];
  const base = { batchId, jurisdiction, createdAt: now.toISOString(), createdBy: actor, status: 'OPEN' as const, fileName: `${batchId}.pain.001.xml`, leftOut: [] };
  // The confirmed account each payment goes to is a condition of the transaction: an account confirmed in between
  // makes the claim plan again from the payee as it is, so nobody is paid to an account that is no longer the
  // confirmed one (issue 19, finding 13). The condition is on the confirmed account itself, not the payee's version:
  // a new proposal leaves the confirmed account in use, so proposals (many, even) never hold a payment run back.
  const payeesChecked = new Map<string, Payable>();
  for (const payable of found) {
    const { award: listed, creditor } = payable;
    const item = read.get(keyOf(keys.award(listed.awardId)));
    const award = item ? parseAward(item) : null;
    if (award?.status !== 'APPROVED' || award.amountFen === null) continue;
    const recipientsSoFar = new Set([...set.changes.map((c) => c.change.award.recipientId), award.recipientId]).size;
    if (!fitsOneTransaction(set.changes.length + 1, recipientsSoFar, years.length)) break;
    const claimed = await claimOne(award, creditor, { ...base, now }, check);
    if ('why' in claimed) unpayable.push({ awardId: award.awardId, reason: claimed.why });
    else if (claimed.decided.ok) {
      const written = set.add(claimed.decided.change, award);
      if (written.award.status === 'PAYING') {
        payments.push(claimed.payment);
        payeesChecked.set(award.recipientId, payable);
      } else unpayable.push({ awardId: award.awardId, reason: `held (${written.award.hold?.reason ?? written.award.status}): ${written.award.hold?.note ?? ''}` });
    }
  }
  for (const [recipientId, p] of payeesChecked) {
    const values = { ':at': p.confirmedAt, ':name': p.creditor.name, ':number': p.creditor.accountNumber, ':code': p.creditor.bankCode, ':bank': p.creditor.bankName };
    set.check(keys.payee(jurisdiction, recipientId), CONFIRMED_AS_READ, values);
  }
  // Awards held instead of paid are written even when nothing is paid: the hold and its released reservation.
  if (payments.length === 0) {
    if (set.changes.length === 0) return null;
    const { write } = await core.build(set, now, heads);
    return { write, result: null };
  }
  const totalFen = payments.reduce((sum, p) => sum + p.amountFen, 0);
  assert.ok(Number.isSafeInteger(totalFen), 'a batch total is a safe integer of fen');
  const batch: PaymentBatch = { ...base, count: payments.length, totalFen, payments };
  // The whole file too, before anything is claimed: what is claimed can always be filed.
  const whole = await check.problem(batch);
  assert.equal(whole, null, `a batch of fileable payments must be fileable: ${whole ?? ''}`);
  set.put(batchItem(batch), 'attribute_not_exists(pk)');
  const { write } = await core.build(set, now, heads);
  return { write, result: batch };
}

/**
 * One award's claim: its payment checked against the XSD on its own, then the decider. Whatever the award holds (a
 * name, a reference an upstream system sent), it can only be set aside with its reason, never stop the run for the
 * others: what the decider throws on is reported as the reason (issue 19, finding 3).
 */
type BatchBase = Omit<PaymentBatch, 'count' | 'totalFen' | 'payments'>;
type PaymentLine = PaymentBatch['payments'][number];
type ClaimedOne = { why: string } | { payment: PaymentLine; decided: ReturnType<typeof claimForPayment> };
async function claimOne(award: Award, creditor: Account, context: BatchBase & { now: Date }, check: FileCheck): Promise<ClaimedOne> {
  const { now, ...base } = context;
  try {
    const payment = { awardId: award.awardId, amountFen: award.amountFen ?? 0, creditor, remittance: check.remittance(award) };
    const why = await check.problem({ ...base, count: 1, totalFen: payment.amountFen, payments: [payment] });
    if (why !== null) return { why };
    // The holder of the account paid (the file's Cdtr/Nm) is named: it need not be the recipient (review 2026-12-07-b, LOW-4).
    const payee = `${creditor.bankName} ${maskAccountNumber(creditor.accountNumber)} held by ${creditor.name}`;
    const decided = claimForPayment(award, { batchId: base.batchId, payee }, { now });
    // Its ledger entry checked here, as the write will check it: an entry that cannot be written sets this award
    // aside, never fails the whole run (fresh review F2).
    if (decided.ok) assertDraft(decided.change.draft);
    return { payment, decided };
  } catch (error) {
    return { why: redactAccountNumbers(redactIdNumbers(`its payment could not be prepared: ${(error as Error).message}`)) };
  }
}

/** Claims up to one batch of payable awards in one transaction; null when none is payable. */
type Claimed = { batch: PaymentBatch | null; blocked: number; unpayable: Unpayable[] };

async function claim(core: StoreCore, input: ClaimInput, skip: ReadonlySet<string>): Promise<Claimed> {
  const { jurisdiction } = input;
  let blocked = 0;
  let unpayable: Unpayable[] = [];
  const batch = await core.transact<PaymentBatch | null>('claimBatch', async () => {
    const found = await payable(core, jurisdiction);
    blocked = found.blocked;
    unpayable = [];
    const candidates = found.awards.filter((f) => !skip.has(f.award.awardId));
    if (candidates.length === 0) return { done: null };
    return (await planClaim(core, input, candidates, unpayable)) ?? { done: null };
  });
  return { batch, blocked, unpayable };
}

/** Payment batches in the table: the store's facade holds these (store.ts `batches`). */
export function batches(core: StoreCore) {
  return {
    /** The batches of a jurisdiction claimed but not yet filed (a run crashed between the two). */
    openBatches: (jurisdiction: string) => openBatches(core, jurisdiction),
    /** Claims up to one batch of payable awards (none of `skip`) in one transaction; null when none is payable. */
    claim: (input: ClaimInput, skip: ReadonlySet<string>) => claim(core, input, skip),
    getBatch: async (batchId: string): Promise<PaymentBatch | null> => {
      const item = await core.get(keys.batch(batchId));
      return item === null ? null : parseBatch(item);
    },
    /** The payments of an OPEN batch no longer PAYING in it (batch-filing.ts). */
    settledOf: (batch: PaymentBatch) => settledOf(core, batch),
    narrow: (batch: PaymentBatch, settled: Parameters<typeof narrow>[2]) => narrow(core, batch, settled),
    markFiled: (batchId: string) => markFiled(core, batchId),
  };
}
