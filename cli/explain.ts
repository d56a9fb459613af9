/**
 * `awards explain FILE… [--json]`: offline, stores nothing. For each event, the awards the catalog grants with
 * their citations, why none applies, or why the event is rejected (CONTRACT.md §5).
 */
import { type AwardEvent, parseEvent } from '../events/contracts';
import { type FileItem, eventItems } from './event-files';
import type { Catalog } from '../shared/domain/catalog';
import { type ComputedAward, computeAwards, revocationTargets } from '../shared/domain/engine';
import { canonicalText, identifyFact } from '../shared/domain/identity';
import { PersonKey, recipientNumberOf, redactIdNumbers } from '../shared/domain/person';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './http';
import { note } from './run';
import { formatYuan } from '../shared/domain/money';
import { JURISDICTION_NAMES } from '../shared/domain/region';

/** One event as read from a file: its validated form or why it is rejected. */
export type ReadEvent
  = | { source: string; ok: true; event: AwardEvent }
    | { source: string; ok: false; eventId: string | null; reason: string };

export interface Explanation {
  source: string;
  eventId: string | null;
  detailType: string | null;
  rejected: string | null;
  /** Why a valid event earns nothing; null when it earns an award, is rejected, or is a revocation. */
  noAward: string | null;
  /** For a revocation: the award ids it voids or claws back, where they were recorded. */
  revokes: string[] | null;
  awards: ComputedAward[];
  /** Who the event names, the identity number masked (explain's output is shared and pasted: ADR 009). */
  recipient: { kind: string; name: string; number: string; regionCode: string } | null;
}

/** Items read from event files (cli/event-files.ts), each validated at the contract's boundary. */
export function validated(items: readonly FileItem[]): ReadEvent[] {
  return items.map((item): ReadEvent => {
    // A parser's message can quote the text: reasons never carry an identity number whole.
    if ('broken' in item) return { source: item.source, ok: false, eventId: null, reason: redactIdNumbers(`event is not valid JSON: ${item.error}`) };
    const result = parseEvent(item.raw);
    if (result.ok) return { source: item.source, ok: true, event: result.event };
    return { source: item.source, ok: false, eventId: result.eventId, reason: redactIdNumbers(result.reason) };
  });
}

/** The events of one file's text, validated. */
export const readEvents = (fileName: string, text: string): ReadEvent[] => validated(eventItems(fileName, text));

export function explain(read: ReadEvent, catalog: Catalog, key: PersonKey): Explanation {
  if (!read.ok) {
    return {
      source: read.source,
      eventId: read.eventId,
      detailType: null,
      rejected: read.reason,
      noAward: null,
      revokes: null,
      awards: [],
      recipient: null,
    };
  }
  const { event } = read;
  const { recipient: r } = event.detail;
  const recipient = { kind: r.kind, name: r.name, number: recipientNumberOf(r, false), regionCode: r.regionCode };
  const base = { source: read.source, eventId: event.eventId, detailType: event.detailType, rejected: null, recipient };
  if (event.detailType === 'AchievementRevoked') {
    return { ...base, noAward: null, revokes: revocationTargets(event, catalog, key), awards: [] };
  }
  const result = computeAwards(event, catalog, key);
  switch (result.kind) {
    case 'awards':
      return { ...base, noAward: null, revokes: null, awards: [...result.awards] };
    case 'no-policy':
      return { ...base, noAward: result.reason, revokes: null, awards: [] };
    default: {
      const unreachable: never = result;
      throw new Error(`unknown engine result ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The JSON form of CONTRACT §5, with a few added fields (source, detailType, noAward, revokes, basis). */
export function toJson(explanations: readonly Explanation[]): unknown[] {
  return explanations.map((e) => ({
    eventId: e.eventId,
    rejected: e.rejected,
    awards: e.awards.map((a) => ({
      awardId: a.awardId,
      policyId: a.policyId,
      ruleId: a.ruleId,
      clause: a.clause,
      jurisdiction: a.jurisdiction,
      amountFen: a.amountFen,
      status: a.status,
      policyVersion: a.policyVersion,
      capApplied: a.capApplied,
      basis: a.basis,
      reading: a.reading,
    })),
    source: e.source,
    detailType: e.detailType,
    noAward: e.noAward,
    revokes: e.revokes,
    recipient: e.recipient,
  }));
}

function jurisdictionLabel(code: string): string {
  return `${code} ${JURISDICTION_NAMES[code] ?? ''}`.trim();
}

/** The readable form, with citations, for people. */
export function toText(explanations: readonly Explanation[], read: readonly ReadEvent[], key: PersonKey): string {
  const out: string[] = [];
  explanations.forEach((e, i) => {
    const r = read[i];
    out.push(e.source);
    if (r?.ok) {
      const d = r.event.detail;
      out.push(`  event ${e.eventId ?? '(no id)'}  ${e.detailType}  ${d.reference}  on ${d.occurredOn}`);
      out.push(
        `  recipient ${d.recipient.name} (${d.recipient.kind}) ${recipientNumberOf(d.recipient, false)}, region ${d.recipient.regionCode}`,
      );
      // What makes two events one fact (CONTRACT §1): any event with this identity is this fact, paid once.
      if (r.event.detailType !== 'AchievementRevoked') out.push(`  fact identity ${identifyFact(r.event, key).identity}`);
    } else {
      out.push(`  event ${e.eventId ?? '(no id)'}`);
    }
    if (e.rejected !== null) out.push(`  REJECTED: ${e.rejected}`);
    else if (e.revokes !== null && r?.ok && r.event.detailType === 'AchievementRevoked') {
      const { revokes } = r.event.detail;
      out.push(`  REVOCATION of ${revokes.detailType} ${revokes.reference} (read as ${canonicalText(revokes.reference)}), counted only if ${r.event.source} sent that fact:`);
      out.push('  voids (before payment) or claws back (after payment) whichever of these awards were recorded, and if the fact has');
      out.push('  not arrived yet, it is remembered and the fact\'s awards are recorded VOIDED when it does:');
      for (const id of e.revokes) out.push(`    ${id}`);
    } else if (e.noAward !== null) out.push(`  NO AWARD: ${e.noAward}`);
    else {
      const payableFen = e.awards.reduce((sum, a) => sum + (a.amountFen ?? 0), 0);
      const required = e.awards.filter((a) => a.amountFen === null).length;
      out.push(
        `  ${e.awards.length} award(s): ${formatYuan(payableFen)} payable${required > 0 ? `, ${required} with the amount set by finance` : ''}`,
      );
      for (const a of e.awards) {
        const amount = a.amountFen === null ? 'amount required' : formatYuan(a.amountFen);
        out.push(
          `    ${a.policyId} ${a.clause}  to ${jurisdictionLabel(a.jurisdiction)}  ${amount}  ${a.status}${a.capApplied ? ' (capped)' : ''}`,
        );
        out.push(`      ${a.basis}`);
        out.push(`      「${a.citation}」`);
        if (a.reading !== null) out.push(`      reading: ${a.reading}`);
        out.push(`      award ${a.awardId}  rule ${a.ruleId}`);
      }
    }
    out.push('');
  });
  const rejected = explanations.filter((e) => e.rejected !== null).length;
  const awards = explanations.reduce((n, e) => n + e.awards.length, 0);
  out.push(`${explanations.length} event(s): ${awards} award(s), ${rejected} rejected`);
  return out.join('\n');
}

const DEFAULT_KEY_FILE = join(import.meta.dirname, '..', '.data', 'person-key');

/**
 * The person key `explain` computes people's award ids with: the one named, else the local stack's (so the ids match
 * what `npm start` records), else a throwaway key, said on stderr when a person is among the events. In AWS the key
 * is the deployment's secret and nobody outside the functions needs it: ids of people differ from explain's there.
 */
export function explainPersonKey(file: string | undefined, read: readonly ReadEvent[]): PersonKey {
  const path = file ?? (process.env.AWARDS_DATA_DIR === undefined ? DEFAULT_KEY_FILE : join(process.env.AWARDS_DATA_DIR, 'person-key'));
  if (existsSync(path)) return new PersonKey(Buffer.from(readFileSync(path, 'utf8').trim(), 'utf8'));
  if (file !== undefined) throw new CliError(`explain: no person key at ${file}`, 2);
  if (read.some((r) => r.ok && r.event.detail.recipient.kind === 'individual')) {
    note(`explain: award ids of people are keyed with the deployment's person key; none at ${path} (start the local stack once), so these ids are from a throwaway key`);
  }
  return new PersonKey(randomBytes(32));
}
