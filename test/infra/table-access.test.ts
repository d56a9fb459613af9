/**
 * The other half of least privilege: each function's own code, run on DynamoDB Local over a workload that takes
 * every path it has, calls exactly the DynamoDB actions infra/access.ts grants it, on exactly the table or indexes
 * granted. A call outside the grant would be AccessDenied in AWS; a grant no call needs is privilege to remove.
 */
import { inject, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FUNCTIONS, type FunctionName, TABLE_ACCESS } from '../../infra/access';
import { documentClient, ensureTable, localClient } from '../../infra/local/dynamodb';
import { createHandler as createApi } from '../../functions/api/app';
import { createHandler as createIntake } from '../../functions/award-intake/app';
import { createBudgetSweeper } from '../../functions/budget-sweeper/app';
import { createHandler as createDisburse } from '../../functions/disburse/app';
import { createSweeper } from '../../functions/disburse/sweeper';
import { API_ROUTES } from '../../functions/api/routes';
import { SimulatedPaymentRail } from '../../shared/app/payment-rail';
import { DEFAULT_APPROVAL_CONFIG } from '../../shared/domain/approval';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import { AwardStore } from '../../shared/store/store';
import { rawEvent, TEST_PERSON_KEY } from '../support/events';
import { type ApiRequest, apiEvent, lambdaContext, quietObservability, sampleTexts, sqsEvent, sqsRecord } from '../support/lambda';
import { people } from '../support/store';

const YEAR = fiscalYearOf(new Date());
type Use = `${string} on ${string}`;

/** A store over the shared table whose client records each DynamoDB action it is authorised by, and where. */
function recordingStore(tableName: string): { store: AwardStore; used: Set<Use> } {
  const raw: DynamoDBClient = localClient(inject('dynamoEndpoint'));
  const used = new Set<Use>();
  const on = (index: string | undefined) => (index === undefined ? 'table' : `index/${index}`);
  raw.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown> & { TransactItems?: Array<Record<string, unknown>>; IndexName?: string };
      const command = String(context.commandName).replace(/Command$/, '');
      if (command === 'TransactWriteItems') {
        const each: Record<string, string> = { Put: 'PutItem', Delete: 'DeleteItem', Update: 'UpdateItem', ConditionCheck: 'ConditionCheckItem' };
        for (const item of input.TransactItems ?? []) used.add(`${each[Object.keys(item)[0] as string]} on table`);
      } else if (command === 'TransactGetItems') used.add('GetItem on table');
      else used.add(`${command} on ${on(input.IndexName)}`);
      return next(args);
    },
    { step: 'initialize', name: 'recordAccess' },
  );
  return { store: new AwardStore({ client: documentClient(raw), tableName, approvalConfig: DEFAULT_APPROVAL_CONFIG }), used };
}

function grantedTo(name: FunctionName): Set<Use> {
  const access = TABLE_ACCESS[name];
  const places = [...(access.table ? ['table'] : []), ...access.indexes.map((i) => `index/${i}`)];
  return new Set(access.actions.flatMap((a) => places.filter((p) => a === 'Query' || p === 'table').map((p) => `${a} on ${p}` as Use)));
}

const standard = (number: string, id: string, source = 'quality.standards') =>
  JSON.stringify({ ...rawEvent('StandardPublished', { standard: { number, title: 't', level: 'national' }, draftingRank: 1 }, { reference: number, eventId: id }), source });
const revocation = (reference: string, id: string, source = 'quality.standards') =>
  JSON.stringify({ ...rawEvent('AchievementRevoked', { revokes: { detailType: 'StandardPublished', reference }, reason: '撤销' }, { reference: `撤-${id}`, eventId: id }), source });

describe('each function calls only the DynamoDB actions the stack grants it, and needs every one', () => {
  const tableName = `access-${randomUUID()}`;
  const setup = async () => {
    await ensureTable(localClient(inject('dynamoEndpoint')), tableName);
    return recordingStore(tableName).store;
  };
  const uses = new Map<FunctionName, Set<Use>>();

  it('runs every function over a workload that takes all its paths', async () => {
    const admin = await setup();
    // The city's budget holds one national-standard award, so the next waits and a release serves it.
    for (const [j, fen] of [['130000', yuan(100_000_000)], ['130100', yuan(200_000)], ['350000', yuan(50_000_000)]] as const) {
      await admin.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: YEAR, allocatedFen: fen });
    }

    const intake = recordingStore(tableName);
    const intakeHandler = createIntake({ ...quietObservability(), store: intake.store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
    const texts = [
      ...sampleTexts().map((s) => s.text),
      standard('GB 1', 'a-1'),
      standard('GB 2', 'a-2'),
      standard('GB 2', 'a-2-again'),
      revocation('GB 3', 'r-3'),
      standard('GB 3', 'a-3'),
      revocation('GB 1', 'r-1'),
      '{"not":"an event"}',
    ];
    for (const text of texts) expect(await intakeHandler(sqsEvent([sqsRecord(text)]), lambdaContext())).toEqual({ batchItemFailures: [] });
    uses.set('award-intake', intake.used);

    const api = recordingStore(tableName);
    const enqueued: string[] = [];
    const enqueueDisbursement = async (id: string) => void enqueued.push(id);
    const apiHandler = createApi({ ...quietObservability(), store: api.store, catalog: CATALOG, personKey: TEST_PERSON_KEY, enqueueDisbursement });
    const called = new Set<string>();
    const call = async (request: ApiRequest) => (called.add(request.routeKey), apiHandler(apiEvent(request), lambdaContext('api')));
    const all = async (j: string) => (await admin.listAwards({ jurisdictions: [j], limit: 100 })).items;
    const pending = (await all('130100')).find((a) => a.status === 'PENDING_APPROVAL') as Award;
    expect((await all('130100')).some((a) => a.status === 'AWAITING_BUDGET')).toBe(true);
    const approver = people.approver('130000');
    const requests: ApiRequest[] = [
      { routeKey: 'GET /awards', principal: people.auditor() },
      { routeKey: 'GET /awards', principal: people.auditor(), query: { uscc: pending.recipientId } },
      { routeKey: 'GET /awards', principal: people.auditor(), query: { reference: pending.reference } },
      { routeKey: 'GET /awards/{awardId}', principal: people.auditor(), pathParameters: { awardId: pending.awardId } },
      { routeKey: 'POST /awards/{awardId}/decisions', principal: people.approver('130100'), pathParameters: { awardId: pending.awardId }, body: { decision: 'reject', comment: '材料不全' } },
      { routeKey: 'GET /ledger', principal: people.auditor(), query: { jurisdiction: '130000' } },
      { routeKey: 'GET /ledger/verify', principal: people.auditor(), query: { jurisdiction: '130000' } },
      { routeKey: 'GET /budgets/{jurisdiction}/{year}', principal: people.auditor(), pathParameters: { jurisdiction: '130000', year: String(YEAR) } },
      { routeKey: 'PUT /budgets/{jurisdiction}/{year}', principal: people.budgetAdmin('130000'), pathParameters: { jurisdiction: '130000', year: String(YEAR) }, body: { allocatedFen: yuan(100_000_001) } },
      { routeKey: 'GET /rejections', principal: people.auditor() },
      { routeKey: 'GET /events/{eventId}', principal: people.auditor(), pathParameters: { eventId: pending.eventId ?? '' } },
      { routeKey: 'GET /revocations', principal: people.auditor() },
      { routeKey: 'GET /policies', principal: people.auditor() },
    ];
    for (const request of requests) expect((await call(request)).statusCode, request.routeKey).toBe(200);
    const fujian = (await all('350000')).find((a) => a.status === 'AMOUNT_REQUIRED') as Award;
    expect((await call({ routeKey: 'POST /awards/{awardId}/amount', principal: people.officer('350000'), pathParameters: { awardId: fujian.awardId }, body: { amountFen: yuan(10_000), basis: '办法' } })).statusCode).toBe(200);
    const toPay = (await all('130000')).filter((a) => a.status === 'PENDING_APPROVAL' && (a.approvalsRequired ?? 2) === 1).slice(0, 3);
    for (const award of toPay) expect((await call({ routeKey: 'POST /awards/{awardId}/decisions', principal: approver, pathParameters: { awardId: award.awardId }, body: { decision: 'approve' } })).statusCode).toBe(200);
    const [paidLater, failing, clawedBack] = toPay as [Award, Award, Award];
    await admin.recordPaymentFailure(failing.awardId, { reason: 'account closed' });
    expect((await call({ routeKey: 'POST /awards/{awardId}/payment-retry', principal: people.officer('130000'), pathParameters: { awardId: failing.awardId } })).statusCode).toBe(200);
    await admin.recordDisbursement(clawedBack.awardId, { paymentId: 'p-claw' });
    const { detailType, identity } = clawedBack;
    const target = { detailType, recipientId: clawedBack.recipientId, identities: [identity] };
    await admin.recordRevocation({ eventId: 'claw', source: clawedBack.source, target, revokes: { detailType: clawedBack.detailType, reference: clawedBack.reference }, reason: '撤销' });
    expect((await admin.getAward(clawedBack.awardId))?.status).toBe('CLAWBACK_DUE');
    expect((await call({ routeKey: 'POST /awards/{awardId}/repayments', principal: people.officer('130000'), pathParameters: { awardId: clawedBack.awardId }, body: { amountFen: 100 } })).statusCode).toBe(200);
    expect([...called].sort()).toEqual([...API_ROUTES].sort());
    uses.set('api', api.used);

    const disburse = recordingStore(tableName);
    const failingRail = new SimulatedPaymentRail(() => true);
    const disburseHandler = createDisburse({ ...quietObservability(), store: disburse.store, rail: new SimulatedPaymentRail(), deliveriesMax: 5 });
    const giveUp = createDisburse({ ...quietObservability(), store: disburse.store, rail: failingRail, deliveriesMax: 1 });
    await disburseHandler(sqsEvent([sqsRecord(JSON.stringify({ awardId: paidLater.awardId }))]), lambdaContext());
    await giveUp(sqsEvent([sqsRecord(JSON.stringify({ awardId: failing.awardId }))]), lambdaContext());
    expect((await admin.getAward(paidLater.awardId))?.status).toBe('DISBURSED');
    expect((await admin.getAward(failing.awardId))?.status).toBe('PAYMENT_FAILED');
    uses.set('disburse', disburse.used);

    const sweeper = recordingStore(tableName);
    await createSweeper({ ...quietObservability(), store: sweeper.store, jurisdictions: ['130000', '130100', '350000'], graceMs: 0, enqueue: async () => undefined })({}, lambdaContext());
    uses.set('disburse-sweeper', sweeper.used);

    // Leave awards waiting while budget is available, as a crash between a release and its serving would.
    const doc = documentClient(localClient(inject('dynamoEndpoint')));
    const diesBeforeServing = {
      send: (command: { input?: { ExpressionAttributeValues?: Record<string, unknown> } }) =>
        String(command.input?.ExpressionAttributeValues?.[':pk'] ?? '').startsWith('WAIT#') ? Promise.reject(new Error('the process died')) : doc.send(command as never),
    };
    const dying = new AwardStore({ client: diesBeforeServing as never, tableName, approvalConfig: DEFAULT_APPROVAL_CONFIG });
    const waiting = (await all('130100')).filter((a) => a.status === 'AWAITING_BUDGET');
    expect(waiting.length).toBeGreaterThan(0);
    await expect(dying.setAllocation(people.budgetAdmin('130100'), { jurisdiction: '130100', fiscalYear: YEAR, allocatedFen: yuan(20_000_000) })).rejects.toThrow('the process died');
    const budgetSweeper = recordingStore(tableName);
    expect(await createBudgetSweeper({ ...quietObservability(), store: budgetSweeper.store, jurisdictions: ['130000', '130100', '350000'] })({}, lambdaContext())).toEqual({ served: waiting.length });
    uses.set('budget-sweeper', budgetSweeper.used);
  }, 120_000);

  it.each(FUNCTIONS.map((f) => [f]))('%s', (name) => {
    const used = uses.get(name);
    expect(used, 'the workload ran').toBeDefined();
    expect([...(used ?? [])].sort()).toEqual([...grantedTo(name)].sort());
  });
});
