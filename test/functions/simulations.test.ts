/**
 * What-if over real history, on DynamoDB Local: intake keeps every accepted event (a person's number masked), the API
 * starts a simulation of a draft, the simulation function runs it step by step from the messages the API and each step
 * send (a small page, so the paging shows; every message delivered twice, as SQS may), and GET answers the report.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createApi } from '../../functions/api/app';
import { createHandler as createIntake } from '../../functions/award-intake/app';
import { createSimulationHandler } from '../../functions/simulation/app';
import { replayable } from '../../shared/app/accepted';
import { parseDraftCatalog } from '../../shared/app/draft-catalog';
import type { SimulationMessage } from '../../shared/app/simulation';
import type { Policy } from '../../shared/domain/catalog';
import { yuan } from '../../shared/domain/money';
import { maskIdNumber } from '../../shared/domain/person';
import { chinaDate } from '../../shared/domain/time';
import { simulate } from '../../shared/domain/whatif-summary';
import { CATALOG } from '../../shared/policies';
import { getAcceptedEvent } from '../../shared/store/accepted-events';
import type { AwardStore, Simulation } from '../../shared/store/store';
import { type ApiRequest, SAMPLES, apiEvent, lambdaContext, quietObservability, sampleTexts, sqsEvent, sqsRecord } from '../support/lambda';
import { RECIPIENTS, TEST_PERSON_KEY } from '../support/events';
import { memoryFiles, testDigests } from '../support/payments';
import { freshStore, people } from '../support/store';

const PERSON = RECIPIENTS.sjzPerson.idNumber;
const DAY_MS = 86_400_000;
const FROM = chinaDate(new Date(Date.now() - DAY_MS));
const TO = chinaDate(new Date(Date.now() + DAY_MS));

let store: AwardStore;
let api: ReturnType<typeof createApi>;
let step: ReturnType<typeof createSimulationHandler>;
const sent: SimulationMessage[] = [];
const queue = { send: async (message: SimulationMessage) => void sent.push(message) };
const samples = sampleTexts();
const auditor = people.auditor('whatif-auditor');

async function call(request: ApiRequest) {
  const response = await api(apiEvent(request), lambdaContext('api'));
  const type = String(response.headers?.['content-type'] ?? '');
  return { status: response.statusCode, headers: response.headers ?? {}, body: type.startsWith('application/json') ? JSON.parse(response.body ?? 'null') : response.body };
}

/** The catalog in force as GET /policies answers it, the national tier of hebei-2022 (二) doubled. */
function doubledNational(): Policy[] {
  const policies = JSON.parse(JSON.stringify(CATALOG.policies)) as Policy[];
  const rule = policies.find((p) => p.id === 'hebei-2022')?.versions[0]?.rules.find((r) => r.id === 'hebei-2022/standard-lead-drafting');
  if (rule?.amount.kind !== 'tiered') throw new Error('the rule');
  (rule.amount.tiersFen as Record<string, number>).national = yuan(400_000);
  return policies;
}

/** Runs every message sent until none is left, each delivered twice; answers how many steps ran. */
async function drive(): Promise<number> {
  let steps = 0;
  for (let message = sent.shift(); message !== undefined; message = sent.shift()) {
    const body = JSON.stringify(message);
    for (const receiveCount of [1, 2]) expect(await step(sqsEvent([sqsRecord(body, { receiveCount })]), lambdaContext('simulation'))).toEqual({ batchItemFailures: [] });
    steps += 1;
    expect(steps).toBeLessThan(100);
  }
  return steps;
}

beforeAll(async () => {
  ({ store } = await freshStore());
  const intake = createIntake({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
  for (const [j, fen] of [['130000', yuan(100_000_000)], ['130100', yuan(20_000_000)], ['350000', yuan(50_000_000)]] as const) {
    await store.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: Number(chinaDate(new Date()).slice(0, 4)), allocatedFen: fen });
  }
  const texts = [...samples, ...sampleTexts(`${SAMPLES}/invalid`).slice(0, 2)].map((s) => s.text);
  // Batches of ten, as SQS delivers them.
  for (let i = 0; i < texts.length; i += 10) await intake(sqsEvent(texts.slice(i, i + 10).map((text) => sqsRecord(text))), lambdaContext());
  const ports = { paymentFiles: memoryFiles(), digests: testDigests(), simulations: queue };
  api = createApi({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY, ...ports });
  step = createSimulationHandler({ ...quietObservability(), store, catalog: CATALOG, queue, pageEventsMax: 4 });
});

describe('accepted events are kept', () => {
  it('keeps every accepted event of the period, in the order received, and no rejected one', async () => {
    const kept = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<AwardStore['listAcceptedEvents']>> = await store.listAcceptedEvents({ from: FROM, to: TO, limit: 5, cursor });
      expect(page.items.length).toBeLessThanOrEqual(5);
      kept.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== null);
    expect(kept.map((k) => k.eventId).sort()).toEqual(samples.map((s) => JSON.parse(s.text).id as string).sort());
    expect(kept.map((k) => k.receivedAt)).toEqual(kept.map((k) => k.receivedAt).sort());
  });

  it('keeps a person\'s detail with the number masked, and the keyed id beside it', async () => {
    const sample = samples.find((s) => s.name === 'honour-conferred-hebei-quality-award-individual.json');
    const kept = await getAcceptedEvent(store.core, JSON.parse(sample?.text ?? '{}').id);
    expect(kept?.recipientId).toBe(TEST_PERSON_KEY.recipientIdOf(PERSON));
    expect(kept?.detail).toContain(maskIdNumber(PERSON));
    expect(kept?.detail).not.toContain(PERSON);
  });
});

describe('POST /simulations and GET /simulations/{simulationId}', () => {
  let simulationId = '';

  it('runs a draft over the period page by page, and answers the summary and the recipients once done', async () => {
    const started = await call({ routeKey: 'POST /simulations', principal: auditor, body: { catalog: { policies: doubledNational() }, from: FROM, to: TO } });
    expect(started).toMatchObject({ status: 200, body: { simulationId: expect.any(String), status: 'RUNNING' } });
    simulationId = started.body.simulationId;
    const running = await call({ routeKey: 'GET /simulations/{simulationId}', principal: auditor, pathParameters: { simulationId } });
    expect(running.body).toMatchObject({ status: 'RUNNING', summary: [], items: [] });
    // The samples, four events a step, then the sum: more than two steps prove the paging.
    const steps = await drive();
    expect(steps).toBeGreaterThan(Math.ceil(samples.length / 4));
    const done = await call({ routeKey: 'GET /simulations/{simulationId}', principal: auditor, pathParameters: { simulationId }, query: { limit: '100' } });
    expect(done.status).toBe(200);
    // Skipped: the revocation, and three repeats of facts the samples record (two of the inspection-testing centre's
    // approval, one of the innovation base's), which intake found duplicates.
    expect(done.body).toMatchObject({ status: 'DONE', progress: { events: samples.length, skipped: 4, phase: 'done' }, cursor: null });
    // Three national-standard leads in Hebei under hebei-2022 (二): each costs ¥200,000 more. One is a second claim to
    // lead GB/T 43456-2024, which the ledger holds for an officer: what-if counts what the catalog grants (ADR 013).
    const year = Number(chinaDate(new Date()).slice(0, 4));
    const hebei = done.body.summary.find((r: { jurisdiction: string; fiscalYear: number }) => r.jurisdiction === '130000' && r.fiscalYear === year);
    expect(hebei).toMatchObject({ deltaFen: yuan(600_000), gained: 2, lost: 0, added: 0, dropped: 0 });
    // Exactly what the pure simulation of the same history says: nothing was counted twice, though every step ran twice.
    const history = (await store.listAcceptedEvents({ from: FROM, to: TO, limit: 200 })).items.map(replayable).flatMap((r) => (r.ok ? [r.fact] : []));
    const draft = parseDraftCatalog(doubledNational());
    if (!draft.ok) throw new Error(draft.reason);
    const expected = simulate(history, { current: CATALOG, draft: draft.catalog }, null);
    expect(done.body.summary).toEqual(expected.summary);
    const deltas = (items: ReadonlyArray<{ recipientId: string; deltaFen: number }>) => items.map((i) => [i.recipientId, i.deltaFen]);
    expect(deltas(done.body.items)).toEqual(deltas(expected.items));
    expect(JSON.stringify(done.body)).not.toContain(PERSON);
  });

  it('pages the recipients, largest difference first', async () => {
    const seen: Array<{ deltaFen: number }> = [];
    let cursor: string | undefined;
    do {
      const page = await call({ routeKey: 'GET /simulations/{simulationId}', principal: auditor, pathParameters: { simulationId }, query: { limit: '2', ...(cursor ? { cursor } : {}) } });
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.cursor ?? undefined;
    } while (cursor !== undefined);
    const magnitudes = seen.map((i) => Math.abs(i.deltaFen));
    expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
    expect(seen.length).toBeGreaterThan(2);
  });

  it('answers the recipients as CSV, with a header row and a person masked', async () => {
    const csv = await call({ routeKey: 'GET /simulations/{simulationId}', principal: auditor, pathParameters: { simulationId }, query: { format: 'csv', limit: '100' } });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(String(csv.body).startsWith('\uFEFF')).toBe(true);
    const lines = String(csv.body).slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('recipientId,kind,name,number,currentFen,simulatedFen,deltaFen,awards');
    expect(lines.some((l) => l.includes(maskIdNumber(PERSON)))).toBe(true);
    expect(String(csv.body)).not.toContain(PERSON);
  });

  it('is read by whoever started it and auditors only; an unknown one is 404', async () => {
    const officer = people.officer('130000', 'whatif-officer');
    const started = await call({ routeKey: 'POST /simulations', principal: officer, body: { catalog: CATALOG.policies, from: FROM, to: TO } });
    expect(started.status).toBe(200);
    const own = { routeKey: 'GET /simulations/{simulationId}', pathParameters: { simulationId: started.body.simulationId } };
    expect((await call({ ...own, principal: officer })).status).toBe(200);
    expect((await call({ ...own, principal: auditor })).status).toBe(200);
    expect((await call({ ...own, principal: people.officer('130000', 'someone-else') })).status).toBe(403);
    expect((await call({ routeKey: 'GET /simulations/{simulationId}', principal: officer, pathParameters: { simulationId } })).status).toBe(403);
    expect((await call({ routeKey: 'GET /simulations/{simulationId}', principal: auditor, pathParameters: { simulationId: 'no-such-simulation' } })).status).toBe(404);
    await drive();
  });

  it('simulates finance\'s own jurisdictions only', async () => {
    const approver = people.approver('130000', 'whatif-approver');
    const body = (jurisdictions?: string[]) => ({ catalog: CATALOG.policies, from: FROM, to: TO, ...(jurisdictions ? { jurisdictions } : {}) });
    expect((await call({ routeKey: 'POST /simulations', principal: approver, body: body(['350000']) })).status).toBe(403);
    expect((await call({ routeKey: 'POST /simulations', principal: { user: 'nobody', groups: [] }, body: body() })).status).toBe(403);
    const own = await call({ routeKey: 'POST /simulations', principal: approver, body: body() });
    expect(own.status).toBe(200);
    await drive();
    const done = await call({ routeKey: 'GET /simulations/{simulationId}', principal: approver, pathParameters: { simulationId: own.body.simulationId } });
    expect(done.body).toMatchObject({ status: 'DONE', jurisdictions: ['130000'] });
    expect(done.body.summary.map((r: { jurisdiction: string }) => r.jurisdiction)).toEqual(expect.arrayContaining(['130000']));
    expect(new Set(done.body.summary.map((r: { jurisdiction: string }) => r.jurisdiction))).toEqual(new Set(['130000']));
  });

  it('sends a step\'s message again when the step saved its work but could not send it', async () => {
    const started = await call({ routeKey: 'POST /simulations', principal: auditor, body: { catalog: CATALOG.policies, from: FROM, to: TO } });
    const first = sent.shift();
    expect(first).toEqual({ simulationId: started.body.simulationId, step: 0 });
    let down = true;
    const flaky = {
      send: async (message: SimulationMessage) => {
        if (down) throw new Error('SQS refused the message');
        sent.push(message);
      },
    };
    const flakyStep = createSimulationHandler({ ...quietObservability(), store, catalog: CATALOG, queue: flaky, pageEventsMax: 4 });
    const body = JSON.stringify(first);
    expect(await flakyStep(sqsEvent([sqsRecord(body, { messageId: 'm-0' })]), lambdaContext())).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
    expect(sent).toEqual([]);
    down = false;
    expect(await flakyStep(sqsEvent([sqsRecord(body, { receiveCount: 2 })]), lambdaContext())).toEqual({ batchItemFailures: [] });
    expect(sent).toEqual([{ simulationId: started.body.simulationId, step: 1 }]);
    await drive();
    const done = await call({ routeKey: 'GET /simulations/{simulationId}', principal: auditor, pathParameters: { simulationId: started.body.simulationId } });
    expect(done.body).toMatchObject({ status: 'DONE', progress: { events: samples.length } });
  });

  it('runs a step whose message arrived before the step before noted it sent (the consumer read the item first)', async () => {
    // SQS may deliver the next step's message before sendNext notes it sent: the consumer reads the item, the note
    // lands (a new version), the consumer's claim is refused. Before, that refusal dropped the message as "busy" and
    // the simulation stalled for good (seen on a cold local stack, stuck in "summary").
    const started = await call({ routeKey: 'POST /simulations', principal: auditor, body: { catalog: CATALOG.policies, from: FROM, to: TO } });
    const simulationId = started.body.simulationId as string;
    const stale: Simulation[] = [];
    const early = {
      send: async (message: SimulationMessage) => {
        sent.push(message);
        stale.push((await store.simulations.get(message.simulationId)) as Simulation);
      },
    };
    const racing = Object.create(store) as AwardStore;
    const simulations = Object.create(store.simulations) as AwardStore['simulations'];
    simulations.get = async (id: string) => stale.shift() ?? store.simulations.get(id);
    Object.defineProperty(racing, 'simulations', { value: simulations });
    const racingStep = createSimulationHandler({ ...quietObservability(), store: racing, catalog: CATALOG, queue: early, pageEventsMax: 4 });
    stale.push((await store.simulations.get(simulationId)) as Simulation);
    for (let message = sent.shift(), steps = 0; message !== undefined; message = sent.shift(), steps++) {
      expect(await racingStep(sqsEvent([sqsRecord(JSON.stringify(message))]), lambdaContext('simulation'))).toEqual({ batchItemFailures: [] });
      expect(steps).toBeLessThan(100);
    }
    const done = await call({ routeKey: 'GET /simulations/{simulationId}', principal: auditor, pathParameters: { simulationId } });
    expect(done.body).toMatchObject({ status: 'DONE', progress: { phase: 'done', events: samples.length } });
  });

  it('fails a simulation with the reason when a step fails on its last delivery', async () => {
    const started = await call({ routeKey: 'POST /simulations', principal: auditor, body: { catalog: CATALOG.policies, from: FROM, to: TO } });
    const body = JSON.stringify(sent.shift());
    const broken = Object.create(store) as AwardStore;
    broken.listAcceptedEvents = async () => {
      throw new Error('the index is gone');
    };
    const brokenStep = createSimulationHandler({ ...quietObservability(), store: broken, catalog: CATALOG, queue, pageEventsMax: 4 });
    for (const receiveCount of [1, 2, 3]) {
      const answer = await brokenStep(sqsEvent([sqsRecord(body, { messageId: `m-${receiveCount}`, receiveCount })]), lambdaContext());
      expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: `m-${receiveCount}` }] });
    }
    const failed = await call({ routeKey: 'GET /simulations/{simulationId}', principal: auditor, pathParameters: { simulationId: started.body.simulationId } });
    expect(failed.body).toMatchObject({ status: 'FAILED', reason: 'step 0 failed 3 times: the index is gone' });
    expect(sent).toEqual([]);
  });

  it('refuses a draft that does not validate with 400 and the catalog\'s reason, and starts nothing', async () => {
    const policies = JSON.parse(JSON.stringify(CATALOG.policies)) as Policy[];
    (policies[0] as { jurisdiction: string }).jurisdiction = 'Hebei';
    const refused = await call({ routeKey: 'POST /simulations', principal: auditor, body: { catalog: policies, from: FROM, to: TO } });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION', message: `${policies[0]?.id}: jurisdiction must be a division code` } } });
    const shapeless = await call({ routeKey: 'POST /simulations', principal: auditor, body: { catalog: 'none', from: TO, to: FROM } });
    expect(shapeless).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION', message: expect.stringContaining('from must not be after to') } } });
    expect(sent).toEqual([]);
  });
});
