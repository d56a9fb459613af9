/**
 * What finance reports upward (CONTRACT §6, issue 22): a jurisdiction-year's budget execution (JSON, CSV of one
 * table, or an xlsx of all of them) and the awards past their time limit (JSON, CSV, xlsx). Read by the approvers,
 * officers and budget admins of the jurisdiction, and by auditors.
 */
import { overdueList } from '../../shared/app/overdue';
import { EXECUTION_TABLES, executionTables, executionView, overdueTable } from '../../shared/domain/report-tables';
import { catalogJurisdictions } from '../../shared/domain/catalog';
import { ReportTooLargeError } from '../../shared/store/store';
import type { ApiDeps } from './deps';
import { fileAnswer } from './exports';
import { type Handler, HttpError, allow, json, parse } from './http';
import { moreSchemas } from '../../shared/contract/requests';
import type { ReportRoute } from '../../shared/contract/routes';
import type { Exact } from '../../shared/contract/common';
import type { OverdueReportAnswer, ShortAwardAnswer } from '../../shared/contract/answers/reports';
import type { OverdueList } from '../../shared/app/overdue';
import { maskedAward } from './views';
import type { Award } from '../../shared/domain/awards';
import { LIMITS } from '../../shared/limits';

/** What the overdue list and the queue's 超期未办 show of an award: who, what for, how much, where it stands. */
function shortView(a: Award) {
  const { awardId, jurisdiction, policyId, policyVersion, ruleId, clause, reference, amountFen, status } = a;
  const { approvals, approvalsRequired, createdAt, hold, publicity, fiscalYear } = a;
  return {
    awardId, jurisdiction, policyId, policyVersion, ruleId, clause, reference, amountFen, status,
    approvalsRequired, createdAt, fiscalYear, publicity,
    recipient: a.recipient, hold: hold === null ? null : { reason: hold.reason, since: hold.since, by: hold.by },
    // Who approved and when, without their comments (up to 2,000 characters each: re-check N1).
    approvals: approvals.map((x) => ({ by: x.by, at: x.at, decision: x.decision, comment: '' })),
  };
}

export function reportRoutes(deps: ApiDeps): Record<ReportRoute, Handler> {
  const { store, catalog } = deps;
  // A code no policy pays from has no report: 404, not a page of zeros that reads as "nothing was spent" (L1).
  const knownJurisdiction = (j: string) => {
    if (!catalogJurisdictions(catalog).includes(j)) throw new HttpError('NOT_FOUND', `no policy in the catalog pays from ${j}: it has no budget to report`);
  };
  return {
    'GET /reports/budget-execution': async (event, principal) => {
      const q = parse(moreSchemas.executionQuery, event.queryStringParameters ?? {}, 'query');
      allow(principal, { kind: 'read-reports', jurisdiction: q.jurisdiction });
      knownJurisdiction(q.jurisdiction);
      if (q.table !== undefined && q.format !== 'csv') throw new HttpError('VALIDATION', 'query: table chooses the one table of a CSV answer (format=csv); JSON and xlsx carry every table');
      let execution;
      try {
        execution = await store.budgetExecution(q.jurisdiction, q.year);
      } catch (error) {
        if (error instanceof ReportTooLargeError) throw new HttpError(error.kind === 'time' ? 'UNAVAILABLE' : 'CONFLICT', error.message);
        throw error;
      }
      const name = `budget-execution-${q.jurisdiction}-${q.year}`;
      if (q.format === 'csv' || q.format === 'xlsx') {
        const tables = executionTables(execution, catalog);
        // Which state of the ledger the file shows, in its name and its headers: a CSV of one table has no room for it (M5).
        const file = `${q.format === 'csv' ? `${name}-${q.table ?? 'clause'}` : name}-seq${execution.throughSeq}`;
        const answer = fileAnswer(q.format, file, q.format === 'csv' ? [tables[q.table ?? 'clause']] : EXECUTION_TABLES.map((t) => tables[t]));
        return { ...answer, headers: { ...answer.headers, 'x-ledger-through-seq': String(execution.throughSeq), 'x-report-as-of': store.clock().toISOString() } };
      }
      return json(200, { ...executionView(execution, catalog), asOf: store.clock().toISOString() });
    },
    'GET /reports/overdue': async (event, principal) => {
      const q = parse(moreSchemas.overdueQuery, event.queryStringParameters ?? {}, 'query');
      allow(principal, { kind: 'read-reports', jurisdiction: q.jurisdiction });
      knownJurisdiction(q.jurisdiction);
      const now = store.clock();
      const list = await overdueList(store, q.jurisdiction, now);
      // A list shows a person's number masked, to everyone (ADR 009: whole only in the answer about that one award), and
      // of each award what the list shows (H2: whole awards made the answer pass Lambda's 6 MB at 4,000 of them).
      const max = q.format === 'csv' || q.format === 'xlsx' ? LIMITS.reports.exportRowsMax : LIMITS.reports.overdueItemsMax;
      const shown = list.items.slice(0, max).map(({ overdue, award }) => ({ overdue, award: shortView(maskedAward(award)) }));
      const complete = list.complete && shown.length === list.items.length;
      if (q.format === 'csv' || q.format === 'xlsx') {
        const hint = 'ask for the xlsx (smaller than the CSV), or clear the oldest overdue awards first';
        return fileAnswer(q.format, `overdue-${q.jurisdiction}`, [overdueTable(shown, catalog)], complete ? null : { rows: shown.length, nextCursor: null }, hint);
      }
      return json(200, { ...list, items: shown, total: list.items.length, complete, asOf: now.toISOString() });
    },
  };
}

// The overdue report is the app's list with the short view of each award, field for field (the app reads the store).
type OverdueAsAnswered = Omit<OverdueList, 'items'> & {
  readonly items: ReadonlyArray<{ readonly overdue: OverdueList['items'][number]['overdue']; readonly award: ReturnType<typeof shortView> }>;
  readonly total: number;
  readonly asOf: string;
};
const _answersAreTheContracts: [Exact<ShortAwardAnswer, ReturnType<typeof shortView>>, Exact<OverdueReportAnswer, OverdueAsAnswered>] = [true, true];
