import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import type { AwardStore } from '../../shared/store/store';
import { designAward, perRegulationAward, revokeAward } from '../support/awards';
import { freshStore, people } from '../support/store';

const YEAR = fiscalYearOf(new Date());
const JURISDICTIONS = ['130000', '350000'] as const;

type Command
  = | { op: 'record'; fujian: boolean; amountYuan: number }
    | { op: 'allocate'; fujian: boolean; amountYuan: number }
    | { op: 'approve' | 'reject' | 'disburse' | 'fail' | 'retry' | 'revoke'; pick: number; who: number }
    | { op: 'set-amount' | 'repay'; pick: number; amountYuan: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('record' as const), fujian: fc.boolean(), amountYuan: fc.integer({ min: 1, max: 1_500_000 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('allocate' as const), fujian: fc.boolean(), amountYuan: fc.integer({ min: 0, max: 5_000_000 }) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constantFrom('approve' as const, 'reject' as const, 'disburse' as const, 'fail' as const, 'retry' as const, 'revoke' as const),
      pick: fc.nat(),
      who: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('set-amount' as const, 'repay' as const), pick: fc.nat(), amountYuan: fc.integer({ min: 1, max: 600_000 }) }) },
);

/** Commands in small groups; each group runs concurrently, as the handlers would. */
const program = fc.array(fc.array(command, { minLength: 1, maxLength: 3 }), { minLength: 5, maxLength: 14 });

async function run(store: AwardStore, ids: string[], c: Command, n: number): Promise<void> {
  const jurisdictionOf = (fujian: boolean) => (fujian ? '350000' : '130000');
  const pick = (i: number) => ids[i % Math.max(ids.length, 1)] ?? 'none';
  switch (c.op) {
    case 'record': {
      const f = c.fujian ? perRegulationAward(`P-${n}`) : designAward(yuan(c.amountYuan), `P-${n}`);
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
    case 'disburse':
      await store.recordDisbursement(pick(c.pick), { paymentId: `pay-${n}` });
      return;
    case 'fail':
      await store.recordPaymentFailure(pick(c.pick), { reason: 'rail down' });
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
  it('accounts always sum to the allocations, available never goes below zero, and no award is paid twice', async () => {
    await fc.assert(
      fc.asyncProperty(program, async (groups) => {
        const { store } = await freshStore();
        const ids: string[] = [];
        let n = 0;
        for (const group of groups) {
          await Promise.all(group.map((c) => run(store, ids, c, ++n)));
          for (const jurisdiction of JURISDICTIONS) {
            const budget = await store.getBudget(jurisdiction, YEAR);
            expect(budget.availableFen).toBeGreaterThanOrEqual(0);
            expect(budget.availableFen + budget.reservedFen + budget.disbursedFen + budget.receivableFen).toBe(budget.allocatedFen);
          }
        }
        for (const jurisdiction of JURISDICTIONS) {
          const verification = await store.verify(jurisdiction);
          expect(verification, JSON.stringify(verification)).toMatchObject({ ok: true });
          const disbursements = (await store.ledger(jurisdiction)).filter((e) => e.type === 'DISBURSED').map((e) => e.awardId);
          expect(new Set(disbursements).size).toBe(disbursements.length);
        }
      }),
      { numRuns: 12, seed: 42, endOnFailure: true },
    );
  }, 240_000);
});
