/**
 * The items behind the controls (issue 21): a recipient's credit-list entries and a recipient's total of a
 * jurisdiction-year against the annual cap. Every change that records, approves, reserves or pays an award reads them
 * with the award and is conditioned on them (change-set.ts), so an entry imported or a second award reserved in
 * between makes the write plan again from what is there.
 */
import * as z from 'zod';
import { type ControlsConfig, controlsOf } from '../domain/controls';
import type { CreditEntry } from '../domain/credit';
import { lazy } from '../lazy';
import { type Item, readItem } from './items';
import { type Key, keys } from './table';

export interface CreditListState {
  readonly recipientId: string;
  readonly entries: readonly CreditEntry[];
  /** 0 when the recipient has no item (was never listed). */
  readonly version: number;
}

export interface CapState {
  readonly jurisdiction: string;
  readonly fiscalYear: number;
  readonly recipientId: string;
  readonly capFen: number;
  readonly totalFen: number;
  readonly version: number;
}

const entrySchema = lazy(() => z.object({
  entryId: z.string(), recipientId: z.string(), shownId: z.string(), listName: z.string(), from: z.string(), to: z.string().nullable(),
  importedBy: z.string(), importedAt: z.string(),
}));
const creditListSchema = lazy(() => z.object({ recipientId: z.string(), entries: z.array(entrySchema()), version: z.number().int().min(1) }));
const capSchema = lazy(() => z.object({ totalFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), version: z.number().int().min(1) }));

export function parseCreditList(recipientId: string, item: Item | null): CreditListState {
  if (item === null) return { recipientId, entries: [], version: 0 };
  return readItem(creditListSchema(), item, 'credit list');
}

export function creditListItem(state: CreditListState, at: string): Item {
  return {
    ...keys.creditList(state.recipientId),
    gsi1pk: keys.creditListsByTime,
    gsi1sk: `${at}#${state.recipientId}`,
    itemType: 'credit-list',
    recipientId: state.recipientId,
    entries: state.entries,
    version: state.version,
    updatedAt: at,
  };
}

/** The cap item's key when the jurisdiction caps what one recipient receives; null when it does not. */
export function capKeyOf(config: ControlsConfig, jurisdiction: string, fiscalYear: number, recipientId: string): Key | null {
  return controlsOf(config, jurisdiction).recipientAnnualCapFen === null ? null : keys.capTotal(jurisdiction, fiscalYear, recipientId);
}

export function parseCap(config: ControlsConfig, jurisdiction: string, fiscalYear: number, recipientId: string, item: Item | null): CapState | null {
  const capFen = controlsOf(config, jurisdiction).recipientAnnualCapFen;
  if (capFen === null) return null;
  const read = item === null ? { totalFen: 0, version: 0 } : readItem(capSchema(), item, 'cap total');
  return { jurisdiction, fiscalYear, recipientId, capFen, ...read };
}

export function capItem(state: CapState): Item {
  return { ...keys.capTotal(state.jurisdiction, state.fiscalYear, state.recipientId), itemType: 'cap-total', totalFen: state.totalFen, version: state.version };
}

/** The keys a change to an award of `recipientId` in `jurisdiction`-`fiscalYear` reads for its controls. */
export function controlKeys(config: ControlsConfig, jurisdiction: string, fiscalYear: number, recipientId: string): Key[] {
  const cap = capKeyOf(config, jurisdiction, fiscalYear, recipientId);
  return [keys.creditList(recipientId), ...(cap === null ? [] : [cap])];
}
