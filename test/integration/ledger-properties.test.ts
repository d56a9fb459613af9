import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import type { AwardStore } from '../../shared/store/store';
import { designAward, fact, perRegulationAward, revokeAward } from '../support/awards';
import { RECIPIENTS } from '../support/events';
import { bankAnswers, confirmedPayee, memoryFiles } from '../support/payments';
import { freshStore, people } from '../support/store';
import { paymentBatches } from '../../shared/app/payments/run';
import { positionsOfAwards } from '../support/reports';

const YEAR = fiscalYearOf(new Date());
const JURISDICTIONS = ['130000', '350000'] as const;

type Command
  = | { op: 'record'; fujian: boolean; amountYuan: number }
    | { op: 'allocate'; fujian: boolean; amountYuan: number }
    | { op: 'approve' | 'reject' | 'payee' | 'retry' | 'revoke'; pick: number; who: number }
    | { op: 'run'; fujian: boolean }
    | { op: 'answer' }

    | { op: 'set-amount' | 'repay'; pick: number; amountYuan: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  // Mostly single-approval amounts, some at or above the dual-control threshold (1,000,000 yuan).
  { weight: 4, arbitrary: fc.record({ op: fc.constant('record' as const), fujian: fc.boolean(), amountYuan: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 200_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 1_500_000 }) }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('allocate' as const), fujian: fc.boolean(), amountYuan: fc.integer({ min: 0, max: 5_000_000 }) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constantFrom('approve' as const, 'reject' as const, 'payee' as const, 'retry' as const, 'revoke' as const),
      pick: fc.nat(),
      who: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('set-amount' as const, 'repay' as const), pick: fc.nat(), amountYuan: fc.integer({ min: 1, max: 600_000 }) }) },
  // Approvals, runs and the bank's answers often enough that sequences reach payment, returns and retries.
  { weight: 4, arbitrary: fc.record({ op: fc.constant('approve' as const), pick: fc.nat(), who: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('run' as const), fujian: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('answer' as const) }) },
);

/** Commands in small groups; each group runs concurrently, as the handlers would. */
const program = fc.array(fc.array(command, { minLength: 1, maxLength: 3 }), { minLength: 5, maxLength: 14 });

/** Payment files of one sequence, and the batches the bank has answered. */
interface Bank { files: ReturnType<typeof memoryFiles>; answered: Set<string> }

async function run(store: AwardStore, ids: string[], c: Command, n: number, bank: Bank): Promise<void> {
  const jurisdictionOf = (fujian: boolean) => (fujian ? '350000' : '130000');
  const pick = (i: number) => ids[i % Math.max(ids.length, 1)] ?? 'none';
  switch (c.op) {
    case 'record': {
      // Hebei's awards go to two enterprises: one the bank pays, one whose account it returns (0000) at first.
      const hebei = c.amountYuan % 2 === 0 ? designAward(yuan(c.amountYuan), `P-${n}`) : fact('DesignServicePurchased', { approvedCostFen: yuan(c.amountYuan) * 2 }, { recipient: 'shijiazhuang', reference: `P-${n}` });
      const f = c.fujian ? perRegulationAward(`P-${n}`) : hebei;
      const recorded = await store.recordAwards(f);
      ids.push(...recorded.awards.map((a) => a.awardId));
      return;
    }
    case 'allocate':
      await store.setAllocation(people.budgetAdmin(jurisdictionOf(c.fujian)), {
        jurisdiction: jurisdictionOf(c.fujian),
        fiscalYear: YEAR,
        allocatedFen: yuan(c.amountYuan),
      });
      return;
    case 'approve':
    case 'reject': {
      const award = await store.getAward(pick(c.pick));
      if (award === null) return;
      await store.decide(award.awardId, people.approver(award.jurisdiction, `approver-${c.who}`), { decision: c.op, comment: '' });
      return;
    }
    case 'payee': {
      // Who 2 gives an account the simulated bank returns (it ends in 0000): the payment comes back AC04.
      const award = await store.getAward(pick(c.pick));
      if (award !== null) await confirmedPayee(store, award, c.who === 2 ? '6222020402000000' : '6222020402001234567');
      return;
    }
    case 'run':
      await paymentBatches(store, bank.files).run(jurisdictionOf(c.fujian), `run-${n}`);
      return;
    case 'answer':
      for (const jurisdiction of JURISDICTIONS) {
        for (const batch of (await store.listBatches(jurisdiction, { limit: 100 })).items) {
          if (batch.status !== 'FILED' || bank.answered.has(batch.batchId)) continue;
          bank.answered.add(batch.batchId);
          await bankAnswers(store, bank.files, batch);
        }
      }
      return;
    case 'retry':
      await store.retryPayment(pick(c.pick), people.officer('350000'));
      await store.retryPayment(pick(c.pick), people.officer('130000'));
      return;
    case 'revoke':
      if ((await store.getAward(pick(c.pick))) === null) return;
      await revokeAward(store, pick(c.pick), `revoke-${n}`, 'revoked');
      return;
    case 'set-amount':
      await store.setAmount(pick(c.pick), people.officer('350000'), { amountFen: yuan(c.amountYuan), basis: '奖励办法' });
      return;
    case 'repay':
      await store.recordRepayment(pick(c.pick), people.officer('130000'), { amountFen: yuan(c.amountYuan) });
      await store.recordRepayment(pick(c.pick), people.officer('350000'), { amountFen: yuan(c.amountYuan) });
      return;
    default: {
      const unreachable: never = c;
      throw new Error(String(unreachable));
    }
  }
}

describe('ledger properties over random operation sequences (DynamoDB Local)', () => {
  it('accounts (in transit included) always sum to the allocations, available never goes below zero, and no award is paid twice', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(program, async (groups) => {
        const { store } = await freshStore();
        const ids: string[] = [];
        const bank: Bank = { files: memoryFiles(), answered: new Set() };
        // Payees from the start, so approved awards can be paid (and one returned by the bank) until a 'payee'
        // command changes them.
        // And a budget to start with, so that awards reach approval and payment (allocations still change it).
        for (const j of JURISDICTIONS) await store.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
        await confirmedPayee(store, { jurisdiction: '130000', recipientId: RECIPIENTS.baoding.uscc });
        await confirmedPayee(store, { jurisdiction: '130000', recipientId: RECIPIENTS.shijiazhuang.uscc }, '6222020402000000');
        await confirmedPayee(store, { jurisdiction: '350000', recipientId: RECIPIENTS.fuzhou.uscc });
        let n = 0;
        for (const group of groups) {
          await Promise.all(group.map((c) => run(store, ids, c, ++n, bank)));
          for (const jurisdiction of JURISDICTIONS) {
            const budget = await store.getBudget(jurisdiction, YEAR);
            expect(budget.availableFen).toBeGreaterThanOrEqual(0);
            expect(budget.availableFen + budget.reservedFen + budget.inTransitFen + budget.disbursedFen + budget.receivableFen).toBe(budget.allocatedFen);
            // Money with the bank is exactly what the PAYING awards hold.
            const paying = (await store.listAwards({ jurisdictions: [jurisdiction], status: 'PAYING', limit: 100 })).items;
            expect(budget.inTransitFen).toBe(paying.reduce((sum, a) => sum + (a.amountFen ?? 0), 0));
          }
        }
        // The bank answers whatever is still with it, and nothing is left in transit.
        await run(store, ids, { op: 'answer' }, ++n, bank);
        for (const jurisdiction of JURISDICTIONS) expect((await store.getBudget(jurisdiction, YEAR)).inTransitFen).toBe(0);
        // Issue 22: a paid award revoked (a clawback) and half of it repaid, where the sequence paid one, so that every
        // report below is checked after a clawback and a repayment too.
        for (const jurisdiction of JURISDICTIONS) {
          const paid = (await store.listAwards({ jurisdictions: [jurisdiction], status: 'DISBURSED', limit: 1 })).items[0];
          if (paid === undefined) continue;
          await revokeAward(store, paid.awardId, `revoke-paid-${jurisdiction}`, 'revoked after payment');
          const half = Math.max(1, Math.floor((paid.amountFen ?? 0) / 2));
          expect((await store.recordRepayment(paid.awardId, people.officer(jurisdiction), { amountFen: half })).ok).toBe(true);
        }
        for (const jurisdiction of JURISDICTIONS) {
          const verification = await store.verify(jurisdiction);
          expect(verification, JSON.stringify(verification)).toMatchObject({ ok: true });
          const entries = await store.ledger(jurisdiction);
          const disbursements = entries.filter((e) => e.type === 'DISBURSED').map((e) => e.awardId);
          expect(new Set(disbursements).size).toBe(disbursements.length);
          for (const e of entries) seen.set(e.type, (seen.get(e.type) ?? 0) + 1);
          // Issue 22: the budget-execution report agrees to the fen with the accounts, and with what every award's own
          // state holds (reserved, with the bank, paid, owed back), after whatever returns, voids, clawbacks and
          // repayments the sequence made; its payments are the ledger's DISBURSED entries.
          const report = await store.budgetExecution(jurisdiction, YEAR);
          const { jurisdiction: _j, fiscalYear: _y, waitingCount: _w, version: _v, ...balances } = await store.getBudget(jurisdiction, YEAR);
          expect(report.accounts).toEqual(balances);
          const awards = (await store.listAwards({ jurisdictions: [jurisdiction], limit: 100 })).items;
          expect(report.total.positions).toEqual(positionsOfAwards(awards));
          expect(report.total.flows.paid.count).toBe(disbursements.length);
          expect(report.total.flows.recorded.count).toBe(awards.length);
          for (const [flow, type] of [['returned', 'PAYMENT_FAILED'], ['repaid', 'REPAID'], ['clawedBack', 'CLAWBACK_OPENED']] as const) {
            const of = entries.filter((e) => e.type === type);
            expect(report.total.flows[flow], flow).toEqual({ count: of.length, fen: of.reduce((n, e) => n + e.amountFen, 0) });
          }
        }
      }),
      { numRuns: 20, seed: 42, endOnFailure: true },
    );
    // The sequences took the payment paths: sent, confirmed, returned by the bank.
    for (const type of ['PAYMENT_SENT', 'DISBURSED', 'PAYMENT_FAILED', 'VOIDED', 'CLAWBACK_OPENED', 'REPAID']) expect(seen.get(type) ?? 0, type).toBeGreaterThan(0);
  }, 240_000);
});
