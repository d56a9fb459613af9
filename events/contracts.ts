/**
 * The event contracts of CONTRACT.md §1: one zod schema per detail-type, plus the EventBridge envelope in the
 * shape EventBridge delivers it to targets. This is the boundary: everything past `parseEvent` sees typed values.
 */
import * as z from 'zod';
import { canonicalText } from '../shared/domain/identity';
import { REGION_CODE } from '../shared/domain/region';
import { lazy, lazyRecord } from '../shared/lazy';
import { LIMITS as ALL_LIMITS } from '../shared/limits';
import { chinaDate } from '../shared/domain/time';
import { describeUsccProblem, regionFromUscc, usccProblem } from '../shared/domain/uscc';
import {
  CENTRE_KINDS,
  CENTRE_LEVELS,
  DETAIL_TYPES,
  type DetailType,
  type FactDetailType,
  HONOURS,
  INNOVATION_AWARDS,
  PILOT_LEVELS,
  PRIZES,
  PROGRAMMES,
  RECIPIENT_KINDS,
  STANDARD_LEVELS,
} from '../shared/domain/vocabulary';

export * from '../shared/domain/vocabulary';
export { chinaDate } from '../shared/domain/time';

/** What one event may carry (shared/limits.ts). */
const LIMITS = { eventBytesMax: ALL_LIMITS.event.bytesMax, textCharsMax: ALL_LIMITS.event.textCharsMax, idCharsMax: ALL_LIMITS.event.idCharsMax } as const;

// ---------------------------------------------------------------------------------------------- building blocks

/** Control characters and unpaired surrogates have no place in a name or a reference. */
const CONTROL = /\p{Cc}/u;

function text(what: string, charsMax: number = LIMITS.textCharsMax) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string`),
    })
    .superRefine((value, ctx) => {
      if (!value.isWellFormed())
        ctx.addIssue({ code: 'custom', message: `${what} has an unpaired surrogate` });
      else if (CONTROL.test(value))
        ctx.addIssue({ code: 'custom', message: `${what} has a control character` });
      else if (Array.from(value).length > charsMax)
        ctx.addIssue({ code: 'custom', message: `${what} is longer than ${charsMax} characters` });
      else {
        // The canonical form is what identifies a fact (CONTRACT §1): it must say something, and NFKC must not have
        // blown it up (one ligature can become 18 letters) past what a key can hold.
        const canonical = Array.from(canonicalText(value));
        if (canonical.length === 0) {
          ctx.addIssue({ code: 'custom', message: `${what} must not be empty (it holds only spaces or invisible characters)` });
        } else if (canonical.length > charsMax) {
          ctx.addIssue({ code: 'custom', message: `${what} is longer than ${charsMax} characters once normalised (NFKC)` });
        }
      }
    })
    .meta({ minLength: 1, maxLength: charsMax });
}

function oneOf<const T extends readonly [string, ...string[]]>(what: string, values: T) {
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined
        ? `${what} is required`
        : `${what} '${String(issue.input)}' is not one of ${values.join(', ')}`,
  });
}

/** A calendar date `YYYY-MM-DD` that exists (no 2023-02-29, no 2024-13-01). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const calendarDate = (what: string) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string`),
    })
    .refine(isCalendarDate, {
      error: (issue) => `${what} '${String(issue.input)}' is not a calendar date YYYY-MM-DD`,
    })
    .meta({ format: 'date', description: `${what}: a calendar date, China Standard Time` });

/** Money in events: a positive safe integer of fen (1 yuan = 100 fen). */
const positiveFen = (what: string) =>
  z
    .number({
      error: (issue) =>
        `${what} must be a number of fen, got ${issue.input === null ? 'null' : typeof issue.input}`,
    })
    .superRefine((value, ctx) => {
      if (!Number.isInteger(value)) {
        ctx.addIssue({ code: 'custom', message: `${what} must be a whole number of fen, got ${value}` });
      } else if (value <= 0) {
        ctx.addIssue({ code: 'custom', message: `${what} must be greater than zero, got ${value}` });
      } else if (!Number.isSafeInteger(value)) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} ${value} is larger than ${Number.MAX_SAFE_INTEGER} fen`,
        });
      }
    })
    .meta({
      type: 'integer',
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: `${what}: integer fen (1 yuan = 100 fen)`,
    });

const rank = (what: string) =>
  z
    .number({
      error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a number`),
    })
    .int({ error: `${what} must be a whole number` })
    .min(1, { error: `${what} must be 1 or more (1 = the unit that led the drafting)` })
    .max(1000, { error: `${what} must be at most 1000` });

// ---------------------------------------------------------------------------------------------- common fields

const recipientSchema = lazy(() =>
  z
    .strictObject(
      {
        kind: oneOf('recipient.kind', RECIPIENT_KINDS),
        uscc: z
          .string({ error: 'recipient.uscc is required (the 18-character unified social credit code)' })
          .meta({
            pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$',
            description: 'unified social credit code, GB 32100-2015',
          })
          .superRefine((value, ctx) => {
            const problem = usccProblem(value);
            if (problem) {
              ctx.addIssue({
                code: 'custom',
                message: `recipient.uscc '${value}' ${describeUsccProblem(problem)}`,
              });
            }
          }),
        name: text('recipient.name'),
        regionCode: z
          .string({ error: 'recipient.regionCode must be a string' })
          .regex(REGION_CODE, {
            error: (issue) => `recipient.regionCode '${String(issue.input)}' is not a 6-digit division code`,
          })
          .optional(),
      },
      {
        error: (issue) =>
          issue.code === 'unrecognized_keys'
            ? `recipient has unknown field(s): ${issue.keys.join(', ')}`
            : 'recipient must be an object',
      },
    )
    .superRefine((recipient, ctx) => {
      if (recipient.regionCode === undefined && usccProblem(recipient.uscc) === null) {
        const derived = regionFromUscc(recipient.uscc);
        if (!REGION_CODE.test(derived)) {
          ctx.addIssue({
            code: 'custom',
            path: ['regionCode'],
            message: `recipient.regionCode is absent and characters 3 to 8 of the credit code ('${derived}') are not a division code; send regionCode`,
          });
        }
      }
    })
    .transform((recipient) => ({
      ...recipient,
      regionCode: recipient.regionCode ?? regionFromUscc(recipient.uscc),
    })));

export type Recipient = z.output<ReturnType<typeof recipientSchema>>;

const common = () => ({
  recipient: recipientSchema(),
  occurredOn: calendarDate('occurredOn'),
  reference: text('reference'),
});

function detail<S extends z.core.$ZodLooseShape>(detailType: string, shape: S) {
  return z.strictObject(
    { ...common(), ...shape },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `${detailType} detail has unknown field(s): ${issue.keys.join(', ')}`
          : `${detailType} detail must be an object`,
    },
  );
}

// ---------------------------------------------------------------------------------------------- detail-types

/** One schema per detail-type, each built on first use (shared/lazy.ts). */
export const detailSchemas = lazyRecord({
  StandardPublished: () => detail('StandardPublished', {
    standard: z.strictObject(
      {
        number: text('standard.number'),
        title: text('standard.title', 500),
        level: oneOf('standard.level', STANDARD_LEVELS),
      },
      { error: 'standard must be an object { number, title, level }' },
    ),
    draftingRank: rank('draftingRank'),
  }),
  StandardLeaderListed: () => detail('StandardLeaderListed', { standardNumber: text('standardNumber') }),
  StandardInnovationAwardWon: () => detail('StandardInnovationAwardWon', {
    award: oneOf('award', INNOVATION_AWARDS),
    prize: oneOf('prize', PRIZES),
    draftingRank: rank('draftingRank'),
  }),
  StandardSeriesDeveloped: () => detail('StandardSeriesDeveloped', { seriesName: text('seriesName') }),
  InnovationBaseApproved: () => detail('InnovationBaseApproved', { baseName: text('baseName') }),
  StandardizationPilotUndertaken: () => detail('StandardizationPilotUndertaken', {
    level: oneOf('level', PILOT_LEVELS),
    projectName: text('projectName'),
  }),
  StandardizationPilotAccepted: () => detail('StandardizationPilotAccepted', {
    level: oneOf('level', PILOT_LEVELS),
    projectName: text('projectName'),
  }),
  CentreApproved: () => detail('CentreApproved', {
    centre: z.strictObject(
      {
        kind: oneOf('centre.kind', CENTRE_KINDS),
        level: oneOf('centre.level', CENTRE_LEVELS),
        name: text('centre.name'),
      },
      { error: 'centre must be an object { kind, level, name }' },
    ),
  }),
  DemonstrationZoneWon: () => detail('DemonstrationZoneWon', { zoneName: text('zoneName') }),
  DesignServicePurchased: () => detail('DesignServicePurchased', {
    approvedCostFen: positiveFen('approvedCostFen'),
  }),
  TechnologyProjectFunded: () => detail('TechnologyProjectFunded', {
    programme: oneOf('programme', PROGRAMMES),
    grantedAmountFen: positiveFen('grantedAmountFen'),
    projectName: text('projectName'),
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

export type DetailOf<T extends DetailType> = z.output<(typeof detailSchemas)[T]>;

/** A validated event: what the core sees. */
export type AwardEvent = {
  [T in DetailType]: {
    eventId: string | null;
    source: string;
    detailType: T;
    time: string | null;
    detail: DetailOf<T>;
  };
}[DetailType];

export type FactEvent = Extract<AwardEvent, { detailType: FactDetailType }>;
export type RevocationEvent = Extract<AwardEvent, { detailType: 'AchievementRevoked' }>;

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
      .optional(),
    'source': z
      .string({
        error: (issue) => (issue.input === undefined ? 'source is required' : 'source must be a string'),
      })
      .regex(/^quality\.[a-z0-9][a-z0-9.-]{0,120}$/, {
        error: (issue) =>
          `source '${String(issue.input)}' must start with 'quality.' (for example quality.standards)`,
      }),
    'detail-type': z.enum(DETAIL_TYPES, {
      error: (issue) =>
        issue.input === undefined
          ? 'detail-type is required'
          : `detail-type '${String(issue.input)}' is not one of ${DETAIL_TYPES.join(', ')}`,
    }),
    'time': z.iso
      .datetime({
        offset: true,
        error: (issue) => `time '${String(issue.input)}' is not an ISO 8601 timestamp`,
      })
      .optional(),
    'detail': z.record(z.string(), z.unknown(), { error: 'detail must be a JSON object' }),
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
