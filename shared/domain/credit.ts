/**
 * The credit system's list of untrustworthy entities and persons (失信联合惩戒对象名单, CONTRACT §6): recipients on it
 * receive no government funds on the days it lists them. The hebei-2016 policy itself sets up the 黑名单 system this
 * mirrors. An entry is identified by its recipient, its list and the day it starts: importing it again is a repeat,
 * and an entry that says otherwise of the same listing (another end) is refused with its reason, never merged.
 */
import assert from './assert';
import { sha256Hex } from './sha256';
import type { Hold } from './hold';
import { saysNothing } from './identity';
import { type PersonKey, describeIdNumberProblem, idNumberProblem, maskIdNumber } from './person';
import { isCalendarDate } from './time';
import { describeUsccProblem, usccProblem } from './uscc';
import { LIMITS } from '../limits';

export interface CreditEntry {
  readonly entryId: string;
  /** A credit code as it is; a person by the keyed id (never the number: ADR 009). */
  readonly recipientId: string;
  /** What an officer or auditor is shown: the credit code, or the identity number masked. */
  readonly shownId: string;
  readonly listName: string;
  /** The first and last days listed (China Standard Time dates); `to` null: listed until further notice. */
  readonly from: string;
  readonly to: string | null;
  readonly importedBy: string;
  readonly importedAt: string;
}

export interface CreditEntryInput {
  readonly recipientId: string;
  readonly listName: string;
  readonly from: string;
  readonly to?: string | null;
}

/** Who places the credit-list holds: the check, which any officer of the jurisdiction but the importer may release. */
export const CREDIT_HOLDER = 'credit-list';

/** An entry's id: its recipient, list and first day, hashed (the same listing imported twice is one entry). */
export function creditEntryId(recipientId: string, listName: string, from: string): string {
  return `cl-${sha256Hex(`${recipientId}\u0000${listName}\u0000${from}`).slice(0, 24)}`;
}

/** One entry of an import, read: the recipient resolved (a credit code or an identity number) or the reason it is refused. */
export function readCreditEntry(
  input: CreditEntryInput,
  context: { key: PersonKey; importedBy: string; now: Date },
): { ok: true; entry: CreditEntry } | { ok: false; reason: string } {
  const raw = input.recipientId.trim().toUpperCase();
  const recipient = resolveRecipient(raw, context.key);
  if ('reason' in recipient) return { ok: false, reason: recipient.reason };
  const listName = input.listName.trim();
  if (saysNothing(listName)) return { ok: false, reason: 'listName must name the list (e.g. 失信被执行人名单)' };
  if (/\p{Cs}/u.test(listName)) return { ok: false, reason: 'listName holds an unpaired surrogate, which is no character' };
  // U+FFFD is what a decoder writes for bytes it could not read: a GBK file read as UTF-8 (「ʧ�ű�」), never a list's name.
  if (listName.includes('\uFFFD')) return { ok: false, reason: 'listName holds U+FFFD (�), left where a file\'s bytes were read in the wrong encoding: read the file as its encoding (GB18030 for a CSV Excel saved on Chinese Windows) or save it as UTF-8' };
  if ([...listName].length > LIMITS.controls.creditListNameCharsMax) return { ok: false, reason: `listName is longer than ${LIMITS.controls.creditListNameCharsMax} characters` };
  if (!isCalendarDate(input.from)) return { ok: false, reason: `from must be a date YYYY-MM-DD, got ${JSON.stringify(input.from).slice(0, 40)}` };
  const to = input.to ?? null;
  if (to !== null && !isCalendarDate(to)) return { ok: false, reason: `to must be a date YYYY-MM-DD or absent, got ${JSON.stringify(to).slice(0, 40)}` };
  if (to !== null && to < input.from) return { ok: false, reason: `to (${to}) is before from (${input.from})` };
  const entryId = creditEntryId(recipient.recipientId, listName, input.from);
  return {
    ok: true,
    entry: {
      entryId, recipientId: recipient.recipientId, shownId: recipient.shownId, listName, from: input.from, to,
      importedBy: context.importedBy, importedAt: context.now.toISOString(),
    },
  };
}

function resolveRecipient(raw: string, key: PersonKey): { recipientId: string; shownId: string } | { reason: string } {
  if (/^\d{17}[\dX]$/.test(raw) && idNumberProblem(raw, null) === null) return { recipientId: key.recipientIdOf(raw), shownId: maskIdNumber(raw) };
  const uscc = usccProblem(raw);
  if (uscc === null) return { recipientId: raw, shownId: raw };
  if (/^\d{17}[\dX]$/.test(raw)) {
    const person = idNumberProblem(raw, null);
    return { reason: `recipientId is neither a unified social credit code nor a valid identity number: ${person === null ? '' : describeIdNumberProblem(person)}` };
  }
  return { reason: `recipientId is not a unified social credit code: ${describeUsccProblem(uscc)}` };
}

/**
 * What importing `entry` does to the entries of its recipient: added, a repeat, or refused with the reason. An item at
 * `maxEntries` makes room by dropping the listings that ended before `today` (oldest end first: they can hold no award
 * any more, and every hold they placed is in the ledger with its lists); a listing is refused only when every kept entry
 * is in force or to come, and then the recipient is held by those already.
 */
export function mergeEntry(
  existing: readonly CreditEntry[],
  entry: CreditEntry,
  maxEntries: number,
  today: string,
): { kind: 'added'; entries: CreditEntry[] } | { kind: 'repeated' } | { kind: 'refused'; reason: string } {
  assert.ok(isCalendarDate(today), 'merging an entry needs today\'s date');
  const same = existing.find((e) => e.entryId === entry.entryId);
  if (same !== undefined) {
    if (same.to === entry.to) return { kind: 'repeated' };
    return { kind: 'refused', reason: `this listing (${entry.listName} from ${entry.from}) was imported by ${same.importedBy} ending ${same.to ?? 'never'}; an entry ending ${entry.to ?? 'never'} is not merged into it: an officer ends a listing by releasing the holds it placed, with a basis` };
  }
  if (existing.length < maxEntries) return { kind: 'added', entries: [...existing, entry] };
  const hasEnded = (e: CreditEntry) => e.to !== null && e.to < today;
  if (hasEnded(entry)) return { kind: 'refused', reason: `the recipient already has ${existing.length} entries, the most kept, and this listing ended on ${entry.to}: it can hold no award` };
  const endedOldestFirst = existing.filter(hasEnded).sort((a, b) => (a.to ?? '').localeCompare(b.to ?? '') || a.entryId.localeCompare(b.entryId));
  const drop = endedOldestFirst[0];
  if (drop === undefined) {
    return { kind: 'refused', reason: `the recipient already has ${existing.length} entries in force or to come, the most kept: it is already listed, and held by them` };
  }
  return { kind: 'added', entries: [...existing.filter((e) => e.entryId !== drop.entryId), entry] };
}

/** The entries that list the recipient on `date` and that no officer released this award over. */
export function listedOn(entries: readonly CreditEntry[], date: string, overridden: readonly string[]): CreditEntry[] {
  assert.ok(isCalendarDate(date), 'a listing is checked for a calendar date');
  return entries.filter((e) => e.from <= date && (e.to === null || date <= e.to) && !overridden.includes(e.entryId));
}

/** The hold of a recipient the list names on the day: which lists, from when, imported by whom. */
export function creditHold(listed: readonly CreditEntry[], now: Date, where: 'recorded' | 'approved' | 'paid'): Hold {
  assert.ok(listed.length > 0, 'a credit hold names the entries that place it');
  const lists = listed.map((e) => `${e.listName} (${e.from}–${e.to ?? ''})`).join('; ');
  const when = where === 'recorded' ? 'when it was recorded' : where === 'approved' ? 'when it was approved' : 'when a payment run would have paid it';
  return {
    reason: 'CREDIT_LISTED',
    since: now.toISOString(),
    by: CREDIT_HOLDER,
    note: `列入失信名单，不予支付 / the recipient is on the credit list ${when}: ${lists}`,
    released: null,
    entryIds: listed.map((e) => e.entryId),
    importedBy: [...new Set(listed.map((e) => e.importedBy))],
  };
}
