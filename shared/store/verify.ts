/**
 * Verification in bounded steps (DESIGN "Bounded work"): each step checks at most `verifyStepMax` entries and
 * returns a continuation (the jurisdiction, the next sequence number, the running hash and balances) that the caller
 * sends back for the next step; the CLI drives it to the end. At the end of a chain the head must name its last entry
 * and the budget counters must equal the balances the ledger implies.
 */
import { type Balances, type ChainState, GENESIS_STATE, verifyEntries } from '../domain/ledger';
import { LIMITS } from '../limits';
import type { StoreCore } from './core';
import { assertIndexIn, decodeCursor, encodeCursor } from './cursor';
import { parseHead } from './items';
import { ledgerPage } from './ledger';
import { readBudget } from './queries';
import { keys } from './table';

export type JurisdictionVerification
  = | { readonly jurisdiction: string; readonly ok: true; readonly entries: number; readonly head: string }
    | { readonly jurisdiction: string; readonly ok: false; readonly entries: number; readonly badSeq: number; readonly reason: string };

export interface VerifyProgress {
  /** False as soon as any jurisdiction finished with a fault. */
  readonly ok: boolean;
  /** Jurisdictions this step finished. */
  readonly finished: JurisdictionVerification[];
  /** The jurisdiction under way when the step stopped, with what it has checked so far; null when all are done. */
  readonly current: { readonly jurisdiction: string; readonly entries: number; readonly head: string } | null;
  /** Where the next step starts; null when every jurisdiction is done. */
  readonly cursor: string | null;
}

const FIELDS = ['allocatedFen', 'availableFen', 'reservedFen', 'inTransitFen', 'disbursedFen', 'receivableFen'] as const;

export async function verifyStep(
  core: StoreCore,
  jurisdictions: readonly string[],
  cursor: string | null,
  stepMax: number = LIMITS.store.verifyStepMax,
): Promise<VerifyProgress> {
  const bound = { list: 'verify', jurisdictions };
  const from = decodeCursor('verify', cursor, bound);
  if (from !== null) assertIndexIn(from.i, jurisdictions);
  let i = from?.i ?? 0;
  const carried = (balances: Record<string, Balances>) => new Map(Object.entries(balances).map(([year, b]) => [Number(year), b]));
  let state: ChainState = from === null ? GENESIS_STATE : { nextSeq: from.nextSeq, prevHash: from.prevHash, balances: carried(from.balances) };
  let checked = from?.checked ?? 0;
  let budget = Math.min(Math.max(stepMax, 1), LIMITS.store.verifyStepMax);
  const finished: JurisdictionVerification[] = [];
  while (i < jurisdictions.length && budget > 0) {
    const jurisdiction = jurisdictions[i] as string;
    const page = await ledgerPage(core, jurisdiction, { fromSeq: state.nextSeq, limit: Math.min(budget, LIMITS.store.ledgerPageMax) });
    budget -= page.entries.length;
    const step = verifyEntries(jurisdiction, page.entries, state);
    const done = !step.ok || page.nextSeq === null;
    if (!step.ok) finished.push({ jurisdiction, ok: false, entries: checked + page.entries.length, badSeq: step.badSeq, reason: step.reason });
    else {
      state = step.state;
      checked += page.entries.length;
      if (done) finished.push(await endOfChain(core, jurisdiction, state, checked));
    }
    if (done) [i, state, checked] = [i + 1, GENESIS_STATE, 0];
  }
  const ok = finished.every((f) => f.ok);
  const current = i < jurisdictions.length ? { jurisdiction: jurisdictions[i] as string, entries: checked, head: state.prevHash } : null;
  const next = current === null ? null : encodeCursor('verify', { i, nextSeq: state.nextSeq, prevHash: state.prevHash, balances: Object.fromEntries(state.balances), checked }, bound);
  return { ok, finished, current, cursor: next };
}

/** At the end of a chain: the head names its last entry, and the budget counters equal what the ledger implies. */
async function endOfChain(core: StoreCore, jurisdiction: string, state: ChainState, entries: number): Promise<JurisdictionVerification> {
  const head = parseHead(await core.get(keys.ledgerHead(jurisdiction)));
  const last = state.nextSeq - 1;
  if (head.seq !== last || head.hash !== state.prevHash) {
    return { jurisdiction, ok: false, entries, badSeq: Math.min(head.seq, last) + 1, reason: `the head names entry ${head.seq} but the chain ends at ${last} (an entry was removed)` };
  }
  for (const [fiscalYear, balances] of state.balances) {
    const counters = await readBudget(core, jurisdiction, fiscalYear);
    const differ = FIELDS.filter((f) => counters[f] !== (balances as Balances)[f]);
    if (differ.length > 0) return { jurisdiction, ok: false, entries, badSeq: last, reason: `budget counters of ${fiscalYear} (${differ.join(', ')}) differ from the ledger` };
  }
  return { jurisdiction, ok: true, entries, head: state.prevHash };
}
