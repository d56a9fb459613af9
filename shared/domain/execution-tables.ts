/**
 * The names of the budget-execution report: its flows (execution.ts) and its tables (report-tables.ts), by the names a
 * query or an answer uses: a module of its own, so the contract's schemas name them without loading the report's code
 * (issue 24).
 */
export const FLOWS = ['recorded', 'approved', 'publicity', 'held', 'rejected', 'paid', 'returned', 'voided', 'clawedBack', 'repaid'] as const;
export type Flow = (typeof FLOWS)[number];

export const EXECUTION_TABLES = ['clause', 'month', 'clause-month', 'region', 'accounts'] as const;
export type ExecutionTable = (typeof EXECUTION_TABLES)[number];
