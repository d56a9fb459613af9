/**
 * Paged reads through the API router on DynamoDB Local: every cursor the API did not issue (forged, altered, from
 * another query, out of range) answers 400 at once, and the ledger's date filter returns exactly the entries of the
 * days it names, page by page.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createApi } from '../../functions/api/app';
import { createHandler as createIntake } from '../../functions/award-intake/app';
import { fiscalYearOf } from '../../shared/domain/awards';
import type { LedgerEntry } from '../../shared/domain/ledger';
import { yuan } from '../../shared/domain/money';
import { chinaDate } from '../../shared/domain/time';
import { CATALOG } from '../../shared/policies';
import type { AwardStore } from '../../shared/store/store';
import { type ApiRequest, apiEvent, lambdaContext, quietObservability, sampleTexts, sqsEvent, sqsRecord } from '../support/lambda';
import { freshStore, people } from '../support/store';
import { TEST_PERSON_KEY } from '../support/events';
import { memoryFiles, testDigests } from '../support/payments';

let store: AwardStore;
let api: ReturnType<typeof createApi>;
const auditor = people.auditor();

async function call(request: ApiRequest) {
  const response = await api(apiEvent(request), lambdaContext('api'));
  const json = String(response.headers?.['content-type'] ?? '').startsWith('application/json');
  return { status: response.statusCode, body: json ? JSON.parse(response.body ?? 'null') : response.body };
}

/** Characters of the seal a cursor begins with (shared/store/cursor.ts). */
const SEAL = 22;

/**
 * A cursor as the API issued it, altered by a caller who read the source: its envelope decoded, changed, re-encoded
 * behind the seal it came with (which no longer matches).
 */
function altered(cursor: string, change: (body: Record<string, unknown>) => void): string {
  const envelope = JSON.parse(Buffer.from(cursor.slice(SEAL), 'base64url').toString('utf8')) as { b: Record<string, unknown> };
  change(envelope.b);
  return cursor.slice(0, SEAL) + Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64url');
}

/** A cursor built from nothing by a caller who read the source: the query's digest computed as the store computes it. */
function forged(kind: string, query: Record<string, unknown>, body: Record<string, unknown>, seal = ''): string {
  const canonical = JSON.stringify(Object.keys(query).sort().map((k) => [k, query[k] ?? null]));
  const q = createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
  return seal + Buffer.from(JSON.stringify({ k: kind, q, b: body }), 'utf8').toString('base64url');
}

beforeAll(async () => {
  ({ store } = await freshStore());
  const year = fiscalYearOf(new Date());
  for (const j of ['130000', '130100', '350000']) await store.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: year, allocatedFen: yuan(100_000_000) });
  const intake = createIntake({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
  const texts = sampleTexts().filter((s) => s.name !== 'achievement-revoked.json');
  await intake(sqsEvent(texts.map((s) => sqsRecord(s.text))), lambdaContext());
  api = createApi({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: memoryFiles(), digests: testDigests() });
});

const refused = { status: 400, body: { error: { code: 'VALIDATION', message: expect.stringMatching(/cursor/) } } };

describe('a cursor the API did not issue answers 400 at once', () => {
  it('on GET /awards: garbage, not JSON, an index past the list, a key of another partition, another query', async () => {
    const first = await call({ routeKey: 'GET /awards', principal: auditor, query: { limit: '2' } });
    const cursor = first.body.cursor as string;
    expect(cursor).toEqual(expect.any(String));
    const query = (c: string) => call({ routeKey: 'GET /awards', principal: auditor, query: { limit: '2', cursor: c } });
    expect(await query('%%%not-base64')).toMatchObject(refused);
    expect(await query(Buffer.from('not json').toString('base64url'))).toMatchObject(refused);
    // The cursor of issue 10 that looped for ever on J#undefined.
    expect(await query(altered(cursor, (b) => (b.i = 99)))).toMatchObject(refused);
    expect(await query(altered(cursor, (b) => (b.key = { gsi1pk: 'J#999999', gsi1sk: 'x', pk: 'x', sk: 'x' })))).toMatchObject(refused);
    expect(await query(altered(cursor, (b) => (b.i = -1)))).toMatchObject(refused);
    const other = await call({ routeKey: 'GET /awards', principal: auditor, query: { limit: '2', status: 'PENDING_APPROVAL', cursor } });
    expect(other).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('another query') } } });
    expect((await query(cursor)).status).toBe(200);
  });

  it('on GET /ledger, in sequence and by date, and on /ledger/verify', async () => {
    const [from, to] = ['2020-01-01', chinaDate(new Date(Date.now() + 86_400_000))];
    const inSequence = (await call({ routeKey: 'GET /ledger', principal: auditor, query: { limit: '2' } })).body.cursor as string;
    const byDate = (await call({ routeKey: 'GET /ledger', principal: auditor, query: { limit: '2', from, to } })).body.cursor as string;
    const ledger = (query: Record<string, string>) => call({ routeKey: 'GET /ledger', principal: auditor, query });
    expect(await ledger({ limit: '2', cursor: altered(inSequence, (b) => (b.i = 99)) })).toMatchObject(refused);
    expect(await ledger({ limit: '2', cursor: altered(inSequence, (b) => (b.nextSeq = 0)) })).toMatchObject(refused);
    expect(await ledger({ limit: '2', from, to, cursor: altered(byDate, (b) => (b.i = 99)) })).toMatchObject(refused);
    const elsewhere = altered(byDate, (b) => (b.key = { gsi1pk: 'LTIME#999999', gsi1sk: 'x', pk: 'x', sk: 'x' }));
    expect(await ledger({ limit: '2', from, to, cursor: elsewhere })).toMatchObject(refused);
    // A cursor of the sequence read is not a cursor of the date read, and the other way round.
    expect(await ledger({ limit: '2', from, to, cursor: inSequence })).toMatchObject(refused);
    expect(await ledger({ limit: '2', cursor: byDate })).toMatchObject(refused);
    expect(await ledger({ limit: '2', cursor: 'A'.repeat(5_000) })).toMatchObject({ status: 400 });

    const verify = (cursor: string) => call({ routeKey: 'GET /ledger/verify', principal: auditor, query: { cursor } });
    expect(await verify(altered(inSequence, (b) => (b.i = 0)))).toMatchObject(refused);
  });

  it('on /ledger/verify, a cursor built by hand: the verification never attests a chain it did not read (attack review of issue 23, M1)', async () => {
    const first = (await call({ routeKey: 'GET /ledger/verify', principal: auditor, query: { jurisdiction: '130000' } })).body;
    expect(first).toMatchObject({ ok: true, complete: true });
    // Where the chain ends, claimed as already checked, and the budget counters left out: the review's cursor.
    const state = { i: 0, nextSeq: first.entries + 1, prevHash: first.head, balances: {}, checked: 999_999 };
    const query = { list: 'verify', jurisdictions: ['130000'] };
    const real = (await call({ routeKey: 'GET /ledger', principal: auditor, query: { limit: '1' } })).body.cursor as string;
    for (const cursor of [forged('verify', query, state), forged('verify', query, state, real.slice(0, SEAL))]) {
      const answer = await call({ routeKey: 'GET /ledger/verify', principal: auditor, query: { jurisdiction: '130000', cursor } });
      expect(answer).toMatchObject(refused);
      expect(JSON.stringify(answer.body)).not.toContain('999999');
    }
  });
});

describe('the ledger by date', () => {
  it('returns the entries of the days named, the same page by page as at once, and nothing outside them', async () => {
    const all = (await call({ routeKey: 'GET /ledger', principal: auditor, query: { jurisdiction: '130000', limit: '1000' } })).body;
    expect(all.cursor).toBeNull();
    expect(all.items.length).toBeGreaterThan(5);
    // The days the entries were written (one, unless the set-up ran across midnight, China time).
    const [from, to] = [chinaDate(new Date(all.items[0].at)), chinaDate(new Date(all.items.at(-1).at))];

    const dated = (await call({ routeKey: 'GET /ledger', principal: auditor, query: { jurisdiction: '130000', from, to, limit: '1000' } })).body;
    expect(dated.items.map((e: LedgerEntry) => e.seq)).toEqual(all.items.map((e: LedgerEntry) => e.seq));
    for (const e of dated.items as LedgerEntry[]) expect(chinaDate(new Date(e.at)) >= from && chinaDate(new Date(e.at)) <= to).toBe(true);

    const paged: LedgerEntry[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { jurisdiction: '130000', from, to, limit: '2', ...(cursor ? { cursor } : {}) };
      const page = (await call({ routeKey: 'GET /ledger', principal: auditor, query })).body as { items: LedgerEntry[]; cursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== null);
    expect(paged.map((e) => e.seq)).toEqual(all.items.map((e: LedgerEntry) => e.seq));

    const day = 86_400_000;
    const tomorrow = chinaDate(new Date(Date.parse(`${to}T12:00:00+08:00`) + day));
    const yesterday = chinaDate(new Date(Date.parse(`${from}T12:00:00+08:00`) - day));
    expect((await call({ routeKey: 'GET /ledger', principal: auditor, query: { jurisdiction: '130000', from: tomorrow } })).body.items).toEqual([]);
    expect((await call({ routeKey: 'GET /ledger', principal: auditor, query: { jurisdiction: '130000', to: yesterday } })).body.items).toEqual([]);
    const across = (await call({ routeKey: 'GET /ledger', principal: auditor, query: { from: yesterday, to: tomorrow, limit: '1000' } })).body;
    expect(across.items.length).toBeGreaterThan(all.items.length);
  });
});
