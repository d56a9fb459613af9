/**
 * The other half of least privilege: each function's own code, run on DynamoDB Local over a workload that takes
 * every path it has, calls exactly the DynamoDB actions infra/access.ts grants it, on exactly the table or indexes
 * granted. A call outside the grant would be AccessDenied in AWS; a grant no call needs is privilege to remove.
 */
import { inject, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FUNCTIONS, type FunctionName, TABLE_ACCESS, grantPairs } from '../../infra/access';
import { documentClient, ensureTable, localClient } from '../../infra/local/dynamodb';
import { createHandler as createApi } from '../../functions/api/app';
import { createHandler as createIntake } from '../../functions/award-intake/app';
import { createBudgetSweeper } from '../../functions/budget-sweeper/app';
import { createBankInbound } from '../../functions/bank-inbound/app';
import { createPaymentRun } from '../../functions/payment-run/app';
import { createLedgerDigest } from '../../functions/ledger-digest/app';
import { createSimulationHandler } from '../../functions/simulation/app';
import type { SimulationMessage } from '../../shared/app/simulation';
import { chinaDate } from '../../shared/domain/time';
import { API_ROUTES } from '../../shared/contract/routes';
import { writePain001 } from '../../shared/adapters/iso20022/pain001';
import { simulateBank } from '../../shared/adapters/iso20022/simulated-bank';
import { memoryFiles, testDigests } from '../support/payments';
import { camtFile } from '../support/bank-files';
import { apiDigests } from '../support/digests';
import { DEFAULT_APPROVAL_CONFIG } from '../../shared/domain/approval';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import { AwardStore, type StoreOptions } from '../../shared/store/store';
import { WEEKDAYS_CALENDAR, controlsFor } from '../support/controls';
import { rawEvent, TEST_PERSON_KEY } from '../support/events';
import { type ApiRequest, apiEvent, lambdaContext, quietObservability, sampleTexts, sqsEvent, sqsRecord } from '../support/lambda';
import { people } from '../support/store';

const YEAR = fiscalYearOf(new Date());
type Use = `${string} on ${string}`;

/** The partition keys a call writes (what dynamodb:LeadingKeys is checked against), marshalled or not. */
function writtenKeys(command: string, input: Record<string, unknown>): string[] {
  type Req = { Item?: Record<string, unknown>; Key?: Record<string, unknown> };
  const pkOf = (r: Req | undefined) => {
    const pk = (r?.Item ?? r?.Key)?.pk as string | { S?: string } | undefined;
    return typeof pk === 'string' ? pk : pk?.S;
  };
  const requests: Array<Req | undefined> = [];
  if (['PutItem', 'UpdateItem', 'DeleteItem'].includes(command)) requests.push(input as Req);
  if (command === 'BatchWriteItem') {
    for (const list of Object.values((input.RequestItems ?? {}) as Record<string, Array<{ PutRequest?: Req; DeleteRequest?: Req }>>)) {
      for (const r of list) requests.push(r.PutRequest ?? r.DeleteRequest);
    }
  }
  if (command === 'TransactWriteItems') {
    for (const item of (input.TransactItems ?? []) as Array<Record<string, Req>>) requests.push(Object.values(item)[0]);
  }
  return requests.map(pkOf).filter((pk): pk is string => pk !== undefined);
}

/** The partition keys each recording store's client wrote, by the set of actions it recorded. */
const writtenBy = new WeakMap<Set<Use>, Set<string>>();

/** A store over the shared table whose client records each DynamoDB action it is authorised by, and where. */
function recordingStore(tableName: string, options: Pick<StoreOptions, 'controls' | 'calendar'> = {}): { store: AwardStore; used: Set<Use> } {
  const raw: DynamoDBClient = localClient(inject('dynamoEndpoint'));
  const used = new Set<Use>();
  const written = new Set<string>();
  writtenBy.set(used, written);
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
      for (const pk of writtenKeys(command, input)) written.add(pk);
      return next(args);
    },
    { step: 'initialize', name: 'recordAccess' },
  );
  return { store: new AwardStore({ client: documentClient(raw), tableName, approvalConfig: DEFAULT_APPROVAL_CONFIG, ...options }), used };
}

function grantedTo(name: FunctionName): Set<Use> {
  return new Set(grantPairs(TABLE_ACCESS[name]).map(({ action, on }) => `${action} on ${on === 'table' ? 'table' : `index/${on}`}` as Use));
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
    const files = memoryFiles();
    // One signer and log for the API and ledger-digest, as in AWS (one key, one bucket).
    const digests = testDigests();
    // "Sign now" runs ledger-digest (its own role, its own grant): the API answers its runs and signs nothing itself.
    const digester = recordingStore(tableName);
    const simulationSteps: SimulationMessage[] = [];
    const simulations = { send: async (message: SimulationMessage) => void simulationSteps.push(message) };
    const ports = { paymentFiles: files, digests: apiDigests(digester.store, digests), simulations };
    const apiHandler = createApi({ ...quietObservability(), store: api.store, catalog: CATALOG, personKey: TEST_PERSON_KEY, ...ports });
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
      // Issue 22: the reports, and the lists as files.
      { routeKey: 'GET /reports/budget-execution', principal: people.auditor(), query: { jurisdiction: '130000', year: String(YEAR) } },
      { routeKey: 'GET /reports/budget-execution', principal: people.auditor(), query: { jurisdiction: '130000', year: String(YEAR), format: 'xlsx' } },
      { routeKey: 'GET /reports/overdue', principal: people.auditor(), query: { jurisdiction: '130000' } },
      { routeKey: 'GET /awards', principal: people.auditor(), query: { format: 'xlsx' } },
      { routeKey: 'GET /ledger', principal: people.auditor(), query: { jurisdiction: '130000', format: 'xlsx' } },
    ];
    for (const request of requests) expect((await call(request)).statusCode, request.routeKey).toBe(200);
    const fujian = (await all('350000')).find((a) => a.status === 'AMOUNT_REQUIRED') as Award;
    expect((await call({ routeKey: 'POST /awards/{awardId}/amount', principal: people.officer('350000'), pathParameters: { awardId: fujian.awardId }, body: { amountFen: yuan(10_000), basis: '办法' } })).statusCode).toBe(200);
    // Three awards of three recipients: one paid, one returned by the bank (its account ends in 0000), one clawed back.
    const single = (await all('130000')).filter((a) => a.status === 'PENDING_APPROVAL' && (a.approvalsRequired ?? 2) === 1);
    const toPay = single.filter((a, i) => single.findIndex((b) => b.recipientId === a.recipientId) === i).slice(0, 3);
    expect(toPay).toHaveLength(3);
    for (const award of toPay) expect((await call({ routeKey: 'POST /awards/{awardId}/decisions', principal: approver, pathParameters: { awardId: award.awardId }, body: { decision: 'approve' } })).statusCode).toBe(200);
    const [paidLater, failing, clawedBack] = toPay as [Award, Award, Award];
    for (const [award, account] of [[paidLater, '6222020402001234567'], [failing, '6222020402000000'], [clawedBack, '6222020402007654321']] as const) {
      const path = { jurisdiction: '130000', recipientId: award.recipientId };
      const proposed = await call({ routeKey: 'PUT /payees/{jurisdiction}/{recipientId}', principal: people.officer('130000', 'li'), pathParameters: path, body: { accountName: award.recipient.name, accountNumber: account, bankCode: '102131000013', bankName: '工商银行' } });
      expect(proposed.statusCode).toBe(200);
      const { proposalId } = (JSON.parse(proposed.body ?? '{}') as { pending: { proposalId: string } }).pending;
      expect((await call({ routeKey: 'POST /payees/{jurisdiction}/{recipientId}/confirm', principal: people.officer('130000', 'zhao'), pathParameters: path, body: { proposalId } })).statusCode).toBe(200);
    }

    // payment-run files the three; bank-inbound reconciles the bank's answers (a return included) and refuses nothing.
    const run = recordingStore(tableName);
    const ran = (await createPaymentRun({ ...quietObservability(), store: run.store, files, jurisdictions: ['130000', '130100', '350000'] })({}, lambdaContext())) as { batches: Array<{ fileName: string }> };
    expect(ran.batches).toHaveLength(1);
    uses.set('payment-run', run.used);
    const inbound = recordingStore(tableName);
    const bankFiles = new Map<string, string>();
    const answers = await simulateBank((await files.get(ran.batches[0]?.fileName ?? '')) ?? '', { now: new Date() });
    bankFiles.set('inbound/a.xml', answers.pain002).set('inbound/b.xml', answers.camt054).set('inbound/c.xml', answers.camt054);
    const reconcile = createBankInbound({ ...quietObservability(), store: inbound.store, read: async (_bucket, key) => bankFiles.get(key) ?? '' });
    for (const key of bankFiles.keys()) await reconcile({ 'detail-type': 'Object Created', 'source': 'aws.s3', 'detail': { bucket: { name: 'payments' }, object: { key } } } as never, lambdaContext());
    uses.set('bank-inbound', inbound.used);
    // ledger-digest signs every jurisdiction's entries so far: its bookmark read and moved, the ledger read in sequence.
    const signed = (await createLedgerDigest({ ...quietObservability(), store: digester.store, digests, jurisdictions: ['130000', '130100', '350000'] })({}, lambdaContext())) as { digests: number };
    expect(signed.digests).toBeGreaterThanOrEqual(3);
    uses.set('ledger-digest', digester.used);
    expect((await admin.getAward(paidLater.awardId))?.status).toBe('DISBURSED');
    expect((await admin.getAward(failing.awardId))?.status).toBe('PAYMENT_FAILED');

    expect((await call({ routeKey: 'POST /awards/{awardId}/payment-retry', principal: people.officer('130000'), pathParameters: { awardId: failing.awardId } })).statusCode).toBe(200);
    // The sample second claim to lead GB/T 43456-2024, held at intake: an officer releases it (CONTRACT §6).
    const held = (await all('130000')).find((a) => a.status === 'ON_HOLD') as Award;
    expect((await call({ routeKey: 'POST /awards/{awardId}/release', principal: people.officer('130000'), pathParameters: { awardId: held.awardId }, body: { basis: '联合牵头' } })).statusCode).toBe(200);
    const { detailType, identity } = clawedBack;
    const target = { detailType, recipientId: clawedBack.recipientId, identities: [identity] };
    await admin.recordRevocation({ eventId: 'claw', source: clawedBack.source, target, revokes: { detailType: clawedBack.detailType, reference: clawedBack.reference }, reason: '撤销', accepted: null });
    expect((await admin.getAward(clawedBack.awardId))?.status).toBe('CLAWBACK_DUE');
    expect((await call({ routeKey: 'POST /awards/{awardId}/repayments', principal: people.officer('130000'), pathParameters: { awardId: clawedBack.awardId }, body: { amountFen: 100 } })).statusCode).toBe(200);

    // The payment routes: a payee read, a run with nothing to pay, the batches and a file, a bank file naming an award
    // that is not with the bank (an exception), the exceptions, and one resolved.
    const officer = people.officer('130000');
    expect((await call({ routeKey: 'GET /payees/{jurisdiction}/{recipientId}', principal: officer, pathParameters: { jurisdiction: '130000', recipientId: paidLater.recipientId } })).statusCode).toBe(200);
    expect((await call({ routeKey: 'POST /payment-batches', principal: officer, body: { jurisdiction: '350000' } })).statusCode).toBe(403);
    expect((await call({ routeKey: 'POST /payment-batches', principal: people.officer('350000'), body: { jurisdiction: '350000' } })).statusCode).toBe(200);
    // The award retried above is payable again: an officer's run claims it, its payee's version a condition of the claim.
    const claimedNow = await call({ routeKey: 'POST /payment-batches', principal: officer, body: { jurisdiction: '130000' } });
    expect((JSON.parse(claimedNow.body ?? '{}') as { batch: { count: number } | null }).batch?.count).toBe(1);
    const batches = await call({ routeKey: 'GET /payment-batches', principal: officer, query: { jurisdiction: '130000' } });
    const batchId = (JSON.parse(batches.body ?? '{}') as { items: Array<{ batchId: string }> }).items[0]?.batchId ?? '';
    expect((await call({ routeKey: 'GET /payment-batches/{batchId}/file', principal: officer, pathParameters: { batchId } })).statusCode).toBe(200);
    const stray = { endToEndId: pending.awardId, amountFen: 1, creditor: { name: '某某', accountNumber: '6222020402001234567', bankCode: '102131000013', bankName: '工商银行' }, remittance: 'x' };
    const strayFile = writePain001({ messageId: 'STRAY1', paymentInfoId: 'STRAY1', createdAt: new Date(), requestedExecutionDate: '2026-01-05', initiatingParty: '财政厅', debtor: stray.creditor, payments: [stray] });
    const posted = await call({ routeKey: 'POST /bank-files', principal: officer, body: (await simulateBank(strayFile, { now: new Date(), bankMessagePrefix: 'STRAY' })).camt054 });
    expect(posted.statusCode).toBe(200);
    // The file's progress, as an auditor follows a large one (issue 19 finding 10).
    const { messageId } = JSON.parse(posted.body ?? '{}') as { messageId: string };
    expect((await call({ routeKey: 'GET /bank-files/{messageId}', principal: people.auditor(), pathParameters: { messageId } })).statusCode).toBe(200);
    // An officer's file above the synchronous limit (review H3): queued (202) under inbound/officers/ with the officer's
    // scope, then reconciled by bank-inbound from there as that officer's import.
    const unknownLines = Array.from({ length: 1_001 }, (_, i) => ({ amount: '1.00', indicator: 'DBIT' as const, bookingDate: '2026-05-06', txs: [{ endToEndId: `aw-${String(i).padStart(32, '0')}` }] }));
    const queued = await call({ routeKey: 'POST /bank-files', principal: officer, body: await camtFile('camt.053.001.08', 'ACCESS-LARGE-STMT', unknownLines) });
    expect(queued.statusCode).toBe(202);
    const queuedKey = [...files.files.keys()].find((k) => k.startsWith('inbound/officers/')) ?? '';
    bankFiles.set(queuedKey, files.files.get(queuedKey) ?? '');
    expect(await reconcile({ 'detail-type': 'Object Created', 'source': 'aws.s3', 'detail': { bucket: { name: 'payments' }, object: { key: queuedKey } } } as never, lambdaContext())).toMatchObject({ refused: false, summary: { exceptions: 1_001 } });
    const exceptions = await call({ routeKey: 'GET /reconciliation/exceptions', principal: people.officer('130100'), query: { jurisdiction: '130100' } });
    const exceptionId = (JSON.parse(exceptions.body ?? '{}') as { items: Array<{ exceptionId: string }> }).items[0]?.exceptionId ?? '';
    expect((await call({ routeKey: 'POST /reconciliation/exceptions/{exceptionId}/resolve', principal: people.officer('130100'), pathParameters: { exceptionId }, body: { note: '已核对' } })).statusCode).toBe(200);

    // Signed digests: the entries written since ledger-digest ran are signed on demand, then listed, and the key served.
    const signedNow = await call({ routeKey: 'POST /ledger/digests', principal: people.auditor() });
    expect(signedNow.statusCode).toBe(200);
    expect((JSON.parse(signedNow.body ?? '{}') as { runs: Array<{ digests: number }> }).runs.some((r) => r.digests > 0)).toBe(true);
    expect((await call({ routeKey: 'GET /ledger/digests', principal: people.auditor(), query: { jurisdiction: '130000' } })).statusCode).toBe(200);
    expect((await call({ routeKey: 'GET /ledger/digest-key', principal: people.auditor() })).statusCode).toBe(200);
    // The evidence pack of a paid award: the award, its entries, the kept event, the payee, the batch, its file, digests.
    expect((await call({ routeKey: 'GET /awards/{awardId}/evidence', principal: people.auditor(), pathParameters: { awardId: paidLater.awardId } })).statusCode).toBe(200);

    // What-if: the API starts a simulation of today's events and reads it; the simulation function runs its steps.
    const today = chinaDate(new Date());
    const started = await call({ routeKey: 'POST /simulations', principal: people.auditor(), body: { catalog: CATALOG.policies, from: today, to: today } });
    const { simulationId } = JSON.parse(started.body ?? '{}') as { simulationId: string };
    const simulation = recordingStore(tableName);
    const runStep = createSimulationHandler({ ...quietObservability(), store: simulation.store, catalog: CATALOG, queue: simulations });
    for (let message = simulationSteps.shift(); message !== undefined; message = simulationSteps.shift()) {
      expect(await runStep(sqsEvent([sqsRecord(JSON.stringify(message))]), lambdaContext())).toEqual({ batchItemFailures: [] });
    }
    uses.set('simulation', simulation.used);
    const report = await call({ routeKey: 'GET /simulations/{simulationId}', principal: people.auditor(), pathParameters: { simulationId } });
    expect((JSON.parse(report.body ?? '{}') as { status: string; items: unknown[] })).toMatchObject({ status: 'DONE', items: expect.arrayContaining([expect.anything()]) });
    // The controls (issue 21), through the same function with the stack's five working days of publicity: an award on
    // the notice, read as JSON and CSV; an objection recorded and dismissed; an officer's hold; the credit list.
    const withControls = recordingStore(tableName, { controls: controlsFor(['130000', '130100', '350000'], { publicityWorkingDays: 5 }), calendar: WEEKDAYS_CALENDAR });
    const controlledApi = createApi({ ...quietObservability(), store: withControls.store, catalog: CATALOG, personKey: TEST_PERSON_KEY, ...ports });
    const callControlled = async (request: ApiRequest) => (called.add(request.routeKey), controlledApi(apiEvent(request), lambdaContext('api')));
    const listed = await callControlled({ routeKey: 'POST /awards/{awardId}/decisions', principal: people.approver('350000'), pathParameters: { awardId: fujian.awardId }, body: { decision: 'approve' } });
    expect(JSON.parse(listed.body ?? '{}')).toMatchObject({ status: 'IN_PUBLICITY' });
    for (const format of ['json', 'csv']) expect((await callControlled({ routeKey: 'GET /publicity', principal: people.auditor(), query: { jurisdiction: '350000', format } })).statusCode).toBe(200);
    const objection = { objectorName: '李四', contact: '0591-1234567', text: '申报材料不实' };
    const objected = await callControlled({ routeKey: 'POST /awards/{awardId}/objections', principal: people.officer('350000', 'lin'), pathParameters: { awardId: fujian.awardId }, body: objection });
    expect(objected.statusCode).toBe(201);
    const objectionId = (JSON.parse(objected.body ?? '{}') as { objections: Array<{ objectionId: string }> }).objections[0]?.objectionId ?? '';
    const decision = { routeKey: 'POST /awards/{awardId}/objections/{objectionId}/decision' as const, principal: people.officer('350000', 'chen'), pathParameters: { awardId: fujian.awardId, objectionId } };
    expect((await callControlled({ ...decision, body: { outcome: 'dismissed', basis: '异议不成立' } })).statusCode).toBe(200);
    expect((await callControlled({ routeKey: 'POST /awards/{awardId}/hold', principal: people.officer('350000'), pathParameters: { awardId: fujian.awardId }, body: { note: '待核实' } })).statusCode).toBe(200);
    const entries = [{ recipientId: paidLater.recipientId, listName: '失信被执行人名单', from: '2026-01-01' }];
    expect((await callControlled({ routeKey: 'POST /credit-lists', principal: officer, body: { entries } })).statusCode).toBe(200);
    expect((await callControlled({ routeKey: 'GET /credit-lists', principal: people.auditor(), query: { recipientId: paidLater.recipientId } })).statusCode).toBe(200);
    expect((await callControlled({ routeKey: 'GET /credit-lists', principal: people.auditor() })).statusCode).toBe(200);
    for (const use of withControls.used) api.used.add(use);
    uses.set('api', api.used);

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
    expect(await createBudgetSweeper({ ...quietObservability(), store: budgetSweeper.store, jurisdictions: ['130000', '130100', '350000'] })({}, lambdaContext())).toEqual({ served: waiting.length, publicityEnded: 0 });
    // Its daily check of the time limits (issue 22), with limits set so it reads the awards on each step, and a clock
    // far enough on that the awards recorded here are past them.
    const later = recordingStore(tableName, { controls: controlsFor(['130000', '130100', '350000'], { approvalWorkingDays: 1, paymentWorkingDays: 1 }) });
    const checker = new AwardStore({
      client: later.store.core.client,
      tableName,
      approvalConfig: DEFAULT_APPROVAL_CONFIG,
      controls: later.store.core.controls,
      clock: () => new Date(Date.now() + 20 * 86_400_000),
    });
    const check = await createBudgetSweeper({ ...quietObservability(), store: checker, jurisdictions: ['130000', '130100', '350000'] })({ task: 'overdue' }, lambdaContext()) as { overdue: number };
    expect(check.overdue).toBeGreaterThan(0);
    for (const use of later.used) budgetSweeper.used.add(use);
    uses.set('budget-sweeper', budgetSweeper.used);
    // Last, so a route not yet in the workload fails this test without hiding what every function's calls were.
    expect([...called].sort()).toEqual([...API_ROUTES].sort());
  }, 120_000);

  it.each(FUNCTIONS.map((f) => [f]))('%s', (name) => {
    const used = uses.get(name);
    expect(used, 'the workload ran').toBeDefined();
    expect([...(used ?? [])].sort()).toEqual([...grantedTo(name)].sort());
  });

  // dynamodb:LeadingKeys (infra/constructs/function.ts): what the grant's condition allows the function's calls need.
  it.each(FUNCTIONS.filter((f) => TABLE_ACCESS[f].writes !== undefined).map((f) => [f]))('%s writes only under the partition key prefixes it is granted, and under each', (name) => {
    const prefixes = TABLE_ACCESS[name].writes ?? [];
    const written = [...(writtenBy.get(uses.get(name) ?? new Set()) ?? [])];
    expect(written.length, 'the workload wrote').toBeGreaterThan(0);
    expect(written.filter((pk) => !prefixes.some((p) => pk.startsWith(p)))).toEqual([]);
    for (const p of prefixes) expect(written.some((pk) => pk.startsWith(p)), p).toBe(true);
  });
});
