/**
 * `awards evidence ID [--json]` (CONTRACT §5): the evidence pack of one award, as GET /awards/{awardId}/evidence
 * answers it, in sections an auditor reads top to bottom (or its JSON). Identity and account numbers arrive masked.
 * Exit code 1 when the pack shows a fault: an entry whose hash differs from the one a digest signed, an entry whose
 * hash does not recompute, a digest whose signature fails, or a stored file that disagrees with its batch.
 */
import type { Command } from 'commander';
import type { EvidencePackAnswer as EvidencePack } from '../shared/contract/answers/evidence';
import { formatYuan } from '../shared/domain/money';
import { chinaTime } from '../shared/domain/time';
import { request } from './http';
import type { Runner } from './run';
import { out, outJson, table } from './table';

const when = (iso: string | null | undefined): string => (iso ? chinaTime(new Date(iso)) : '-');
const money = (fen: number | null): string => (fen === null ? 'to be set' : formatYuan(fen));
const row = (label: string, value: string): string => `  ${label.padEnd(14)}${value}`;

function section(title: string, lines: readonly string[]): string {
  return [title, ...lines].join('\n');
}

function awardPart(p: EvidencePack): string[] {
  const { award: a, fact: f } = p;
  const number = a.recipient.kind === 'individual' ? a.recipient.idNumber : a.recipient.uscc;
  const event = p.event === null
    ? [row('event', `${f.eventId ?? '-'}: ${p.eventNote ?? ''}`)]
    : [row('event', `${p.event.eventId} from ${p.event.source}, ${p.event.detailType}, received ${when(p.event.receivedAt)}`),
        row('as received', `${p.event.detail}${p.event.truncated ? ' (cut)' : ''}`)];
  return [
    section('Award', [
      row('award', a.awardId), row('status', a.status), row('amount', money(a.amountFen)),
      row('recipient', `${a.recipient.name} (${a.recipient.kind}) ${number}, region ${a.recipient.regionCode}`),
      row('paid by', `${a.jurisdiction}, fiscal year ${a.fiscalYear}`),
      ...(a.revokedBy === null ? [] : [row('revoked', `by event ${a.revokedBy.eventId}: ${a.revokedBy.reason}`)]),
    ]),
    section('Event', [row('fact', `${f.detailType} ${f.reference} on ${f.occurredOn}`), ...event]),
  ];
}

function rulePart(p: EvidencePack): string[] {
  const { rule: r, computation: c } = p;
  const window = `in force ${r.effectiveFrom ?? '?'} to ${r.effectiveTo ?? 'no end date'}`;
  const catalog = !r.inCatalog ? 'NOT in the catalog in force' : r.citationAsInCatalog ? 'cited as in the catalog in force' : 'the catalog in force cites it DIFFERENTLY';
  const decisions = p.approval.decisions.map((d) => row(d.decision === 'approve' ? 'approved' : 'rejected', `by ${d.by} at ${when(d.at)}${d.comment ? `: ${d.comment}` : ''}`));
  return [
    section('Rule', [
      row('policy', `${r.policyTitle ?? r.policyId} (${[r.documentNumber, r.issuer].filter(Boolean).join(', ')}), seed ${r.seed ?? '-'}`),
      row('version', `${r.policyVersion}, ${window}`),
      row('rule', `${r.ruleId}, clause ${r.clause}`),
      row('citation', `「${r.citation}」`),
      ...(r.reading === null ? [] : [row('reading', r.reading)]),
      row('catalog', catalog),
    ]),
    section('Computation', [
      row('basis', c.basis), row('amount', money(c.amountFen)),
      ...(c.uncappedAmountFen === null ? [] : [row('before cap', `${formatYuan(c.uncappedAmountFen)}${c.capApplied ? ', capped' : ''}`)]),
      row('amount set', p.amountSetting === null ? 'by the rule' : `by ${p.amountSetting.setBy}: ${p.amountSetting.basis ?? ''}`),
    ]),
    section(`Approvals (${p.approval.required ?? '-'} required)`, decisions.length === 0 ? ['  none'] : decisions),
  ];
}

function payeePart(p: EvidencePack): string {
  if (p.payee === null) return section('Payee', [`  ${p.payeeNote ?? 'none'}`]);
  const c = p.payee.confirmed;
  return section('Payee (masked)', [
    row('account', c === null ? 'none confirmed' : `${c.accountName}, ${c.bankName} ${c.accountNumber} (CNAPS ${c.bankCode})`),
    ...(c === null ? [] : [row('dual control', `proposed by ${c.proposedBy}, confirmed by ${c.confirmedBy} at ${when(c.confirmedAt)}`)]),
    ...p.payee.history.map((h) => row(h.kind.toLowerCase(), `${h.account.bankName} ${h.account.accountNumber} by ${h.by} at ${when(h.at)}`)),
  ]);
}

function verdictOf(e: EvidencePack['ledger']['entries'][number]): string {
  if (!e.hashRecomputes) return 'HASH DOES NOT RECOMPUTE';
  if (e.digest === null) return e.digestNote ?? 'unsigned';
  if (!e.digest.signatureValid) return 'SIGNATURE FAILS';
  return e.digest.matches ? 'matches the signed hash' : `DIFFERS from the signed hash ${e.digest.signedHash}`;
}

function ledgerPart(p: EvidencePack): string[] {
  const rows = p.ledger.entries.map((e) => [
    String(e.seq), when(e.at), e.type, e.amountFen === 0 ? '' : formatYuan(e.amountFen), e.hash, e.digest === null ? '-' : `${e.digest.fromSeq}..${e.digest.seq}`, verdictOf(e),
  ]);
  const s = p.digests.summary;
  return [
    section(`Ledger entries (${p.ledger.jurisdiction})`, [table(['SEQ', 'AT (UTC+8)', 'TYPE', 'AMOUNT', 'HASH', 'DIGEST', 'VERDICT'], rows)]),
    section('Signed digests', [
      ...p.digests.signed.map((d) => row(`${d.fromSeq}..${d.seq}`, `signed ${when(d.at)} by ${d.keyId}: ${d.signatureProblem ?? 'signature verifies'}`)),
      row('summary', `${s.matching} of ${s.entries} entries match their signed hash, ${s.unsigned} not signed yet, ${s.differing} differ`),
    ]),
  ];
}

function paymentPart(p: EvidencePack): string {
  const { batch, entry, file, bankAnswer, notes } = p.payment;
  const tx = file?.transaction ?? null;
  return section('Payment', [
    row('batch', batch === null ? (p.payment.batchId ?? 'none') : `${batch.batchId}, ${batch.status}, ${batch.count} payment(s), ${formatYuan(batch.totalFen)}, made ${when(batch.createdAt)} by ${batch.createdBy}`),
    ...(entry === null ? [] : [row('payment', `${formatYuan(entry.amountFen)} to ${entry.creditor.name}, ${entry.creditor.bankName} ${entry.creditor.accountNumber}; ${entry.remittance}`)]),
    ...(file === null ? [] : [
      row('file', `${file.fileName}, ${file.bytes} bytes, message ${file.messageId ?? '-'}, execution ${file.requestedExecutionDate ?? '-'}`),
      row('sha-256', file.sha256),
      row('in the file', tx === null ? 'no transaction for this award' : `EndToEndId ${tx.endToEndId}, ${formatYuan(tx.amountFen)} to ${tx.creditor.accountNumber}; ${file.agreesWithBatch ? 'agrees' : 'DISAGREES'} with the batch`),
    ]),
    row('bank answer', bankAnswer === null ? 'none yet' : `${bankAnswer.outcome}${bankAnswer.reasonCode ? ` (${bankAnswer.reasonCode} ${bankAnswer.reason ?? ''})` : ''}, message ${bankAnswer.messageId}, ${when(bankAnswer.at)}`),
    ...notes.map((n) => row('note', n)),
  ]);
}

export function evidenceText(p: EvidencePack): string {
  const head = `Evidence pack of award ${p.award.awardId}, made ${when(p.generatedAt)} (UTC+8) for ${p.requestedBy}`;
  return [head, ...awardPart(p), ...rulePart(p), payeePart(p), ...ledgerPart(p), paymentPart(p)].join('\n\n');
}

/** Whether the pack shows something an auditor must act on. */
export function evidenceFault(p: EvidencePack): boolean {
  const entry = p.ledger.entries.some((e) => !e.hashRecomputes || (e.digest !== null && (!e.digest.matches || !e.digest.signatureValid)));
  return entry || p.payment.file?.agreesWithBatch === false || (p.payment.file?.problem ?? null) !== null;
}

export function evidenceCommand(program: Command, run: Runner): void {
  program
    .command('evidence')
    .summary('the evidence pack of an award: event, rule, approvals, ledger with signed digests, payment file, bank answer')
    .description('everything that justifies an award\'s payment, masked: the event, the rule and its citation, the computation, approvals, payee, ledger entries with their signed digests, the batch, its file (SHA-256) and the bank\'s answer; exit code 1 when the pack shows a fault')
    .argument('<award-id>')
    .option('--json', 'print the API\'s JSON')
    .action(
      run(async (id: string, opts: { json?: boolean }) => {
        const pack = (await request('GET', `/awards/${encodeURIComponent(id)}/evidence`)).json as EvidencePack;
        if (opts.json) outJson(pack);
        else out(evidenceText(pack));
        return evidenceFault(pack) ? 1 : 0;
      }),
    );
}
