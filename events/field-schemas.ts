/**
 * The building blocks of the event contracts (events/contracts.ts): texts, enumerations, dates, money and ranks
 * with the specific reasons CONTRACT §1 promises, the recipient, and the fields every detail-type shares.
 */
import * as z from 'zod';
import { canonicalText, isOnlyPreparationMarker } from '../shared/domain/identity';
import { REGION_CODE } from '../shared/domain/region';
import { lazy } from '../shared/lazy';
import { LIMITS as ALL_LIMITS } from '../shared/limits';
import { isCalendarDate } from '../shared/domain/time';
import { describeUsccProblem, regionFromUscc, usccProblem } from '../shared/domain/uscc';
import { RECIPIENT_KINDS, type RecipientKind } from '../shared/domain/vocabulary';
import type { IndividualRecipient, Recipient } from '../shared/domain/events';
import { birthDateOf, describeIdNumberProblem, idNumberProblem, regionFromIdNumber } from '../shared/domain/person';

/** What one event may carry (shared/limits.ts). */
export const LIMITS = {
  eventBytesMax: ALL_LIMITS.event.bytesMax,
  textCharsMax: ALL_LIMITS.event.textCharsMax,
  idCharsMax: ALL_LIMITS.event.idCharsMax,
} as const;

// ---------------------------------------------------------------------------------------------- building blocks

/** Control characters and unpaired surrogates have no place in a name or a reference. */
const CONTROL = /\p{Cc}/u;
/** Noncharacters no document carries: a payment file (XML) could not hold them. */
const NONCHARACTER = /[\uFFFE\uFFFF]/u;
/** What a decoder writes for bytes it could not read: a name sent with it was decoded in the wrong encoding upstream. */
const REPLACEMENT = '\uFFFD';

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
      else if (NONCHARACTER.test(value))
        ctx.addIssue({ code: 'custom', message: `${what} has a noncharacter (U+FFFE or U+FFFF)` });
      else if (value.includes(REPLACEMENT))
        ctx.addIssue({ code: 'custom', message: `${what} has U+FFFD (�), which a decoder leaves for bytes it could not read: decode the text in its encoding (GBK is not UTF-8) before sending it` });
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

/**
 * The name of what a fact is about (a centre, a zone, a base, a series, a project): a text, and more than a
 * preparation marker, which names nothing (`(筹)` alone would be one centre for every such document).
 */
export function factName(what: string, charsMax: number = LIMITS.textCharsMax) {
  return text(what, charsMax)
    .refine((value) => !isOnlyPreparationMarker(value), { error: `${what} is only a preparation marker such as (筹): name what is being built` })
    .superRefine((value, ctx) => {
      const sign = RADICAL_OR_STROKE.exec(value)?.[0];
      if (sign !== undefined) ctx.addIssue({ code: 'custom', message: `${what} holds ${codePoint(sign)}, a radical or stroke sign, not a character of a name: write the character itself` });
    });
}

/** CJK radicals, strokes and description signs: drawn as characters (⻋ as 车), never part of a name (re-attack H3). */
const RADICAL_OR_STROKE = /[\u2E80-\u2EFF\u2F00-\u2FDF\u2FF0-\u2FFF\u31C0-\u31EF]/u;
const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * A standard's number (GB/T 43456-2024, DB13/T 5678-2023, T/CAS 115-2024, ISO/IEC 27001:2022): once canonical, Latin
 * letters, digits and / . - : only. Anything else is a look-alike (a division slash, a Cyrillic Т, ○ for 0, a year in
 * Chinese numerals) that would make one standard a second fact (issue 20 re-attack H1, H2): refused, naming it.
 */
export function standardNumber(what: string) {
  return text(what).superRefine((value, ctx) => {
    const odd = Array.from(canonicalText(value)).find((c) => !/^[A-Z0-9/.:-]$/.test(c));
    if (odd !== undefined) ctx.addIssue({ code: 'custom', message: `${what} holds ${codePoint(odd)} (${odd}); a standard's number is written with Latin letters, digits and / . - : only` });
  });
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

const regionCodeSchema = () => z
  .string({ error: 'recipient.regionCode must be a string' })
  .regex(REGION_CODE, {
    error: (issue) => `recipient.regionCode '${String(issue.input)}' is not a 6-digit division code`,
  })
  .optional();

const usccSchema = () => z
  .string({ error: (issue) => `recipient.uscc must be a string (the 18-character unified social credit code), got ${kindOf(issue.input)}` })
  .meta({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: 'unified social credit code, GB 32100-2015 (enterprise, organization)' })
  .optional();

/** The number itself never appears in a reason (reasons are logged and kept): only what is wrong with it. */
const idNumberSchema = () => z
  .string({ error: (issue) => `recipient.idNumber must be a string (the 18-character resident identity number), got ${kindOf(issue.input)}` })
  .meta({ pattern: '^[0-9]{17}[0-9Xx]$', description: 'resident identity number, GB 11643-1999 (individual): personal data' })
  .optional();

/** Which number a kind of recipient carries, and the one it must not. */
const NUMBER_OF = {
  enterprise: ['uscc', 'idNumber', 'the 18-character unified social credit code'],
  organization: ['uscc', 'idNumber', 'the 18-character unified social credit code'],
  individual: ['idNumber', 'uscc', 'the 18-character resident identity number'],
} as const;

interface RawRecipient { kind: RecipientKind; uscc?: string | undefined; idNumber?: string | undefined; regionCode?: string | undefined }

function checkNumber(recipient: RawRecipient, ctx: z.core.$RefinementCtx): void {
  const [field, other, what] = NUMBER_OF[recipient.kind];
  if (recipient[other] !== undefined)
    ctx.addIssue({ code: 'custom', path: [other], message: `recipient.${other} is not for a recipient of kind ${recipient.kind}; send recipient.${field}` });
  const value = recipient[field];
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', path: [field], message: `recipient.${field} is required for a recipient of kind ${recipient.kind} (${what})` });
    return;
  }
  if (field === 'uscc') {
    const problem = usccProblem(value);
    // About one valid identity number in thirty-one also passes the credit-code check. Taken for a credit code it
    // would be shown whole to everyone and could never be paid (a payee named by it is a person's): refused, and never
    // repeated in the reason (review of issue 19, M4).
    if (problem === null && idNumberProblem(value.toUpperCase(), null) === null) {
      ctx.addIssue({ code: 'custom', path: [field], message: 'recipient.uscc is a valid resident identity number, not a credit code: send a person as kind individual with recipient.idNumber, or check the credit code' });
    } else if (problem) ctx.addIssue({ code: 'custom', path: [field], message: `recipient.uscc '${value}' ${describeUsccProblem(problem)}` });
    else if (recipient.regionCode === undefined && !REGION_CODE.test(regionFromUscc(value))) {
      ctx.addIssue({ code: 'custom', path: ['regionCode'], message: `recipient.regionCode is absent and characters 3 to 8 of the credit code ('${regionFromUscc(value)}') are not a division code; send regionCode` });
    }
    return;
  }
  const problem = idNumberProblem(value.toUpperCase(), null);
  if (problem) ctx.addIssue({ code: 'custom', path: [field], message: `recipient.idNumber ${describeIdNumberProblem(problem)}` });
}

export const recipientSchema = lazy(() =>
  z
    .strictObject(
      {
        kind: oneOf('recipient.kind', RECIPIENT_KINDS),
        uscc: usccSchema(),
        idNumber: idNumberSchema(),
        name: text('recipient.name'),
        regionCode: regionCodeSchema(),
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
    .superRefine(checkNumber)
    .transform((recipient): Recipient => {
      const { name } = recipient;
      if (recipient.kind === 'individual') {
        const idNumber = (recipient.idNumber ?? '').toUpperCase();
        return { kind: 'individual', idNumber, name, regionCode: recipient.regionCode ?? regionFromIdNumber(idNumber) };
      }
      const uscc = recipient.uscc ?? '';
      return { kind: recipient.kind, uscc, name, regionCode: recipient.regionCode ?? regionFromUscc(uscc) };
    }));

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
  ).superRefine((value, ctx) => {
    // A person born after the fact cannot have earned it: the number or the date is wrong.
    // Zod runs this even when a field failed: only a valid person and a valid date are compared.
    const { recipient, occurredOn } = value as unknown as { recipient?: Partial<IndividualRecipient>; occurredOn?: unknown };
    if (recipient?.kind !== 'individual' || typeof recipient.idNumber !== 'string' || typeof occurredOn !== 'string') return;
    if (idNumberProblem(recipient.idNumber, null) === null && isCalendarDate(occurredOn) && birthDateOf(recipient.idNumber) > occurredOn) {
      ctx.addIssue({ code: 'custom', path: ['recipient', 'idNumber'], message: `recipient.idNumber ${describeIdNumberProblem({ kind: 'birth-date' })} (occurredOn ${occurredOn})` });
    }
  });
}
