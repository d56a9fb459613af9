/**
 * The answers of the what-if routes (CONTRACT §3, version 2; DESIGN.md "What-if"): a simulation started, and a
 * simulation with its summary per jurisdiction-year and its recipients a page at a time, largest difference first.
 * Strict objects: a field a route adds without declaring it here breaks the contract. A summary row and a recipient are
 * proved here to be the domain's types (shared/domain/whatif-summary.ts, whatif.ts); the status and the simulation
 * itself are the store's (shared/store/simulations.ts, which imports node:*), proved in functions/api/simulation-routes.ts.
 */
import * as z from 'zod';
import type { RecipientItem, ReplayedAward } from '../../domain/whatif';
import type { SummaryRow } from '../../domain/whatif-summary';
import { lazy } from '../../lazy';
import { type Exact, count, day, deltaFen, fen, instant, jurisdiction, page } from '../common';

/** As the store keeps them (shared/store/simulations.ts SIMULATION_STATUSES): FAILED also when it stalled. */
const SIMULATION_STATUSES = ['RUNNING', 'DONE', 'FAILED'] as const;

const text = () => z.string();
const simulationId = () => z.uuid();
const fiscalYear = () => z.number().int().min(2000).max(2999);
const status = () => z.enum(SIMULATION_STATUSES);

/** POST /simulations: the simulation started (FAILED when it could not be queued). */
export const started = lazy(() => z.strictObject({ simulationId: simulationId(), status: status() }));

const summaryRow = () => z.strictObject({
  jurisdiction: jurisdiction(),
  fiscalYear: fiscalYear(),
  currentFen: fen(),
  simulatedFen: fen(),
  deltaFen: deltaFen(),
  gained: count(),
  lost: count(),
  added: count(),
  dropped: count(),
  amountRequired: z.strictObject({ current: count(), simulated: count() }),
}).refine((r) => r.deltaFen === r.simulatedFen - r.currentFen, { error: 'deltaFen is simulatedFen less currentFen' });

/** One award of a replayed fact under either catalog or both: null fen where that catalog pays nothing. */
const replayedAward = () => z.strictObject({
  awardId: z.string().regex(/^aw-[0-9a-f]{32}$/),
  ruleId: text(),
  jurisdiction: jurisdiction(),
  fiscalYear: fiscalYear(),
  currentFen: fen().nullable(),
  simulatedFen: fen().nullable(),
  currentAmountRequired: z.boolean(),
  simulatedAmountRequired: z.boolean(),
});

/** A recipient as a report or a pack shows it: a credit code whole, a person's identity number masked, always. */
export const shownRecipient = () => z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.enum(['enterprise', 'organization']), uscc: text(), name: text(), regionCode: text() }),
  z.strictObject({ kind: z.literal('individual'), idNumber: z.string().regex(/^\d{6}\*{8}[\dX]{4}$/), name: text(), regionCode: text() }),
]);

const recipientItem = () => z.strictObject({
  recipientId: text(),
  recipient: shownRecipient(),
  currentFen: fen(),
  simulatedFen: fen(),
  deltaFen: deltaFen(),
  awards: z.array(replayedAward()),
}).refine((r) => r.deltaFen === r.simulatedFen - r.currentFen, { error: 'deltaFen is simulatedFen less currentFen' });

/** GET /simulations/{simulationId}: its status and progress, the summary once DONE ([] before), and a page of recipients. */
export const simulation = lazy(() => z.strictObject({
  simulationId: simulationId(),
  status: status(),
  /** Why it FAILED; absent otherwise. */
  reason: text().optional(),
  startedBy: text(),
  startedAt: instant(),
  updatedAt: instant(),
  from: day(),
  to: day(),
  /** The jurisdictions it reports on; null for every jurisdiction either catalog pays in. */
  jurisdictions: z.array(jurisdiction()).nullable(),
  catalogHash: z.string().regex(/^[0-9a-f]{64}$/),
  progress: z.strictObject({ phase: z.enum(['replay', 'summary', 'done']), events: count(), facts: count(), skipped: count(), recipients: count() }),
  summary: z.array(summaryRow()),
  ...page(recipientItem()).shape,
}).refine((s) => s.status === 'DONE' || s.summary.length === 0, { error: 'only a DONE simulation has its summary' }));

export type SimulationStatusAnswer = z.output<ReturnType<typeof status>>;
export type SimulationStarted = z.output<ReturnType<typeof started>>;
export type SimulationAnswer = z.output<ReturnType<typeof simulation>>;
export type SummaryRowAnswer = SimulationAnswer['summary'][number];
export type RecipientItemAnswer = SimulationAnswer['items'][number];

// A summary row and a recipient are the domain's types, field for field.
const _domainTypes: [Exact<SummaryRowAnswer, SummaryRow>, Exact<RecipientItemAnswer, RecipientItem>, Exact<RecipientItemAnswer['awards'][number], ReplayedAward>]
  = [true, true, true];
