/**
 * The route table of the contract: each route's summary, what it accepts and what it answers. A route that answers
 * files (CSV, xlsx, XML) as well as JSON names their media types; every 4xx and 5xx answers the error shape.
 */
import type * as z from 'zod';
import { schemas as controls } from './control-requests';
import { moreSchemas as more, schemas as req } from './requests';
import type { AnyRoute } from './routes';
import * as audit from './answers/audit';
import * as awards from './answers/awards';
import * as controlAnswers from './answers/controls';
import * as digests from './answers/digests';
import * as evidence from './answers/evidence';
import * as payments from './answers/payments';
import * as reports from './answers/reports';
import * as simulations from './answers/simulations';
import { healthAnswer, openApiAnswer } from './answers/public';

export const TAGS = ['awards', 'controls', 'budgets', 'ledger', 'payments', 'reports', 'digests', 'simulations', 'catalog', 'public'] as const;

export interface RouteContract {
  readonly summary: string;
  readonly tag: (typeof TAGS)[number];
  readonly query?: () => z.ZodType;
  readonly body?: () => z.ZodType;
  /** The media types of a body that is not JSON (a bank file's XML). */
  readonly rawBody?: readonly string[];
  /** The JSON answers, by status. */
  readonly answers: Readonly<Partial<Record<200 | 201 | 202, () => z.ZodType>>>;
  /** The media types of the files it answers 200 with (`?format=csv|xlsx`, a payment file). */
  readonly files?: readonly string[];
}

export const CSV = 'text/csv';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const XML = 'application/xml';
const TABLES = [CSV, XLSX] as const;

export const ROUTE_CONTRACTS = {
  'GET /health': { summary: 'Health check', tag: 'public', answers: { 200: healthAnswer } },
  'GET /openapi.json': { summary: 'This contract as an OpenAPI 3.1 document', tag: 'public', answers: { 200: openApiAnswer } },
  'GET /awards': { summary: 'Awards (the approval queue), by jurisdiction, status, recipient, reference, policy or amount', tag: 'awards', query: () => req.awardsQuery, answers: { 200: awards.awardsPage }, files: TABLES },
  'GET /awards/{awardId}': { summary: 'One award, with its ledger entries', tag: 'awards', answers: { 200: awards.awardDetail } },
  'POST /awards/{awardId}/decisions': { summary: 'Approve or reject an award (dual control above the threshold)', tag: 'awards', body: () => req.decisionBody, answers: { 200: awards.decidedAward } },
  'POST /awards/{awardId}/amount': { summary: 'Set the amount of an award the policy pays "per regulation"', tag: 'awards', body: () => req.amountBody, answers: { 200: awards.award } },
  'POST /awards/{awardId}/repayments': { summary: 'Record a repayment of an award clawed back', tag: 'awards', body: () => req.repaymentBody, answers: { 200: awards.award } },
  'POST /awards/{awardId}/payment-retry': { summary: 'Send a failed payment again', tag: 'payments', answers: { 200: awards.award } },
  'POST /awards/{awardId}/release': { summary: 'Release an award on hold, with a basis', tag: 'controls', body: () => req.releaseBody, answers: { 200: awards.award } },
  'GET /publicity': { summary: 'The public notice (公示) of a jurisdiction', tag: 'controls', query: () => controls.publicityQuery, answers: { 200: controlAnswers.notice }, files: TABLES },
  'POST /awards/{awardId}/objections': { summary: 'Record a written objection during publicity', tag: 'controls', body: () => controls.objectionBody, answers: { 201: awards.award } },
  'POST /awards/{awardId}/objections/{objectionId}/decision': { summary: 'Decide an objection: upheld or dismissed', tag: 'controls', body: () => controls.objectionDecisionBody, answers: { 200: awards.award } },
  'POST /awards/{awardId}/hold': { summary: 'Hold an award, with a note', tag: 'controls', body: () => controls.holdBody, answers: { 200: awards.award } },
  'POST /credit-lists': { summary: 'Import credit-list (失信) entries', tag: 'controls', body: () => controls.creditImportBody, answers: { 200: controlAnswers.creditImport } },
  'GET /credit-lists': { summary: 'Credit-list entries, of one recipient or all', tag: 'controls', query: () => controls.creditListQuery, answers: { 200: controlAnswers.creditListsPage } },
  'GET /reports/budget-execution': { summary: 'Budget execution of a jurisdiction-year (预算执行)', tag: 'reports', query: () => more.executionQuery, answers: { 200: reports.execution }, files: TABLES },
  'GET /reports/overdue': { summary: 'Awards past the time limit of their step (超期未办)', tag: 'reports', query: () => more.overdueQuery, answers: { 200: reports.overdueReport }, files: TABLES },
  'GET /ledger': { summary: 'Ledger entries, by jurisdiction, recipient or dates', tag: 'ledger', query: () => req.ledgerQuery, answers: { 200: awards.ledgerPage }, files: TABLES },
  'GET /ledger/verify': { summary: 'Verify the hash chain and balances, one step at a time', tag: 'ledger', query: () => req.verifyQuery, answers: { 200: audit.verification } },
  'GET /budgets/{jurisdiction}/{year}': { summary: 'A budget and its accounts', tag: 'budgets', answers: { 200: awards.budget } },
  'PUT /budgets/{jurisdiction}/{year}': { summary: 'Set a budget\'s allocation', tag: 'budgets', body: () => req.budgetBody, answers: { 200: awards.budget } },
  'GET /rejections': { summary: 'Events refused, kept for audit', tag: 'ledger', query: () => req.pageQuery, answers: { 200: audit.rejectionsPage } },
  'GET /events/{eventId}': { summary: 'What became of one event', tag: 'ledger', answers: { 200: audit.eventOutcome } },
  'GET /revocations': { summary: 'Revocations and what became of them', tag: 'ledger', query: () => req.revocationsQuery, answers: { 200: audit.revocationsPage } },
  'GET /policies': { summary: 'The catalog: policies, rules, coverage', tag: 'catalog', answers: { 200: audit.catalog } },
  'PUT /payees/{jurisdiction}/{recipientId}': { summary: 'Propose a payee account (a second officer confirms it)', tag: 'payments', body: () => req.payeeBody, answers: { 200: payments.payee } },
  'POST /payees/{jurisdiction}/{recipientId}/confirm': { summary: 'Confirm a proposed payee account', tag: 'payments', body: () => req.confirmBody, answers: { 200: payments.payee } },
  'GET /payees/{jurisdiction}/{recipientId}': { summary: 'A payee and its history', tag: 'payments', answers: { 200: payments.payee } },
  'POST /payment-batches': { summary: 'Create the payment batches (pain.001) of a jurisdiction', tag: 'payments', body: () => req.batchBody, answers: { 200: payments.paymentRun } },
  'GET /payment-batches': { summary: 'Payment batches', tag: 'payments', query: () => req.batchesQuery, answers: { 200: payments.batchesPage } },
  'GET /payment-batches/{batchId}/file': { summary: 'A batch\'s pain.001 file', tag: 'payments', answers: {}, files: [XML] },
  'POST /bank-files': { summary: 'Import a bank file (pain.002, camt.054, camt.053)', tag: 'payments', rawBody: [XML], answers: { 200: payments.bankFileSummary, 202: payments.bankFileQueued } },
  'GET /bank-files/{messageId}': { summary: 'A bank file\'s progress and counts', tag: 'payments', answers: { 200: payments.bankFileRecord } },
  'GET /reconciliation/exceptions': { summary: 'Reconciliation exceptions', tag: 'payments', query: () => req.exceptionsQuery, answers: { 200: payments.exceptionsPage }, files: TABLES },
  'POST /reconciliation/exceptions/{exceptionId}/resolve': { summary: 'Resolve a reconciliation exception', tag: 'payments', body: () => req.resolveBody, answers: { 200: payments.exception } },
  'GET /ledger/digests': { summary: 'Signed ledger digests of a jurisdiction', tag: 'digests', query: () => more.digestsQuery, answers: { 200: digests.digestsPage } },
  'POST /ledger/digests': { summary: 'Sign digests now', tag: 'digests', answers: { 200: digests.runs } },
  'GET /ledger/digest-key': { summary: 'The digest signer\'s public keys', tag: 'digests', answers: { 200: digests.keys } },
  'GET /awards/{awardId}/evidence': { summary: 'An award\'s evidence pack', tag: 'awards', answers: { 200: evidence.pack } },
  'POST /simulations': { summary: 'Start a what-if simulation of a draft catalog', tag: 'simulations', body: () => more.simulationBody, answers: { 200: simulations.started } },
  'GET /simulations/{simulationId}': { summary: 'A what-if simulation and its recipients', tag: 'simulations', query: () => more.simulationQuery, answers: { 200: simulations.simulation }, files: TABLES },
} as const satisfies Record<AnyRoute, RouteContract>;
