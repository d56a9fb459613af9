/**
 * What a rule's amount comes to for a fact (the engine, shared/domain/engine.ts): the figures, and apart from them the
 * words that say how they were reached, which only an award's basis and the engine's reasons need.
 */
import assert from './assert';
import type { AmountSpec } from './catalog';
import { fieldAt } from './catalog';
import { assertFen, formatYuan, percentOfFen } from './money';

export interface Amount {
  amountFen: number | null;
  uncappedAmountFen: number | null;
  capApplied: boolean;
}

/** What a rule's amount comes to for a fact: the figures only; `amountWords` says how, for the award's basis. */
export function computeAmount(spec: AmountSpec, detail: unknown): Amount {
  switch (spec.kind) {
    case 'fixed':
      return { amountFen: spec.amountFen, uncappedAmountFen: null, capApplied: false };
    case 'tiered': {
      const tier = String(fieldAt(detail, spec.path));
      const amountFen = spec.tiersFen[tier];
      assert.ok(amountFen !== undefined, `tier '${tier}' of ${spec.path} must exist once the rule matched`);
      return { amountFen, uncappedAmountFen: null, capApplied: false };
    }
    case 'percentage': {
      const baseFen = fieldAt(detail, spec.path);
      assertFen(baseFen, spec.path);
      const shareFen = percentOfFen(baseFen, spec.basisPoints);
      const capApplied = shareFen > spec.capFen;
      return { amountFen: capApplied ? spec.capFen : shareFen, uncappedAmountFen: shareFen, capApplied };
    }
    case 'granted': {
      const grantedFen = fieldAt(detail, spec.path);
      assertFen(grantedFen, spec.path);
      const capApplied = grantedFen > spec.capFen;
      return { amountFen: capApplied ? spec.capFen : grantedFen, uncappedAmountFen: grantedFen, capApplied };
    }
    case 'per-regulation':
      return { amountFen: null, uncappedAmountFen: null, capApplied: false };
    default: {
      const unreachable: never = spec;
      throw new Error(`unknown amount spec ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * How an amount was reached, in words, for the award's basis and the engine's reasons. Apart from the figures so
 * that what-if, which keeps no words, does not build them for every fact and both catalogs.
 */
export function amountWords(spec: AmountSpec, detail: unknown, amount: Amount, jurisdiction: string): string {
  switch (spec.kind) {
    case 'fixed':
      return formatYuan(spec.amountFen);
    case 'tiered':
      return `${spec.path} ${String(fieldAt(detail, spec.path))}: ${formatYuan(amount.amountFen ?? 0)}`;
    case 'percentage': {
      const [baseFen, shareFen, amountFen] = [fieldAt(detail, spec.path) as number, amount.uncappedAmountFen ?? 0, amount.amountFen ?? 0];
      const percent = `${spec.basisPoints / 100}%`;
      return amount.capApplied
        ? `${percent} of ${formatYuan(baseFen)} is ${formatYuan(shareFen)}, capped at ${formatYuan(spec.capFen)}`
        : `${percent} of ${formatYuan(baseFen)}, rounded down to the fen: ${formatYuan(amountFen)}`;
    }
    case 'granted': {
      const grantedFen = amount.uncappedAmountFen ?? 0;
      return amount.capApplied
        ? `granted ${formatYuan(grantedFen)}, paid at the cap of ${formatYuan(spec.capFen)}`
        : `granted ${formatYuan(grantedFen)} (cap ${formatYuan(spec.capFen)})`;
    }
    case 'per-regulation':
      return `amount per regulation (按规定), to be set by finance of ${jurisdiction}`;
    default: {
      const unreachable: never = spec;
      throw new Error(`unknown amount spec ${JSON.stringify(unreachable)}`);
    }
  }
}
