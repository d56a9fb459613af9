/**
 * The answers of the auditor's routes (CONTRACT §3): the ledger's verification in steps, quarantined events, what
 * became of one event, revocations, and the catalog in force. Strict objects: a field a route adds without declaring it
 * here breaks the contract. The catalog is proved here to be the domain's type (shared/domain/catalog.ts); a rejection,
 * an event's outcome, a revocation and a verification step are the store's types (shared/store/records.ts and
 * verify.ts, which import node:*), proved in functions/api/audit-routes.ts: this module loads in the browser.
 */
import * as z from 'zod';
import type { Catalog, Coverage, Policy, Rule } from '../../domain/catalog';
import { REVOCATION_STATES } from '../../domain/revocations';
import { FACT_DETAIL_TYPES } from '../../domain/vocabulary';
import { lazy } from '../../lazy';
import { type Exact, count, day, fen, instant, jurisdiction, page } from '../common';

const text = () => z.string();
const nullableText = () => z.string().nullable();
const hex64 = () => z.string().regex(/^[0-9a-f]{64}$/);
const awardIds = () => z.array(z.string().regex(/^aw-[0-9a-f]{32}$/));

// ------------------------------------------------------------------------------------------ GET /ledger/verify

/** A chain verified to its end: its head, or the first entry that breaks it and why. */
const chainVerified = () => z.discriminatedUnion('ok', [
  z.strictObject({ jurisdiction: jurisdiction(), ok: z.literal(true), entries: count(), head: hex64() }),
  z.strictObject({ jurisdiction: jurisdiction(), ok: z.literal(false), entries: count(), badSeq: z.number().int().min(1), reason: text() }),
]);

/** The chain under way when a step stopped: the entries checked so far and the hash it has reached. */
const chainUnderWay = () => z.strictObject({ jurisdiction: jurisdiction(), entries: count(), head: hex64() });

const stepFields = () => ({ complete: z.boolean(), cursor: nullableText() });

/** A step of one jurisdiction (`?jurisdiction=`): its chain verified (CONTRACT §3's `{ ok, entries, head }`), or under way. */
const oneChain = () => {
  const [verified, broken] = chainVerified().options;
  return z.discriminatedUnion('ok', [verified.extend(stepFields()), broken.extend(stepFields())]);
};

/** A step of every jurisdiction: those it finished, and the one under way. */
const everyChain = () => z.strictObject({
  ok: z.boolean(),
  entries: count(),
  jurisdictions: z.array(chainVerified()),
  current: chainUnderWay().nullable(),
  ...stepFields(),
});

/** GET /ledger/verify: the step's progress; `cursor` (null on the last step) asks for the next one. */
export const verification = lazy(() => z.union([oneChain(), everyChain()]).superRefine((v, ctx) => {
  if (v.complete !== (v.cursor === null)) ctx.addIssue({ code: 'custom', message: 'a step is complete exactly when it has no cursor' });
  if ('jurisdictions' in v) {
    if (v.ok !== v.jurisdictions.every((j) => j.ok)) ctx.addIssue({ code: 'custom', message: 'ok says whether every finished chain is' });
    if (v.entries !== v.jurisdictions.reduce((n, j) => n + j.entries, 0)) ctx.addIssue({ code: 'custom', message: 'entries adds up the finished chains' });
    if ((v.current === null) !== v.complete) ctx.addIssue({ code: 'custom', message: 'a chain is under way exactly while the step is not complete' });
  }
}));

// ------------------------------------------------------------------------------------------ GET /rejections

/** An event refused, kept for audit: the event as received (its text, cut to fit), and why. */
const rejection = () => z.strictObject({
  rejectionId: z.string().min(1),
  eventId: nullableText(),
  detailType: nullableText(),
  reason: text(),
  receivedAt: instant(),
  event: text(),
});

export const rejectionsPage = lazy(() => page(rejection()));

// ------------------------------------------------------------------------------------------ GET /events/{eventId}

/** What intake recorded of an event (shared/store/records.ts), but a revocation's. */
const factOutcome = () => [
  z.strictObject({ kind: z.literal('awards'), eventId: text(), awardIds: awardIds(), receivedAt: instant(), voidedBy: text().optional() }),
  z.strictObject({ kind: z.literal('duplicate'), eventId: text(), awardIds: awardIds(), firstEventId: text(), conflicting: z.boolean(), receivedAt: instant() }),
  z.strictObject({ kind: z.literal('no-award'), eventId: text(), reason: text(), receivedAt: instant() }),
] as const;
const revocationOutcome = () => z.strictObject({
  kind: z.literal('revocation'), eventId: text(), awardIds: awardIds(), receivedAt: instant(), stateOnArrival: z.enum(REVOCATION_STATES).optional(),
});
/** An event intake refused: it has no outcome, only its rejection. */
const rejectedOutcome = () => z.strictObject({ kind: z.literal('rejected'), eventId: text(), reason: text(), receivedAt: instant() });

/** A revocation event and where it stands now (GET /revocations): its state follows from when it was applied or refused. */
const revocation = () => z.strictObject({
  eventId: text(),
  source: text(),
  revokes: z.strictObject({ detailType: text(), reference: text() }),
  recipientId: text(),
  reason: text(),
  receivedAt: instant(),
  state: z.enum(REVOCATION_STATES),
  awardIds: awardIds(),
  appliedAt: instant().nullable(),
  refusedAt: instant().nullable(),
  refusedReason: nullableText(),
}).superRefine((r, ctx) => {
  const state = r.appliedAt !== null ? 'APPLIED' : r.refusedAt !== null ? 'REFUSED' : 'PENDING';
  if (r.state !== state) ctx.addIssue({ code: 'custom', path: ['state'], message: `a revocation ${state === 'PENDING' ? 'neither applied nor refused' : `${state.toLowerCase()} at a time`} is ${state}` });
});

/** GET /events/{eventId}: what became of it; a revocation's with the revocation record (null when it has none). */
export const eventOutcome = lazy(() => z.union([
  z.strictObject({ eventId: text(), outcome: z.discriminatedUnion('kind', [...factOutcome(), rejectedOutcome()]) }),
  z.strictObject({ eventId: text(), outcome: revocationOutcome(), revocation: revocation().nullable() }),
]).refine((a) => a.outcome.eventId === a.eventId, { error: 'the outcome is the event\'s' }));

export const revocationsPage = lazy(() => page(revocation()));

// ------------------------------------------------------------------------------------------ GET /policies

const amountSpec = () => z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), amountFen: fen() }),
  z.strictObject({ kind: z.literal('tiered'), path: text(), tiersFen: z.record(z.string(), fen()) }),
  z.strictObject({ kind: z.literal('percentage'), path: text(), basisPoints: z.number().int().min(0), capFen: fen() }),
  z.strictObject({ kind: z.literal('granted'), path: text(), capFen: fen() }),
  z.strictObject({ kind: z.literal('per-regulation') }),
]);

const rule = () => z.strictObject({
  id: z.string().min(1),
  clause: text(),
  citation: text(),
  summary: text(),
  detailType: z.enum(FACT_DETAIL_TYPES),
  when: z.array(z.strictObject({ path: text(), oneOf: z.array(z.union([z.string(), z.number()])) })),
  amount: amountSpec(),
  reading: text().optional(),
  stacksWith: z.array(z.strictObject({ ruleId: text(), sentence: text() })).optional(),
  oneLeadPerProject: z.boolean().optional(),
  oncePerFact: z.boolean().optional(),
});

const policy = () => z.strictObject({
  id: z.string().min(1),
  title: text(),
  titleEn: text(),
  issuer: text(),
  documentNumber: nullableText(),
  jurisdiction: jurisdiction(),
  seed: text(),
  versions: z.array(z.strictObject({ version: z.number().int().min(1), effectiveFrom: day(), effectiveTo: day().nullable(), rules: z.array(rule()) })),
});

const codePrefix = () => z.string().regex(/^\d{1,6}$/);
const coverage = () => z.strictObject({ jurisdiction: jurisdiction(), prefixes: z.array(codePrefix()), except: z.array(codePrefix()), basis: text() });

/** GET /policies: the catalog as this deployment pays it, each jurisdiction's coverage, and the rules switched off. */
export const catalog = lazy(() => z.strictObject({ policies: z.array(policy()), coverage: z.array(coverage()), rulesOff: z.array(text()) }));

export type VerificationAnswer = z.output<ReturnType<typeof verification>>;
export type ChainVerified = z.output<ReturnType<typeof chainVerified>>;
export type ChainUnderWay = z.output<ReturnType<typeof chainUnderWay>>;
export type RejectionAnswer = z.output<ReturnType<typeof rejection>>;
export type RejectionsPage = z.output<ReturnType<typeof rejectionsPage>>;
export type EventOutcomeAnswer = z.output<ReturnType<typeof eventOutcome>>;
/** An outcome as intake records it (shared/store/records.ts), not the rejected one the route adds. */
export type RecordedOutcome = Exclude<EventOutcomeAnswer['outcome'], { kind: 'rejected' }>;
export type RevocationAnswer = z.output<ReturnType<typeof revocation>>;
export type RevocationsPage = z.output<ReturnType<typeof revocationsPage>>;
export type CatalogAnswer = z.output<ReturnType<typeof catalog>>;
export type PolicyAnswer = CatalogAnswer['policies'][number];
export type RuleAnswer = PolicyAnswer['versions'][number]['rules'][number];
export type CoverageAnswer = CatalogAnswer['coverage'][number];

// The catalog is the domain's, field for field (coverage and rulesOff always answered: [] when the catalog has none).
const _domainTypes: [Exact<CatalogAnswer, Required<Catalog>>, Exact<PolicyAnswer, Policy>, Exact<RuleAnswer, Rule>, Exact<CoverageAnswer, Coverage>]
  = [true, true, true, true];
