/**
 * The overdue list of a jurisdiction (issue 22): the awards past the time limit of their step, oldest first, with who
 * holds the next step. Read by GET /reports/overdue and by the daily check of the budget sweeper, which raises an
 * alarm when any award is overdue. Bounded per status (LIMITS.reports.overdueReadPerStatusMax); a list that stopped
 * early says so.
 */
import type { Award } from '../domain/awards';
import { controlsOf } from '../domain/controls';
import { APPROVAL_STEP, type Overdue, STEP_STATUSES, byUrgency, limitOf, overdueOf, stepOf } from '../domain/overdue';
import { LIMITS } from '../limits';
import type { AwardStore } from '../store/store';

export interface OverdueList {
  readonly jurisdiction: string;
  readonly approvalWorkingDays: number;
  readonly paymentWorkingDays: number;
  /** Each overdue award with its own state (what the list shows of it). */
  readonly items: ReadonlyArray<{ readonly overdue: Overdue; readonly award: Award }>;
  /** False when a status held more awards than the check reads: the list shows the oldest it read. */
  readonly complete: boolean;
  /** Of the items, those whose due date the calendar cannot give yet (a year it does not hold): not counted as late. */
  readonly unknown: number;
}

export async function overdueList(store: AwardStore, jurisdiction: string, now: Date): Promise<OverdueList> {
  const controls = controlsOf(store.controls, jurisdiction);
  const calendar = store.calendar;
  const items: Array<{ overdue: Overdue; award: Award }> = [];
  let complete = true;
  for (const status of STEP_STATUSES) {
    // A step without a limit has no overdue awards: its statuses are not read.
    const steps = status === 'ON_HOLD' ? ['approval', 'payment'] as const : APPROVAL_STEP.has(status) ? ['approval'] as const : ['payment'] as const;
    if (steps.every((s) => limitOf(controls, s) === 0)) continue;
    const on = (award: Award) => stepOf(award);
    // Within a status the awards come oldest recorded first: on the approval step (counted from the recording) the
    // first one within its limit means every later one is too. ON_HOLD mixes both steps, so it is read whole.
    const stop = (award: Award) => status !== 'ON_HOLD' && on(award)?.step === 'approval' && limitOf(controls, 'approval') > 0 && overdueOf(award, controls, calendar, now) === null;
    const read = await store.awardsOnStep(jurisdiction, status, LIMITS.reports.overdueReadPerStatusMax, stop);
    complete &&= read.complete;
    for (const award of read.awards) {
      const overdue = overdueOf(award, controls, calendar, now);
      if (overdue !== null) items.push({ overdue, award });
    }
  }
  items.sort((a, b) => byUrgency(a.overdue, b.overdue));
  const unknown = items.filter((i) => i.overdue.dueDate === null).length;
  return { jurisdiction, approvalWorkingDays: controls.approvalWorkingDays, paymentWorkingDays: controls.paymentWorkingDays, items, complete, unknown };
}
