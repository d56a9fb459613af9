/**
 * Merging credit-list entries into a recipient's item (shared/domain/credit.ts): a repeat is found by its id, an entry
 * the item is full for is refused, but a listing in force today is never refused because of entries that have ended
 * (attack review of issue 21, finding H1: fifty ended listings let a current one be refused, and the recipient paid).
 */
import { describe, expect, it } from 'vitest';
import { type CreditEntry, creditEntryId, listedOn, mergeEntry } from '../../shared/domain/credit';

const RECIPIENT = '91130102MA07AB123U';
const TODAY = '2026-12-03';

function entry(listName: string, from: string, to: string | null): CreditEntry {
  return {
    entryId: creditEntryId(RECIPIENT, listName, from), recipientId: RECIPIENT, shownId: RECIPIENT, listName, from, to,
    importedBy: 'zhao', importedAt: '2026-12-01T00:00:00.000Z',
  };
}

const ended = (n: number) => Array.from({ length: n }, (_, i) => entry(`失信被执行人名单 第${i + 1}批`, '2020-01-01', '2025-12-31'));
const current = (n: number) => Array.from({ length: n }, (_, i) => entry(`重大税收违法失信主体名单 第${i + 1}批`, '2026-01-01', null));

describe('mergeEntry', () => {
  it('adds a new entry and finds the same listing imported again a repeat', () => {
    const first = entry('失信被执行人名单', '2026-11-01', null);
    const added = mergeEntry([], first, 50, TODAY);
    expect(added).toEqual({ kind: 'added', entries: [first] });
    expect(mergeEntry([first], { ...first, importedBy: 'qian' }, 50, TODAY)).toEqual({ kind: 'repeated' });
  });

  it('takes a listing in force today when the item is full of listings that have ended, dropping the oldest ended ones', () => {
    const full = ended(50);
    const listing = entry('失信被执行人名单', '2026-11-01', null);
    const merged = mergeEntry(full, listing, 50, TODAY);
    expect(merged.kind).toBe('added');
    if (merged.kind !== 'added') return;
    expect(merged.entries).toHaveLength(50);
    expect(merged.entries).toContainEqual(listing);
    expect(listedOn(merged.entries, TODAY, [])).toEqual([listing]);
  });

  it('takes a listing that starts later when ended ones can make room, and keeps the entries in force', () => {
    const full = [...current(10), ...ended(40)];
    const later = entry('失信被执行人名单', '2027-01-01', null);
    const merged = mergeEntry(full, later, 50, TODAY);
    expect(merged.kind).toBe('added');
    if (merged.kind !== 'added') return;
    expect(merged.entries.filter((e) => e.to === null)).toHaveLength(11);
  });

  it('refuses an entry only when every kept entry is in force or to come, and says the recipient is listed already', () => {
    const merged = mergeEntry(current(50), entry('失信被执行人名单', '2026-11-01', null), 50, TODAY);
    expect(merged.kind).toBe('refused');
    if (merged.kind !== 'refused') return;
    expect(merged.reason).toContain('50 entries in force or to come');
    expect(merged.reason).toContain('already listed');
  });

  it('refuses an ended listing into a full item rather than drop another for it', () => {
    const merged = mergeEntry(ended(50), entry('失信被执行人名单', '2019-01-01', '2019-06-30'), 50, TODAY);
    expect(merged.kind).toBe('refused');
  });
});
