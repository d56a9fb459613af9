/**
 * Issue 22: the reports as the API answers them, the contract's (shared/contract/answers/reports.ts), imported as
 * types only.
 */
import type { AwardItem, OverdueAnswer } from '../../shared/contract/answers/awards';
import type { BalancesAnswer, ExecutionAnswer, ExecutionLineAnswer, OverdueReportAnswer, ShortAwardAnswer } from '../../shared/contract/answers/reports';

export type Flow = keyof ExecutionLineAnswer['flows'];
export type ExecutionLine = ExecutionLineAnswer;
export type Balances = BalancesAnswer;
export type ExecutionReport = ExecutionAnswer;
export type Overdue = OverdueAnswer;
export type OverdueReport = OverdueReportAnswer;
/** An award as the queue lists it: the whole award (GET /awards), or the overdue list's short view with its step (GET /reports/overdue). */
export type QueuedAward = ShortAwardAnswer & Partial<Pick<AwardItem, 'blockedBy' | 'overdue'>>;
