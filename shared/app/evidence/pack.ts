/**
 * An award's evidence pack (CONTRACT §3, version 2): what it is made of, read here (the award's ledger entries, the
 * event as intake kept it, the payee, the payment batch and its stored pain.001, hashed whole, the award's CdtTrfTxInf
 * read from it, and the signed digests that cover the entries), then put together by the domain
 * (shared/domain/evidence.ts), the digests' signatures checked with node:crypto. Every read is bounded: one digest
 * lookup per entry at most.
 */
import { createHash } from 'node:crypto';
import { signatureProblem } from '../../adapters/digests/node-digest';
import { readPain001 } from '../../adapters/iso20022/pain001-read';
import type { Award } from '../../domain/awards';
import type { Catalog } from '../../domain/catalog';
import type { SignedDigest } from '../../domain/digest-check';
import { type DigestSearch, type EvidenceFile, type EvidencePack, type EvidencePayment, type EvidenceSources, type KeptEvent, assembleEvidence } from '../../domain/evidence';
import type { AcceptedEvent, AwardStore } from '../../store/store';
import type { DigestLog, DigestPublicKeys } from '../digests/ports';
import type { PaymentFiles } from '../payments/ports';

export interface EvidenceDeps {
  readonly store: AwardStore;
  readonly paymentFiles: PaymentFiles;
  readonly digests: { readonly signer: Pick<DigestPublicKeys, 'publicKeys'>; readonly log: DigestLog };
}

/**
 * The digests that cover `seqs`: one lookup per entry not covered by a digest already found (the log finds the digest
 * covering a sequence number directly: in S3 by the names, which sort by the end of their range). An award has a
 * handful of entries, so a pack costs a handful of lookups however long the log.
 */
export async function coveringDigests(log: DigestLog, jurisdiction: string, seqs: readonly number[]): Promise<DigestSearch> {
  const found: SignedDigest[] = [];
  let pagesRead = 0;
  for (const seq of [...seqs].sort((a, b) => a - b)) {
    if (found.some((d) => d.fromSeq <= seq && seq <= d.seq)) continue;
    const digest = await log.covering(jurisdiction, seq);
    pagesRead += 1;
    if (digest !== null) found.push(digest);
  }
  return { digests: found, complete: true, pagesRead };
}

/** The award's CdtTrfTxInf as written (our own writer's layout: one element per transaction), de-indented. */
export function transactionXml(xml: string, endToEndId: string): string | null {
  for (const m of xml.matchAll(/^([ \t]*)<CdtTrfTxInf>[\s\S]*?<\/CdtTrfTxInf>/gm)) {
    if (!m[0].includes(`<EndToEndId>${endToEndId}</EndToEndId>`)) continue;
    const indent = m[1] ?? '';
    return m[0].split('\n').map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line)).join('\n');
  }
  return null;
}

/** What the stored file says: its hash over the exact bytes, its header, and the award's transaction. */
export async function fileFacts(fileName: string, xml: string, awardId: string): Promise<EvidenceFile> {
  const bytes = Buffer.from(xml, 'utf8');
  const base = { fileName, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  const text = transactionXml(xml, awardId);
  try {
    const read = await readPain001(xml);
    const p: EvidencePayment | undefined = read.payments.find((x) => x.endToEndId === awardId);
    return {
      ...base,
      messageId: read.messageId,
      createdAt: read.createdAt.toISOString(),
      requestedExecutionDate: read.requestedExecutionDate,
      transaction: p === undefined ? null : { ...p, xml: text ?? '' },
      problem: null,
    };
  } catch (error) {
    // A stored file that no longer reads is itself evidence: the pack shows its hash and why, and does not fail.
    return { ...base, messageId: null, createdAt: null, requestedExecutionDate: null, transaction: null, problem: (error as Error).message.slice(0, 500) };
  }
}

async function paymentSources(deps: EvidenceDeps, award: Award): Promise<Pick<EvidenceSources, 'batch' | 'file'>> {
  if (award.paymentId === null) return { batch: null, file: null };
  const stored = await deps.store.batches.getBatch(award.paymentId);
  if (stored === null) return { batch: null, file: null };
  // The awards the run left out of this batch are the run's business, not this award's evidence.
  const { payments, leftOut: _leftOut, ...summary } = stored;
  const asWritten = payments.map(({ awardId, amountFen, creditor, remittance }) => ({ endToEndId: awardId, amountFen, creditor, remittance }));
  const batch = { ...summary, payments: asWritten };
  const xml = await deps.paymentFiles.get(stored.fileName);
  return { batch, file: xml === null ? null : await fileFacts(stored.fileName, xml, award.awardId) };
}

/** The event as the pack shows it: what was received, not intake's notes on it (a duplicate, a fiscal year). */
function keptEventOf(kept: AcceptedEvent): KeptEvent {
  const { eventId, source, detailType, receivedAt, recipientId, detail, truncated } = kept;
  return { eventId, source, detailType, receivedAt, recipientId, detail, truncated };
}

/** Everything the pack of `award` is assembled from, read in parallel where the reads do not depend on each other. */
export async function evidenceSources(deps: EvidenceDeps, award: Award): Promise<EvidenceSources> {
  const entries = await deps.store.entriesOfAward(award.awardId);
  const [event, payee, payment, digests, keys] = await Promise.all([
    award.eventId === null ? null : deps.store.getAcceptedEvent(award.eventId).then((kept) => (kept === null ? null : keptEventOf(kept))),
    deps.store.payees.getPayee(award.jurisdiction, award.recipientId),
    paymentSources(deps, award),
    coveringDigests(deps.digests.log, award.jurisdiction, entries.map((e) => e.seq)),
    deps.digests.signer.publicKeys(),
  ]);
  return { award, entries, event, payee, ...payment, digests, keys };
}

/** The pack of `award` as `requestedBy` asks for it now (who may read it is the caller's to check first). */
export async function evidencePack(
  deps: EvidenceDeps & { readonly catalog: Catalog },
  award: Award,
  context: { now: Date; requestedBy: string },
): Promise<EvidencePack> {
  return assembleEvidence(await evidenceSources(deps, award), deps.catalog, { ...context, signatureProblem });
}
