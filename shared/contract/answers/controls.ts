/**
 * The answers of the controls routes (CONTRACT §6, issue 21): the public notice (公示) and the credit list (失信).
 * Strict objects: a field a route adds without declaring it here breaks the contract. A notice row and a credit-list
 * entry are proved here to be the domain's types; an import's result (the store's) in functions/api/controls-routes.ts.
 */
import * as z from 'zod';
import type { CreditEntry } from '../../domain/credit';
import type { NoticeRow } from '../../domain/publicity';
import { RECIPIENT_KINDS } from '../../domain/vocabulary';
import { lazy } from '../../lazy';
import { type Exact, count, day, fen, instant, jurisdiction, page } from '../common';

const text = () => z.string();
const nullableText = () => z.string().nullable();
const entryId = () => z.string().regex(/^cl-[0-9a-f]{24}$/);

/** One row of the notice: nothing a website must not show (no identity number, a person's name masked). */
const noticeItem = () => z.strictObject({
  awardId: z.string().regex(/^aw-[0-9a-f]{32}$/),
  recipientName: text(),
  recipientKind: z.enum(RECIPIENT_KINDS),
  /** A credit code for an enterprise or organisation (public already); null for a person. */
  uscc: nullableText(),
  policy: text(),
  clause: text(),
  rule: text(),
  reference: text(),
  amountFen: fen(),
  /** The notice period, China Standard Time dates. */
  fromDate: day(),
  untilDate: day(),
  /** 公示中, or 异议处理中 while an objection is being decided. */
  state: z.enum(['IN_PUBLICITY', 'OBJECTION']),
}).refine((r) => (r.recipientKind === 'individual') === (r.uscc === null), { error: 'an enterprise or organisation is shown by its credit code, a person by none' });

/** GET /publicity (JSON): the awards on a jurisdiction's notice, its period and where to object. */
export const notice = lazy(() => z.strictObject({
  jurisdiction: jurisdiction(),
  publicityWorkingDays: z.number().int().min(0).max(30),
  objectionsTo: text(),
  items: z.array(noticeItem()),
}));

const creditEntry = () => z.strictObject({
  entryId: entryId(),
  /** A credit code as it is; a person by the keyed id (never the number: ADR 009). */
  recipientId: text(),
  /** The credit code, or the identity number masked. */
  shownId: z.string().regex(/^([0-9A-HJ-NPQRTUWXY]{18}|\d{6}\*{8}\d{3}[\dX])$/),
  listName: text(),
  from: day(),
  /** Null: listed until further notice. */
  to: day().nullable(),
  importedBy: text(),
  importedAt: instant(),
});

const importResult = () => z.strictObject({
  index: count(),
  outcome: z.enum(['imported', 'repeated', 'refused']),
  /** The recipient as shown (a credit code, or an identity number masked); null when it could not be read. */
  recipient: nullableText(),
  entryId: entryId().nullable(),
  reason: nullableText(),
}).refine((r) => (r.outcome === 'refused') === (r.reason !== null && r.entryId === null), { error: 'a refused entry, and only one, says why and has no entry id' });

/** POST /credit-lists: each entry imported, found a repeat, or refused with its reason; and how many of each. */
export const creditImport = lazy(() => z.strictObject({
  imported: count(),
  repeated: count(),
  refused: count(),
  results: z.array(importResult()),
}).refine((a) => (['imported', 'repeated', 'refused'] as const).every((o) => a[o] === a.results.filter((r) => r.outcome === o).length), {
  error: 'imported, repeated and refused count the results',
}));

/** A recipient's entries, the recipient as the store keys it. */
const creditList = () => z.strictObject({ recipientId: text(), entries: z.array(creditEntry()) });

/** GET /credit-lists: the recipients on the list, a page at a time (or the one asked for, with its entries). */
export const creditListsPage = lazy(() => page(creditList()));

export type NoticeAnswer = z.output<ReturnType<typeof notice>>;
export type NoticeItem = NoticeAnswer['items'][number];
export type CreditImportAnswer = z.output<ReturnType<typeof creditImport>>;
export type CreditImportResult = CreditImportAnswer['results'][number];
export type CreditList = z.output<ReturnType<typeof creditList>>;
export type CreditListsPage = z.output<ReturnType<typeof creditListsPage>>;
export type CreditEntryAnswer = CreditList['entries'][number];

// The schemas are the domain's types, field for field: a field added to one side only fails to compile.
const _domainTypes: [Exact<NoticeItem, NoticeRow>, Exact<CreditEntryAnswer, CreditEntry>] = [true, true];
