/**
 * The building blocks of the event contracts (events/contracts.ts): texts, enumerations, dates, money and ranks
 * with the specific reasons CONTRACT §1 promises, the recipient, and the fields every detail-type shares.
 */
import * as z from 'zod';
import { canonicalText } from '../shared/domain/identity';
import { REGION_CODE } from '../shared/domain/region';
import { lazy } from '../shared/lazy';
import { LIMITS as ALL_LIMITS } from '../shared/limits';
import { isCalendarDate } from '../shared/domain/time';
import { describeUsccProblem, regionFromUscc, usccProblem } from '../shared/domain/uscc';
import { RECIPIENT_KINDS } from '../shared/domain/vocabulary';

/** What one event may carry (shared/limits.ts). */
export const LIMITS = {
  eventBytesMax: ALL_LIMITS.event.bytesMax,
  textCharsMax: ALL_LIMITS.event.textCharsMax,
  idCharsMax: ALL_LIMITS.event.idCharsMax,
} as const;

// ---------------------------------------------------------------------------------------------- building blocks

/** Control characters and unpaired surrogates have no place in a name or a reference. */
const CONTROL = /\p{Cc}/u;

export function text(what: string, charsMax: number = LIMITS.textCharsMax) {
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

/** What a value of the wrong type is, for a reason: "a number", "null", "an array". */
export function kindOf(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return typeof input === 'object' ? 'an object' : `a ${typeof input}`;
}

export function oneOf<const T extends readonly [string, ...string[]]>(what: string, values: T) {
  return z.enum(values, {
    error: (issue) => {
      if (issue.input === undefined) return `${what} is required`;
      if (typeof issue.input !== 'string') return `${what} must be a string, got ${kindOf(issue.input)}`;
      return `${what} '${issue.input}' is not one of ${values.join(', ')}`;
    },
  });
}

export const calendarDate = (what: string) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string`),
    })
    .refine(isCalendarDate, {
      error: (issue) => `${what} '${String(issue.input)}' is not a calendar date YYYY-MM-DD`,
    })
    .meta({ format: 'date', description: `${what}: a calendar date, China Standard Time` });

/** Money in events: a positive safe integer of fen (1 yuan = 100 fen). */
export const positiveFen = (what: string) =>
  z
    .number({
      error: (issue) =>
        issue.input === undefined
          ? `${what} is required (a whole number of fen)`
          : `${what} must be a number of fen, got ${issue.input === null ? 'null' : typeof issue.input}`,
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

export const rank = (what: string) =>
  z
    .number({
      error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a number`),
    })
    .int({ error: `${what} must be a whole number` })
    .min(1, { error: `${what} must be 1 or more (1 = the unit that led the drafting)` })
    .max(1000, { error: `${what} must be at most 1000` });

// ---------------------------------------------------------------------------------------------- common fields

export const recipientSchema = lazy(() =>
  z
    .strictObject(
      {
        kind: oneOf('recipient.kind', RECIPIENT_KINDS),
        uscc: z
          .string({
            error: (issue) =>
              issue.input === undefined
                ? 'recipient.uscc is required (the 18-character unified social credit code)'
                : `recipient.uscc must be a string (the 18-character unified social credit code), got ${kindOf(issue.input)}`,
          })
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
            : issue.input === undefined
              ? 'recipient is required'
              : `recipient must be an object, got ${kindOf(issue.input)}`,
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

export function detail<S extends z.core.$ZodLooseShape>(detailType: string, shape: S) {
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
