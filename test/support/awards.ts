/** Computed awards for integration tests, made by the real engine from valid events. */
import type { FactDetailType } from '../../events/contracts';
import { type ComputedAward, computeAwards } from '../../shared/domain/engine';
import { CATALOG } from '../../shared/policies';
import { type EventOptions, type RecipientName, factEvent } from './events';

export interface Fact {
  eventId: string;
  detailType: FactDetailType;
  uscc: string;
  reference: string;
  awards: ComputedAward[];
}

export function fact(detailType: FactDetailType, extra: Record<string, unknown>, options: EventOptions & { recipient?: RecipientName } = {}): Fact {
  const event = factEvent(detailType, extra, options);
  const result = computeAwards(event, CATALOG);
  if (result.kind !== 'awards') throw new Error(`test fact earns nothing: ${result.reason}`);
  return {
    eventId: event.eventId ?? 'no-id',
    detailType,
    uscc: event.detail.recipient.uscc,
    reference: event.detail.reference,
    awards: [...result.awards],
  };
}

/** A Hebei-only design-services award of exactly `amountFen` (half of twice the amount). */
export function designAward(amountFen: number, reference: string, eventId?: string): Fact {
  return fact('DesignServicePurchased', { approvedCostFen: amountFen * 2 }, { recipient: 'baoding', reference, ...(eventId ? { eventId } : {}) });
}

/** A Fujian "per regulation" award: AMOUNT_REQUIRED until an officer sets it. */
export function perRegulationAward(reference: string): Fact {
  return fact('HonourConferred', { honour: 'china-quality-award' }, { recipient: 'fuzhou', reference });
}
