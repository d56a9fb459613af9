/**
 * The evidence pack of one award (CONTRACT §3, version 2; issue 14): everything that justifies its payment in one
 * document an auditor can check with nothing else open. The store reads the sources (evidence-digests.ts pairs the
 * ledger entries with the digests that signed them); this module, pure, puts them together. The pack is meant to be
 * handed around, so a person's identity number and every account number appear in it masked, whoever asked for it.
 */
import type { Approval, Award, Objection, RevokedBy } from './awards';
import type { Catalog } from './catalog';
import type { DigestKey } from './digest-check';
import { type DigestSearch, type EvidenceDigests, type EvidenceEntry, type SignatureCheck, ledgerEvidence } from './evidence-digests';
import type { LedgerEntry } from './ledger';
import { type Payee, maskAccountNumber, maskedPayee } from './payees';
import type { BankAnswer } from './bank';
import { maskIdNumber } from './person';
import { maskPersonName } from './names';

export type { DigestSearch, EvidenceDigests, EvidenceEntry, SignatureCheck } from './evidence-digests';

/** The version of the pack's shape: a reader of a pack handed around knows which fields to expect. */
export const EVIDENCE_PACK_VERSION = 1;

export interface EvidenceAccount {
  readonly name: string;
  readonly accountNumber: string;
  readonly bankCode: string;
  readonly bankName: string;
}

/** One payment as a batch holds it (and as its file was written from it). */
export interface EvidencePayment {
  readonly endToEndId: string;
  readonly amountFen: number;
  readonly creditor: EvidenceAccount;
  readonly remittance: string;
}

export interface EvidenceBatch {
  readonly batchId: string;
  readonly jurisdiction: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly status: string;
  readonly count: number;
  readonly totalFen: number;
  readonly fileName: string;
}

/** What the stored pain.001 says, read from the file itself. */
export interface EvidenceFile {
  readonly fileName: string;
  /** SHA-256 (hex) of the file's bytes: an auditor holding the file computes the same. */
  readonly sha256: string;
  readonly bytes: number;
  /** MsgId, CreDtTm and ReqdExctnDt as the file states them; null when the file could not be read. */
  readonly messageId: string | null;
  readonly createdAt: string | null;
  readonly requestedExecutionDate: string | null;
  /** The award's CdtTrfTxInf, its fields and its XML text; null when the file has no payment for the award. */
  readonly transaction: (EvidencePayment & { readonly xml: string }) | null;
  /** Why the file could not be read against its schema; null when it was. */
  readonly problem: string | null;
}

/** The accepted event as kept by intake (shared/store/accepted-events.ts): its detail JSON, numbers masked. */
export interface KeptEvent {
  readonly eventId: string;
  readonly source: string;
  readonly detailType: string;
  readonly receivedAt: string;
  readonly recipientId: string | null;
  readonly detail: string;
  readonly truncated: boolean;
}

export interface EvidenceSources {
  readonly award: Award;
  readonly entries: readonly LedgerEntry[];
  readonly event: KeptEvent | null;
  readonly payee: Payee | null;
  readonly batch: (EvidenceBatch & { readonly payments: readonly EvidencePayment[] }) | null;
  /** Null when there is no batch, or its file is not (yet) stored. */
  readonly file: EvidenceFile | null;
  readonly digests: DigestSearch;
  readonly keys: readonly DigestKey[];
}

export const EVENT_NOT_KEPT = 'not kept (received before events were kept)';

function ruleEvidence(award: Award, catalog: Catalog) {
  const policy = catalog.policies.find((p) => p.id === award.policyId);
  const version = policy?.versions.find((v) => v.version === award.policyVersion);
  const rule = version?.rules.find((r) => r.id === award.ruleId);
  return {
    policyId: award.policyId,
    policyTitle: policy?.title ?? null,
    policyTitleEn: policy?.titleEn ?? null,
    documentNumber: policy?.documentNumber ?? null,
    issuer: policy?.issuer ?? null,
    seed: policy?.seed ?? null,
    policyVersion: award.policyVersion,
    effectiveFrom: version?.effectiveFrom ?? null,
    effectiveTo: version?.effectiveTo ?? null,
    ruleId: award.ruleId,
    clause: award.clause,
    summary: rule?.summary ?? null,
    /** The sentence as the award recorded it. */
    citation: award.citation,
    reading: award.reading,
    /** Whether the catalog in force still holds this rule, and cites it with the very same sentence. */
    inCatalog: rule !== undefined,
    citationAsInCatalog: rule !== undefined && rule.citation === award.citation && rule.clause === award.clause,
  };
}

const maskedAccount = (a: EvidenceAccount): EvidenceAccount => ({ ...a, accountNumber: maskAccountNumber(a.accountNumber) });

function paymentEvidence(sources: EvidenceSources) {
  const { award, batch, file } = sources;
  const notes: string[] = [];
  const entry = batch?.payments.find((p) => p.endToEndId === award.awardId) ?? null;
  if (award.paymentId === null) notes.push('not sent to the bank: the award is in no payment batch');
  else if (batch === null) notes.push(`batch ${award.paymentId} is not in the table`);
  else if (entry === null) notes.push(`batch ${batch.batchId} holds no payment for this award`);
  if (batch !== null && file === null) notes.push(`the file ${batch.fileName} is not stored (yet): a batch is filed right after it is claimed`);
  if (file?.problem) notes.push(`the file ${file.fileName} could not be read: ${file.problem}`);
  if (file !== null && file.transaction === null) notes.push(`the file ${file.fileName} has no CdtTrfTxInf with EndToEndId ${award.awardId}`);
  const tx = file?.transaction ?? null;
  const agrees = tx !== null && entry !== null && tx.amountFen === entry.amountFen && tx.creditor.accountNumber === entry.creditor.accountNumber;
  if (tx !== null && entry !== null && !agrees) notes.push('the file and the batch disagree about this payment');
  const { payments: _payments, ...summary } = batch ?? { payments: [] };
  return {
    batchId: award.paymentId,
    batch: batch === null ? null : (summary as EvidenceBatch),
    entry: entry === null ? null : { ...entry, creditor: maskedAccount(entry.creditor) },
    file: file === null ? null : {
      ...file,
      transaction: tx === null ? null : {
        ...tx, creditor: maskedAccount(tx.creditor), xml: tx.xml.replaceAll(tx.creditor.accountNumber, maskAccountNumber(tx.creditor.accountNumber)),
      },
      agreesWithBatch: agrees,
    },
    bankAnswer: award.bankAnswer as BankAnswer | null,
    notes,
  };
}

/** Replaces every whole occurrence of a secret in every string of `value` (keys included) by its masked form. */
function scrub<T>(value: T, secrets: ReadonlyMap<string, string>): T {
  if (secrets.size === 0) return value;
  const text = (s: string) => [...secrets].reduce((acc, [whole, masked]) => acc.replaceAll(whole, masked), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** The numbers the pack must not carry whole: the person's identity number and every account number it touches. */
function secretsOf(sources: EvidenceSources): Map<string, string> {
  const secrets = new Map<string, string>();
  const { recipient } = sources.award;
  if (recipient.kind === 'individual') secrets.set(recipient.idNumber, maskIdNumber(recipient.idNumber));
  const accounts = [
    ...(sources.batch?.payments.map((p) => p.creditor.accountNumber) ?? []),
    ...(sources.file?.transaction ? [sources.file.transaction.creditor.accountNumber] : []),
    ...(sources.payee === null ? [] : [sources.payee.confirmed, sources.payee.pending, ...sources.payee.history.map((h) => h.account)]
      .flatMap((a) => (a === null ? [] : [a.accountNumber]))),
  ];
  for (const n of accounts) if (n.length >= 8) secrets.set(n, maskAccountNumber(n));
  return secrets;
}

export interface EvidencePack {
  readonly packVersion: number;
  readonly generatedAt: string;
  readonly requestedBy: string;
  readonly award: {
    readonly awardId: string; readonly status: string; readonly jurisdiction: string; readonly fiscalYear: number;
    readonly amountFen: number | null; readonly repaidFen: number; readonly recipient: Award['recipient']; readonly recipientId: string;
    readonly createdAt: string; readonly updatedAt: string; readonly revokedBy: RevokedBy | null;
  };
  readonly fact: Pick<Award, 'eventId' | 'source' | 'detailType' | 'reference' | 'occurredOn' | 'identity'>;
  readonly event: KeptEvent | null;
  readonly eventNote: string | null;
  readonly rule: ReturnType<typeof ruleEvidence>;
  readonly computation: { readonly basis: string; readonly amountFen: number | null; readonly uncappedAmountFen: number | null; readonly capApplied: boolean };
  readonly amountSetting: { readonly setBy: string; readonly basis: string | null } | null;
  readonly approval: { readonly required: number | null; readonly decisions: readonly Approval[] };
  readonly payee: Payee | null;
  readonly payeeNote: string | null;
  readonly ledger: { readonly jurisdiction: string; readonly entries: readonly EvidenceEntry[] };
  /**
   * The controls before payment (issue 21): its notice period, the hold it is or was under, and its objections, each
   * objector named masked and never with the contact (the pack is handed around). Each step is also a ledger entry.
   */
  readonly controls: {
    readonly publicity: Award['publicity'];
    readonly hold: Award['hold'];
    readonly objections: ReadonlyArray<Omit<Objection, 'contact'>>;
  };
  readonly digests: EvidenceDigests;
  readonly payment: ReturnType<typeof paymentEvidence>;
}

/**
 * The pack, from what the store read. `now` and the caller's name are given, as every decider's are, and the check of a
 * digest's signature (node:crypto's, where the pack is assembled).
 */
export function assembleEvidence(
  sources: EvidenceSources,
  catalog: Catalog,
  context: { now: Date; requestedBy: string; signatureProblem: SignatureCheck },
): EvidencePack {
  const { award: a } = sources;
  const recipient = a.recipient.kind === 'individual' ? { ...a.recipient, idNumber: maskIdNumber(a.recipient.idNumber) } : a.recipient;
  const { entries, digests } = ledgerEvidence(sources.entries, sources.digests, sources.keys, context.signatureProblem);
  const pack: EvidencePack = {
    packVersion: EVIDENCE_PACK_VERSION,
    generatedAt: context.now.toISOString(),
    requestedBy: context.requestedBy,
    award: {
      awardId: a.awardId, status: a.status, jurisdiction: a.jurisdiction, fiscalYear: a.fiscalYear, amountFen: a.amountFen, repaidFen: a.repaidFen,
      recipient, recipientId: a.recipientId, createdAt: a.createdAt, updatedAt: a.updatedAt, revokedBy: a.revokedBy,
    },
    fact: { eventId: a.eventId, source: a.source, detailType: a.detailType, reference: a.reference, occurredOn: a.occurredOn, identity: a.identity },
    event: sources.event,
    eventNote: sources.event === null ? (a.eventId === null ? 'the award names no event' : EVENT_NOT_KEPT) : null,
    rule: ruleEvidence(a, catalog),
    computation: { basis: a.basis, amountFen: a.amountFen, uncappedAmountFen: a.uncappedAmountFen, capApplied: a.capApplied },
    amountSetting: a.amountSetBy === null ? null : { setBy: a.amountSetBy, basis: a.amountBasis },
    approval: { required: a.approvalsRequired, decisions: a.approvals },
    payee: sources.payee === null ? null : maskedPayee(sources.payee),
    payeeNote: sources.payee === null ? `no payee account recorded for the recipient in ${a.jurisdiction}` : null,
    ledger: { jurisdiction: a.jurisdiction, entries },
    controls: {
      publicity: a.publicity,
      hold: a.hold,
      objections: a.objections.map(({ contact: _contact, ...o }) => ({ ...o, objectorName: maskPersonName(o.objectorName) })),
    },
    digests,
    payment: paymentEvidence(sources),
  };
  return scrub(pack, secretsOf(sources));
}
