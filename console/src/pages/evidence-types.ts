/** The evidence pack as GET /awards/{awardId}/evidence answers it: the contract's (shared/contract/answers/evidence.ts), imported as types only. */
export type {
  EntryDigestAnswer as EntryDigest, EvidenceAccountAnswer as EvidenceAccount, EvidenceEntryAnswer as EvidenceEntry, EvidencePackAnswer as EvidencePack,
  EvidencePaymentAnswer as EvidencePayment,
} from '../../../shared/contract/answers/evidence';
