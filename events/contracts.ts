/**
 * The event contracts of CONTRACT.md §1: one zod schema per detail-type, plus the EventBridge envelope in the
 * shape EventBridge delivers it to targets. This is the boundary: everything past `parseEvent` sees typed values.
 */
import * as z from 'zod';
import { lazy, lazyRecord } from '../shared/lazy';
import { LIMITS, detail, factName, kindOf, oneOf, positiveFen, rank, standardNumber, text } from './field-schemas';
import { chinaDate } from '../shared/domain/time';
import { LIMITS as ALL_LIMITS } from '../shared/limits';
import type { AwardEvent, DetailOf } from '../shared/domain/events';
import {
  CENTRE_KINDS,
  CENTRE_LEVELS,
  AWARD_CATEGORIES,
  CENTRE_STAGES,
  DETAIL_TYPES,
  type DetailType,
  type FactDetailType,
  HONOURS,
  INNOVATION_AWARDS,
  PILOT_LEVELS,
  PRIZES,
  PROGRAMMES,
  STANDARD_ACTIONS,
  STANDARD_LEVELS,
  ZONE_STAGES,
} from '../shared/domain/vocabulary';

export * from '../shared/domain/vocabulary';
export { chinaDate } from '../shared/domain/time';

export { isCalendarDate } from '../shared/domain/time';
export type * from '../shared/domain/events';

// ---------------------------------------------------------------------------------------------- detail-types

/** One schema per detail-type, each built on first use (shared/lazy.ts). */
export const detailSchemas = lazyRecord({
  StandardPublished: () => detail('StandardPublished', {
    standard: z.strictObject(
      {
        number: standardNumber('standard.number'),
        title: text('standard.title', 500),
        level: oneOf('standard.level', STANDARD_LEVELS),
        // Version 3: 制定 or 修订. Required for group standards, whose sentence pays 制定 only; optional for the
        // others, whose sentences (制修订) pay both.
        action: oneOf('standard.action', STANDARD_ACTIONS).optional(),
      },
      { error: 'standard must be an object { number, title, level, action }' },
    ).superRefine((standard, ctx) => {
      if (standard.level.startsWith('group-') && standard.action === undefined) {
        ctx.addIssue({ code: 'custom', path: ['action'], message: `standard.action is required for a group standard (level ${standard.level}): drafted (制定) or revised (修订)` });
      }
    }),
    draftingRank: rank('draftingRank'),
  }),
  StandardLeaderListed: () => detail('StandardLeaderListed', { standardNumber: standardNumber('standardNumber') }),
  StandardInnovationAwardWon: () => detail('StandardInnovationAwardWon', {
    award: oneOf('award', INNOVATION_AWARDS),
    // Version 3: the award's own category; a person's prize goes to a person, a project's and a unit's to a unit.
    category: oneOf('category', AWARD_CATEGORIES),
    prize: oneOf('prize', PRIZES),
    draftingRank: rank('draftingRank').optional(),
  }).superRefine((d, ctx) => {
    if (d.category === 'project' && d.draftingRank === undefined) {
      ctx.addIssue({ code: 'custom', path: ['draftingRank'], message: 'draftingRank is required for a project prize (category project): 1 = the unit that led (主持起草)' });
    }
    // Zod may run this when a field already failed: compare only a valid recipient and category.
    const kind = (d as { recipient?: { kind?: unknown } }).recipient?.kind;
    if (typeof kind !== 'string' || !(AWARD_CATEGORIES as readonly unknown[]).includes(d.category)) return;
    const person = kind === 'individual';
    if (person !== (d.category === 'individual')) {
      ctx.addIssue({ code: 'custom', path: ['category'], message: `category ${d.category} is not for a recipient of kind ${kind}: a person wins the individual category, a unit the project or organization category` });
    }
  }),
  StandardSeriesDeveloped: () => detail('StandardSeriesDeveloped', { seriesName: factName('seriesName') }),
  InnovationBaseApproved: () => detail('InnovationBaseApproved', { baseName: factName('baseName') }),
  StandardizationPilotUndertaken: () => detail('StandardizationPilotUndertaken', {
    level: oneOf('level', PILOT_LEVELS),
    projectName: factName('projectName'),
  }),
  StandardizationPilotAccepted: () => detail('StandardizationPilotAccepted', {
    level: oneOf('level', PILOT_LEVELS),
    projectName: factName('projectName'),
  }),
  CentreApproved: () => detail('CentreApproved', {
    centre: z.strictObject(
      {
        kind: oneOf('centre.kind', CENTRE_KINDS),
        level: oneOf('centre.level', CENTRE_LEVELS),
        name: factName('centre.name'),
        // Version 3: required. A document that named no stage was taken for the one the centre is paid at, so an
        // acceptance years later paid again.
        stage: oneOf('centre.stage', CENTRE_STAGES),
      },
      { error: 'centre must be an object { kind, level, name, stage }' },
    ),
  }),
  DemonstrationZoneWon: () => detail('DemonstrationZoneWon', {
    zoneName: factName('zoneName'),
    // Version 3: required. (十六) pays a zone 新获得, named (验收命名), not one approved for creation.
    stage: oneOf('stage', ZONE_STAGES),
  }),
  DesignServicePurchased: () => detail('DesignServicePurchased', {
    approvedCostFen: positiveFen('approvedCostFen'),
  }),
  TechnologyProjectFunded: () => detail('TechnologyProjectFunded', {
    programme: oneOf('programme', PROGRAMMES),
    grantedAmountFen: positiveFen('grantedAmountFen'),
    projectName: factName('projectName'),
  }),
  HonourConferred: () => detail('HonourConferred', { honour: oneOf('honour', HONOURS) }),
  AchievementRevoked: () => detail('AchievementRevoked', {
    revokes: z.strictObject(
      {
        detailType: z.enum(
          DETAIL_TYPES.filter((t) => t !== 'AchievementRevoked') as [FactDetailType, ...FactDetailType[]],
          {
            error: (issue) =>
              `revokes.detailType '${String(issue.input)}' is not a detail-type that can be revoked`,
          },
        ),
        reference: text('revokes.reference'),
      },
      { error: 'revokes must be an object { detailType, reference }' },
    ),
    reason: text('reason', 1000),
  }),
} satisfies Record<DetailType, () => z.ZodType>);

/**
 * The types are the domain's (shared/domain/events.ts); the schemas above are their validation. Each schema's output
 * must be exactly its detail-type's domain type: a field on one side only, optional or not, or a field that differs
 * in type or readonly-ness, fails to compile here, naming the detail-type. (Mutual assignability would not do: a
 * type with an extra optional field and one without it are assignable both ways.)
 */
type Exact<A, B> = (<X>() => X extends A ? 1 : 2) extends (<X>() => X extends B ? 1 : 2) ? true : false;
type Mismatched = { [T in DetailType]: Exact<z.output<(typeof detailSchemas)[T]>, DetailOf<T>> extends true ? never : T }[DetailType];
const schemasMatchTheDomain: [Mismatched] extends [never] ? true : { mismatched: Mismatched } = true;
void schemasMatchTheDomain;

// ---------------------------------------------------------------------------------------------- envelope

/**
 * The delivered EventBridge shape. EventBridge adds `version`, `account`, `region`, `resources` and, on replay,
 * `replay-name`; they pass through untouched. `id` and `time` are always present on delivery; `awards explain`
 * also accepts hand-written files without them.
 */
const envelopeSchema = lazy(() =>
  z.looseObject({
    'id': z
      .string({ error: 'id must be a string' })
      .min(1, { error: 'id must not be empty' })
      .max(LIMITS.idCharsMax, { error: `id is longer than ${LIMITS.idCharsMax} characters` })
      // An id is a key and is printed (attack 2026-12-07-x, M3 and L3): a lone surrogate is stored as U+FFFD, so two
      // ids would share one key; a control character breaks every line that shows it.
      .refine((id) => id.isWellFormed(), { error: 'id must be well-formed Unicode: it holds a lone surrogate, which cannot be a key' })
      .refine((id) => !/\p{Cc}/u.test(id), { error: 'id must not hold a control character (a newline, a tab, NUL)' })
      .optional(),
    'source': z
      .string({
        error: (issue) => (issue.input === undefined ? 'source is required' : 'source must be a string'),
      })
      .regex(/^quality\.[a-z0-9][a-z0-9.-]{0,120}$/, {
        error: (issue) =>
          `source '${String(issue.input)}' must start with 'quality.' (for example quality.standards)`,
      }),
    'detail-type': oneOf('detail-type', DETAIL_TYPES),
    'time': z.iso
      .datetime({
        offset: true,
        error: (issue) => `time '${String(issue.input)}' is not an ISO 8601 timestamp`,
      })
      .optional(),
    'detail': z.record(z.string(), z.unknown(), {
      error: (issue) => (issue.input === undefined ? 'detail is required' : `detail must be a JSON object, got ${kindOf(issue.input)}`),
    }),
  }));

/** Parses the text of one event (an SQS body, a line of a file) and validates it. */
export function parseEventText(text: string): ParseResult {
  if (Buffer.byteLength(text, 'utf8') > LIMITS.eventBytesMax) {
    return {
      ok: false,
      eventId: null,
      reason: `event is ${Buffer.byteLength(text, 'utf8')} bytes; the limit is ${LIMITS.eventBytesMax}`,
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    return { ok: false, eventId: null, reason: `event is not valid JSON: ${(cause as Error).message}` };
  }
  return parseEvent(raw);
}

export type ParseResult
  = | { ok: true; event: AwardEvent }
    | { ok: false; eventId: string | null; reason: string };

/** Every message above names its field; a message from zod that does not is prefixed with the issue's path. */
function formatIssues(error: z.ZodError, prefix: string): string {
  return error.issues
    .map((issue) => {
      const last = issue.path.at(-1);
      if (last === undefined || issue.message.includes(String(last))) return issue.message;
      return `${[prefix, ...issue.path.map(String)].filter((p) => p.length > 0).join('.')}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Keys JSON.parse keeps as fields but JavaScript treats as the object's machinery: zod's unknown-field check does not
 * see `__proto__`, and a copy of the object loses it, so the kept event would no longer be what was received (attack
 * review of issue 23, L3). Looked for at every depth an event can have.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
function forbiddenKeyIn(value: unknown, at = 'the top', depth = 0): { key: string; at: string } | null {
  if (typeof value !== 'object' || value === null || depth > ALL_LIMITS.event.depthMax) return null;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return { key, at };
    const found = forbiddenKeyIn((value as Record<string, unknown>)[key], at === 'the top' ? key : `${at}.${key}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Validates one delivered event. Never throws on bad input: a failure is a reason, in words an upstream engineer
 * can act on, with the raw input left to the caller to quarantine.
 */
export function parseEvent(raw: unknown): ParseResult {
  const eventId
    = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
      ? (raw as { id: string }).id
      : null;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, eventId, reason: 'event must be a JSON object' };
  }
  const forbidden = forbiddenKeyIn(raw);
  if (forbidden !== null) return { ok: false, eventId, reason: `event has the key "${forbidden.key}" at ${forbidden.at}: no event field is named so` };
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(raw), 'utf8');
  } catch (cause) {
    return { ok: false, eventId, reason: `event cannot be serialised as JSON: ${(cause as Error).message}` };
  }
  if (bytes > LIMITS.eventBytesMax) {
    return { ok: false, eventId, reason: `event is ${bytes} bytes; the limit is ${LIMITS.eventBytesMax}` };
  }
  const envelope = envelopeSchema().safeParse(raw);
  if (!envelope.success) return { ok: false, eventId, reason: formatIssues(envelope.error, '') };
  const detailType = envelope.data['detail-type'];
  const detail = detailSchemas[detailType].safeParse(envelope.data.detail);
  if (!detail.success) return { ok: false, eventId, reason: formatIssues(detail.error, 'detail') };
  const time = envelope.data.time ?? null;
  if (time !== null && detail.data.occurredOn > chinaDate(new Date(time))) {
    return {
      ok: false,
      eventId,
      reason: `occurredOn ${detail.data.occurredOn} is after the event was sent (${chinaDate(new Date(time))} China Standard Time)`,
    };
  }
  const event = {
    eventId: envelope.data.id ?? null,
    source: envelope.data.source,
    detailType,
    time,
    detail: detail.data,
  };
  return { ok: true, event: event as AwardEvent };
}
