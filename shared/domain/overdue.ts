/**
 * Time limits on every step before money leaves, as finance departments keep them (issue 22; Dongbao's "2+1",
 * Jingmen's five working days, watched electronically as 电子监察): approval within N working days of recording, and
 * payment within M working days of the award becoming payable. Pure: the store reads the awards still on a step, this
 * says which are past their limit, by how many working days, and who holds the next step.
 *
 * Days are counted in China's official calendar (calendar.ts, the module publicity counts with): the due date is the
 * Nth working day after the day the step began, and the award is overdue from the first instant after that day ends
 * in China. A due date that falls in a year the calendar does not hold cannot be known: before that year begins the
 * award is certainly not overdue; from then on it is listed as unknown, with the reason, never guessed (ADR 015).
 */
import type { Award } from './awards';
import { type OfficialCalendar, isWorkingDay, workingDaysAfter } from './calendar';
import type { JurisdictionControls } from './controls';
import { chinaDate, chinaDayStart } from './time';
import { LIMITS } from '../limits';

export type Step = 'approval' | 'payment';

/** Who must act next, as a group name (CONTRACT §3's roles) or the bank, and what they must do, in both languages. */
export interface NextStep {
  readonly holder: string;
  readonly action: string;
}

export interface Overdue {
  readonly awardId: string;
  readonly step: Step;
  readonly status: Award['status'];
  /** When the step began (ISO instant): the recording, or the final approval or the end of the notice period. */
  readonly since: string;
  /** The last day of the limit (China date); null when the calendar does not hold its year. */
  readonly dueDate: string | null;
  /** Working days past the due date, today (China) included when it is one; null when the due date is unknown. */
  readonly workingDaysLate: number | null;
  /**
   * True when the count stopped at a year the calendar does not hold (or at LIMITS.reports.lateDaysCountedMax): the award is at
   * least `workingDaysLate` working days late (attack review of issue 22, M3).
   */
  readonly lateAtLeast: boolean;
  /** Why the due date is unknown; null when it is known. */
  readonly unknown: string | null;
  readonly next: NextStep;
}

/** The statuses of each step: before approval (its amount, its budget, its approvals, a hold) and before payment. */
export const APPROVAL_STEP: ReadonlySet<Award['status']> = new Set(['AMOUNT_REQUIRED', 'AWAITING_BUDGET', 'PENDING_APPROVAL', 'ON_HOLD']);
export const PAYMENT_STEP: ReadonlySet<Award['status']> = new Set(['APPROVED', 'PAYING', 'PAYMENT_FAILED', 'ON_HOLD']);
/** The statuses the overdue check reads, approval's first. */
export const STEP_STATUSES = ['AMOUNT_REQUIRED', 'AWAITING_BUDGET', 'PENDING_APPROVAL', 'ON_HOLD', 'APPROVED', 'PAYING', 'PAYMENT_FAILED'] as const;

/**
 * Which step an award is on and when it began. An objection under way belongs to the payment step (the award was
 * approved; its notice period is what the objection suspends), any other hold to approval (a hold releases the
 * approvals given). Null for an award on no step (in publicity, paid, rejected, voided).
 */
export function stepOf(award: Award): { step: Step; since: string } | null {
  if (award.status === 'ON_HOLD' && award.hold?.reason === 'OBJECTION') return { step: 'payment', since: payableSince(award) };
  if (APPROVAL_STEP.has(award.status)) return { step: 'approval', since: award.createdAt };
  if (PAYMENT_STEP.has(award.status)) return { step: 'payment', since: payableSince(award) };
  return null;
}

/** When an approved award became payable: the end of its notice period, or its final approval (the last one given). */
function payableSince(award: Award): string {
  if (award.publicity !== null) return award.publicity.until;
  const approved = award.approvals.filter((a) => a.decision === 'approve').at(-1);
  return approved?.at ?? award.updatedAt;
}

/** Who holds the next step of an award on a step. */
export function nextStep(award: Award): NextStep {
  const j = award.jurisdiction;
  switch (award.status) {
    case 'AMOUNT_REQUIRED':
      return { holder: `officer:${j}`, action: '核定金额 / set the amount' };
    case 'AWAITING_BUDGET':
      return { holder: `budget-admin:${j}`, action: '安排预算 / allocate budget' };
    case 'PENDING_APPROVAL': {
      const given = award.approvals.filter((a) => a.decision === 'approve').length;
      return { holder: `approver:${j}`, action: `审批（第 ${given + 1}/${award.approvalsRequired ?? 1} 人）/ approval ${given + 1} of ${award.approvalsRequired ?? 1}` };
    }
    case 'ON_HOLD':
      return award.hold?.reason === 'OBJECTION'
        ? { holder: `officer:${j}`, action: '裁决异议（非登记人）/ decide the objection (not its recorder)' }
        : { holder: `officer:${j}`, action: `处理暂缓（非暂缓人 ${award.hold?.by ?? ''}）/ release or reject the hold (not ${award.hold?.by ?? 'who placed it'})` };
    case 'APPROVED':
      return { holder: `officer:${j}`, action: '支付（收款账户确认、支付批次）/ pay (a confirmed payee, a payment batch)' };
    case 'PAYING':
      return { holder: 'bank', action: '银行回单 / the bank\'s answer to the payment file' };
    case 'PAYMENT_FAILED':
      return { holder: `officer:${j}`, action: '重新支付或裁决 / retry the payment or decide the dispute' };
    default:
      return { holder: `officer:${j}`, action: award.status };
  }
}

/** The limit of a step in a jurisdiction's controls, in working days; 0: none. */
export function limitOf(controls: JurisdictionControls, step: Step): number {
  return step === 'approval' ? controls.approvalWorkingDays : controls.paymentWorkingDays;
}

/**
 * Whether an award is past the limit of its step at `now`, and by how much; null when it is on no step, its step has
 * no limit, or it is within it.
 */
export function overdueOf(award: Award, controls: JurisdictionControls, cal: OfficialCalendar, now: Date): Overdue | null {
  const on = stepOf(award);
  if (on === null) return null;
  const days = limitOf(controls, on.step);
  if (days === 0) return null;
  const base = { awardId: award.awardId, step: on.step, status: award.status, since: on.since, next: nextStep(award) };
  const due = workingDaysAfter(cal, chinaDate(new Date(on.since)), days);
  if (!due.ok) {
    // The due date lies in (or beyond) a year the calendar does not hold: before that year starts, not yet overdue.
    if (now.toISOString() < chinaDayStart(`${due.year}-01-01`, 0)) return null;
    return { ...base, dueDate: null, workingDaysLate: null, lateAtLeast: false, unknown: due.reason };
  }
  const overdueFrom = chinaDayStart(due.date, 1);
  if (now.toISOString() < overdueFrom) return null;
  const late = countWorkingDays(cal, due.date, chinaDate(now));
  return { ...base, dueDate: due.date, workingDaysLate: late.days, lateAtLeast: !late.whole, unknown: null };
}

/**
 * Working days after `from` up to and including `to` (China dates, `from` before `to`), counted to at most
 * LIMITS.reports.lateDaysCountedMax; a day in a year the calendar does not hold ends the count, and `whole` says whether it did.
 */
export function countWorkingDays(cal: OfficialCalendar, from: string, to: string): { days: number; whole: boolean } {
  let count = 0;
  let day = from;
  for (let step = 0; step < LIMITS.reports.lateDaysCountedMax * 2; step++) {
    day = chinaDate(new Date(chinaDayStart(day, 1)));
    if (day > to) return { days: count, whole: true };
    const working = isWorkingDay(cal, day);
    if (typeof working !== 'boolean') return { days: count, whole: false };
    if (working) count++;
    if (count >= LIMITS.reports.lateDaysCountedMax) return { days: count, whole: false };
  }
  return { days: count, whole: false };
}

/** The working days of countWorkingDays, as a number (a lower bound where the count could not be whole). */
export function workingDaysBetween(cal: OfficialCalendar, from: string, to: string): number {
  return countWorkingDays(cal, from, to).days;
}

/** Oldest first: the earliest due date, then the earliest start; unknown due dates last. */
export function byUrgency(a: Overdue, b: Overdue): number {
  if (a.dueDate !== b.dueDate) return a.dueDate === null ? 1 : b.dueDate === null ? -1 : a.dueDate.localeCompare(b.dueDate);
  return a.since.localeCompare(b.since) || a.awardId.localeCompare(b.awardId);
}
