/**
 * What finance reports upward (CONTRACT §6, issue 22): a jurisdiction-year's budget execution (JSON, CSV of one
 * table, or an xlsx of all of them) and the awards past their time limit (JSON, CSV, xlsx). Read by the approvers,
 * officers and budget admins of the jurisdiction, and by auditors.
 */
import * as z from 'zod';
import { overdueList } from '../../shared/app/overdue';
import type { Principal } from '../../shared/domain/authz';
import { EXECUTION_TABLES, executionTables, executionView, overdueTable } from '../../shared/domain/report-tables';
import { REGION_CODE } from '../../shared/domain/region';
import { lazyRecord } from '../../shared/lazy';
import { ReportTooLargeError } from '../../shared/store/store';
import type { ApiDeps } from './app';
import { fileAnswer } from './exports';
import { type Event, HttpError, type Response, allow, json, parse } from './http';
import type { ApiRoute } from './routes';
import { maskedAward } from './views';

type Handler = (event: Event, principal: Principal) => Promise<Response>;
export type ReportRoute = Extract<ApiRoute, `GET /reports/${string}`>;

const jurisdiction = () => z.string({ error: 'is required: whose report (a 6-digit division code)' }).regex(REGION_CODE, { error: 'must be a 6-digit division code' });

export const reportSchemas = lazyRecord({
  executionQuery: () => z.strictObject({
    jurisdiction: jurisdiction(),
    year: z.coerce.number({ error: 'is required: the fiscal year' }).int({ error: 'must be a year such as 2026' }).min(2000, { error: 'must be a year from 2000' }).max(2999, { error: 'must be a year before 3000' }),
    format: z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).optional(),
    table: z.enum(EXECUTION_TABLES, { error: `must be one of ${EXECUTION_TABLES.join(', ')}` }).optional(),
  }),
  overdueQuery: () => z.strictObject({
    jurisdiction: jurisdiction(),
    format: z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).optional(),
  }),
});

export function reportRoutes(deps: ApiDeps): Record<ReportRoute, Handler> {
  const { store, catalog } = deps;
  return {
    'GET /reports/budget-execution': async (event, principal) => {
      const q = parse(reportSchemas.executionQuery, event.queryStringParameters ?? {}, 'query');
      allow(principal, { kind: 'read-reports', jurisdiction: q.jurisdiction });
      if (q.table !== undefined && q.format !== 'csv') throw new HttpError('VALIDATION', 'query: table chooses the one table of a CSV answer (format=csv); JSON and xlsx carry every table');
      let execution;
      try {
        execution = await store.budgetExecution(q.jurisdiction, q.year);
      } catch (error) {
        if (error instanceof ReportTooLargeError) throw new HttpError('CONFLICT', error.message);
        throw error;
      }
      const name = `budget-execution-${q.jurisdiction}-${q.year}`;
      if (q.format === 'csv' || q.format === 'xlsx') {
        const tables = executionTables(execution, catalog);
        return fileAnswer(q.format, q.format === 'csv' ? `${name}-${q.table ?? 'clause'}` : name, q.format === 'csv' ? [tables[q.table ?? 'clause']] : EXECUTION_TABLES.map((t) => tables[t]));
      }
      return json(200, { ...executionView(execution, catalog), asOf: store.core.clock().toISOString() });
    },
    'GET /reports/overdue': async (event, principal) => {
      const q = parse(reportSchemas.overdueQuery, event.queryStringParameters ?? {}, 'query');
      allow(principal, { kind: 'read-reports', jurisdiction: q.jurisdiction });
      const now = store.core.clock();
      const list = await overdueList(store, q.jurisdiction, now);
      // A list shows a person's number masked, to everyone (ADR 009: whole only in the answer about that one award).
      const items = list.items.map(({ overdue, award }) => ({ overdue, award: maskedAward(award) }));
      if (q.format === 'csv' || q.format === 'xlsx') {
        return fileAnswer(q.format, `overdue-${q.jurisdiction}`, [overdueTable(items, catalog)], list.complete ? null : { rows: items.length, nextCursor: null });
      }
      return json(200, { ...list, items, asOf: now.toISOString() });
    },
  };
}
