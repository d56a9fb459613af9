import { describe, expect, inject, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { RetryStrategyV2, StandardRetryToken } from '@smithy/types';
import { documentClient } from '../../infra/local/dynamodb';
import { parseEventText } from '../../events/contracts';
import { ingest } from '../../shared/app/intake';
import { validateXml } from '../../shared/adapters/iso20022/validate';
import { simulateBank } from '../../shared/adapters/iso20022/simulated-bank';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { DEFAULT_APPROVAL_CONFIG } from '../../shared/domain/approval';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import { AwardStore, DEFAULT_RETRY } from '../../shared/store/store';
import { getAcceptedEvent } from '../../shared/store/accepted-events';
import { rawEvent, TEST_PERSON_KEY } from '../support/events';
import { CrashError, FaultyClient, injectWireFaults } from '../support/faults';
import { confirmedPayee, memoryFiles } from '../support/payments';
import { freshStore, people } from '../support/store';
import { paymentBatches } from '../../shared/app/payments/run';
import { reconciliation } from '../../shared/app/reconciliation/bank-files';

const YEAR = fiscalYearOf(new Date());

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const HEBEI = '130000';
const CITY = '130100';

/** A store whose client injects faults, beside a clean store on the same table for checking and recovery. */
async function faultyStores() {
  const { store: clean, doc, tableName } = await freshStore();
  for (const [j, fen] of [[HEBEI, yuan(100_000_000)], [CITY, yuan(20_000_000)]] as const) {
    await clean.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: YEAR, allocatedFen: fen });
  }
  const faulty = new FaultyClient(doc);
  const store = new AwardStore({ client: faulty.asClient(), tableName, approvalConfig: DEFAULT_APPROVAL_CONFIG, retry: { ...DEFAULT_RETRY, baseDelayMs: 1 } });
  return { clean, store, faulty, tableName };
}

/** A Shijiazhuang national standard: two awards, two jurisdictions, two ledgers, two budgets in one transaction. */
const standardEvent = (n: number) =>
  JSON.stringify(rawEvent('StandardPublished', { standard: { number: `GB ${n}`, title: 't', level: 'national' }, draftingRank: 1 }, { recipient: 'shijiazhuang', reference: `GB ${n}`, eventId: `crash-${n}` }));

async function expectConsistent(clean: AwardStore) {
  for (const j of [HEBEI, CITY]) expect(await clean.verify(j), j).toMatchObject({ ok: true });
}

/**
 * The SDK's standard retries with a short backoff, so the test runs in seconds. Its retry quota (a token bucket that
 * stops retrying under sustained throttling, leaving the rest to SQS redelivery) is topped up before each retry:
 * at a constant 50 % fault rate it would otherwise run dry and make the test a coin toss about the SDK, not about
 * the pipeline. `recordSuccess` with a costly token is the public way to refill it.
 */
function patientRetries(): RetryStrategyV2 {
  const standard = new ConfiguredRetryStrategy(6, (attempt: number) => 2 * attempt);
  const refill = { getRetryCost: () => Number.MAX_SAFE_INTEGER, getRetryCount: () => 0 } as unknown as StandardRetryToken;
  return {
    acquireInitialRetryToken: (scope) => standard.acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: (token, errorInfo) => {
      standard.recordSuccess(refill);
      return standard.refreshRetryTokenForRetry(token as StandardRetryToken, errorInfo);
    },
    recordSuccess: (token) => standard.recordSuccess(token as StandardRetryToken),
  };
}

/** Delivers until the pipeline stops failing (SQS redelivery), at most `deliveries` times. */
async function redeliver<T>(attempt: () => Promise<T>, deliveries = 60): Promise<T> {
  let last: unknown;
  for (let i = 0; i < deliveries; i++) {
    try {
      return await attempt();
    } catch (error) {
      last = error;
    }
  }
  throw new Error(`still failing after ${deliveries} deliveries: ${String(last)}`);
}

describe('a crash at every step boundary', () => {
  it('of intake: the redelivered event is recorded exactly once', async () => {
    const { clean, store, faulty } = await faultyStores();
    // Count the calls of a clean delivery, then crash before and after each of them in turn.
    faulty.reset();
    await ingest(standardEvent(0), 'm-0', { store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
    const steps = faulty.calls;
    // Two round trips: one BatchGetItem of everything the event needs, one TransactWriteItems that records it and
    // keeps it as accepted (ADR 008, ADR 019).
    expect(steps).toBe(2);
    let n = 0;
    for (let call = 1; call <= steps; call++) {
      for (const when of ['before', 'after'] as const) {
        n += 1;
        const text = standardEvent(n);
        faulty.reset({ crashAt: { call, when } });
        await expect(ingest(text, `m-${n}`, { store, catalog: CATALOG, personKey: TEST_PERSON_KEY }), `${when} call ${call}`).rejects.toThrow(CrashError);
        faulty.reset();
        const result = await ingest(text, `m-${n}`, { store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
        expect(result.kind).toBe('awards');
        const parsed = parseEventText(text);
        expect(parsed.ok && (await clean.getEventOutcome(parsed.event.eventId ?? ''))).toBeTruthy();
        // Kept whichever call the crash came at: with the outcome, in one transaction, by the delivery that recorded it.
        expect(parsed.ok && (await getAcceptedEvent(clean.core, parsed.event.eventId ?? ''))).toMatchObject({ truncated: false });
      }
    }
    const awards = (await clean.listAwards({ jurisdictions: [HEBEI, CITY], limit: 100 })).items;
    let all = awards;
    let cursor = (await clean.listAwards({ jurisdictions: [HEBEI, CITY], limit: 100 })).cursor;
    while (cursor !== null) {
      const page = await clean.listAwards({ jurisdictions: [HEBEI, CITY], limit: 100, cursor });
      all = [...all, ...page.items];
      cursor = page.cursor;
    }
    expect(all).toHaveLength((n + 1) * 2);
    expect(new Set(all.map((a) => a.awardId)).size).toBe(all.length);
    await expectConsistent(clean);
  }, 120_000);

  it('of a revocation, before and after its fact: the fact is voided once and never payable', async () => {
    const { clean, store, faulty } = await faultyStores();
    const revocationEvent = (n: number) =>
      JSON.stringify(rawEvent('AchievementRevoked', { revokes: { detailType: 'StandardPublished', reference: `GB ${n}` }, reason: '撤销' }, { recipient: 'shijiazhuang', reference: `撤 ${n}`, eventId: `revoke-${n}` }));
    // Three shapes of work, each counted on a clean run, then crashed before and after each of its calls in turn:
    // revoking a recorded fact, remembering a revocation of a fact not yet seen, and a fact meeting that revocation.
    const shapes = [
      { name: 'revoke recorded', prepare: async (n: number) => void (await ingest(standardEvent(n), `f-${n}`, { store: clean, catalog: CATALOG, personKey: TEST_PERSON_KEY })), text: revocationEvent },
      { name: 'remember', prepare: async () => undefined, text: revocationEvent },
      { name: 'meet', prepare: async (n: number) => void (await ingest(revocationEvent(n), `r-${n}`, { store: clean, catalog: CATALOG, personKey: TEST_PERSON_KEY })), text: standardEvent },
    ];
    let n = 300;
    for (const shape of shapes) {
      n += 1;
      await shape.prepare(n);
      faulty.reset();
      await ingest(shape.text(n), `clean-${n}`, { store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
      const steps = faulty.calls;
      for (let call = 1; call <= steps; call++) {
        for (const when of ['before', 'after'] as const) {
          n += 1;
          await shape.prepare(n);
          faulty.reset({ crashAt: { call, when } });
          await expect(ingest(shape.text(n), `m-${n}`, { store, catalog: CATALOG, personKey: TEST_PERSON_KEY }), `${shape.name}: ${when} call ${call}`).rejects.toThrow(CrashError);
          faulty.reset();
          await ingest(shape.text(n), `m-${n}`, { store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
          // The revocation's counterpart arrives after recovery where it has not yet: the order must not matter.
          if (shape.name === 'remember') await ingest(standardEvent(n), `late-${n}`, { store: clean, catalog: CATALOG, personKey: TEST_PERSON_KEY });
          const awards = (await clean.listAwards({ jurisdictions: [HEBEI, CITY], reference: `GB ${n}` })).items;
          expect(awards.map((a) => a.status), `${shape.name}: ${when} call ${call}`).toEqual(['VOIDED', 'VOIDED']);
          expect((await clean.getRevocation(`revoke-${n}`))?.state).toBe('APPLIED');
        }
      }
    }
    expect(await clean.getBudget(HEBEI, YEAR)).toMatchObject({ reservedFen: 0 });
    await expectConsistent(clean);
  }, 180_000);

  it('of a decision: the approval counts once and the award is approved once', async () => {
    const { clean, store, faulty } = await faultyStores();
    let n = 0;
    for (let call = 1; call <= 6; call++) {
      for (const when of ['before', 'after'] as const) {
        n += 1;
        await ingest(standardEvent(100 + n), `d-${n}`, { store: clean, catalog: CATALOG, personKey: TEST_PERSON_KEY });
        const award = (await clean.listAwards({ jurisdictions: [HEBEI], reference: `GB ${100 + n}` })).items[0] as Award;
        faulty.reset({ crashAt: { call, when } });
        const first = await store.decide(award.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' }).catch((e: Error) => e);
        faulty.reset();
        if (first instanceof CrashError) {
          // The approver retries: either the approval landed (and a second is refused) or it did not (and lands now).
          const again = await store.decide(award.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' });
          expect(again.ok || (!again.ok && again.code === 'FORBIDDEN')).toBe(true);
        }
        const after = (await clean.getAward(award.awardId)) as Award;
        expect(after.status).toBe('APPROVED');
        expect(after.approvals).toHaveLength(1);
      }
    }
    await expectConsistent(clean);
  }, 120_000);

  /**
   * The payment run (ADR 010): a crash before or after any DynamoDB call, or while its file is being stored, leaves
   * either no batch (the award still APPROVED) or a batch whose claims are complete (every award in it PAYING); the next
   * run files it. Never a PAYING award whose batch has no file once the runs are done, never an award in two batches.
   */
  it('of a payment run, the file included: no batch or a complete one, and the next run files it', async () => {
    const { clean, store, faulty } = await faultyStores();
    const files = memoryFiles();
    let crashFile = false;
    const flaky = {
      put: async (name: string, xml: string) => {
        if (crashFile) throw new CrashError('crash storing the file');
        await files.put(name, xml);
      },
      get: files.get,
    };
    const payable = async (n: number) => {
      await ingest(standardEvent(200 + n), `p-${n}`, { store: clean, catalog: CATALOG, personKey: TEST_PERSON_KEY });
      const award = (await clean.listAwards({ jurisdictions: [HEBEI], reference: `GB ${200 + n}` })).items[0] as Award;
      value(await clean.decide(award.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' }));
      return award;
    };
    // Count the calls of a clean run, then crash before and after each, and once while storing the file.
    const first = await payable(0);
    await confirmedPayee(clean, first);
    faulty.reset();
    await paymentBatches(store, flaky).run(HEBEI, 'run');
    const calls = faulty.calls;
    expect(calls).toBeGreaterThan(5);
    const cases = [...Array.from({ length: calls }, (_, i) => [{ call: i + 1, when: 'before' as const }, { call: i + 1, when: 'after' as const }]).flat(), 'file' as const];
    for (const [n, crash] of cases.entries()) {
      const award = await payable(n + 1);
      faulty.reset(crash === 'file' ? {} : { crashAt: crash });
      crashFile = crash === 'file';
      const crashed = await paymentBatches(store, flaky).run(HEBEI, 'run').then(() => false, (e: unknown) => (e instanceof CrashError ? true : Promise.reject(e)));
      faulty.reset();
      crashFile = false;
      const now = (await clean.getAward(award.awardId)) as Award;
      if (now.status === 'PAYING') {
        const batch = await paymentBatches(clean, files).getBatch(now.paymentId ?? '');
        expect(batch, `${JSON.stringify(crash)}: a PAYING award is in a batch`).not.toBeNull();
        for (const p of batch?.payments ?? []) expect((await clean.getAward(p.awardId))?.status, `claims of ${batch?.batchId} are complete`).toBe('PAYING');
      } else expect(now.status, `${JSON.stringify(crash)}: not claimed`).toBe('APPROVED');
      if (crashed || now.status === 'APPROVED') await paymentBatches(store, flaky).run(HEBEI, 'run');
      const after = (await clean.getAward(award.awardId)) as Award;
      expect(after.status, JSON.stringify(crash)).toBe('PAYING');
      const batch = await paymentBatches(clean, files).getBatch(after.paymentId ?? '');
      expect(batch?.status, JSON.stringify(crash)).toBe('FILED');
      const xml = (await files.get(batch?.fileName ?? '')) ?? '';
      expect((await validateXml(xml, 'pain.001.001.09')).ok).toBe(true);
      expect(xml).toContain(`<EndToEndId>${award.awardId}</EndToEndId>`);
    }
    const sent = (await clean.ledger(HEBEI)).filter((e) => e.type === 'PAYMENT_SENT').map((e) => e.awardId);
    expect(sent).toHaveLength(cases.length + 1);
    expect(new Set(sent).size).toBe(sent.length);
    await expectConsistent(clean);
  }, 180_000);

  it('of reconciling a bank answer: each payment is settled once', async () => {
    const { clean, store, faulty } = await faultyStores();
    const files = memoryFiles();
    let n = 0;
    for (let call = 1; call <= 8; call++) {
      for (const when of ['before', 'after'] as const) {
        n += 1;
        await ingest(standardEvent(400 + n), `r-${n}`, { store: clean, catalog: CATALOG, personKey: TEST_PERSON_KEY });
        const award = (await clean.listAwards({ jurisdictions: [HEBEI], reference: `GB ${400 + n}` })).items[0] as Award;
        value(await clean.decide(award.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' }));
        await confirmedPayee(clean, award);
        const [batch] = (await paymentBatches(clean, files).run(HEBEI, 'run')).batches;
        const { camt054 } = await simulateBank((await files.get(batch?.fileName ?? '')) ?? '', { now: new Date(), bankMessagePrefix: `R${n}` });
        faulty.reset({ crashAt: { call, when } });
        const first = await reconciliation(store).importBankFile(camt054).catch((e: Error) => e);
        faulty.reset();
        if (first instanceof CrashError) value(await reconciliation(store).importBankFile(camt054));
        expect((await clean.getAward(award.awardId))?.status).toBe('DISBURSED');
      }
    }
    const disbursed = (await clean.ledger(HEBEI)).filter((e) => e.type === 'DISBURSED').map((e) => e.awardId);
    expect(disbursed).toHaveLength(n);
    expect(new Set(disbursed).size).toBe(n);
    expect((await reconciliation(clean).listExceptions(HEBEI, { limit: 100 })).items).toEqual([]);
    await expectConsistent(clean);
  }, 180_000);
});

describe('throttling and cancelled transactions', () => {
  it.each([0.1, 0.3, 0.5])('at a %s rate: after redelivery every event is accounted for once and the ledger verifies', async (rate) => {
    const { clean, tableName } = await faultyStores();
    const raw = new DynamoDBClient({
      endpoint: inject('dynamoEndpoint'),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      retryStrategy: patientRetries(),
    });
    const faults = injectWireFaults(raw, rate, Math.round(rate * 1000));
    const retry = { ...DEFAULT_RETRY, baseDelayMs: 1 };
    const store = new AwardStore({ client: documentClient(raw), tableName, approvalConfig: DEFAULT_APPROVAL_CONFIG, retry });
    const events = Array.from({ length: 24 }, (_, i) => standardEvent(1_000 + i));
    // Each event is delivered until it goes through, four at a time, as the queue would.
    for (let i = 0; i < events.length; i += 4) {
      await Promise.all(events.slice(i, i + 4).map((text, j) => redeliver(() => ingest(text, `t-${i + j}`, { store, catalog: CATALOG, personKey: TEST_PERSON_KEY }))));
    }
    // Decisions and payments under the same faults: approvals, payees, a payment run, the bank's answer.
    const awards = (await clean.listAwards({ jurisdictions: [HEBEI], limit: 100 })).items;
    for (const award of awards.slice(0, 8)) {
      await redeliver(async () => {
        const result = await store.decide(award.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' });
        if (!result.ok && result.code !== 'FORBIDDEN') throw new Error(result.message);
      });
    }
    await confirmedPayee(clean, awards[0] as Award);
    const files = memoryFiles();
    const runs = await redeliver(() => paymentBatches(store, files).run(HEBEI, 'run'));
    for (const batch of (await clean.listBatches(HEBEI)).items) {
      const answers = await simulateBank((await files.get(batch.fileName)) ?? '', { now: new Date() });
      await redeliver(async () => value(await reconciliation(store).importBankFile(answers.camt054)));
    }
    expect(runs.blocked).toBe(0);
    expect(faults.injected).toBeGreaterThan(rate * 100);
    for (const text of events) {
      const parsed = parseEventText(text);
      expect(parsed.ok && (await clean.getEventOutcome(parsed.event.eventId ?? ''))).toMatchObject({ kind: 'awards' });
    }
    expect(awards).toHaveLength(events.length);
    const disbursed = (await clean.ledger(HEBEI)).filter((e) => e.type === 'DISBURSED').map((e) => e.awardId);
    expect(disbursed).toHaveLength(8);
    expect(new Set(disbursed).size).toBe(8);
    await expectConsistent(clean);
  }, 180_000);
});
