/**
 * An approver's decision on an award (CONTRACT §2): approve, up to the distinct approvals its tier needs (dual control),
 * or reject with a reason. Version 3: where the jurisdiction publishes its awards (公示), the final approval lists the
 * award on the public notice for its working days (IN_PUBLICITY) instead of making it payable at once.
 */
import assert from './assert';
import { type Principal, authorize } from './authz';
import { type Approval, type Award, type Decided, draft, fail, next, releaseBeforePayment } from './awards';
import { type OfficialCalendar, publicityPeriod } from './calendar';
import { saysNothing } from './identity';
import type { Status } from './lifecycle';
import { andThen } from './note-text';

/** The notice period of a jurisdiction: its working days (0: off) and the official calendar they are counted in. */
export interface PublicityRule {
  readonly workingDays: number;
  readonly calendar: OfficialCalendar;
}

/** The statuses an approver may still reject from: before approval, and held. */
const REJECTABLE: ReadonlySet<Status> = new Set(['AMOUNT_REQUIRED', 'AWAITING_BUDGET', 'PENDING_APPROVAL', 'ON_HOLD']);

export function decide(
  award: Award,
  principal: Principal,
  command: { decision: 'approve' | 'reject'; comment: string },
  context: { now: Date; publicity?: PublicityRule | null },
): Decided {
  const approvedBy = award.approvals.filter((a) => a.decision === 'approve').map((a) => a.by);
  const allowed = authorize(principal, {
    kind: 'decide',
    jurisdiction: award.jurisdiction,
    amountSetBy: command.decision === 'approve' ? award.amountSetBy : null,
    approvedBy: command.decision === 'approve' ? approvedBy : [],
    releasedBy: command.decision === 'approve' ? (award.hold?.released?.by ?? null) : null,
  });
  if (!allowed.ok) return fail('FORBIDDEN', allowed.reason);
  const approval: Approval = { by: principal.user, at: context.now.toISOString(), decision: command.decision, comment: command.comment };
  if (command.decision === 'reject') return reject(award, principal, approval, context.now);
  if (award.status !== 'PENDING_APPROVAL') return fail('CONFLICT', `award is ${award.status}; only a PENDING_APPROVAL award can be approved`);
  const required = award.approvalsRequired;
  assert.ok(required !== null && required >= 1, 'a pending award knows how many approvals it needs');
  assert.ok(approvedBy.length < required, 'a pending award has fewer approvals than it needs');
  const approvals = [...award.approvals, approval];
  const count = approvedBy.length + 1;
  const note = `approval ${count} of ${required} by ${principal.user}${command.comment ? `: ${command.comment}` : ''}`;
  const entry = { type: 'APPROVAL' as const, actor: principal.user, eventId: null, amountFen: 0, postings: [] };
  if (count < required) {
    const updated = next(award, 'PENDING_APPROVAL', context.now, { approvals });
    return { ok: true, change: { award: updated, draft: draft(updated, { ...entry, note }, 'PENDING_APPROVAL'), queue: null } };
  }
  const rule = context.publicity ?? null;
  if (rule === null || rule.workingDays === 0) {
    const updated = next(award, 'APPROVED', context.now, { approvals });
    return { ok: true, change: { award: updated, draft: draft(updated, { ...entry, note }, 'APPROVED'), queue: null } };
  }
  // A period the official calendar cannot count is refused, never guessed (ADR 015): the approval waits for the data.
  const period = publicityPeriod(rule.calendar, context.now, rule.workingDays);
  if (!period.ok) return fail('CONFLICT', `${period.reason}; the award stays PENDING_APPROVAL`);
  const publicity = { from: period.from, until: period.until };
  const updated = next(award, 'IN_PUBLICITY', context.now, { approvals, publicity });
  const listed = andThen(note, `listed on the public notice (公示) for ${rule.workingDays} working days, until the end of ${period.untilDate}`);
  return { ok: true, change: { award: updated, draft: draft(updated, { ...entry, note: listed }, 'IN_PUBLICITY'), queue: null } };
}

function reject(award: Award, principal: Principal, approval: Approval, now: Date): Decided {
  if (saysNothing(approval.comment)) return fail('VALIDATION', 'a rejection needs a comment that says why');
  if (!REJECTABLE.has(award.status)) return fail('CONFLICT', `award is ${award.status}; it can no longer be rejected`);
  if (award.status === 'ON_HOLD' && award.hold?.reason === 'OBJECTION') {
    return fail('CONFLICT', 'an objection is open: an officer decides it (upheld rejects the award)');
  }
  const release = releaseBeforePayment(award);
  const updated = next(award, 'REJECTED', now, { approvals: [...award.approvals, approval], waitSeq: null });
  const note = `rejected by ${principal.user}: ${approval.comment}`;
  return {
    ok: true,
    change: {
      award: updated,
      draft: draft(updated, { type: 'REJECTED', actor: principal.user, eventId: null, note, amountFen: release.amountFen, postings: release.postings }, 'REJECTED'),
      queue: release.queue,
    },
  };
}
