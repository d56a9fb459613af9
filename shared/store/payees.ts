/**
 * Payee accounts in the table: one item per jurisdiction and recipient, written under its version, so two officers
 * acting at once cannot both win (dual control holds under races). The deciders are in shared/domain/payees.ts.
 */
import * as z from 'zod';
import type { Principal } from '../domain/authz';
import type { Failure } from '../domain/awards';
import { type Payee, type PayeeAccount, confirmPayee, proposalIdOf, proposePayee } from '../domain/payees';
import { lazy } from '../lazy';
import { LIMITS } from '../limits';
import type { StoreCore } from './core';
import { type Item, readItem } from './items';
import { keyOf, keys } from './table';

const account = { accountName: z.string(), accountNumber: z.string(), bankCode: z.string(), bankName: z.string() };

/**
 * Items written before proposals had ids (issue 19) carry none: the id is derived from the proposal as stored, the
 * same on every read, so such a proposal is confirmed by the id `GET /payees` shows, like any other.
 */
const payeeSchema = lazy(() => z.object({
  jurisdiction: z.string(),
  recipientId: z.string(),
  status: z.enum(['PENDING_CONFIRMATION', 'CONFIRMED']),
  confirmed: z.object({ ...account, proposalId: z.string().optional(), proposedBy: z.string(), proposedAt: z.string().default(''), confirmedBy: z.string(), confirmedAt: z.string() }).nullable(),
  pending: z.object({ ...account, proposalId: z.string().optional(), proposedBy: z.string(), proposedAt: z.string() }).nullable(),
  history: z.array(z.object({ kind: z.enum(['PROPOSED', 'CONFIRMED']), proposalId: z.string().default('pp-unknown'), account: z.object(account), by: z.string(), at: z.string() })),
  version: z.number().int().min(1),
}).transform((p): Payee => {
  const key = { jurisdiction: p.jurisdiction, recipientId: p.recipientId };
  type Stored = PayeeAccount & { proposalId?: string | undefined; proposedBy: string; proposedAt: string };
  const idOf = (x: Stored) => x.proposalId ?? proposalIdOf(key, 0, x);
  return {
    ...p,
    confirmed: p.confirmed && { ...p.confirmed, proposalId: idOf(p.confirmed) },
    pending: p.pending && { ...p.pending, proposalId: idOf(p.pending) },
  };
}));

export const parsePayee = (item: Item): Payee => readItem(payeeSchema(), item, 'payee');

export type PayeeResult = { readonly ok: true; readonly value: Payee } | Failure;

export function payees(core: StoreCore) {
  const get = async (jurisdiction: string, recipientId: string): Promise<Payee | null> => {
    const item = await core.get(keys.payee(jurisdiction, recipientId));
    return item === null ? null : parsePayee(item);
  };

  /** Runs a payee decider and writes its result under the version read; a lost race plans again. */
  type Decide = (before: Payee | null, now: Date) => { ok: true; payee: Payee } | Failure;
  const change = (name: string, key: { jurisdiction: string; recipientId: string }, decide: Decide) =>
    core.transact<PayeeResult>(name, async () => {
      const before = await get(key.jurisdiction, key.recipientId);
      const decided = decide(before, core.clock());
      if (!decided.ok) return { done: decided };
      const item = { ...keys.payee(key.jurisdiction, key.recipientId), itemType: 'payee', ...decided.payee };
      const write = [before === null ? core.put(item, 'attribute_not_exists(pk)') : core.put(item, 'version = :v', { ':v': before.version })];
      return { write, result: { ok: true, value: decided.payee } };
    });

  return {
    getPayee: get,
    proposePayee: (key: { jurisdiction: string; recipientId: string }, principal: Principal, input: PayeeAccount) =>
      change('proposePayee', key, (before, now) => proposePayee(before, key, principal, input, { now, historyMax: LIMITS.payments.payeeHistoryMax })),
    /** Confirms the pending proposal named by `proposalId` (dual control: another officer than its proposer). */
    confirmPayee: (key: { jurisdiction: string; recipientId: string }, principal: Principal, proposalId: string) =>
      change('confirmPayee', key, (before, now) => confirmPayee(before, principal, { now, historyMax: LIMITS.payments.payeeHistoryMax }, proposalId)),
    /** The payees of many recipients of one jurisdiction, in one or a few BatchGetItem calls. */
    getPayees: async (jurisdiction: string, recipientIds: readonly string[]): Promise<Map<string, Payee>> => {
      const unique = [...new Set(recipientIds)];
      const found = await core.getMany(unique.map((id) => keys.payee(jurisdiction, id)));
      const out = new Map<string, Payee>();
      for (const id of unique) {
        const item = found.get(keyOf(keys.payee(jurisdiction, id)));
        if (item !== undefined) out.set(id, parsePayee(item));
      }
      return out;
    },
  };
}
