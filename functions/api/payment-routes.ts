/**
 * The payment routes of the HTTP API (CONTRACT §3, version 2; ADR 010): payee accounts under dual control, payment
 * batches and their ISO 20022 files, bank files in, reconciliation exceptions. Each validates its input, asks the
 * store (whose deciders authorize writes), and masks what its caller may not see.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type Principal, officerJurisdictions, readableJurisdictions, seesAccountNumbers } from '../../shared/domain/authz';
import { catalogJurisdictions } from '../../shared/domain/catalog';
import { maskedPayee } from '../../shared/domain/payees';
import { idNumberProblem, redactIdNumbers } from '../../shared/domain/person';
import { usccProblem } from '../../shared/domain/uscc';
import { LIMITS } from '../../shared/limits';
import { batchSummary, paymentBatches } from '../../shared/store/payment-batches';
import type { ApiDeps } from './app';
import type { Handler } from './finance-routes';
import { type Event, HttpError, allow, body, json, parse, rawBody, unwrap } from './http';
import type { ApiRoute } from './routes';
import { schemas } from './schemas';
import { reconciliation } from '../../shared/store/reconcile';
import { type BankFile, readBankFile } from '../../shared/iso20022/bank-files';
import { INBOUND_PREFIX } from '../../shared/payment-layout';

export type PaymentRoute = Extract<ApiRoute, `${string} /payees${string}` | `${string} /payment-batches${string}` | `${string} /bank-files${string}` | `${string} /reconciliation${string}`>;

/** The jurisdiction and the recipient a payee path names; an identity number is keyed, never stored (ADR 009). */
function payeeKey(deps: ApiDeps, event: Event): { jurisdiction: string; recipientId: string } {
  const jurisdiction = parse(schemas.jurisdiction, event.pathParameters?.jurisdiction, 'jurisdiction');
  const raw = (event.pathParameters?.recipientId ?? '').toUpperCase();
  // An identity number first: about one in thirty-one all-digit identity numbers also passes the credit-code check,
  // and read as a credit code it would be kept whole in a key. A credit code is never a valid identity number (its
  // characters 7 to 14 are no birth date).
  if (idNumberProblem(raw, null) === null) return { jurisdiction, recipientId: deps.personKey.recipientIdOf(raw) };
  if (usccProblem(raw) === null) return { jurisdiction, recipientId: raw };
  throw new HttpError('VALIDATION', 'recipientId must be a unified social credit code or a resident identity number');
}

/** The jurisdictions whose batches a principal may list: officers and approvers their own, auditors all. */
function batchJurisdiction(deps: ApiDeps, principal: Principal, asked: string | undefined): string {
  const readable = readableJurisdictions(principal);
  const mine = readable === 'all' ? catalogJurisdictions(deps.catalog) : readable;
  const j = asked ?? (mine.length === 1 ? mine[0] : undefined);
  if (j === undefined) throw new HttpError('VALIDATION', `name a jurisdiction (one of ${mine.join(', ') || 'none you may read'})`);
  if (!mine.includes(j)) throw new HttpError('FORBIDDEN', `reading payment batches of ${j} needs officer:${j}, approver:${j} or auditor`);
  return j;
}

type PayeeRoute = Extract<PaymentRoute, `${string} /payees${string}`>;

/** Payee accounts: propose, confirm (another officer), read (masked but for officers). */
function payeeRoutes(deps: ApiDeps): Record<PayeeRoute, Handler> {
  const { store } = deps;
  return {
    'PUT /payees/{jurisdiction}/{recipientId}': async (event, principal) => {
      const key = payeeKey(deps, event);
      const b = parse(schemas.payeeBody, body(event), 'body');
      return json(200, unwrap(await store.payees.proposePayee(key, principal, b)));
    },
    'POST /payees/{jurisdiction}/{recipientId}/confirm': async (event, principal) => {
      // `{ "proposalId" }`, required: the proposal the officer reviewed, all of it; any other (a replacement made in
      // between, even of the same account number) is refused with 409 (CONTRACT §6, issue 19 finding 1).
      const b = parse(schemas.confirmBody, body(event), 'body');
      const payee = unwrap(await store.payees.confirmPayee(payeeKey(deps, event), principal, b.proposalId));
      return json(200, payee);
    },
    'GET /payees/{jurisdiction}/{recipientId}': async (event, principal) => {
      const key = payeeKey(deps, event);
      allow(principal, { kind: 'read-payee', jurisdiction: key.jurisdiction });
      const payee = await store.payees.getPayee(key.jurisdiction, key.recipientId);
      // Named as the caller may see it: an identity number is never repeated whole in an error (ADR 009).
      if (payee === null) throw new HttpError('NOT_FOUND', `no payee account for ${redactIdNumbers(event.pathParameters?.recipientId ?? '')} in ${key.jurisdiction}`);
      return json(200, seesAccountNumbers(principal, key.jurisdiction) ? payee : maskedPayee(payee));
    },
  };
}

/**
 * A bank file the API reconciles while its caller waits: within LIMITS.payments.bankFileSync*, well inside API
 * Gateway's 10 seconds. A larger one is refused (413) with the limit and where it goes instead: the payments bucket's
 * inbound/ prefix, from which bank-inbound reconciles it in steps, with its progress at GET /bank-files/{messageId}.
 */
async function syncBankFile(xml: string): Promise<BankFile> {
  const limits = { bytesMax: LIMITS.payments.bankFileSyncBytesMax, entriesMax: LIMITS.payments.bankFileSyncEntriesMax };
  const read = await readBankFile(xml, limits);
  if (read.ok) return read.file;
  if (read.limit === undefined) throw new HttpError('VALIDATION', read.reason);
  const where = `put it in the payments bucket under ${INBOUND_PREFIX} (on this machine: .data/payments/${INBOUND_PREFIX}), where bank-inbound reconciles it in steps, and follow it at GET /bank-files/{messageId}`;
  const found = read.limit.what === 'entries' ? `has ${read.limit.found} entries` : `is ${read.limit.found} bytes`;
  throw new HttpError('PAYLOAD_TOO_LARGE', `the bank file ${found}; the API reconciles at most ${limits.entriesMax} entries and ${limits.bytesMax} bytes while you wait: ${where}`);
}

/** Payment batches and their files, bank files in, reconciliation exceptions. */
function batchRoutes(deps: ApiDeps): Record<Exclude<PaymentRoute, PayeeRoute>, Handler> {
  const { store } = deps;
  const batches = paymentBatches(store.core, deps.paymentFiles);
  return {
    'POST /payment-batches': async (event, principal) => {
      const b = parse(schemas.batchBody, body(event), 'body');
      allow(principal, { kind: 'run-payments', jurisdiction: b.jurisdiction });
      const run = await batches.run(b.jurisdiction, principal.user);
      deps.metrics.addMetric('AwardsSentToBank', MetricUnit.Count, run.batches.reduce((n, x) => n + x.count, 0));
      const [first] = run.batches;
      const batch = first === undefined ? null : batchSummary(first);
      return json(200, { batch, batches: run.batches.map(batchSummary), blockedByPayee: run.blocked, unpayable: run.unpayable });
    },
    'GET /payment-batches': async (event, principal) => {
      const q = parse(schemas.batchesQuery, event.queryStringParameters ?? {}, 'query');
      const jurisdiction = batchJurisdiction(deps, principal, q.jurisdiction);
      const page = await store.listBatches(jurisdiction, { limit: q.limit, cursor: q.cursor ?? null });
      return json(200, { items: page.items.map(batchSummary), cursor: page.cursor });
    },
    'GET /payment-batches/{batchId}/file': async (event, principal) => {
      const batch = await batches.getBatch(event.pathParameters?.batchId ?? '');
      if (batch === null) throw new HttpError('NOT_FOUND', `no payment batch ${event.pathParameters?.batchId ?? ''}`);
      allow(principal, { kind: 'read-payment-file', jurisdiction: batch.jurisdiction });
      const xml = await batches.fileOf(batch);
      if (xml === null) throw new HttpError('NOT_FOUND', `batch ${batch.batchId} is ${batch.status}: its file is not written yet`);
      return { statusCode: 200, headers: { 'content-type': 'application/xml; charset=utf-8', 'content-disposition': `attachment; filename="${batch.fileName}"` }, body: xml };
    },
    'POST /bank-files': async (event, principal) => {
      allow(principal, { kind: 'import-bank-file' });
      const xml = rawBody(event, LIMITS.payments.bankFileBytesMax);
      const file = await syncBankFile(xml);
      // An officer's file settles only awards of the officer's jurisdictions; the others become exceptions for theirs.
      const jurisdictions = officerJurisdictions(principal);
      const imported = await reconciliation(store.core).importFile(xml, file, { jurisdictions, importedBy: principal.user });
      if (!imported.ok && imported.code === 'CONFLICT') deps.metrics.addMetric('BankMessageConflicts', MetricUnit.Count, 1);
      const summary = unwrap(imported);
      // Counted once, when the file is done (a file cut short and posted again reports the whole file's counts then).
      const counted = !summary.repeated && summary.status === 'DONE';
      if (counted && summary.returned > 0) deps.metrics.addMetric('PaymentsReturned', MetricUnit.Count, summary.returned);
      if (counted && summary.exceptions > 0) deps.metrics.addMetric('ReconciliationExceptions', MetricUnit.Count, summary.exceptions);
      // Cut short by the request's time (a slow table): what is done is kept, and posting the same file goes on.
      return json(summary.status === 'DONE' ? 200 : 202, summary, summary.status === 'DONE' ? {} : { location: `/bank-files/${encodeURIComponent(summary.messageId)}` });
    },
    'GET /bank-files/{messageId}': async (event, principal) => {
      allow(principal, { kind: 'read-bank-file' });
      const messageId = event.pathParameters?.messageId ?? '';
      const found = await reconciliation(store.core).bankFile(messageId);
      if (found === null) throw new HttpError('NOT_FOUND', `no bank file ${messageId} was imported`);
      return json(200, found);
    },
    'GET /reconciliation/exceptions': async (event, principal) => {
      const q = parse(schemas.exceptionsQuery, event.queryStringParameters ?? {}, 'query');
      const j = q.jurisdiction ?? null;
      allow(principal, { kind: 'read-exceptions', jurisdiction: j });
      const page = await reconciliation(store.core).listExceptions(j, { status: q.status, limit: q.limit, cursor: q.cursor ?? null });
      return json(200, { items: page.items, cursor: page.cursor });
    },
    'POST /reconciliation/exceptions/{exceptionId}/resolve': async (event, principal) => {
      const b = parse(schemas.resolveBody, body(event), 'body');
      return json(200, unwrap(await reconciliation(store.core).resolveException(event.pathParameters?.exceptionId ?? '', principal, b.note)));
    },
  };
}

export function paymentRoutes(deps: ApiDeps): Record<PaymentRoute, Handler> {
  return { ...payeeRoutes(deps), ...batchRoutes(deps) };
}
