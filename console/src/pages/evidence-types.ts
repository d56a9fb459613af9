/** The evidence pack as GET /awards/{awardId}/evidence answers it (shared/domain/evidence.ts): the fields the page shows. */
import type { Approval, BankAnswer, LedgerEntry, Payee, Recipient } from '../types';

export interface EntryDigest {
  readonly fromSeq: number;
  readonly seq: number;
  readonly at: string;
  readonly keyId: string;
  readonly signedHash: string;
  readonly matches: boolean;
  readonly signatureValid: boolean;
}

export type EvidenceEntry = LedgerEntry & { readonly hashRecomputes: boolean; readonly digest: EntryDigest | null; readonly digestNote: string | null };

export interface EvidenceAccount {
  readonly name: string;
  readonly accountNumber: string;
  readonly bankCode: string;
  readonly bankName: string;
}

export interface EvidencePayment {
  readonly endToEndId: string;
  readonly amountFen: number;
  readonly creditor: EvidenceAccount;
  readonly remittance: string;
}

interface PackAward {
  readonly awardId: string;
  readonly status: string;
  readonly jurisdiction: string;
  readonly fiscalYear: number;
  readonly amountFen: number | null;
  readonly repaidFen: number;
  readonly recipient: Recipient & { readonly regionCode?: string };
  readonly revokedBy: { eventId: string; reason: string } | null;
}

interface PackEvent {
  readonly eventId: string;
  readonly source: string;
  readonly detailType: string;
  readonly receivedAt: string;
  readonly detail: string;
  readonly truncated: boolean;
}

interface PackRule {
  readonly policyId: string;
  readonly policyTitle: string | null;
  readonly documentNumber: string | null;
  readonly issuer: string | null;
  readonly seed: string | null;
  readonly policyVersion: number;
  readonly effectiveFrom: string | null;
  readonly effectiveTo: string | null;
  readonly ruleId: string;
  readonly clause: string;
  readonly citation: string;
  readonly reading: string | null;
  readonly inCatalog: boolean;
  readonly citationAsInCatalog: boolean;
}

interface PackFile {
  readonly fileName: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly messageId: string | null;
  readonly requestedExecutionDate: string | null;
  readonly transaction: (EvidencePayment & { xml: string }) | null;
  readonly agreesWithBatch: boolean;
}

interface PackPayment {
  readonly batchId: string | null;
  readonly batch: { batchId: string; status: string; count: number; totalFen: number; createdAt: string; createdBy: string; fileName: string } | null;
  readonly entry: EvidencePayment | null;
  readonly file: PackFile | null;
  readonly bankAnswer: BankAnswer | null;
  readonly notes: readonly string[];
}

export interface EvidencePack {
  readonly generatedAt: string;
  readonly requestedBy: string;
  readonly award: PackAward;
  readonly fact: { eventId: string | null; source: string; detailType: string; reference: string; occurredOn: string };
  readonly event: PackEvent | null;
  readonly eventNote: string | null;
  readonly rule: PackRule;
  readonly computation: { readonly basis: string; readonly amountFen: number | null; readonly uncappedAmountFen: number | null; readonly capApplied: boolean };
  readonly amountSetting: { readonly setBy: string; readonly basis: string | null } | null;
  readonly approval: { readonly required: number | null; readonly decisions: readonly Approval[] };
  readonly payee: Payee | null;
  readonly ledger: { readonly jurisdiction: string; readonly entries: readonly EvidenceEntry[] };
  readonly digests: {
    readonly signed: ReadonlyArray<{ fromSeq: number; seq: number; at: string; keyId: string; signature: string; signatureProblem: string | null }>;
    readonly summary: { entries: number; signed: number; matching: number; differing: number; unsigned: number };
  };
  readonly payment: PackPayment;
}
