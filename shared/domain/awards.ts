/**
 * What happens to an award: pure deciders in the style of STYLE 2. Each takes the award as stored, a view of its
 * budget and the command, and returns the award's next state with the ledger entry that records it, or a named
 * business failure. The store (shared/store) reads the state, calls these, and writes the result in one
 * transaction; it decides nothing itself.
 */
import assert from './assert';
import { chinaDate } from './time';
import { type ApprovalConfig, routeApproval } from './approval';
import { type Principal, authorize } from './authz';
import type { ComputedAward } from './engine';
import { type EntryDraft, type Balances, move } from './ledger';
import { RESERVED_STATUSES, type Status, assertTransition } from './lifecycle';
import { formatYuan } from './money';
import { saysNothing } from './identity';
import { PERSON_KEY_PREFIX, redactIdNumbers } from './person';
import { maskPhoneNumbers } from './names';
import type { Hold } from './hold';
import type { BankAnswer, Dispute } from './bank';
import { andThen } from './note-text';

export interface Approval {
  readonly by: string;
  readonly at: string;
  readonly decision: 'approve' | 'reject';
  readonly comment: string;
}

/** A recorded award: what the engine computed, and where it stands now. */
export interface Award extends Omit<ComputedAward, 'status'> {
  readonly status: Status;
  readonly approvalsRequired: number | null;
  readonly approvals: readonly Approval[];
  readonly amountSetBy: string | null;
  readonly amountBasis: string | null;
  readonly fiscalYear: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number; // optimistic concurrency: every change increments it and is conditioned on the value read
  /** Ledger sequence number of the entry that queued it for budget, while AWAITING_BUDGET. */
  readonly waitSeq: number | null;
  readonly paymentId: string | null;
  /** The batches the award was sent in before `paymentId` (a payment retried), oldest first; [] when sent once. */
  readonly earlierPaymentIds: readonly string[];
  readonly repaidFen: number;
  /** The revocation that voided the award or opened its clawback; null while its fact stands. */
  readonly revokedBy: RevokedBy | null;
  /** What the bank last said about the award's payment (matched by reconciliation); null before any answer. */
  readonly bankAnswer: BankAnswer | null;
  /** Why the award is ON_HOLD (CONTRACT §6): kept after a release too, as what it was held for; null if never held. */
  readonly hold: Hold | null;
  /** A failed payment the bank then confirmed (disputes.ts): no retry until another officer decides; null otherwise. */
  readonly disputed: Dispute | null;
  // Who decided a dispute "not paid" (not to retry it, review S2), and who last retried it (not to decide, re-attack M2).
  readonly disputeClearedBy: string | null;
  readonly retriedBy: string | null;
  /** The notice period (公示) of its final approval, kept after it ends; null when publicity is off or not reached. */
  readonly publicity: Publicity | null;
  /** Written objections recorded during publicity, oldest first (objections.ts). */
  readonly objections: readonly Objection[];
  /** Credit-list entries an officer released a hold over, with a basis: they do not hold this award again. */
  readonly creditOverrides: readonly string[];
  /** Who released a CAP_EXCEEDED hold: the cap does not hold this award again. Null otherwise. */
  readonly capOverride: string | null;
}

export interface Publicity {
  /** When it was listed (the final approval), and the end of the Nth working day after it, China Standard Time. */
  readonly from: string;
  readonly until: string;
}

export interface Objection {
  readonly objectionId: string;
  /** The objector's real name and contact: personal data, shown whole to officers of the jurisdiction only. */
  readonly objectorName: string;
  readonly contact: string;
  readonly text: string;
  readonly evidenceRef: string | null;
  readonly recordedBy: string;
  readonly recordedAt: string;
  readonly decision: { readonly outcome: 'upheld' | 'dismissed'; readonly basis: string; readonly by: string; readonly at: string } | null;
}

export interface RevokedBy {
  readonly eventId: string;
  readonly reason: string;
}

/** The budget of the award's jurisdiction-year, as the decider needs it. */
export interface BudgetView {
  readonly balances: Balances;
  /** Awards waiting for budget in this jurisdiction-year: while any wait, newcomers queue behind them. */
  readonly waitingCount: number;
}

export type FailureCode = 'FORBIDDEN' | 'CONFLICT' | 'VALIDATION' | 'NOT_FOUND';

export interface Failure {
  readonly ok: false;
  readonly code: FailureCode;
  readonly message: string;
}

export interface Change {
  readonly award: Award;
  readonly draft: EntryDraft;
  /** Joins or leaves the budget queue of its jurisdiction-year. */
  readonly queue: 'enqueue' | 'dequeue' | null;
}

export type Decided = { readonly ok: true; readonly change: Change } | Failure;

export const fail = (code: FailureCode, message: string): Failure => ({ ok: false, code, message });

/** The fiscal year of an instant: the China Standard Time calendar year (DESIGN.md, "Budget"). */
export function fiscalYearOf(now: Date): number {
  return Number(chinaDate(now).slice(0, 4));
}

/** The ledger entry of a change to `award` (shared by the deciders here and in payments.ts). */
export function draft(award: Award, fields: Omit<EntryDraft, 'fiscalYear' | 'awardId' | 'recipientId' | 'statusAfter'>, statusAfter: Status): EntryDraft {
  // The ledger is read by every auditor and kept forever: a person appears in it only by the keyed id and masked.
  if (award.recipient.kind === 'individual') assert.ok(award.recipientId.startsWith(PERSON_KEY_PREFIX), 'a person is named in the ledger by the keyed id');
  // Notes are built from texts others wrote (a name, a reference, a reason): any identity number in them is masked here,
  // so nothing a sender writes can stop a step (issue 19, finding 3); the actor too (a login that is a number), so an
  // entry read back through any answer, where every text is masked, still hashes to what was written.
  // Telephone numbers too (an objector's contact copied into a hold note or a basis): masked but for the last four.
  const note = maskPhoneNumbers(redactIdNumbers(fields.note));
  const actor = redactIdNumbers(fields.actor);
  if (award.recipient.kind === 'individual') assert.ok(!note.includes(award.recipient.idNumber), 'a ledger note never holds an identity number');
  return { ...fields, note, actor, fiscalYear: award.fiscalYear, awardId: award.awardId, recipientId: award.recipientId, statusAfter };
}

/** The award in its next status, the transition checked against the lifecycle. */
export function next(award: Award, to: Status, now: Date, fields: Partial<Award>): Award {
  assertTransition(award.status, to);
  return { ...award, ...fields, status: to, updatedAt: now.toISOString(), version: award.version + 1 };
}

/** Whether an amount can be reserved now: the budget covers it and nobody waits ahead of it. */
export function canReserve(budget: BudgetView, amountFen: number): boolean {
  return budget.waitingCount === 0 && budget.balances.availableFen >= amountFen;
}

export function newAward(computed: ComputedAward, now: Date): Award {
  const { status: _computedStatus, ...computedFields } = computed;
  return {
    ...computedFields,
    status: 'AMOUNT_REQUIRED',
    approvalsRequired: null,
    approvals: [],
    amountSetBy: null,
    amountBasis: null,
    fiscalYear: fiscalYearOf(now),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
    waitSeq: null,
    paymentId: null,
    earlierPaymentIds: [],
    repaidFen: 0,
    revokedBy: null,
    bankAnswer: null,
    hold: null,
    disputed: null,
    disputeClearedBy: null,
    retriedBy: null,
    publicity: null,
    objections: [],
    creditOverrides: [],
    capOverride: null,
  };
}

/** A new award from the engine: reserved at once, waiting for budget, or waiting for its amount. */
export function recordAward(
  computed: ComputedAward,
  context: { now: Date; budget: BudgetView; config: ApprovalConfig; actor: string },
): Change {
  const { now, budget, config } = context;
  const base = newAward(computed, now);
  const common = { type: 'RECORDED' as const, actor: context.actor, eventId: computed.eventId, note: computed.basis };
  if (computed.amountFen === null) {
    return { award: base, draft: draft(base, { ...common, amountFen: 0, postings: [] }, 'AMOUNT_REQUIRED'), queue: null };
  }
  const amountFen = computed.amountFen;
  const { approvalsRequired } = routeApproval({ jurisdiction: computed.jurisdiction, amountFen }, config);
  if (canReserve(budget, amountFen)) {
    const award: Award = { ...base, status: 'PENDING_APPROVAL', approvalsRequired };
    return { award, draft: draft(award, { ...common, amountFen, postings: move('available', 'reserved', amountFen) }, 'PENDING_APPROVAL'), queue: null };
  }
  const award: Award = { ...base, status: 'AWAITING_BUDGET', approvalsRequired };
  return { award, draft: draft(award, { ...common, amountFen, postings: [] }, 'AWAITING_BUDGET'), queue: 'enqueue' };
}

/** A fact whose revocation came first (CONTRACT §1): its awards recorded VOIDED at once, reserving nothing. */
export function recordRevokedAward(computed: ComputedAward, context: { now: Date; revokedBy: RevokedBy }): Change {
  const { revokedBy } = context;
  const award: Award = { ...newAward(computed, context.now), status: 'VOIDED', revokedBy };
  const note = andThen(`recorded void: revoked by event ${revokedBy.eventId} before the fact (event ${computed.eventId ?? 'without id'}) arrived: ${revokedBy.reason}`, computed.basis);
  return { award, draft: draft(award, { type: 'VOIDED', actor: 'award-intake', eventId: revokedBy.eventId, note, amountFen: 0, postings: [] }, 'VOIDED'), queue: null };
}

/** Finance sets the amount of a "per regulation" award, with a written basis. */
export function setAmount(
  award: Award,
  principal: Principal,
  command: { amountFen: number; basis: string },
  context: { now: Date; budget: BudgetView; config: ApprovalConfig },
): Decided {
  const allowed = authorize(principal, { kind: 'set-amount', jurisdiction: award.jurisdiction });
  if (!allowed.ok) return fail('FORBIDDEN', allowed.reason);
  if (!Number.isSafeInteger(command.amountFen) || command.amountFen <= 0) {
    return fail('VALIDATION', `amountFen must be a positive whole number of fen, got ${command.amountFen}`);
  }
  if (saysNothing(command.basis)) return fail('VALIDATION', 'basis must say on what the amount rests');
  if (award.status !== 'AMOUNT_REQUIRED') return fail('CONFLICT', `award is ${award.status}; only an AMOUNT_REQUIRED award takes an amount`);
  const { amountFen } = command;
  // An amount the whole allocation cannot cover would wait at the head of the queue for good, and all behind it.
  const { allocatedFen } = context.budget.balances;
  if (amountFen > allocatedFen) {
    return fail('VALIDATION', `amountFen ${amountFen} (${formatYuan(amountFen)}) is more than the whole ${award.fiscalYear} allocation of ${award.jurisdiction} (${formatYuan(allocatedFen)}); a budget-admin must raise the allocation first`);
  }
  const { approvalsRequired } = routeApproval({ jurisdiction: award.jurisdiction, amountFen }, context.config);
  const fields = { amountFen, approvalsRequired, amountSetBy: principal.user, amountBasis: command.basis.trim() };
  const note = `amount ${formatYuan(amountFen)} set by ${principal.user}: ${command.basis.trim()}`;
  const common = { type: 'AMOUNT_SET' as const, actor: principal.user, eventId: null, note, amountFen };
  if (canReserve(context.budget, amountFen)) {
    const updated = next(award, 'PENDING_APPROVAL', context.now, fields);
    return { ok: true, change: { award: updated, draft: draft(updated, { ...common, postings: move('available', 'reserved', amountFen) }, 'PENDING_APPROVAL'), queue: null } };
  }
  const updated = next(award, 'AWAITING_BUDGET', context.now, fields);
  return { ok: true, change: { award: updated, draft: draft(updated, { ...common, postings: [] }, 'AWAITING_BUDGET'), queue: 'enqueue' } };
}

/** The head of the budget queue gets its reservation once the budget covers it. */
export function serveFromQueue(award: Award, context: { now: Date; budget: BudgetView }): Change | null {
  assert.equal(award.status, 'AWAITING_BUDGET', 'only a waiting award is served');
  const amountFen = award.amountFen;
  assert.ok(amountFen !== null && amountFen > 0, 'a waiting award has an amount');
  if (context.budget.balances.availableFen < amountFen) return null;
  const updated = next(award, 'PENDING_APPROVAL', context.now, { waitSeq: null });
  const note = `budget served: ${formatYuan(amountFen)} reserved`;
  return {
    award: updated,
    draft: draft(updated, { type: 'BUDGET_SERVED', actor: 'system', eventId: null, note, amountFen, postings: move('available', 'reserved', amountFen) }, 'PENDING_APPROVAL'),
    queue: 'dequeue',
  };
}

/**
 * Whether the award's amount sits in the reserved account: its reserved statuses, and an objection's hold (the one
 * hold that keeps the reservation of the approved award it suspends, so that an objection dismissed returns it to
 * publicity with its money, and one upheld releases exactly that money; ADR 016).
 */
export function holdsReservation(award: Pick<Award, 'status' | 'hold'>): boolean {
  return RESERVED_STATUSES.has(award.status) || (award.status === 'ON_HOLD' && award.hold?.reason === 'OBJECTION');
}

/** Releases what an award holds when it ends before payment: its reservation, or its place in the queue. */
export function releaseBeforePayment(award: Award): { postings: EntryDraft['postings']; queue: Change['queue']; amountFen: number } {
  if (holdsReservation(award)) {
    const amountFen = award.amountFen ?? 0;
    assert.ok(amountFen > 0, 'a reserved award has an amount');
    return { postings: move('reserved', 'available', amountFen), queue: null, amountFen };
  }
  return { postings: [], queue: award.status === 'AWAITING_BUDGET' ? 'dequeue' : null, amountFen: 0 };
}

/** A budget-admin sets the allocation of a jurisdiction-year; it cannot fall below what is already committed. */
export function allocate(
  principal: Principal,
  command: { jurisdiction: string; fiscalYear: number; allocatedFen: number },
  budget: BudgetView,
): { ok: true; draft: EntryDraft } | Failure {
  const allowed = authorize(principal, { kind: 'set-budget', jurisdiction: command.jurisdiction });
  if (!allowed.ok) return fail('FORBIDDEN', allowed.reason);
  if (!Number.isSafeInteger(command.allocatedFen) || command.allocatedFen < 0) {
    return fail('VALIDATION', `allocatedFen must be a whole number of fen, got ${command.allocatedFen}`);
  }
  const deltaFen = command.allocatedFen - budget.balances.allocatedFen;
  if (budget.balances.availableFen + deltaFen < 0) {
    return fail('CONFLICT', `the allocation cannot fall below the ${formatYuan(budget.balances.allocatedFen - budget.balances.availableFen)} already reserved, paid or receivable`);
  }
  const note = redactIdNumbers(`allocation of ${command.fiscalYear} set to ${formatYuan(command.allocatedFen)} by ${principal.user}`);
  const postings = deltaFen === 0 ? [] : deltaFen > 0 ? move('funding', 'available', deltaFen) : move('available', 'funding', -deltaFen);
  return {
    ok: true,
    draft: { type: 'ALLOCATED', fiscalYear: command.fiscalYear, awardId: null, recipientId: null, amountFen: Math.abs(deltaFen), postings, statusAfter: null, actor: redactIdNumbers(principal.user), eventId: null, note },
  };
}
