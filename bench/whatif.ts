/**
 * What-if throughput: synthetic accepted events (the samples, each made a distinct fact) kept as intake keeps them,
 * read back for replay, then replayed in one run through shared/domain/whatif under the catalog in force and a draft
 * that doubles one award, against the engine alone computing the same facts under one catalog. The replay covers both
 * catalogs in one pass over each fact (ADR 021): the fact read once, a policy the two catalogs hold alike matched once,
 * each award id hashed once; then each recipient's tally and the report. Rounds alternate the two and the medians are
 * compared, so a load that comes and goes on the machine falls on both alike.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseEventText } from '../events/contracts';
import { keptEvent, replayable } from '../shared/app/accepted';
import { parseDraftCatalog } from '../shared/app/draft-catalog';
import type { Catalog, Policy } from '../shared/domain/catalog';
import { computeAwards } from '../shared/domain/engine';
import { PersonKey, idCheckCharacter } from '../shared/domain/person';
import { usccCheckCharacter } from '../shared/domain/uscc';
import type { ReplayFact } from '../shared/domain/whatif';
import { simulate } from '../shared/domain/whatif-summary';
import { CATALOG } from '../shared/policies';
import { fmt, median, notes, row } from './report';
import { sized } from './scale';

const ROOT = join(import.meta.dirname, '..');
const KEY = new PersonKey(randomBytes(32));

/** Recipients renumbered per sample: thousands of distinct recipients, a few facts each, as a province's history has. */
const RECIPIENTS = sized(2_000, 50);

/** The sample's recipient, renumbered `r`: the same kind and region, a valid credit code or identity number of its own. */
function recipientOf(recipient: Record<string, unknown>, r: number): Record<string, unknown> {
  if (recipient.kind === 'individual') {
    const first17 = `${String(recipient.idNumber).slice(0, 6)}1980${String(101 + (r % 12)).slice(1)}15${String(r % 1000).padStart(3, '0')}`;
    return { ...recipient, idNumber: first17 + (idCheckCharacter(first17) ?? '') };
  }
  const first17 = `${String(recipient.uscc).slice(0, 8)}${String(r).padStart(9, '0')}`;
  return { ...recipient, uscc: first17 + (usccCheckCharacter(first17) ?? '') };
}

/** The samples' facts, `n` of them, each with its identity fields made its own so no two are the same fact. */
export function syntheticFacts(n: number): ReplayFact[] {
  const dir = join(ROOT, 'events/samples');
  const samples = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>);
  const facts: ReplayFact[] = [];
  for (let i = 0; facts.length < n; i++) {
    const raw = structuredClone(samples[i % samples.length]) as { id: string; detail: Record<string, Record<string, unknown> | string> };
    raw.id = `bench-${i}`;
    const { detail } = raw;
    detail.reference = `${String(detail.reference)}-${i}`;
    for (const [field, name] of [['standard', 'number'], ['centre', 'name']] as const) {
      const part = detail[field];
      if (typeof part === 'object') part[name] = `${String(part[name])}-${i}`;
    }
    if (typeof detail.zoneName === 'string') detail.zoneName = `${detail.zoneName}-${i}`;
    detail.recipient = recipientOf(detail.recipient as Record<string, unknown>, i % RECIPIENTS);
    const text = JSON.stringify(raw);
    const parsed = parseEventText(text);
    if (!parsed.ok) throw new Error(`bench event ${i}: ${parsed.reason}`);
    const replay = replayable(keptEvent(parsed.event, text, raw.id, new Date(Date.UTC(2026, 0, 1 + (i % 300))).toISOString(), KEY));
    if (replay.ok) facts.push(replay.fact);
  }
  return facts;
}

export function doubledDraft(): Catalog {
  const policies = JSON.parse(JSON.stringify(CATALOG.policies)) as Policy[];
  for (const rule of policies.flatMap((p) => p.versions.flatMap((v) => v.rules))) {
    if (rule.id === 'hebei-2022/standard-lead-drafting' && rule.amount.kind === 'tiered') {
      (rule.amount.tiersFen as Record<string, number>).national = (rule.amount.tiersFen.national ?? 0) * 2;
    }
  }
  const parsed = parseDraftCatalog({ policies });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.catalog;
}

const seconds = (f: () => void) => {
  const start = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

/** Rounds of each, alternated. */
const ROUNDS = sized(3, 1);

export function benchWhatIf(): void {
  const n = sized(50_000, 500);
  const facts = syntheticFacts(n);
  const catalogs = { current: CATALOG, draft: doubledDraft() };
  // Warm both paths up first, so the rounds measured are of compiled code.
  simulate(facts.slice(0, 2_000), catalogs, null);
  for (const fact of facts.slice(0, 2_000)) computeAwards(fact.event, CATALOG, KEY);
  const engine: number[] = [];
  const whatIf: number[] = [];
  let recipients = 0;
  for (let round = 0; round < ROUNDS; round++) {
    engine.push(n / seconds(() => {
      for (const fact of facts) computeAwards(fact.event, CATALOG, KEY);
    }));
    whatIf.push(n / seconds(() => {
      recipients = simulate(facts, catalogs, null).items.length;
    }));
  }
  row(
    'what-if throughput: facts replayed per second against the engine alone',
    `${fmt(median(whatIf), 0)}/s (${n} facts, ${recipients} recipients, two catalogs)`,
    `the engine alone on the same facts, one catalog: ${fmt(median(engine), 0)}/s`,
    median(whatIf) / median(engine),
  );
  notes.push(
    `What-if: the medians of ${ROUNDS} alternated rounds (replay ${whatIf.map((r) => fmt(r, 0)).join(', ')}/s; engine ${engine.map((r) => fmt(r, 0)).join(', ')}/s). `
    + 'A replay is both catalogs and the report (tallies, summary, recipients sorted); the engine is one catalog, each award whole (its basis sentence too).',
  );
}
