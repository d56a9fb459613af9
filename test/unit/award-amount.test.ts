/**
 * An award's amount and the words of its basis, apart (shared/domain/award-amount.ts): what-if computes the figures
 * alone, an award's basis says how they were reached, in the words the engine always wrote.
 */
import { describe, expect, it } from 'vitest';
import { amountWords, computeAmount } from '../../shared/domain/award-amount';
import type { AmountSpec } from '../../shared/domain/catalog';

const said = (spec: AmountSpec, detail: unknown) => {
  const amount = computeAmount(spec, detail);
  return { amount, words: amountWords(spec, detail, amount, '130100') };
};

describe('computeAmount and amountWords', () => {
  it('a fixed sum', () => {
    expect(said({ kind: 'fixed', amountFen: 20_000_000 }, {})).toEqual({
      amount: { amountFen: 20_000_000, uncappedAmountFen: null, capApplied: false },
      words: '¥200,000.00',
    });
  });

  it('a tier chosen by a field', () => {
    const spec: AmountSpec = { kind: 'tiered', path: 'standard.level', tiersFen: { national: 20_000_000, industry: 10_000_000 } };
    expect(said(spec, { standard: { level: 'industry' } })).toEqual({
      amount: { amountFen: 10_000_000, uncappedAmountFen: null, capApplied: false },
      words: 'standard.level industry: ¥100,000.00',
    });
  });

  it('a share rounded down to the fen, under and over its cap', () => {
    const spec: AmountSpec = { kind: 'percentage', path: 'approvedCostFen', basisPoints: 3_000, capFen: 100_000_000 };
    expect(said(spec, { approvedCostFen: 1_001 })).toEqual({
      amount: { amountFen: 300, uncappedAmountFen: 300, capApplied: false },
      words: '30% of ¥10.01, rounded down to the fen: ¥3.00',
    });
    expect(said(spec, { approvedCostFen: 400_000_000 })).toEqual({
      amount: { amountFen: 100_000_000, uncappedAmountFen: 120_000_000, capApplied: true },
      words: '30% of ¥4,000,000.00 is ¥1,200,000.00, capped at ¥1,000,000.00',
    });
  });

  it('a sum another programme granted, under and over its cap', () => {
    const spec: AmountSpec = { kind: 'granted', path: 'grantedFen', capFen: 50_000_000 };
    expect(said(spec, { grantedFen: 30_000_000 })).toEqual({
      amount: { amountFen: 30_000_000, uncappedAmountFen: 30_000_000, capApplied: false },
      words: 'granted ¥300,000.00 (cap ¥500,000.00)',
    });
    expect(said(spec, { grantedFen: 80_000_000 })).toEqual({
      amount: { amountFen: 50_000_000, uncappedAmountFen: 80_000_000, capApplied: true },
      words: 'granted ¥800,000.00, paid at the cap of ¥500,000.00',
    });
  });

  it('an amount per regulation, for finance of the jurisdiction to set', () => {
    expect(said({ kind: 'per-regulation' }, {})).toEqual({
      amount: { amountFen: null, uncappedAmountFen: null, capApplied: false },
      words: 'amount per regulation (按规定), to be set by finance of 130100',
    });
  });

  it('refuses a money field that is not fen', () => {
    expect(() => computeAmount({ kind: 'granted', path: 'grantedFen', capFen: 1 }, { grantedFen: 1.5 })).toThrow();
  });
});
