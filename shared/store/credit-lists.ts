/**
 * Credit-list entries imported by officers (CONTRACT §6): one item per recipient holding its entries, so that every
 * check reads them in the same round trip as the award and conditions its write on them (controls.ts). An import is
 * idempotent: each entry is added, found as a repeat, or refused with its reason, one by one.
 */
import type { Principal } from '../domain/authz';
import { authorize } from '../domain/authz';
import { type CreditEntry, type CreditEntryInput, mergeEntry, readCreditEntry } from '../domain/credit';
import type { PersonKey } from '../domain/person';
import { fail } from '../domain/awards';
import { LIMITS } from '../limits';
import { chinaDate } from '../domain/time';
import type { Result } from './commands';
import type { StoreCore } from './core';
import { type CreditListState, creditListItem, parseCreditList } from './controls';
import { type Page, listByTime } from './queries';
import { keys } from './table';

export interface CreditImportResult {
  readonly index: number;
  readonly outcome: 'imported' | 'repeated' | 'refused';
  /** The recipient as shown: a credit code, or an identity number masked; null when it could not be read. */
  readonly recipient: string | null;
  readonly entryId: string | null;
  readonly reason: string | null;
}

export async function importCreditEntries(
  core: StoreCore,
  principal: Principal,
  inputs: readonly CreditEntryInput[],
  key: PersonKey,
): Promise<Result<CreditImportResult[]>> {
  const allowed = authorize(principal, { kind: 'import-credit-list' });
  if (!allowed.ok) return fail('FORBIDDEN', allowed.reason);
  if (inputs.length === 0) return fail('VALIDATION', 'entries must hold at least one entry');
  if (inputs.length > LIMITS.controls.creditEntriesPerImportMax) return fail('VALIDATION', `at most ${LIMITS.controls.creditEntriesPerImportMax} entries per import; import the rest in another`);
  const now = core.clock();
  const results: CreditImportResult[] = [];
  const byRecipient = new Map<string, Array<{ index: number; entry: CreditEntry }>>();
  inputs.forEach((input, index) => {
    const read = readCreditEntry(input, { key, importedBy: principal.user, now });
    if (!read.ok) results.push({ index, outcome: 'refused', recipient: null, entryId: null, reason: read.reason });
    else byRecipient.set(read.entry.recipientId, [...(byRecipient.get(read.entry.recipientId) ?? []), { index, entry: read.entry }]);
  });
  for (const [recipientId, entries] of byRecipient) results.push(...(await importForRecipient(core, recipientId, entries)));
  return { ok: true, value: results.sort((a, b) => a.index - b.index) };
}

/** One recipient's entries of an import, in one conditional write of its item (planned again if it moved). */
type Numbered = ReadonlyArray<{ index: number; entry: CreditEntry }>;
async function importForRecipient(core: StoreCore, recipientId: string, entries: Numbered): Promise<CreditImportResult[]> {
  return core.transact<CreditImportResult[]>('importCreditList', async () => {
    const state = parseCreditList(recipientId, await core.get(keys.creditList(recipientId)));
    let current: readonly CreditEntry[] = state.entries;
    const today = chinaDate(core.clock());
    const results: CreditImportResult[] = [];
    for (const { index, entry } of entries) {
      const merged = mergeEntry(current, entry, LIMITS.controls.creditEntriesPerRecipientMax, today);
      const shown = { index, recipient: entry.shownId, entryId: entry.entryId };
      if (merged.kind === 'added') current = merged.entries;
      if (merged.kind === 'refused') results.push({ ...shown, outcome: 'refused', reason: merged.reason });
      else results.push({ ...shown, outcome: merged.kind === 'added' ? 'imported' : 'repeated', reason: null });
    }
    if (current === state.entries) return { done: results };
    const next: CreditListState = { recipientId, entries: current, version: state.version + 1 };
    const at = core.clock().toISOString();
    const condition = state.version === 0 ? core.put(creditListItem(next, at), 'attribute_not_exists(pk)') : core.put(creditListItem(next, at), 'version = :v', { ':v': state.version });
    return { write: [condition], result: results };
  });
}

export async function getCreditList(core: StoreCore, recipientId: string): Promise<CreditListState> {
  return parseCreditList(recipientId, await core.get(keys.creditList(recipientId)));
}

/** The recipients on the list, most recently changed last, a page at a time. */
export function listCreditLists(core: StoreCore, options: { limit?: number; cursor?: string | null }): Promise<Page<CreditListState>> {
  return listByTime(core, keys.creditListsByTime, options, (item) => parseCreditList(String(item.recipientId), item));
}
