/**
 * Awards on hold (CONTRACT §6, version 3): not payable until an officer decides. A hold reserves no budget; released,
 * the award goes on as a new one would: its amount set, its reservation made (or its place in the budget queue), and
 * then approval. Issue 20 places one hold, SECOND_LEAD_CLAIM (每个项目 pays one lead per project); the controls of
 * issue 21 (objections, the credit list, caps, a manual hold) place the others through the same two deciders.
 */
import { type ApprovalConfig, routeApproval } from './approval';
import { type Award, type BudgetView, type Change, type Decided, canReserve, draft, fail, newAward, next } from './awards';
import type { Hold } from './hold';
import { type Principal, authorize } from './authz';
import type { ComputedAward } from './engine';
import { move } from './ledger';
import { formatYuan } from './money';
import { saysNothing } from './identity';
import { andThen } from './note-text';

/** Who places the holds intake places: the system, whose holds any officer of the jurisdiction may release. */
export const SYSTEM_HOLDER = 'award-intake';

/** The holders that are the system, not an officer: intake, the credit-list check, the annual cap (controls.ts). */
export const SYSTEM_HOLDERS: ReadonlySet<string> = new Set([SYSTEM_HOLDER, 'credit-list', 'annual-cap']);

/** A new award recorded ON_HOLD: its amount as computed, nothing reserved, the reason kept on it and in the ledger. */
export function recordHeldAward(computed: ComputedAward, context: { now: Date; hold: Hold }): Change {
  const { hold } = context;
  const award: Award = { ...newAward(computed, context.now), status: 'ON_HOLD', hold };
  const note = andThen(`recorded on hold (${hold.reason}): ${hold.note}`, computed.basis);
  return { award, draft: draft(award, { type: 'RECORDED', actor: hold.by, eventId: computed.eventId, note, amountFen: 0, postings: [] }, 'ON_HOLD'), queue: null };
}

/**
 * An officer of the award's jurisdiction releases a hold, with a written basis: any officer when the system placed
 * it, another officer than the one who placed it otherwise. An objection is decided, not released (issue 21).
 */
export function releaseHold(
  award: Award,
  principal: Principal,
  command: { basis: string },
  context: { now: Date; budget: BudgetView; config: ApprovalConfig },
): Decided {
  const allowed = authorize(principal, { kind: 'release-hold', jurisdiction: award.jurisdiction });
  if (!allowed.ok) return fail('FORBIDDEN', allowed.reason);
  if (award.status !== 'ON_HOLD' || award.hold === null) return fail('CONFLICT', `award is ${award.status}; only an ON_HOLD award is released`);
  const { hold } = award;
  if (hold.reason === 'OBJECTION') return fail('CONFLICT', 'an objection is decided (upheld or dismissed), not released');
  if (!SYSTEM_HOLDERS.has(hold.by) && hold.by === principal.user) return fail('FORBIDDEN', `dual control: ${principal.user} placed this hold, so another officer must release it`);
  if (hold.importedBy?.includes(principal.user) === true) {
    return fail('FORBIDDEN', `dual control: ${principal.user} imported a credit-list entry that holds this award, so another officer must release it`);
  }
  if (hold.released !== null) return fail('CONFLICT', `this hold was already released by ${hold.released.by}`);
  const basis = command.basis.trim();
  if (saysNothing(basis)) return fail('VALIDATION', 'basis must say on what the release rests');
  const note = `hold ${hold.reason} released by ${principal.user}: ${basis}`;
  const common = { type: 'HOLD_RELEASED' as const, actor: principal.user, eventId: null, note };
  // The entries or the cap a release rests on do not hold the award again; a listing imported later does.
  const overrides: Partial<Award> = hold.reason === 'CREDIT_LISTED'
    ? { creditOverrides: [...new Set([...award.creditOverrides, ...(hold.entryIds ?? [])])] }
    : hold.reason === 'CAP_EXCEEDED' ? { capOverride: principal.user } : {};
  const released: Partial<Award> = { ...overrides, hold: { ...hold, released: { by: principal.user, at: context.now.toISOString(), basis } } };
  if (award.amountFen === null) {
    const updated = next(award, 'AMOUNT_REQUIRED', context.now, released);
    return { ok: true, change: { award: updated, draft: draft(updated, { ...common, amountFen: 0, postings: [] }, 'AMOUNT_REQUIRED'), queue: null } };
  }
  const amountFen = award.amountFen;
  const { approvalsRequired } = routeApproval({ jurisdiction: award.jurisdiction, amountFen }, context.config);
  if (canReserve(context.budget, amountFen)) {
    const updated = next(award, 'PENDING_APPROVAL', context.now, { ...released, approvalsRequired });
    const reserved = andThen(note, `${formatYuan(amountFen)} reserved`);
    return { ok: true, change: { award: updated, draft: draft(updated, { ...common, note: reserved, amountFen, postings: move('available', 'reserved', amountFen) }, 'PENDING_APPROVAL'), queue: null } };
  }
  const updated = next(award, 'AWAITING_BUDGET', context.now, { ...released, approvalsRequired });
  return { ok: true, change: { award: updated, draft: draft(updated, { ...common, amountFen, postings: [] }, 'AWAITING_BUDGET'), queue: 'enqueue' } };
}
