/**
 * What-if simulations (CONTRACT §3, version 2): replay the facts received in a period under a draft catalog. POST
 * validates the draft as the catalog in force is validated and starts the job (shared/app/simulation.ts); GET answers
 * its status, progress, the summary per jurisdiction-year once done, and the recipients a page at a time, largest
 * difference first (JSON, or CSV with the next page's cursor in a header).
 */
import { parseDraftCatalog } from '../../shared/app/draft-catalog';
import { reportedStatus, startSimulation } from '../../shared/app/simulation';
import { isAuditor, simulationJurisdictions } from '../../shared/domain/authz';
import type { RecipientItem } from '../../shared/domain/whatif';
import { LIMITS } from '../../shared/limits';
import type { Simulation } from '../../shared/store/store';
import type { ApiDeps } from './deps';
import { fileAnswer, readPages } from './exports';
import { whatifTable } from '../../shared/domain/report-tables';
import { CSV_CONTENT_TYPE, csvDocument } from '../../shared/adapters/files/csv';
import { type Handler, HttpError, allow, body, json, parse } from './http';
import { moreSchemas } from '../../shared/contract/requests';
import type { SimulationRoute } from '../../shared/contract/routes';
import type { Exact } from '../../shared/contract/common';
import type { SimulationAnswer, SimulationStarted } from '../../shared/contract/answers/simulations';

const CSV_COLUMNS = ['recipientId', 'kind', 'name', 'number', 'currentFen', 'simulatedFen', 'deltaFen', 'awards'] as const;

/** The recipients as CSV: a person's number masked as everywhere else; each award `rule jurisdiction/year current>simulated`. */
export function simulationCsv(items: readonly RecipientItem[]): string {
  const cells = (item: RecipientItem) => {
    const { recipient } = item;
    const awards = item.awards.map((a) => `${a.ruleId} ${a.jurisdiction}/${a.fiscalYear} ${a.currentFen ?? '-'}>${a.simulatedFen ?? '-'}`).join('; ');
    const number = recipient.kind === 'individual' ? recipient.idNumber : recipient.uscc;
    return [item.recipientId, recipient.kind, recipient.name, number, item.currentFen, item.simulatedFen, item.deltaFen, awards];
  };
  return csvDocument(CSV_COLUMNS, items.map(cells));
}

/** The simulation as GET answers it (but its items): the summary only once it is complete. */
function view(simulation: Simulation, now: Date) {
  const { status, reason } = reportedStatus(simulation, now);
  const { simulationId, startedBy, startedAt, updatedAt, from, to, jurisdictions, catalogHash, progress } = simulation;
  return {
    simulationId, status, ...(reason === null ? {} : { reason }), startedBy, startedAt, updatedAt, from, to, jurisdictions, catalogHash,
    progress: { phase: progress.phase, events: progress.events, facts: progress.facts, skipped: progress.skipped, recipients: progress.recipients },
    summary: status === 'DONE' ? simulation.summary : [],
  };
}

export function simulationRoutes(deps: ApiDeps): Record<SimulationRoute, Handler> {
  const { store } = deps;
  return {
    'POST /simulations': async (event, principal) => {
      const b = parse(moreSchemas.simulationBody, body(event, LIMITS.whatif.bodyBytesMax), 'body');
      // Without a list, finance simulates its own jurisdictions and an auditor every one.
      const jurisdictions = b.jurisdictions ?? (isAuditor(principal) ? null : simulationJurisdictions(principal));
      allow(principal, { kind: 'run-simulation', jurisdictions });
      const draft = parseDraftCatalog(b.catalog);
      if (!draft.ok) throw new HttpError('VALIDATION', draft.reason);
      // The draft is kept whole in the simulation's item, which DynamoDB bounds at 400 KB.
      const bytes = Buffer.byteLength(JSON.stringify({ policies: draft.catalog.policies }), 'utf8');
      if (bytes > LIMITS.whatif.catalogBytesMax) throw new HttpError('PAYLOAD_TOO_LARGE', `the draft catalog is ${bytes} bytes; at most ${LIMITS.whatif.catalogBytesMax}`);
      if (deps.simulations === undefined) throw new HttpError('UNAVAILABLE', 'this deployment has no simulations queue');
      const input = { startedBy: principal.user, from: b.from, to: b.to, jurisdictions, catalog: draft.catalog };
      const simulation = await startSimulation({ store, queue: deps.simulations }, input);
      return json(200, { simulationId: simulation.simulationId, status: simulation.status });
    },
    'GET /simulations/{simulationId}': async (event, principal) => {
      const q = parse(moreSchemas.simulationQuery, event.queryStringParameters ?? {}, 'query');
      const simulationId = event.pathParameters?.simulationId ?? '';
      const simulation = await store.simulations.get(simulationId);
      if (simulation === null) throw new HttpError('NOT_FOUND', `no simulation ${simulationId}`);
      allow(principal, { kind: 'read-simulation', startedBy: simulation.startedBy });
      if (q.format === 'xlsx') {
        const read = await readPages(
          q.cursor ?? null,
          (cursor) => store.simulations.listItems(simulationId, { limit: LIMITS.whatif.itemsPageMax, cursor }),
        );
        return fileAnswer('xlsx', `whatif-${simulationId}`, [whatifTable(read.items)], read.stop);
      }
      const page = await store.simulations.listItems(simulationId, { limit: q.limit, cursor: q.cursor ?? null });
      if (q.format === 'csv') {
        const headers = {
          'content-type': CSV_CONTENT_TYPE,
          'content-disposition': `attachment; filename="whatif-${simulationId}.csv"`,
          ...(page.cursor ? { 'x-next-cursor': page.cursor } : {}),
        };
        return { statusCode: 200, headers, body: simulationCsv(page.items) };
      }
      return json(200, { ...view(simulation, store.clock()), items: page.items, cursor: page.cursor });
    },
  };
}

// The contract's answers are the store's simulation as the routes answer it, field for field (the store loads node:*).
const _answersAreTheContracts: [
  Exact<SimulationStarted, Pick<Simulation, 'simulationId' | 'status'>>,
  Exact<SimulationAnswer, ReturnType<typeof view> & { readonly items: readonly RecipientItem[]; readonly cursor: string | null }>,
] = [true, true];
