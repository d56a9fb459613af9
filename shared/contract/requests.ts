/** What each route accepts: its query or body, validated at the boundary (STYLE 8), each schema built on first use. */
import * as z from 'zod';
import { isCalendarDate } from '../domain/time';
import { saysNothing } from '../domain/identity';
import { STATUSES } from '../domain/lifecycle';
import { type PersonKey, describeIdNumberProblem, idNumberProblem } from '../domain/person';
import { REGION_CODE } from '../domain/region';
import { lazyRecord } from '../lazy';
import { LIMITS } from '../limits';
import { REVOCATION_STATES } from '../domain/revocations';
import { EXECUTION_TABLES } from '../domain/execution-tables';

const jurisdiction = () => z.string().regex(REGION_CODE, { error: 'must be a 6-digit division code' });
const fen = () => z.number({ error: 'must be a number of fen' }).int({ error: 'must be a whole number of fen' }).min(0).max(Number.MAX_SAFE_INTEGER);
const positiveFen = () => fen().refine((n) => n > 0, { error: 'must be greater than zero' });
/**
 * What a person writes for the record (a basis, a comment, a note): trimmed, and saying something once invisible
 * characters are set aside (a zero-width space or a Hangul filler alone is no basis; issue 20 attack review, M2).
 */
const written = (what: string) => z.string({ error: `is required: ${what}` }).trim().max(2_000).refine((v) => !saysNothing(v), { error: `must say ${what}` });
const date = () => z.string().refine(isCalendarDate, { error: 'must be a calendar date YYYY-MM-DD' });
/** An opaque cursor: the characters the API issues, within its length; the store checks the rest. */
const cursor = () => z.string().max(LIMITS.api.cursorCharsMax).regex(/^[A-Za-z0-9_-]+$/, { error: 'is not a cursor this API returned' });
/** A person's number in a query: checked, upper-cased, and never repeated in the reason (it is personal data). */
const idNumber = () => z.string().transform((value, ctx) => {
  const upper = value.toUpperCase();
  const problem = idNumberProblem(upper, null);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: describeIdNumberProblem(problem) });
  return upper;
});
/** A recipient as the store knows it: a credit code, or a person's keyed id (`P:` and 32 hex digits, ADR 009). */
const recipientIdParam = () => z.string().regex(/^(P:[0-9a-f]{32}|[0-9A-HJ-NPQRTUWXY]{18})$/, { error: 'must be a credit code or a person\'s keyed id (P: and 32 hex digits), as awards show it' });
const limit = (max: number) => z.coerce.number().int().min(1).max(max);
const pageQuery = () => z.strictObject({ limit: limit(LIMITS.store.pageSizeMax).optional(), cursor: cursor().optional() });

export const schemas = lazyRecord({
  jurisdiction,
  yearParam: () => z.coerce.number().int().min(2000).max(2999),
  awardsQuery: () =>
    z.strictObject({
      status: z.enum(STATUSES).optional(),
      jurisdiction: jurisdiction().optional(),
      uscc: z.string().min(1).max(18).optional(),
      idNumber: idNumber().optional(),
      recipientId: recipientIdParam().optional(),
      reference: z.string().min(1).max(200).optional(),
      policy: z.string().regex(/^[a-z0-9-]{1,64}$/, { error: 'must be a policy id as GET /policies names it' }).optional(),
      minFen: z.coerce.number().pipe(fen()).optional(),
      maxFen: z.coerce.number().pipe(fen()).optional(),
      order: z.enum(['asc', 'desc']).optional(),
      // Issue 22: the list as a file, paged through up to LIMITS.reports.exportRowsMax rows.
      format: z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).optional(),
      limit: limit(LIMITS.store.pageSizeMax).optional(),
      cursor: cursor().optional(),
    })
      .refine((q) => [q.uscc, q.idNumber, q.recipientId].filter((v) => v !== undefined).length <= 1, { error: 'ask by one of uscc, idNumber and recipientId', path: ['idNumber'] })
      .refine((q) => q.minFen === undefined || q.maxFen === undefined || q.minFen <= q.maxFen, { error: 'minFen must not be above maxFen', path: ['minFen'] }),
  ledgerQuery: () =>
    z
      .strictObject({
        jurisdiction: jurisdiction().optional(),
        uscc: z.string().min(1).max(18).optional(),
        idNumber: idNumber().optional(),
        recipientId: recipientIdParam().optional(),
        from: date().optional(),
        to: date().optional(),
        format: z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).optional(),
        limit: limit(LIMITS.store.ledgerPageMax).optional(),
        cursor: cursor().optional(),
      })
      .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { error: 'from must not be after to', path: ['from'] })
      .refine((q) => [q.uscc, q.idNumber, q.recipientId].filter((v) => v !== undefined).length <= 1, { error: 'ask by one of uscc, idNumber and recipientId', path: ['idNumber'] }),
  verifyQuery: () => z.strictObject({ jurisdiction: jurisdiction().optional(), cursor: cursor().optional() }),
  pageQuery,
  revocationsQuery: () => pageQuery().extend({ state: z.enum(REVOCATION_STATES).optional() }),
  decisionBody: () =>
    z
      .strictObject({ decision: z.enum(['approve', 'reject']), comment: z.string().max(2_000).optional() })
      .refine((b) => b.decision === 'approve' || !saysNothing(b.comment ?? ''), { error: 'a rejection needs a comment', path: ['comment'] }),
  amountBody: () => z.strictObject({ amountFen: positiveFen(), basis: written('on what the amount rests') }),
  repaymentBody: () => z.strictObject({ amountFen: positiveFen() }),
  releaseBody: () => z.strictObject({ basis: written('on what the release rests') }),
  budgetBody: () => z.strictObject({ allocatedFen: fen() }),
  payeeBody: () => z.strictObject({
    accountName: z.string().max(200),
    accountNumber: z.string().max(40),
    bankCode: z.string().max(20),
    bankName: z.string().max(200),
  }),
  batchBody: () => z.strictObject({ jurisdiction: jurisdiction() }),
  confirmBody: () => z.strictObject({ proposalId: z.string({ error: 'is required: the id of the proposal reviewed, as GET /payees shows it' }).regex(/^pp-[0-9a-f]{24}$/, { error: 'is not a proposal id (pp- and 24 hex digits, as GET /payees shows it)' }) }),
  batchesQuery: () => pageQuery().extend({ jurisdiction: jurisdiction().optional() }),
  exceptionsQuery: () => pageQuery().extend({
    jurisdiction: jurisdiction().optional(), status: z.enum(['OPEN', 'RESOLVED']).optional(),
    format: z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).optional(),
  }),
  // `outcome` only for the exception of a disputed payment (ADR 010 version 4): 'paid' records it DISBURSED.
  resolveBody: () => z.strictObject({ note: written('how the exception was resolved'), outcome: z.enum(['paid', 'not-paid']).optional() }),
});

// ------------------------------------------------------------------------------------------ reports, what-if, digests

const reportJurisdiction = () => z.string({ error: 'is required: whose report (a 6-digit division code)' }).regex(REGION_CODE, { error: 'must be a 6-digit division code' });
const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));

export const moreSchemas = lazyRecord({
  executionQuery: () => z.strictObject({
    jurisdiction: reportJurisdiction(),
    // Four digits, as people write a year (z.coerce would take 0x7EA and 2.026e3: attack review L1).
    year: z.string({ error: 'is required: the fiscal year' }).regex(/^2\d{3}$/, { error: 'must be a year of four digits from 2000 to 2999, such as 2026' }).transform(Number),
    format: z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).optional(),
    table: z.enum(EXECUTION_TABLES, { error: `must be one of ${EXECUTION_TABLES.join(', ')}` }).optional(),
  }),
  overdueQuery: () => z.strictObject({
    jurisdiction: reportJurisdiction(),
    format: z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).optional(),
  }),
  simulationBody: () => z
    .strictObject({
      catalog: z.unknown().refine((c) => c !== undefined, { error: 'a draft catalog is required (the shape GET /policies answers)' }),
      from: z.string().refine(isCalendarDate, { error: 'must be a calendar date YYYY-MM-DD' }),
      to: z.string().refine(isCalendarDate, { error: 'must be a calendar date YYYY-MM-DD' }),
      jurisdictions: z.array(z.string().regex(REGION_CODE, { error: 'must be a 6-digit division code' })).min(1).max(50).optional(),
    })
    .refine((b) => b.from <= b.to, { error: 'from must not be after to', path: ['from'] })
    .refine((b) => b.from > b.to || monthIndex(b.to) - monthIndex(b.from) < LIMITS.whatif.periodMonthsMax, {
      error: `a period spans at most ${LIMITS.whatif.periodMonthsMax} months`,
      path: ['to'],
    }),
  simulationQuery: () => z.strictObject({
    format: z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).optional(),
    limit: z.coerce.number().int().min(1).max(LIMITS.whatif.itemsPageMax).optional(),
    cursor: z.string().max(LIMITS.api.cursorCharsMax).regex(/^[A-Za-z0-9_-]+$/, { error: 'is not a cursor this API returned' }).optional(),
  }),
  digestsQuery: () => z.strictObject({
    jurisdiction: jurisdiction(),
    limit: z.coerce.number().int().min(1).max(LIMITS.digests.pageMax).optional(),
    cursor: z.string().max(400).regex(/^[A-Za-z0-9_=+/.-]+$/, { error: 'is not a cursor this API returned' }).optional(),
  }),
});

/** The path parameters of the route table, as API Gateway passes them (each route reads and checks its own). */
export const PATH_PARAMETERS = {
  awardId: () => z.string().regex(/^aw-[0-9a-f]{32}$/),
  objectionId: () => z.string().regex(/^ob-[0-9a-f-]{36}$/),
  jurisdiction,
  year: () => z.string().regex(/^2\d{3}$/),
  recipientId: () => z.string().regex(/^(P:[0-9a-f]{32}|[0-9A-HJ-NPQRTUWXY]{18})$/),
  batchId: () => z.string().min(1).max(100),
  messageId: () => z.string().min(1).max(200),
  exceptionId: () => z.string().min(1).max(100),
  eventId: () => z.string().min(1).max(200),
  simulationId: () => z.string().min(1).max(100),
} as const;

/** The recipient a query names, as the store knows it: a credit code as is, an identity number by its keyed id. */
type RecipientAsked = { uscc?: string | undefined; idNumber?: string | undefined; recipientId?: string | undefined };
export function recipientQuery(q: RecipientAsked, key: PersonKey): string | undefined {
  if (q.idNumber !== undefined) return key.recipientIdOf(q.idNumber);
  return q.recipientId ?? q.uscc;
}
