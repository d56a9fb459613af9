/**
 * A what-if as a job (issue 14), whatever drives it (the simulation function's SQS source, the local poller, a test):
 * the API starts it (the simulation's item, then the first message); each message runs one bounded step, saves where
 * it got to and sends the next message, until the events of the period are replayed and the recipients added up.
 *
 * Steps run one at a time: a step holds a lease on the simulation's item for the invocation's remaining time and saves
 * only under it, so a message SQS delivers twice finds the step taken or done and is dropped. A step replayed after a
 * crash writes the same tallies again (a tally holds each award once), so nothing is counted twice. The sum runs last,
 * over the tallies as written, in steps of its own: a crash there loses nothing either.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import type { Catalog } from '../domain/catalog';
import { type Catalogs, type RecipientTally, addFact } from '../domain/whatif';
import { addToSummary } from '../domain/whatif-summary';
import { LIMITS } from '../limits';
import type { AwardStore, Simulation, StartKey } from '../store/store';
import { replayable } from './accepted';
import { parseDraftCatalog } from './draft-catalog';

/** What one message asks for: the step of a simulation to run. */
export interface SimulationMessage {
  readonly simulationId: string;
  readonly step: number;
}

/** Where the next step's message goes (the `simulations` queue). */
export interface SimulationQueue {
  send(message: SimulationMessage): Promise<void>;
}

export interface SimulationDeps {
  readonly store: AwardStore;
  /** The catalog in force, the one the draft is compared with. */
  readonly catalog: Catalog;
  readonly queue: SimulationQueue;
  /** Events replayed per step (at most LIMITS.whatif.pageEventsMax); tests make it small to prove the paging. */
  readonly pageEventsMax?: number;
}

export class StepLostError extends Error {
  override name = 'StepLostError';
}

export interface StartInput {
  readonly startedBy: string;
  readonly from: string;
  readonly to: string;
  /** The jurisdictions reported on; null for all. */
  readonly jurisdictions: readonly string[] | null;
  /** The draft, validated (shared/app/draft-catalog.ts). */
  readonly catalog: Catalog;
}

/** Starts a simulation: its item, then its first message. A message that cannot be sent fails the simulation. */
export async function startSimulation(deps: Pick<SimulationDeps, 'store' | 'queue'>, input: StartInput): Promise<Simulation> {
  const { store } = deps;
  const { policies, coverage, rulesOff } = input.catalog;
  const catalog = JSON.stringify({ policies, ...(coverage === undefined ? {} : { coverage }), ...(rulesOff === undefined ? {} : { rulesOff }) });
  assert.ok(Buffer.byteLength(catalog, 'utf8') <= LIMITS.whatif.catalogBytesMax, 'a draft is bounded before a simulation starts');
  const now = store.clock().toISOString();
  const simulation: Simulation = {
    simulationId: randomUUID(), status: 'RUNNING', reason: null, startedBy: input.startedBy, startedAt: now, updatedAt: now,
    from: input.from, to: input.to, jurisdictions: input.jurisdictions === null ? null : [...input.jurisdictions].sort(),
    catalogHash: createHash('sha256').update(catalog).digest('hex'), catalog,
    progress: { phase: 'replay', step: 0, sent: true, events: 0, facts: 0, skipped: 0, recipients: 0, cursor: null },
    summary: [], lease: null, version: 1,
  };
  await store.simulations.put(simulation, null);
  try {
    await deps.queue.send({ simulationId: simulation.simulationId, step: 0 });
  } catch (error) {
    await store.simulations.put({ ...simulation, status: 'FAILED', reason: 'the simulation could not be queued', version: 2 }, 1);
    throw error;
  }
  return simulation;
}

/** Status as the API reports it: a simulation that has not moved for a long time is reported as stalled, failed. */
export function reportedStatus(simulation: Simulation, now: Date): { status: Simulation['status']; reason: string | null } {
  const quietMs = now.getTime() - new Date(simulation.updatedAt).getTime();
  if (simulation.status === 'RUNNING' && quietMs > LIMITS.whatif.stalledAfterMs) {
    return { status: 'FAILED', reason: `stalled: no progress since ${simulation.updatedAt} (its message was lost or dead-lettered); start it again` };
  }
  return { status: simulation.status, reason: simulation.reason };
}

export type StepOutcome = 'unknown' | 'finished' | 'stale' | 'busy' | 'resent' | 'stepped' | 'done' | 'failed';

/** Runs the step a message names, if it is the simulation's next and nobody holds it; `leaseMs`: the time left to run. */
export async function runStep(message: SimulationMessage, deps: SimulationDeps, leaseMs: number): Promise<StepOutcome> {
  // A claim refused because the item changed since it was read is decided again on a fresh read: the change may be
  // only the step before noting its message sent (SQS delivered this one first), and dropping the message then, as
  // "busy", would stall the simulation for good. A held lease or a moved step ends the loop.
  for (let attempt = 1; ; attempt++) {
    const claim = await claimStep(message, deps, leaseMs);
    if (typeof claim !== 'string') return runClaimed(message, claim, deps);
    if (claim !== 'refused') return claim;
    if (attempt >= LIMITS.whatif.claimReadsMax) return 'busy';
  }
}

/** The simulation claimed for the message's step, or why not ('refused': the item changed since it was read). */
async function claimStep(message: SimulationMessage, deps: SimulationDeps, leaseMs: number): Promise<Simulation | StepOutcome | 'refused'> {
  const { store } = deps;
  const simulation = await store.simulations.get(message.simulationId);
  if (simulation === null) return 'unknown';
  if (simulation.status !== 'RUNNING') return 'finished';
  const { progress } = simulation;
  // The step before saved its work but did not get to send this one's message (it died, or SQS refused): send it now.
  if (message.step === progress.step - 1 && !progress.sent) {
    await sendNext(simulation, deps);
    return 'resent';
  }
  if (message.step !== progress.step) return 'stale';
  const now = store.clock();
  if (simulation.lease !== null && simulation.lease.until > now.toISOString()) return 'busy';
  const lease = { token: randomUUID(), until: new Date(now.getTime() + leaseMs).toISOString() };
  const claimed: Simulation = { ...simulation, lease, progress: { ...progress, sent: true }, version: simulation.version + 1 };
  return (await store.simulations.put(claimed, simulation.version)) ? claimed : 'refused';
}

/** Runs the claimed step and saves it under the lease, then sends the next step's message. */
async function runClaimed(message: SimulationMessage, claimed: Simulation, deps: SimulationDeps): Promise<StepOutcome> {
  const { store } = deps;
  const { progress } = claimed;
  let next: Simulation;
  try {
    next = progress.phase === 'replay' ? await replayStep(claimed, deps) : await summaryStep(claimed, deps);
  } catch (error) {
    // The step is given back at once, so the redelivery of this message runs it without waiting out the lease. If
    // that write fails too, the lease simply runs out (it lasts the invocation): the step's own error is the one reported.
    await store.simulations.put({ ...claimed, lease: null, version: claimed.version + 1 }, claimed.version).catch(() => false);
    throw error;
  }
  const saved: Simulation = { ...next, lease: null, updatedAt: store.clock().toISOString(), version: claimed.version + 1 };
  if (!(await store.simulations.put(saved, claimed.version))) {
    throw new StepLostError(`step ${message.step} of ${message.simulationId} outlived its lease; another delivery runs it`);
  }
  if (saved.status === 'RUNNING') await sendNext(saved, deps);
  return saved.status === 'DONE' ? 'done' : saved.status === 'FAILED' ? 'failed' : 'stepped';
}

/** Fails a running simulation with a reason (a step that failed on its last delivery); true when it was running. */
export async function failSimulation(store: AwardStore, simulationId: string, reason: string): Promise<boolean> {
  const simulation = await store.simulations.get(simulationId);
  if (simulation === null || simulation.status !== 'RUNNING') return false;
  const next = { ...failed(simulation, reason), lease: null, updatedAt: store.clock().toISOString(), version: simulation.version + 1 };
  return store.simulations.put(next, simulation.version);
}

async function sendNext(simulation: Simulation, deps: SimulationDeps): Promise<void> {
  await deps.queue.send({ simulationId: simulation.simulationId, step: simulation.progress.step });
  // Noted so that a late duplicate of the step before does not send it again; if the next step has started
  // meanwhile, the note is moot and the write is refused, which is fine.
  const sent = { ...simulation, progress: { ...simulation.progress, sent: true }, version: simulation.version + 1 };
  await deps.store.simulations.put(sent, simulation.version);
}

function failed(simulation: Simulation, reason: string): Simulation {
  return { ...simulation, status: 'FAILED', reason, progress: { ...simulation.progress, phase: 'done', cursor: null } };
}

/** Validated drafts by hash: a simulation's steps, run by one warm function, check its draft once. */
const drafts = new Map<string, Catalog>();

function draftOf(simulation: Simulation): Catalog {
  const known = drafts.get(simulation.catalogHash);
  if (known !== undefined) return known;
  const parsed = parseDraftCatalog(JSON.parse(simulation.catalog));
  if (!parsed.ok) throw new Error(`the stored draft of ${simulation.simulationId} does not validate: ${parsed.reason}`);
  if (drafts.size >= 8) drafts.clear();
  drafts.set(simulation.catalogHash, parsed.catalog);
  return parsed.catalog;
}

/** One page of the period's accepted events, replayed into the tallies of their recipients. */
async function replayStep(simulation: Simulation, deps: SimulationDeps): Promise<Simulation> {
  const { store } = deps;
  const { progress, simulationId } = simulation;
  // A draft that names no coverage or switched-off rules is read with the deployment's, so only what it changes differs.
  const draft = draftOf(simulation);
  const inherited = { coverage: draft.coverage ?? deps.catalog.coverage, rulesOff: draft.rulesOff ?? deps.catalog.rulesOff };
  const catalogs: Catalogs = { current: deps.catalog, draft: { ...draft, ...inherited } };
  const limit = Math.min(deps.pageEventsMax ?? LIMITS.whatif.pageEventsMax, LIMITS.whatif.pageEventsMax);
  const page = await deps.store.listAcceptedEvents({ from: simulation.from, to: simulation.to, cursor: progress.cursor, limit });
  const read = page.items.map(replayable);
  const facts = read.flatMap((r) => (r.ok ? [r.fact] : []));
  const before = await store.simulations.readTallies(simulationId, [...new Set(facts.map((f) => f.recipientId))]);
  const changed = new Map<string, RecipientTally>();
  for (const fact of facts) {
    const tally = changed.get(fact.recipientId) ?? before.get(fact.recipientId) ?? null;
    const after = addFact(tally, fact, catalogs, simulation.jurisdictions);
    if (after !== null && after !== tally) changed.set(fact.recipientId, after);
  }
  const crowded = [...changed.values()].find((t) => t.awards.length > LIMITS.whatif.awardsPerRecipientMax);
  if (crowded !== undefined) {
    return failed(simulation, `recipient ${crowded.recipientId} has more than ${LIMITS.whatif.awardsPerRecipientMax} awards in the period; simulate a shorter period`);
  }
  const events = progress.events + page.items.length;
  if (events > LIMITS.whatif.eventsMax) return failed(simulation, `the period holds more than ${LIMITS.whatif.eventsMax} events; simulate a shorter period`);
  await store.simulations.writeTallies(simulationId, [...changed.values()]);
  const done = page.cursor === null;
  return {
    ...simulation,
    progress: {
      ...progress, step: progress.step + 1, sent: false, events, facts: progress.facts + facts.length,
      skipped: progress.skipped + read.length - facts.length, phase: done ? 'summary' : 'replay', cursor: page.cursor,
    },
  };
}

/** One page of the simulation's recipients added to its summary; the last one finishes the simulation. */
async function summaryStep(simulation: Simulation, deps: SimulationDeps): Promise<Simulation> {
  const { progress } = simulation;
  const start = progress.cursor === null ? null : (JSON.parse(progress.cursor) as StartKey);
  const { tallies, next } = await deps.store.simulations.talliesPage(simulation.simulationId, start);
  const summary = addToSummary(simulation.summary, tallies);
  const recipients = progress.recipients + tallies.length;
  const cursor = next === null ? null : JSON.stringify(next);
  return {
    ...simulation,
    status: next === null ? 'DONE' : 'RUNNING',
    summary,
    progress: { ...progress, step: progress.step + 1, sent: false, recipients, phase: next === null ? 'done' : 'summary', cursor },
  };
}
