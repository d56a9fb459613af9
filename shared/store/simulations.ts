/**
 * What-if simulations in the table (issue 14): one item per simulation (`SIM#<id>`/`SIM`: who started it, the period,
 * the draft catalog as JSON, its progress and, once summed, its summary) and one per recipient in it (`SIM#<id>`/
 * `R#<recipientId>`: the recipient's tally, each award once). gsi1 lists a simulation's recipients by the size of
 * their difference (`SIMD#<id>`, the inverted |delta| then the recipient id), so the report pages largest first.
 * Nothing here touches an award, a budget or the ledger.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import assert from 'node:assert/strict';
import * as z from 'zod';
import { type RecipientItem, type RecipientTally, itemOf } from '../domain/whatif';
import { lazy } from '../lazy';
import { LIMITS } from '../limits';
import { batchPut } from './batch-write';
import { type StoreCore } from './core';
import { type StartKey, assertKeyIn, decodeCursor, encodeCursor } from './cursor';
import { type Item, readItem } from './items';
import { type Page, pageOf } from './queries';
import { INDEX, keyOf } from './table';

export const SIMULATION_STATUSES = ['RUNNING', 'DONE', 'FAILED'] as const;
export type SimulationStatus = (typeof SIMULATION_STATUSES)[number];

export const simulationKeys = {
  simulation: (simulationId: string) => ({ pk: `SIM#${simulationId}`, sk: 'SIM' }),
  recipient: (simulationId: string, recipientId: string) => ({ pk: `SIM#${simulationId}`, sk: `R#${recipientId}` }),
  /** gsi1: a simulation's recipients, largest difference first. */
  byDelta: (simulationId: string) => `SIMD#${simulationId}`,
};

const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().min(0);

const summaryRow = z.object({
  jurisdiction: z.string(), fiscalYear: z.number().int(), currentFen: fen, simulatedFen: fen, deltaFen: z.number().int(),
  gained: count, lost: count, added: count, dropped: count, amountRequired: z.object({ current: count, simulated: count }),
});

const simulationSchema = lazy(() => z.object({
  simulationId: z.string(),
  status: z.enum(SIMULATION_STATUSES),
  reason: z.string().nullable(),
  startedBy: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  from: z.string(),
  to: z.string(),
  jurisdictions: z.array(z.string()).nullable(),
  catalogHash: z.string().regex(/^[0-9a-f]{64}$/),
  catalog: z.string().refine((text) => Buffer.byteLength(text, 'utf8') <= LIMITS.whatif.catalogBytesMax, { error: 'the draft is larger than its limit' }),
  progress: z.object({
    /** Replaying the events, then adding up the recipients, then done. */
    phase: z.enum(['replay', 'summary', 'done']),
    /** The step the next message carries (steps run one after another), and whether its message was sent. */
    step: z.number().int().min(0),
    sent: z.boolean(),
    events: count, facts: count, skipped: count, recipients: count,
    cursor: z.string().nullable(),
  }),
  summary: z.array(summaryRow),
  /** Who holds the simulation's next step until when: one step at a time, whatever SQS delivers twice. */
  lease: z.object({ token: z.string(), until: z.string() }).nullable(),
  version: z.number().int().min(1),
}));

export type Simulation = z.output<ReturnType<typeof simulationSchema>>;
export type SimulationProgress = Simulation['progress'];

const maskedNumber = /^\d{6}\*{8}[\dX]{4}$/;

const replayedAward = z.object({
  awardId: z.string(), ruleId: z.string(), jurisdiction: z.string(), fiscalYear: z.number().int(),
  currentFen: fen.nullable(), simulatedFen: fen.nullable(), currentAmountRequired: z.boolean(), simulatedAmountRequired: z.boolean(),
});

const tallySchema = lazy(() => z.object({
  recipientId: z.string(),
  recipient: z.discriminatedUnion('kind', [
    z.object({ kind: z.enum(['enterprise', 'organization']), uscc: z.string(), name: z.string(), regionCode: z.string() }),
    // A person is kept masked only: a whole number read back here is a broken invariant.
    z.object({ kind: z.literal('individual'), idNumber: z.string().regex(maskedNumber), name: z.string(), regionCode: z.string() }),
  ]),
  awards: z.array(replayedAward).max(LIMITS.whatif.awardsPerRecipientMax),
}));

export const parseSimulation = (item: Item): Simulation => readItem(simulationSchema(), item, 'simulation');
const parseTally = (item: Item): RecipientTally => readItem(tallySchema(), item, 'simulation recipient');

function simulationItem(simulation: Simulation): Item {
  return { ...simulationKeys.simulation(simulation.simulationId), itemType: 'simulation', ...simulation };
}

/** Largest |delta| first, then by recipient id: the inverted magnitude sorts ascending. */
const deltaKey = (item: RecipientItem) => `${String(Number.MAX_SAFE_INTEGER - Math.abs(item.deltaFen)).padStart(16, '0')}#${item.recipientId}`;

function tallyItem(simulationId: string, tally: RecipientTally): Item {
  assert.ok(tally.recipient.kind !== 'individual' || maskedNumber.test(tally.recipient.idNumber), 'a simulation keeps a person\'s number masked');
  const item = itemOf(tally);
  return {
    ...simulationKeys.recipient(simulationId, tally.recipientId),
    itemType: 'simulation-recipient',
    gsi1pk: simulationKeys.byDelta(simulationId),
    gsi1sk: deltaKey(item),
    ...item,
  };
}

export async function getSimulation(core: StoreCore, simulationId: string): Promise<Simulation | null> {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(simulationId)) return null;
  const out = await core.client.send(new GetCommand({ TableName: core.table, Key: simulationKeys.simulation(simulationId), ConsistentRead: true }));
  return out.Item === undefined ? null : parseSimulation(out.Item as Item);
}

/**
 * Writes a simulation's item: a new one (`expectedVersion` null), or the next version of the one read. Answers false
 * when another writer changed it first: a duplicate message, or a step that outlived its lease.
 */
export async function putSimulation(core: StoreCore, simulation: Simulation, expectedVersion: number | null): Promise<boolean> {
  assert.equal(simulation.version, (expectedVersion ?? 0) + 1, 'a simulation is written one version after the one read');
  const condition = expectedVersion === null
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } };
  try {
    await core.client.send(new PutCommand({ TableName: core.table, Item: simulationItem(simulation), ...condition }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** The tallies of some recipients of a simulation, in one round trip. */
export async function readTallies(core: StoreCore, simulationId: string, recipientIds: readonly string[]): Promise<Map<string, RecipientTally>> {
  const found = await core.getMany(recipientIds.map((id) => simulationKeys.recipient(simulationId, id)));
  const tallies = new Map<string, RecipientTally>();
  for (const id of recipientIds) {
    const item = found.get(keyOf(simulationKeys.recipient(simulationId, id)));
    if (item !== undefined) tallies.set(id, parseTally(item));
  }
  return tallies;
}

/** Tallies written back: idempotent, since a tally holds each award once and a step replays the same facts. */
export const writeTallies = (core: StoreCore, simulationId: string, tallies: readonly RecipientTally[]): Promise<void> =>
  batchPut(core, tallies.map((t) => tallyItem(simulationId, t)));

/** A step of the summary: the next recipients of a simulation, in key order, from where the last step stopped. */
type TalliesPage = { tallies: RecipientTally[]; next: StartKey | null };

export async function talliesPage(core: StoreCore, simulationId: string, start: StartKey | null): Promise<TalliesPage> {
  const { pk } = simulationKeys.simulation(simulationId);
  assertKeyIn(start, { attribute: 'pk', value: pk });
  const page = await pageOf(
    core,
    { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)', ExpressionAttributeValues: { ':pk': pk, ':r': 'R#' }, ConsistentRead: true },
    LIMITS.whatif.summaryPageMax,
    start,
    parseTally,
  );
  return { tallies: page.items, next: page.next };
}

type PageOptions = { readonly limit?: number; readonly cursor?: string | null };

/** The report's recipients, largest difference first, a page at a time. */
export async function listSimulationItems(core: StoreCore, simulationId: string, options: PageOptions): Promise<Page<RecipientItem>> {
  const bound = { list: 'simulation', simulationId };
  const partition = simulationKeys.byDelta(simulationId);
  const start = decodeCursor('page', options.cursor, bound)?.key ?? null;
  assertKeyIn(start, { attribute: 'gsi1pk', value: partition });
  const limit = Math.min(Math.max(options.limit ?? LIMITS.store.pageSizeDefault, 1), LIMITS.whatif.itemsPageMax);
  const page = await pageOf(
    core,
    { IndexName: INDEX.byJurisdiction, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': partition } },
    limit,
    start,
    (item) => itemOf(parseTally(item)),
  );
  return { items: page.items, cursor: page.next === null ? null : encodeCursor('page', { key: page.next }, bound) };
}

/** Simulations in the table: the store's facade holds these (store.ts `simulations`). */
export function simulations(core: StoreCore) {
  return {
    get: (simulationId: string) => getSimulation(core, simulationId),
    put: (simulation: Simulation, expectedVersion: number | null) => putSimulation(core, simulation, expectedVersion),
    readTallies: (simulationId: string, recipientIds: readonly string[]) => readTallies(core, simulationId, recipientIds),
    writeTallies: (simulationId: string, tallies: readonly RecipientTally[]) => writeTallies(core, simulationId, tallies),
    talliesPage: (simulationId: string, start: StartKey | null) => talliesPage(core, simulationId, start),
    listItems: (simulationId: string, options: PageOptions) => listSimulationItems(core, simulationId, options),
  };
}
