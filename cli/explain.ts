/**
 * `awards explain FILE… [--json]`: offline, stores nothing. For each event, the awards the catalog grants with
 * their citations, why none applies, or why the event is rejected (CONTRACT.md §5).
 */
import { type AwardEvent, parseEvent } from '../events/contracts';
import { type FileItem, eventItems } from './event-files';
import type { Catalog } from '../shared/domain/catalog';
import { type ComputedAward, computeAwards, revocationTargets } from '../shared/domain/engine';
import { canonicalText, identifyFact } from '../shared/domain/identity';
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
}

/** Items read from event files (cli/event-files.ts), each validated at the contract's boundary. */
export function validated(items: readonly FileItem[]): ReadEvent[] {
  return items.map((item): ReadEvent => {
    if ('broken' in item) return { source: item.source, ok: false, eventId: null, reason: `event is not valid JSON: ${item.error}` };
    const result = parseEvent(item.raw);
    if (result.ok) return { source: item.source, ok: true, event: result.event };
    return { source: item.source, ok: false, eventId: result.eventId, reason: result.reason };
  });
}

/** The events of one file's text, validated. */
export const readEvents = (fileName: string, text: string): ReadEvent[] => validated(eventItems(fileName, text));

export function explain(read: ReadEvent, catalog: Catalog): Explanation {
  if (!read.ok) {
    return {
      source: read.source,
      eventId: read.eventId,
      detailType: null,
      rejected: read.reason,
      noAward: null,
      revokes: null,
      awards: [],
    };
  }
  const { event } = read;
  const base = { source: read.source, eventId: event.eventId, detailType: event.detailType, rejected: null };
  if (event.detailType === 'AchievementRevoked') {
    return { ...base, noAward: null, revokes: revocationTargets(event, catalog), awards: [] };
  }
  const result = computeAwards(event, catalog);
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
    })),
    source: e.source,
    detailType: e.detailType,
    noAward: e.noAward,
    revokes: e.revokes,
  }));
}

function jurisdictionLabel(code: string): string {
  return `${code} ${JURISDICTION_NAMES[code] ?? ''}`.trim();
}

/** The readable form, with citations, for people. */
export function toText(explanations: readonly Explanation[], read: readonly ReadEvent[]): string {
  const out: string[] = [];
  explanations.forEach((e, i) => {
    const r = read[i];
    out.push(e.source);
    if (r?.ok) {
      const d = r.event.detail;
      out.push(`  event ${e.eventId ?? '(no id)'}  ${e.detailType}  ${d.reference}  on ${d.occurredOn}`);
      out.push(
        `  recipient ${d.recipient.name} (${d.recipient.kind}) ${d.recipient.uscc}, region ${d.recipient.regionCode}`,
      );
      // What makes two events one fact (CONTRACT §1): any event with this identity is this fact, paid once.
      if (r.event.detailType !== 'AchievementRevoked') out.push(`  fact identity ${identifyFact(r.event).identity}`);
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
