/**
 * The answer of GET /awards/{awardId}/evidence (CONTRACT §3, version 2; issue 14): an award's evidence pack, everything
 * that justifies its payment in one document. Strict objects: a field the pack adds without declaring it here breaks
 * the contract. The pack is handed around, so a person's identity number and every account number in it are masked.
 * It is proved to be the domain's type (shared/domain/evidence.ts) in functions/api/evidence-routes.ts: the domain's
 * module loads shared/domain/payees.ts, whose ES2024 string method the console's type check (this module's) lacks.
 */
import * as z from 'zod';
import { STATUSES } from '../../domain/lifecycle';
import { lazy } from '../../lazy';
import { count, day, fen, instant } from '../common';
import { awardFields, entryFields } from './awards';
import { digestsPage, keys } from './digests';
import { batch as batchSummary, payee } from './payments';
import { shownRecipient } from './simulations';

const text = () => z.string();
const nullableText = () => z.string().nullable();
const hex64 = () => z.string().regex(/^[0-9a-f]{64}$/);
/** A string the domain types as a string but that is one of `values` (the pack's award and batch statuses). */
const oneOf = (values: readonly string[]) => z.string().refine((s) => values.includes(s), { error: `must be one of ${values.join(', ')}` });

// ------------------------------------------------------------------------------------------ the award and its fact

const packAward = () => {
  const a = awardFields(z.strictObject);
  return z.strictObject({
    awardId: a.awardId, status: oneOf(STATUSES), jurisdiction: a.jurisdiction, fiscalYear: a.fiscalYear, amountFen: a.amountFen, repaidFen: a.repaidFen,
    recipient: shownRecipient(), recipientId: a.recipientId, createdAt: instant(), updatedAt: instant(), revokedBy: a.revokedBy.unwrap(),
  });
};

const fact = () => {
  const a = awardFields(z.strictObject);
  return z.strictObject({ eventId: a.eventId, source: a.source, detailType: a.detailType, reference: a.reference, occurredOn: day(), identity: a.identity });
};

/** The accepted event as intake kept it: its detail JSON, numbers masked, cut to fit (`truncated`). */
const keptEvent = () => z.strictObject({
  eventId: text(), source: text(), detailType: text(), receivedAt: instant(), recipientId: nullableText(), detail: text(), truncated: z.boolean(),
});

/** The rule the award rests on, as the award recorded it and as the catalog in force holds it (null: not in it any more). */
const rule = () => z.strictObject({
  policyId: text(),
  policyTitle: nullableText(),
  policyTitleEn: nullableText(),
  documentNumber: nullableText(),
  issuer: nullableText(),
  seed: nullableText(),
  policyVersion: z.number().int().min(1),
  effectiveFrom: day().nullable(),
  effectiveTo: day().nullable(),
  ruleId: text(),
  clause: text(),
  summary: nullableText(),
  citation: text(),
  reading: nullableText(),
  inCatalog: z.boolean(),
  citationAsInCatalog: z.boolean(),
}).refine((r) => r.inCatalog || !r.citationAsInCatalog, { error: 'a rule not in the catalog cannot cite as it does' });

const controls = () => {
  const a = awardFields(z.strictObject);
  // An objector named masked, and never with the contact.
  return z.strictObject({ publicity: a.publicity.unwrap(), hold: a.hold.unwrap(), objections: z.array(a.objections.unwrap().element.omit({ contact: true })) });
};

// ------------------------------------------------------------------------------------------ the ledger and its digests

/** The digest that covers an entry: the hash it signed at the entry's place, and whether the entry and the signature hold. */
const entryDigest = () => z.strictObject({
  fromSeq: z.number().int().min(1),
  seq: z.number().int().min(1),
  at: instant(),
  keyId: z.string().min(1),
  signedHash: z.string().regex(/^([0-9a-f]{64})?$/),
  matches: z.boolean(),
  signatureValid: z.boolean(),
});

const evidenceEntry = () => z.strictObject({
  ...entryFields(z.strictObject),
  /** Whether the entry's hash is the SHA-256 of its own canonical form. */
  hashRecomputes: z.boolean(),
  digest: entryDigest().nullable(),
  /** Why no digest covers it (not signed yet, or not found within the bound); null when one does. */
  digestNote: nullableText(),
}).refine((e) => (e.digest === null) !== (e.digestNote === null), { error: 'an entry has a digest or says why not' });

const evidenceDigests = () => z.strictObject({
  keys: z.array(keys().shape.keys.element),
  signed: z.array(digestsPage().shape.items.element.extend({ signatureProblem: nullableText() })),
  logComplete: z.boolean(),
  pagesRead: count(),
  summary: z.strictObject({ entries: count(), signed: count(), matching: count(), differing: count(), unsigned: count() }),
}).refine((d) => d.summary.signed + d.summary.unsigned === d.summary.entries && d.summary.matching + d.summary.differing === d.summary.signed, {
  error: 'the summary adds up: signed and unsigned entries, matching and differing signed ones',
});

// ------------------------------------------------------------------------------------------ the payment

const account = () => z.strictObject({
  name: text(), accountNumber: z.string().regex(/^\*{4}\d{4}$/), bankCode: z.string().regex(/^\d{12}$/), bankName: text(),
});
/** A payment as the batch holds it (and as its file was written from it), the creditor's account number masked. */
const payment = () => ({ endToEndId: text(), amountFen: fen(), creditor: account(), remittance: text() });

/** The batch as lists show it (GET /payment-batches), its status typed by the domain as a string. */
const batch = () => batchSummary().extend({ status: oneOf(['OPEN', 'FILED']) });

/** What the stored pain.001 says, read from the file itself; null fields when it could not be read (`problem`). */
const file = () => z.strictObject({
  fileName: text(),
  sha256: hex64(),
  bytes: count(),
  messageId: nullableText(),
  createdAt: instant().nullable(),
  requestedExecutionDate: day().nullable(),
  transaction: z.strictObject({ ...payment(), xml: text() }).nullable(),
  problem: nullableText(),
  agreesWithBatch: z.boolean(),
});

const paymentEvidence = () => z.strictObject({
  batchId: nullableText(),
  batch: batch().nullable(),
  entry: z.strictObject(payment()).nullable(),
  file: file().nullable(),
  bankAnswer: awardFields(z.strictObject).bankAnswer.unwrap(),
  /** What is missing or disagrees, in words. */
  notes: z.array(text()),
});

// ------------------------------------------------------------------------------------------ the pack

/** GET /awards/{awardId}/evidence. */
export const pack = lazy(() => z.strictObject({
  /** The version of the pack's shape (shared/domain/evidence.ts EVIDENCE_PACK_VERSION): 1, the one declared here. */
  packVersion: z.number().int().refine((v): boolean => v === 1, { error: 'is 1: the version this contract declares' }),
  generatedAt: instant(),
  requestedBy: text(),
  award: packAward(),
  fact: fact(),
  event: keptEvent().nullable(),
  eventNote: nullableText(),
  rule: rule(),
  computation: z.strictObject({ basis: text(), amountFen: fen().nullable(), uncappedAmountFen: fen().nullable(), capApplied: z.boolean() }),
  amountSetting: z.strictObject({ setBy: text(), basis: nullableText() }).nullable(),
  approval: z.strictObject({ required: z.number().int().min(1).nullable(), decisions: awardFields(z.strictObject).approvals }),
  payee: payee().nullable(),
  payeeNote: nullableText(),
  ledger: z.strictObject({ jurisdiction: z.string().regex(/^\d{6}$/), entries: z.array(evidenceEntry()) }),
  controls: controls(),
  digests: evidenceDigests(),
  payment: paymentEvidence(),
}).superRefine((p, ctx) => {
  const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
  if ((p.event === null) === (p.eventNote === null)) problem('the pack has the event or says why not (eventNote)');
  if ((p.payee === null) === (p.payeeNote === null)) problem('the pack has the payee or says why not (payeeNote)');
  if (p.digests.summary.entries !== p.ledger.entries.length) problem('the digests\' summary counts every ledger entry');
  if (p.ledger.entries.some((e) => e.awardId !== null && e.awardId !== p.award.awardId)) problem('every entry is the award\'s');
  if (p.payment.batchId !== null && p.payment.batch !== null && p.payment.batch.batchId !== p.payment.batchId) problem('the batch is the award\'s');
}));

export type EvidencePackAnswer = z.output<ReturnType<typeof pack>>;
export type EvidenceEntryAnswer = EvidencePackAnswer['ledger']['entries'][number];
export type EntryDigestAnswer = NonNullable<EvidenceEntryAnswer['digest']>;
export type EvidencePaymentAnswer = NonNullable<EvidencePackAnswer['payment']['entry']>;
export type EvidenceAccountAnswer = EvidencePaymentAnswer['creditor'];
export type EvidenceFileAnswer = NonNullable<EvidencePackAnswer['payment']['file']>;
