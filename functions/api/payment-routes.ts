/**
 * The payment routes of the HTTP API (CONTRACT §3, version 2; ADR 010): payee accounts under dual control, payment
 * batches and their ISO 20022 files, bank files in, reconciliation exceptions. Each validates its input, asks the
 * store (whose deciders authorize writes), and masks what its caller may not see.
 */
import { createHash } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type Principal, officerJurisdictions, readableJurisdictions, seesAccountNumbers } from '../../shared/domain/authz';
import { catalogJurisdictions } from '../../shared/domain/catalog';
import { maskedPayee, redactAccountNumbers } from '../../shared/domain/payees';
import { idNumberProblem, redactIdNumbers } from '../../shared/domain/person';
import { usccProblem } from '../../shared/domain/uscc';
import { LIMITS } from '../../shared/limits';
import { paymentBatches } from '../../shared/app/payments/run';
import { reconciliation } from '../../shared/app/reconciliation/bank-files';
import { type ImportSummary, batchSummary, identityOf } from '../../shared/store/store';
import type { ApiDeps } from './deps';
import { fileAnswer, readPages } from './exports';
import { exceptionsTable } from '../../shared/domain/report-tables';
import { type Event, type Handler, HttpError, allow, body, json, parse, rawBody, unwrap, whereNumbersAreSeen } from './http';
import type { PaymentRoute } from '../../shared/contract/routes';
import { schemas } from '../../shared/contract/requests';
import { type BankFile, readBankFile } from '../../shared/adapters/iso20022/bank-files';
import { officerFileName } from '../../shared/payment-layout';
import type { Payee } from '../../shared/domain/payees';
import type { RunResult } from '../../shared/app/payments/run';
import type { LeftOut, ReconciliationException, StoredMessage } from '../../shared/store/store';
import type { Exact } from '../../shared/contract/common';
import type * as answers from '../../shared/contract/answers/payments';

/**
 * The jurisdiction and the recipient a payee path names: a credit code, a person's keyed id (`P:…`), or the person's
 * identity number, which is keyed, never stored (ADR 009), and taken only from an officer of the jurisdiction (who
 * sees it whole): from anyone else a found-or-not answer would tell which number a masked one is (review H4).
 */
function payeeKey(deps: ApiDeps, event: Event, principal: Principal): { jurisdiction: string; recipientId: string } {
  const jurisdiction = parse(schemas.jurisdiction, event.pathParameters?.jurisdiction, 'jurisdiction');
  const given = event.pathParameters?.recipientId ?? '';
  if (/^P:[0-9a-f]{32}$/.test(given)) return { jurisdiction, recipientId: given };
  const raw = given.toUpperCase();
  // An identity number first: about one in thirty-one all-digit identity numbers also passes the credit-code check,
  // and read as a credit code it would be kept whole in a key. The contract refuses a credit code that is also a
  // valid identity number, so none is ever stored as one.
  if (idNumberProblem(raw, null) === null) {
    whereNumbersAreSeen(principal, [jurisdiction]);
    return { jurisdiction, recipientId: deps.personKey.recipientIdOf(raw) };
  }
  if (usccProblem(raw) === null) return { jurisdiction, recipientId: raw };
  throw new HttpError('VALIDATION', 'recipientId must be a unified social credit code, a person\'s keyed id (P:…) or, for an officer, a resident identity number');
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
      const key = payeeKey(deps, event, principal);
      const b = parse(schemas.payeeBody, body(event), 'body');
      return json(200, unwrap(await store.payees.proposePayee(key, principal, b)));
    },
    'POST /payees/{jurisdiction}/{recipientId}/confirm': async (event, principal) => {
      // `{ "proposalId" }`, required: the proposal the officer reviewed, all of it; any other (a replacement made in
      // between, even of the same account number) is refused with 409 (CONTRACT §6, issue 19 finding 1).
      const b = parse(schemas.confirmBody, body(event), 'body');
      const payee = unwrap(await store.payees.confirmPayee(payeeKey(deps, event, principal), principal, b.proposalId));
      return json(200, payee);
    },
    'GET /payees/{jurisdiction}/{recipientId}': async (event, principal) => {
      const key = payeeKey(deps, event, principal);
      allow(principal, { kind: 'read-payee', jurisdiction: key.jurisdiction });
      const payee = await store.payees.getPayee(key.jurisdiction, key.recipientId);
      // Named as the caller may see it: an identity number is never repeated whole in an error (ADR 009).
      if (payee === null) throw new HttpError('NOT_FOUND', `no payee account for ${redactIdNumbers(event.pathParameters?.recipientId ?? '')} in ${key.jurisdiction}`);
      return json(200, seesAccountNumbers(principal, key.jurisdiction) ? payee : maskedPayee(payee));
    },
  };
}

/**
 * A bank file posted by an officer, read whole (up to the bank-file limit: LIMITS.bankFile, 5 MiB and 10,000 entries;
 * 413 above it) and validated. One within LIMITS.payments.bankFileSync* is reconciled while its caller waits, well
 * inside API Gateway's 10 seconds; a larger one is queued for bank-inbound, which reconciles it in steps, and stays the
 * officer's import: their name, their jurisdictions (review H3).
 */
async function readPosted(xml: string): Promise<{ file: BankFile; queue: boolean }> {
  const read = await readBankFile(xml);
  if (!read.ok && read.limit !== undefined) {
    const found = read.limit.what === 'entries' ? `has ${read.limit.found} entries` : `is ${read.limit.found} bytes`;
    throw new HttpError('PAYLOAD_TOO_LARGE', `the bank file ${found}; a bank file holds at most ${LIMITS.bankFile.entriesMax} entries and ${LIMITS.bankFile.bytesMax} bytes: ask the bank to split it`);
  }
  if (!read.ok) throw new HttpError('VALIDATION', read.reason);
  const bytes = Buffer.byteLength(xml, 'utf8');
  return { file: read.file, queue: read.file.entries.length > LIMITS.payments.bankFileSyncEntriesMax || bytes > LIMITS.payments.bankFileSyncBytesMax };
}

/** Counted once, when the file is done (a file cut short and posted again reports the whole file's counts then). */
function countImport(deps: ApiDeps, summary: ImportSummary): void {
  if (summary.repeated || summary.status !== 'DONE') return;
  if (summary.returned > 0) deps.metrics.addMetric('PaymentsReturned', MetricUnit.Count, summary.returned);
  if (summary.exceptions > 0) deps.metrics.addMetric('ReconciliationExceptions', MetricUnit.Count, summary.exceptions);
}

/**
 * Stores a queued file where bank-inbound takes it, created once. A failure is a 503 saying nothing was queued (the
 * store has given up the claim it made: review 2026-12-07-b, LOW-3); logged with who brought it, never the content.
 */
async function keepQueued(deps: ApiDeps, principal: Principal, messageId: string, xml: string, file: BankFile): Promise<void> {
  if (deps.paymentFiles.queueBankFile === undefined) throw new HttpError('UNAVAILABLE', 'this API has nowhere to queue a large bank file');
  try {
    await deps.paymentFiles.queueBankFile(officerFileName(messageId, identityOf(xml, file).sha256), xml);
  } catch (error) {
    deps.logger.error('bank file not stored for bank-inbound', { by: principal.user, messageId, error: error instanceof Error ? error.message : String(error) });
    throw new HttpError('UNAVAILABLE', `bank file ${messageId} could not be stored for bank-inbound, so nothing was queued: post it again`);
  }
}

/** POST /bank-files: reconciled now, or queued for bank-inbound (202 with where to follow it). */
async function postBankFile(deps: ApiDeps, xml: string, principal: Principal) {
  const { file, queue } = await readPosted(xml);
  // An officer's file settles only awards of the officer's jurisdictions; the others become exceptions for theirs.
  const scope = { jurisdictions: officerJurisdictions(principal), importedBy: principal.user };
  const rec = reconciliation(deps.store);
  const keep = {
    store: (messageId: string) => keepQueued(deps, principal, messageId, xml, file),
    notReleased: (messageId: string, error: unknown) => deps.logger.error('queued claim of a bank file not stored could not be given up: its QUEUED record stays', {
      by: principal.user, messageId, error: error instanceof Error ? error.message : String(error),
    }),
  };
  const imported = queue ? await rec.queueFile(xml, file, scope, keep) : await rec.importFile(xml, file, scope);
  if (!imported.ok && imported.code === 'CONFLICT') deps.metrics.addMetric('BankMessageConflicts', MetricUnit.Count, 1);
  const summary = unwrap(imported);
  countImport(deps, summary);
  if (summary.status === 'DONE') return json(200, summary);
  const progress = `/bank-files/${encodeURIComponent(summary.messageId)}`;
  // Cut short by the request's time (a slow table), or queued: what is done is kept; follow it at `progress`.
  return json(202, { ...summary, progress }, { location: progress });
}

/**
 * A bank file the API refuses for what it is (its bytes, its XSD, its size) is logged and counted as bank-inbound's are:
 * who brought it, its size and digest, and why (identity and account numbers masked: libxml2 quotes a refused value),
 * never its content (review 2026-12-07-b, MEDIUM-4). Rethrows the error.
 */
function refusedBankFile(deps: ApiDeps, event: Event, principal: Principal, error: unknown): never {
  if (error instanceof HttpError && (error.code === 'VALIDATION' || error.code === 'PAYLOAD_TOO_LARGE')) {
    const raw = Buffer.from(event.body ?? '', event.isBase64Encoded === true ? 'base64' : 'utf8');
    const sha256 = createHash('sha256').update(raw).digest('hex');
    deps.logger.warn('bank file refused', { by: principal.user, bytes: raw.length, sha256, code: error.code, reason: redactAccountNumbers(redactIdNumbers(error.message)) });
    deps.metrics.addMetric('BankFilesRefused', MetricUnit.Count, 1);
  }
  throw error;
}

/** Payment batches and their files, bank files in, reconciliation exceptions. */
function batchRoutes(deps: ApiDeps): Record<Exclude<PaymentRoute, PayeeRoute>, Handler> {
  const { store } = deps;
  const batches = paymentBatches(store, deps.paymentFiles);
  return {
    'POST /payment-batches': async (event, principal) => {
      const b = parse(schemas.batchBody, body(event), 'body');
      allow(principal, { kind: 'run-payments', jurisdiction: b.jurisdiction });
      const run = await batches.run(b.jurisdiction, principal.user);
      deps.metrics.addMetric('AwardsSentToBank', MetricUnit.Count, run.batches.reduce((n, x) => n + x.count, 0));
      if (run.leftOut.length > 0) deps.metrics.addMetric('PaymentsLeftOutOfFile', MetricUnit.Count, run.leftOut.length);
      const [first] = run.batches;
      const batch = first === undefined ? null : batchSummary(first);
      return json(200, { batch, batches: run.batches.map(batchSummary), blockedByPayee: run.blocked, unpayable: run.unpayable, leftOut: run.leftOut });
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
      if (xml === null && batch.count === 0) throw new HttpError('NOT_FOUND', `batch ${batch.batchId} has no file: each of its payments was settled before it could be written (leftOut)`);
      if (xml === null) throw new HttpError('NOT_FOUND', `batch ${batch.batchId} is ${batch.status}: its file is not written yet`);
      return { statusCode: 200, headers: { 'content-type': 'application/xml; charset=utf-8', 'content-disposition': `attachment; filename="${batch.fileName}"` }, body: xml };
    },
    'POST /bank-files': async (event, principal) => {
      allow(principal, { kind: 'import-bank-file' });
      const refused = (error: unknown) => refusedBankFile(deps, event, principal, error);
      // rawBody refuses bytes that are no text before postBankFile runs: both are caught.
      return Promise.resolve().then(() => postBankFile(deps, rawBody(event, LIMITS.payments.bankFileBytesMax), principal)).catch(refused);
    },
    'GET /bank-files/{messageId}': async (event, principal) => {
      allow(principal, { kind: 'read-bank-file' });
      const messageId = event.pathParameters?.messageId ?? '';
      const found = await reconciliation(store).bankFile(messageId);
      if (found === null) throw new HttpError('NOT_FOUND', `no bank file ${messageId} was imported`);
      return json(200, found);
    },
    'GET /reconciliation/exceptions': async (event, principal) => {
      const q = parse(schemas.exceptionsQuery, event.queryStringParameters ?? {}, 'query');
      const j = q.jurisdiction ?? null;
      allow(principal, { kind: 'read-exceptions', jurisdiction: j });
      if (q.format === 'csv' || q.format === 'xlsx') {
        const read = await readPages(
          q.cursor ?? null,
          (cursor) => reconciliation(store).listExceptions(j, { status: q.status, limit: LIMITS.store.pageSizeMax, cursor }),
        );
        return fileAnswer(q.format, 'reconciliation-exceptions', [exceptionsTable(read.items)], read.stop);
      }
      const page = await reconciliation(store).listExceptions(j, { status: q.status, limit: q.limit, cursor: q.cursor ?? null });
      return json(200, { items: page.items, cursor: page.cursor });
    },
    'POST /reconciliation/exceptions/{exceptionId}/resolve': async (event, principal) => {
      // `outcome` (optional) only for the exception of a disputed payment: "paid" records it DISBURSED (review H1).
      const b = parse(schemas.resolveBody, body(event), 'body');
      return json(200, unwrap(await reconciliation(store).resolveException(event.pathParameters?.exceptionId ?? '', principal, b.note, b.outcome)));
    },
  };
}

export function paymentRoutes(deps: ApiDeps): Record<PaymentRoute, Handler> {
  return { ...payeeRoutes(deps), ...batchRoutes(deps) };
}

// What these routes answer is the contract's (shared/contract/answers/payments.ts), field for field: proved here, where the
// domain's and the store's types load (the contract is also the browser's, which loads neither). One side changed alone fails to compile.
const _answersAreTheContracts: [
  Exact<answers.PayeeAnswer, Payee>, Exact<answers.BatchAnswer, ReturnType<typeof batchSummary>>,
  Exact<answers.UnpayableAnswer, RunResult['unpayable'][number]>, Exact<answers.LeftOutAnswer, LeftOut>,
  Exact<answers.BankFileSummary, ImportSummary>, Exact<answers.BankFileQueued, ImportSummary & { progress: string }>,
  Exact<answers.BankFileRecord, StoredMessage>, Exact<answers.ExceptionAnswer, ReconciliationException>,
] = [true, true, true, true, true, true, true, true];
