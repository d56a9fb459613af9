/**
 * The answers of the reports routes (CONTRACT §6, issue 22): a jurisdiction-year's budget execution, and the awards
 * past the time limit of their step. Strict objects: a field a route adds without declaring it here breaks the
 * contract. The execution is proved here to be the domain's (shared/domain/report-tables.ts executionView, with the
 * instant it was read at); the overdue report is the app's (shared/app/overdue.ts, which reads the store) with the
 * route's short view of each award, proved in functions/api/report-routes.ts.
 */
import * as z from 'zod';
import { FLOWS, type Flow } from '../../domain/execution-tables';
import type { executionView } from '../../domain/report-tables';
import { lazy } from '../../lazy';
import { type Exact, count, deltaFen, fen, instant, jurisdiction } from '../common';
import { awardFields, awardItem } from './awards';
import { shownRecipient } from './simulations';

const text = () => z.string();
const month = () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).describe('YYYY-MM, China time');

// ------------------------------------------------------------------------------------------ GET /reports/budget-execution

const tally = () => z.strictObject({ count: count(), fen: fen() });
/** Every flow, each with its count and its sum. */
const flows = () => z.strictObject(Object.fromEntries(FLOWS.map((f) => [f, tally()])) as Record<Flow, ReturnType<typeof tally>>);
/** The net of the line's postings on each account that holds award money: a month's can be negative (a payment returned). */
const positions = () => z.strictObject({ reservedFen: deltaFen(), inTransitFen: deltaFen(), disbursedFen: deltaFen(), receivableFen: deltaFen() });
const POSITIONS = ['reservedFen', 'inTransitFen', 'disbursedFen', 'receivableFen'] as const;
const balances = () => z.strictObject({
  allocatedFen: fen(), availableFen: fen(), reservedFen: fen(), inTransitFen: fen(), disbursedFen: fen(), receivableFen: fen(),
});
const line = () => ({ flows: flows(), positions: positions() });
/** A clause of a policy, and the words beside its codes: the policy's title and the sentence the rule rests on. */
const clause = () => ({ policyId: text(), ruleId: text(), clause: text(), policy: text() });

/** GET /reports/budget-execution: the year's accounts from the ledger read through `throughSeq`, per clause, month and region. */
export const execution = lazy(() => z.strictObject({
  jurisdiction: jurisdiction(),
  jurisdictionName: text(),
  fiscalYear: z.number().int().min(2000).max(2999),
  throughSeq: count(),
  entries: count(),
  awards: count(),
  accounts: balances(),
  total: z.strictObject(line()),
  byClause: z.array(z.strictObject({ ...line(), ...clause(), citation: text() })),
  byMonth: z.array(z.strictObject({ ...line(), month: month(), closing: balances() })),
  byClauseMonth: z.array(z.strictObject({ ...line(), ...clause(), month: month() })),
  byRegion: z.array(z.strictObject({ ...line(), regionCode: z.string().regex(/^\d{6}$/), regionName: text() })),
  /** When the report was read. */
  asOf: instant(),
}).superRefine((e, ctx) => {
  if (e.entries > e.throughSeq) ctx.addIssue({ code: 'custom', message: 'no more entries than the ledger holds through throughSeq' });
  for (const p of POSITIONS) if (e.total.positions[p] !== e.accounts[p]) ctx.addIssue({ code: 'custom', path: ['total', 'positions', p], message: 'the total is the accounts\'' });
}));

// ------------------------------------------------------------------------------------------ GET /reports/overdue

/** What the overdue list shows of an award (H2): who, what for, how much, where it stands; the approvers' comments left out. */
const shortAward = () => {
  const a = awardFields(z.strictObject);
  const approval = a.approvals.element.extend({ comment: z.string().length(0) });
  return z.strictObject({
    awardId: a.awardId, jurisdiction: a.jurisdiction, policyId: a.policyId, policyVersion: a.policyVersion, ruleId: a.ruleId, clause: a.clause,
    reference: a.reference, amountFen: a.amountFen, status: a.status, approvalsRequired: a.approvalsRequired, createdAt: a.createdAt,
    fiscalYear: a.fiscalYear, publicity: a.publicity.unwrap(),
    recipient: shownRecipient(),
    hold: a.hold.unwrap().unwrap().pick({ reason: true, since: true, by: true }).nullable(),
    approvals: z.array(approval),
  });
};

/** GET /reports/overdue: the awards past their step's limit, most urgent first; `complete` false when the list stopped early. */
export const overdueReport = lazy(() => z.strictObject({
  jurisdiction: jurisdiction(),
  approvalWorkingDays: count(),
  paymentWorkingDays: count(),
  items: z.array(z.strictObject({ overdue: awardItem().shape.overdue.unwrap(), award: shortAward() })
    .refine((i) => i.overdue.awardId === i.award.awardId, { error: 'the overdue step is the award\'s' })),
  complete: z.boolean(),
  /** Of all the overdue awards, those whose due date the calendar cannot give yet. */
  unknown: count(),
  /** How many awards are overdue: more than `items` when the list was cut. */
  total: count(),
  asOf: instant(),
}).superRefine((r, ctx) => {
  if (r.items.length > r.total) ctx.addIssue({ code: 'custom', message: 'more items than the total' });
  if (r.complete && r.items.length !== r.total) ctx.addIssue({ code: 'custom', message: 'a complete list shows every overdue award' });
  if (r.unknown > r.total) ctx.addIssue({ code: 'custom', message: 'more unknown due dates than overdue awards' });
}));

export type ExecutionAnswer = z.output<ReturnType<typeof execution>>;
export type ExecutionLineAnswer = ExecutionAnswer['total'];
export type BalancesAnswer = ExecutionAnswer['accounts'];
export type OverdueReportAnswer = z.output<ReturnType<typeof overdueReport>>;
export type OverdueItemAnswer = OverdueReportAnswer['items'][number];
export type ShortAwardAnswer = OverdueItemAnswer['award'];

// The execution is the domain's, field for field, with the instant it was read at.
const _domainTypes: Exact<ExecutionAnswer, ReturnType<typeof executionView> & { readonly asOf: string }> = true;
