/**
 * The finance routes of the HTTP API: awards (list, one with its entries, decisions, amounts, repayments, payment
 * retries) and budgets. Each validates its input, asks the store (which authorizes), and answers the contract's shape.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Award } from '../../shared/domain/awards';
import { type Principal, readableJurisdictions } from '../../shared/domain/authz';
import { catalogJurisdictions } from '../../shared/domain/catalog';
import { canonicalText } from '../../shared/domain/identity';
import { holdsIdNumber } from '../../shared/domain/person';
import { controlsOf } from '../../shared/domain/controls';
import { type Overdue, overdueOf } from '../../shared/domain/overdue';
import type { AwardStore, BudgetState } from '../../shared/store/store';
import type { ApiDeps } from './deps';
import { type Event, type Handler, HttpError, allow, body, json, parse, unwrap, whereNumbersAreSeen } from './http';
import type { FinanceRoute } from '../../shared/contract/routes';
import { recipientQuery, schemas } from '../../shared/contract/requests';
import { awardFor, maskedAward } from './views';
import { LIMITS } from '../../shared/limits';

/** The award id of a write route; the store answers NOT_FOUND (404) before it checks who may act (403). */
const awardIdOf = (event: Event): string => event.pathParameters?.awardId ?? '';

function budgetView(b: BudgetState) {
  const { jurisdiction: j, fiscalYear, allocatedFen, reservedFen, inTransitFen, disbursedFen, availableFen, receivableFen, waitingCount } = b;
  const clawbackReceivableFen = receivableFen;
  return { jurisdiction: j, fiscalYear, allocatedFen, reservedFen, inTransitFen, disbursedFen, availableFen, clawbackReceivableFen, waitingCount };
}

/**
 * CONTRACT §2: an APPROVED award is paid only to a confirmed payee account; until its recipient has one in the
 * award's jurisdiction it shows `blockedBy: "PAYEE_REQUIRED"`. Read at answer time (one BatchGetItem per page), so it
 * is released the moment a payee is confirmed.
 */
async function withBlocked<A extends Award>(store: AwardStore, awards: readonly A[]): Promise<Array<A & { blockedBy: 'PAYEE_REQUIRED' | null }>> {
  const approved = awards.filter((a) => a.status === 'APPROVED');
  const confirmed = new Set<string>();
  for (const j of new Set(approved.map((a) => a.jurisdiction))) {
    const found = await store.payees.getPayees(j, approved.filter((a) => a.jurisdiction === j).map((a) => a.recipientId));
    for (const [id, payee] of found) if (payee.confirmed !== null) confirmed.add(`${j}#${id}`);
  }
  return awards.map((a) => ({ ...a, blockedBy: a.status === 'APPROVED' && !confirmed.has(`${a.jurisdiction}#${a.recipientId}`) ? 'PAYEE_REQUIRED' : null }));
}

/**
 * Issue 22: whether an award is past the time limit of its step (shared/domain/overdue.ts), at answer time, so the
 * queue marks it; null when it is within its limit or on no step.
 */
function withOverdue<A extends Award>(store: AwardStore, awards: readonly A[]): Array<A & { overdue: Overdue | null }> {
  const now = store.clock();
  return awards.map((a) => ({ ...a, overdue: overdueOf(a, controlsOf(store.controls, a.jurisdiction), store.calendar, now) }));
}

export function financeRoutes(deps: ApiDeps): Record<FinanceRoute, Handler> {
  const { store, catalog } = deps;

  async function readableAward(principal: Principal, awardId: string): Promise<Award> {
    const award = await store.getAward(awardId);
    if (award === null) throw new HttpError('NOT_FOUND', `no award ${awardId}`);
    allow(principal, { kind: 'read-award', jurisdiction: award.jurisdiction });
    return award;
  }

  return {
    'GET /awards': async (event, principal) => {
      const q = parse(schemas.awardsQuery, event.queryStringParameters ?? {}, 'query');
      const readable = readableJurisdictions(principal);
      const mine = readable === 'all' ? catalogJurisdictions(catalog) : readable;
      if (mine.length === 0) throw new HttpError('FORBIDDEN', 'listing awards needs an approver, officer or auditor group');
      if (q.jurisdiction !== undefined && readable !== 'all' && !mine.includes(q.jurisdiction)) {
        throw new HttpError('FORBIDDEN', `reading awards of ${q.jurisdiction} needs approver:${q.jurisdiction}, officer:${q.jurisdiction} or auditor`);
      }
      const asked = q.jurisdiction !== undefined ? [q.jurisdiction] : mine;
      // A reference that holds an identity number asks by the number as much as idNumber does (fresh review F3): it
      // would tell an approver, by what it finds, which number a masked one is.
      // The store matches a reference in canonical form (white space and format characters gone), so the number is
      // looked for there too: nine spaces between its groups asked by it all the same (re-attack H4).
      const reference = q.reference ?? '';
      const byNumber = q.idNumber !== undefined || holdsIdNumber(reference) || holdsIdNumber(canonicalText(reference));
      const jurisdictions = byNumber ? whereNumbersAreSeen(principal, asked) : asked;
      const recipientId = recipientQuery(q, deps.personKey);
      const narrowing = { policyId: q.policy, minFen: q.minFen, maxFen: q.maxFen, order: q.order };
      const query = { jurisdictions, status: q.status, recipientId, reference: q.reference, ...narrowing };
      if (q.format === 'csv' || q.format === 'xlsx') {
        const { fileAnswer, readPages, awardsTable } = await import('./later'); // first export, not cold start
        const read = await readPages(q.cursor ?? null, (cursor) => store.listAwards({ ...query, limit: LIMITS.store.pageSizeMax, cursor }));
        return fileAnswer(q.format, 'awards', [awardsTable(read.items.map(maskedAward), catalog)], read.stop);
      }
      const page = await store.listAwards({ ...query, limit: q.limit, cursor: q.cursor ?? null });
      return json(200, { items: withOverdue(store, await withBlocked(store, page.items)).map(maskedAward), cursor: page.cursor });
    },
    'GET /awards/{awardId}': async (event, principal) => {
      const award = await readableAward(principal, event.pathParameters?.awardId ?? '');
      const [shown] = withOverdue(store, await withBlocked(store, [awardFor(principal, award)]));
      return json(200, { ...shown, ledger: await store.entriesOfAward(award.awardId) });
    },
    'POST /awards/{awardId}/decisions': async (event, principal) => {
      const b = parse(schemas.decisionBody, body(event), 'body');
      const award = awardIdOf(event);
      const decided = unwrap(await store.decide(award, principal, { decision: b.decision, comment: b.comment?.trim() ?? '' }));
      deps.metrics.addMetric(b.decision === 'approve' ? 'Approvals' : 'Rejections', MetricUnit.Count, 1);
      return json(200, (await withBlocked(store, [awardFor(principal, decided)]))[0]);
    },
    'POST /awards/{awardId}/amount': async (event, principal) => {
      const b = parse(schemas.amountBody, body(event), 'body');
      return json(200, awardFor(principal, unwrap(await store.setAmount(awardIdOf(event), principal, b))));
    },
    'POST /awards/{awardId}/repayments': async (event, principal) => {
      const b = parse(schemas.repaymentBody, body(event), 'body');
      return json(200, awardFor(principal, unwrap(await store.recordRepayment(awardIdOf(event), principal, b))));
    },
    'POST /awards/{awardId}/payment-retry': async (event, principal) => {
      const retried = unwrap(await store.retryPayment(awardIdOf(event), principal));
      return json(200, awardFor(principal, retried));
    },
    // Version 3 (CONTRACT §6): an officer releases an award on hold, with a written basis.
    'POST /awards/{awardId}/release': async (event, principal) => {
      const b = parse(schemas.releaseBody, body(event), 'body');
      return json(200, awardFor(principal, unwrap(await store.releaseHold(awardIdOf(event), principal, b))));
    },
    ...budgetRoutes(deps),
  };
}

/** A jurisdiction-year's budget: read (approvers, budget admins, auditors), set (its budget admin). */
function budgetRoutes(deps: ApiDeps): Record<Extract<FinanceRoute, `${string} /budgets${string}`>, Handler> {
  const { store } = deps;
  return {
    'GET /budgets/{jurisdiction}/{year}': async (event, principal) => {
      const j = parse(schemas.jurisdiction, event.pathParameters?.jurisdiction, 'jurisdiction');
      const year = parse(schemas.yearParam, event.pathParameters?.year, 'year');
      allow(principal, { kind: 'read-budget', jurisdiction: j });
      return json(200, budgetView(await store.getBudget(j, year)));
    },
    'PUT /budgets/{jurisdiction}/{year}': async (event, principal) => {
      const j = parse(schemas.jurisdiction, event.pathParameters?.jurisdiction, 'jurisdiction');
      const year = parse(schemas.yearParam, event.pathParameters?.year, 'year');
      const b = parse(schemas.budgetBody, body(event), 'body');
      return json(200, budgetView(unwrap(await store.setAllocation(principal, { jurisdiction: j, fiscalYear: year, allocatedFen: b.allocatedFen }))));
    },
  };
}
