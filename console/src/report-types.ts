/**
 * Issue 22: the reports as the API answers them (shared/domain/execution.ts, overdue.ts and report-tables.ts on the
 * server; copied here until issue 23 gives the console one contract module it can import without node's types).
 */
import type { AnyAwardAnswer, OverdueAnswer } from '../../shared/contract/answers/awards';

export type Flow = 'recorded' | 'approved' | 'publicity' | 'held' | 'rejected' | 'paid' | 'returned' | 'voided' | 'clawedBack' | 'repaid';
export interface ExecutionLine {
  readonly flows: Readonly<Record<Flow, { readonly count: number; readonly fen: number }>>;
  readonly positions: { readonly reservedFen: number; readonly inTransitFen: number; readonly disbursedFen: number; readonly receivableFen: number };
}
export interface Balances {
  readonly allocatedFen: number;
  readonly availableFen: number;
  readonly reservedFen: number;
  readonly inTransitFen: number;
  readonly disbursedFen: number;
  readonly receivableFen: number;
}
export interface ExecutionReport {
  readonly jurisdiction: string;
  readonly jurisdictionName: string;
  readonly fiscalYear: number;
  readonly throughSeq: number;
  readonly entries: number;
  readonly awards: number;
  readonly asOf: string;
  readonly accounts: Balances;
  readonly total: ExecutionLine;
  readonly byClause: ReadonlyArray<ExecutionLine & {
    readonly policyId: string;
    readonly ruleId: string;
    readonly clause: string;
    readonly policy: string;
    readonly citation: string;
  }>;
  readonly byMonth: ReadonlyArray<ExecutionLine & { readonly month: string; readonly closing: Balances }>;
  readonly byRegion: ReadonlyArray<ExecutionLine & { readonly regionCode: string; readonly regionName: string }>;
}
export type Overdue = OverdueAnswer;
export interface OverdueReport {
  readonly jurisdiction: string;
  readonly approvalWorkingDays: number;
  readonly paymentWorkingDays: number;
  readonly complete: boolean;
  readonly asOf: string;
  readonly items: ReadonlyArray<{ readonly overdue: Overdue; readonly award: AnyAwardAnswer }>;
}
