/**
 * The auditor's routes of the HTTP API: the ledger (paged JSON or CSV), its verification in steps, quarantined
 * events, what became of one event, revocations, and the policies in force.
 */
import { CSV_CONTENT_TYPE, csvDocument } from '../../shared/adapters/files/csv';
import { catalogJurisdictions } from '../../shared/domain/catalog';
import type { LedgerEntry } from '../../shared/domain/ledger';
import type { ApiDeps } from './deps';
import { type Handler, HttpError, allow, json, parse, whereNumbersAreSeen } from './http';
import type { AuditRoute } from '../../shared/contract/routes';
import type { Exact } from '../../shared/contract/common';
import type * as answers from '../../shared/contract/answers/audit';
import type { EventOutcome, JurisdictionVerification, Rejection, Revocation, VerifyProgress } from '../../shared/store/store';
import { recipientQuery, schemas } from '../../shared/contract/requests';
import { LIMITS } from '../../shared/limits';

const CSV_COLUMNS = ['jurisdiction', 'seq', 'at', 'type', 'fiscalYear', 'awardId', 'recipientId', 'amountFen', 'statusAfter', 'actor', 'eventId', 'postings', 'note', 'prevHash', 'hash'] as const;

/** A page of the ledger as CSV (shared/adapters/files/csv.ts: byte-order mark, formulas made inert, identity numbers masked). */
export function ledgerCsv(entries: readonly LedgerEntry[]): string {
  return csvDocument(CSV_COLUMNS, entries.map((e) => CSV_COLUMNS.map((c) => (c === 'postings' ? e.postings.map((p) => `${p.account}:${p.deltaFen}`).join(' ') : e[c]))));
}

/** A verification step as the API answers it: CONTRACT §3's `{ ok, entries, head }` once a chain is done. */
function verification(progress: VerifyProgress, jurisdiction: string | undefined) {
  const complete = progress.cursor === null;
  if (jurisdiction !== undefined) {
    const [done] = progress.finished;
    if (done !== undefined) return { ...done, complete, cursor: progress.cursor };
    return { jurisdiction, ok: true, entries: progress.current?.entries ?? 0, head: progress.current?.head, complete, cursor: progress.cursor };
  }
  const entries = progress.finished.reduce((n, r) => n + r.entries, 0);
  return { ok: progress.ok, entries, jurisdictions: progress.finished, current: progress.current, complete, cursor: progress.cursor };
}

export function auditRoutes(deps: ApiDeps): Record<AuditRoute, Handler> {
  const { store, catalog } = deps;
  return {
    'GET /ledger': async (event, principal) => {
      allow(principal, { kind: 'read-ledger' });
      const q = parse(schemas.ledgerQuery, event.queryStringParameters ?? {}, 'query');
      const asked = q.jurisdiction !== undefined ? [q.jurisdiction] : catalogJurisdictions(catalog);
      const jurisdictions = q.idNumber === undefined ? asked : whereNumbersAreSeen(principal, asked);
      const recipientId = recipientQuery(q, deps.personKey);
      const query = { jurisdictions, recipientId, from: q.from, to: q.to };
      if (q.format === 'xlsx') {
        // Loaded with the first workbook, not at cold start (issue 24).
        const { fileAnswer, readPages, ledgerTable } = await import('./later');
        const read = await readPages(q.cursor ?? null, (cursor) => store.listLedger({ ...query, limit: LIMITS.store.ledgerPageMax, cursor }));
        return fileAnswer('xlsx', 'ledger', [ledgerTable(read.items)], read.stop);
      }
      const page = await store.listLedger({ ...query, limit: q.limit, cursor: q.cursor ?? null });
      if (q.format === 'csv') {
        // One page per request, as JSON: the next page's cursor travels in a header, beside the CSV.
        const headers = { 'content-type': CSV_CONTENT_TYPE, 'content-disposition': 'attachment; filename="ledger.csv"', ...(page.cursor ? { 'x-next-cursor': page.cursor } : {}) };
        return { statusCode: 200, headers, body: ledgerCsv(page.items) };
      }
      return json(200, { items: page.items, cursor: page.cursor });
    },
    'GET /ledger/verify': async (event, principal) => {
      allow(principal, { kind: 'read-ledger' });
      const q = parse(schemas.verifyQuery, event.queryStringParameters ?? {}, 'query');
      const jurisdictions = q.jurisdiction !== undefined ? [q.jurisdiction] : catalogJurisdictions(catalog);
      return json(200, verification(await store.verifyStep(jurisdictions, q.cursor ?? null), q.jurisdiction));
    },
    'GET /rejections': async (event, principal) => {
      allow(principal, { kind: 'read-rejections' });
      const q = parse(schemas.pageQuery, event.queryStringParameters ?? {}, 'query');
      const page = await store.listRejections({ limit: q.limit, cursor: q.cursor ?? null });
      return json(200, { items: page.items, cursor: page.cursor });
    },
    'GET /events/{eventId}': async (event, principal) => {
      allow(principal, { kind: 'read-rejections' });
      const eventId = event.pathParameters?.eventId ?? '';
      const outcome = await store.getEventOutcome(eventId);
      if (outcome?.kind === 'revocation') return json(200, { eventId, outcome, revocation: await store.getRevocation(eventId) });
      if (outcome !== null) return json(200, { eventId, outcome });
      const rejection = await store.getRejection(eventId);
      if (rejection !== null) return json(200, { eventId, outcome: { kind: 'rejected', eventId, reason: rejection.reason, receivedAt: rejection.receivedAt } });
      throw new HttpError('NOT_FOUND', `no outcome for event ${eventId} (not received, or not yet recorded)`);
    },
    'GET /revocations': async (event, principal) => {
      allow(principal, { kind: 'read-revocations' });
      const q = parse(schemas.revocationsQuery, event.queryStringParameters ?? {}, 'query');
      const page = await store.listRevocations({ state: q.state, limit: q.limit, cursor: q.cursor ?? null });
      return json(200, { items: page.items, cursor: page.cursor });
    },
    'GET /policies': async (_event, principal) => {
      allow(principal, { kind: 'read-policies' });
      // The catalog as this deployment pays it: each jurisdiction's coverage, and the rules it has switched off.
      return json(200, { policies: catalog.policies, coverage: catalog.coverage ?? [], rulesOff: catalog.rulesOff ?? [] });
    },
  };
}

// The contract's answers are the store's records, field for field (the store loads node:*, the contract the browser).
const _answersAreTheContracts: [
  Exact<answers.RejectionAnswer, Rejection>, Exact<answers.RecordedOutcome, EventOutcome>, Exact<answers.RevocationAnswer, Revocation>,
  Exact<answers.ChainVerified, JurisdictionVerification>, Exact<answers.ChainUnderWay, NonNullable<VerifyProgress['current']>>,
] = [true, true, true, true, true];
