/**
 * Auditor reads through the API's own routes (the router of functions/api, as API Gateway invokes it) on a ledger of
 * 10,000 entries and then of BENCH_LARGE (1,000,000): one recipient's entries (GET /ledger?uscc=), one day of a
 * jurisdiction's ledger (GET /ledger?from=&to=, the dates as key conditions), and a page in sequence. Bounded reads
 * cost what the page costs, not what the table holds.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { createRouter } from '../functions/api/app';
import { DEFAULT_APPROVAL_CONFIG } from '../shared/domain/approval';
import { PersonKey } from '../shared/domain/person';
import { chinaDate } from '../shared/domain/time';
import type { LedgerEntry } from '../shared/domain/ledger';
import { CATALOG } from '../shared/policies';
import { entryItem } from '../shared/store/items';
import { AwardStore } from '../shared/store/store';
import { ensureTable } from '../infra/local/dynamodb';
import { fileDigestLog, localSigner } from '../shared/adapters/digests/local';
import { fmt, median, notes, row } from './report';
import { sized } from './scale';

const LARGE = sized(Number(process.env.BENCH_LARGE ?? 1_000_000), 2_000);
const SMALL = sized(10_000, 1_000);
/** The recipients the reads ask for: the first SMALL entries are theirs, 20 each, at both sizes. */
const ASKED = sized(500, 50);
/** The recipients of the entries loaded after the first SMALL, which the reads never ask for. */
const OTHERS = sized(50_000, 100);
const START = Date.parse('2020-01-01T00:00:00Z');
const HASH = '0'.repeat(64);

/** Entry i, a minute after entry i - 1, valid as the store reads it (not a verified chain). */
function entry(i: number): LedgerEntry {
  return {
    jurisdiction: '130000',
    seq: i + 1,
    prevHash: HASH,
    at: new Date(START + i * 60_000).toISOString(),
    type: 'RECORDED',
    fiscalYear: 2020,
    awardId: `aw-${String(i).padStart(32, '0')}`,
    recipientId: i < SMALL ? `ASKED${i % ASKED}` : `OTHER${i % OTHERS}`,
    amountFen: 100,
    postings: [],
    statusAfter: 'AWAITING_BUDGET',
    actor: 'bench',
    eventId: null,
    note: 'bench',
    hash: HASH,
  };
}

async function load(raw: DynamoDBClient, table: string, from: number, to: number): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < to) {
        const start = next;
        next += 25;
        const put = (k: number) => ({ PutRequest: { Item: marshall(entryItem(entry(start + k)), { removeUndefinedValues: true }) } });
        let pending = Array.from({ length: Math.min(25, to - start) }, (_, k) => put(k));
        while (pending.length > 0) {
          const out = await raw.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
          pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
        }
      }
    }),
  );
}

function auditorEvent(routeKey: string, query: Record<string, string>, pathParameters?: Record<string, string>): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: '2.0',
    routeKey,
    rawPath: '/',
    rawQueryString: new URLSearchParams(query).toString(),
    headers: {},
    queryStringParameters: query,
    ...(pathParameters ? { pathParameters } : {}),
    isBase64Encoded: false,
    requestContext: { requestId: randomUUID(), routeKey, authorizer: { jwt: { claims: { 'sub': 'bench', 'cognito:groups': '[auditor]' }, scopes: [] } } },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

async function times(route: ReturnType<typeof createRouter>, size: number): Promise<{ recipient: number; day: number; page: number }> {
  const took = { recipient: [] as number[], day: [] as number[], page: [] as number[] };
  const timed = async (into: number[], event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
    const t = performance.now();
    const response = await route(event);
    into.push(performance.now() - t);
    if (response.statusCode !== 200) throw new Error(`${event.routeKey} answered ${response.statusCode}: ${response.body}`);
  };
  for (let i = 0; i < 60; i++) {
    const k = Math.floor((size - 1) * ((i * 0.618) % 1));
    await timed(took.recipient, auditorEvent('GET /ledger', { uscc: `ASKED${(i * 7919) % ASKED}`, limit: '100' }));
    const day = chinaDate(new Date(START + k * 60_000));
    await timed(took.day, auditorEvent('GET /ledger', { jurisdiction: '130000', from: day, to: day, limit: '100' }));
    await timed(took.page, auditorEvent('GET /ledger', { jurisdiction: '130000', limit: '100' }));
  }
  const settled = (xs: number[]) => median(xs.slice(10));
  return { recipient: settled(took.recipient), day: settled(took.day), page: settled(took.page) };
}

export async function benchQueries(raw: DynamoDBClient, doc: DynamoDBDocumentClient): Promise<void> {
  const table = `bench-audit-${randomUUID()}`;
  await ensureTable(raw, table);
  const store = new AwardStore({ client: doc, tableName: table, approvalConfig: DEFAULT_APPROVAL_CONFIG });
  const quiet = { logger: new Logger({ logLevel: 'SILENT' }), metrics: new Metrics({ namespace: 'bench' }) };
  const paymentFiles = { put: async () => undefined, get: async () => null };
  const route = createRouter({ ...quiet, store, catalog: CATALOG, personKey: new PersonKey(randomBytes(32)), paymentFiles, digests: benchDigests() });
  const small = SMALL;
  const t = Date.now();
  await load(raw, table, 0, small);
  const atSmall = await times(route, small);
  await load(raw, table, small, LARGE);
  const loadS = (Date.now() - t) / 1000;
  const atLarge = await times(route, LARGE);
  const of = `${fmt(LARGE, 0)} vs ${fmt(small, 0)} entries`;
  row(`auditor read: GET /ledger?uscc= (one recipient), ${of}`, `${fmt(atLarge.recipient, 2)} ms`, `${fmt(atSmall.recipient, 2)} ms`, atLarge.recipient / atSmall.recipient);
  row(`auditor read: GET /ledger?from=D&to=D (a day, page of 100), ${of}`, `${fmt(atLarge.day, 2)} ms`, `${fmt(atSmall.day, 2)} ms`, atLarge.day / atSmall.day);
  row(`auditor read: GET /ledger?jurisdiction= (a page of 100 in sequence), ${of}`, `${fmt(atLarge.page, 2)} ms`, `${fmt(atSmall.page, 2)} ms`, atLarge.page / atSmall.page);
  notes.push(
    `Auditor reads: each through the API router (validation, authorization, the store, JSON), medians of 50 requests after 10 warm-ups. The recipients asked for hold the same ${SMALL / ASKED} entries at both sizes (the other ${fmt(LARGE - SMALL, 0)} entries belong to ${fmt(OTHERS, 0)} others), so each pair of reads returns the same answer from a table ${fmt(LARGE / SMALL, 0)} times larger; a day holds 1,440 entries, of which a page of 100 is read. Loading took ${fmt(loadS, 0)} s.`,
  );
}

/** A digest signer and log in a throwaway directory: the queries measured never sign. */
function benchDigests() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-digests-'));
  return { signer: localSigner(dir), log: fileDigestLog(join(dir, 'log')) };
}
