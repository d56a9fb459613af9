/**
 * What one line of a bank's answer does to the award it names: a pure decision from the line, where it stands in its
 * file, and the award as it stands (CONTRACT §6, ADR 010). An answer changes money only when it names the payment
 * exactly: the award PAYING in the batch the answer names (or, naming none, sent only once), the amount present, in
 * CNY and equal to the payment's to the fen. Anything else is an exception that changes nothing, save what agrees with
 * what was applied before: a statement repeating the booking a notification confirmed, a return's second word.
 */
import type { Award } from '../domain/awards';
import { disputable } from '../domain/disputes';
import { batchDateOf } from '../domain/payments';
import { chinaDate } from '../domain/time';
import { maskAccountNumber } from '../domain/payees';
import type { BankEntry, BankFileType } from '../domain/bank';
import type { ExceptionKind } from './reconcile-exceptions';

/** Who imports a file: the bank's own drop (all jurisdictions) or an officer (their jurisdictions only). */
export interface ImportScope {
  readonly jurisdictions: 'all' | readonly string[];
  readonly importedBy: string;
}

/** What of the file a decision needs besides its own line. */
export interface FileFacts {
  readonly type: BankFileType;
  readonly messageId: string;
  /** The index of the first line of each outcome and EndToEndId: a later one in the same file is a second word. */
  readonly firstIndex: ReadonlyMap<string, number>;
  /** The latest booking date a bank can have written when the file is read: tomorrow in China (its clock may be ahead). */
  readonly latestBooking: string;
}

export type Decision
  = | { readonly kind: 'pending' }
    | { readonly kind: 'agreed' }
  /** This file's own word, applied by an import of an earlier version that stopped before recording the file. */
    | { readonly kind: 'applied-before'; readonly counted: 'matched' | 'returned' }
    | { readonly kind: 'settle'; readonly outcome: 'CONFIRMED' | 'RETURNED' | 'REJECTED' }
    | { readonly kind: 'exception'; readonly exception: ExceptionKind; readonly detail: string }
  /** A confirmation of the attempt that failed: an exception, and the award disputed until an officer decides (review H1). */
    | { readonly kind: 'dispute'; readonly exception: ExceptionKind; readonly detail: string };

const lineKey = (entry: BankEntry) => `${entry.outcome}\u0000${entry.endToEndId ?? ''}`;

export function factsOf(type: BankFileType, messageId: string, entries: readonly BankEntry[], now: Date): FileFacts {
  const firstIndex = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (entry.endToEndId !== null && !firstIndex.has(lineKey(entry))) firstIndex.set(lineKey(entry), index);
  });
  return { type, messageId, firstIndex, latestBooking: chinaDate(new Date(now.getTime() + 86_400_000)) };
}

const PAID = new Set(['DISBURSED', 'CLAWBACK_DUE', 'CLAWED_BACK']);
const NOTICE_AND_STATEMENT = new Set(['camt.054.001.08', 'camt.053.001.08']);

/**
 * A confirmation that is the booking the award's confirmation already reported (CONTRACT §6), from the other of the
 * two camt messages: the same account-servicer reference when both carry one (two references are two bookings), else
 * the same end-to-end id and amount on the same booking date. Only the first such line of a file: a second is a
 * second booking.
 */
function repeatsBooking(facts: FileFacts, entry: BankEntry, index: number, award: Award): boolean {
  const last = award.bankAnswer;
  if (last === null || last.outcome !== 'CONFIRMED' || entry.outcome !== 'CONFIRMED' || !PAID.has(award.status)) return false;
  if (!NOTICE_AND_STATEMENT.has(last.type ?? '') || !NOTICE_AND_STATEMENT.has(facts.type) || last.type === facts.type) return false;
  if (facts.firstIndex.get(lineKey(entry)) !== index) return false;
  if ((entry.batchId !== null && entry.batchId !== award.paymentId) || entry.amountFen === null || entry.amountFen !== award.amountFen) return false;
  const [before, now] = [last.accountServicerRef ?? null, entry.accountServicerRef];
  if (before !== null && now !== null) return before === now;
  return entry.bookingDate !== null && entry.bookingDate === (last.bookingDate ?? null);
}

/** A line that agrees with what was applied before, or that this file's own import applied; null when neither. */
function before(facts: FileFacts, entry: BankEntry, index: number, award: Award): Decision | null {
  const last = award.bankAnswer;
  if (last === null) return null;
  if (last.messageId === facts.messageId && last.outcome === entry.outcome && facts.firstIndex.get(lineKey(entry)) === index) {
    return { kind: 'applied-before', counted: entry.outcome === 'CONFIRMED' ? 'matched' : 'returned' };
  }
  if (repeatsBooking(facts, entry, index, award)) return { kind: 'agreed' };
  // A bank reports a return twice, as a rejection in its status report and a returned credit on the statement: the
  // second says nothing new about a payment that already failed (a second *confirmation* is an exception).
  const failed = (award.status === 'PAYMENT_FAILED' || award.status === 'VOIDED') && last.outcome !== 'CONFIRMED';
  const aboutIt = entry.batchId === null || entry.batchId === award.paymentId;
  return failed && entry.outcome !== 'CONFIRMED' && aboutIt ? { kind: 'agreed' } : null;
}

/** What a line says of an award, as an exception's detail starts. */
const saidOf = (facts: FileFacts, entry: BankEntry, award: Award) =>
  `${facts.type} ${facts.messageId} says ${entry.outcome}${entry.reasonCode ? ` (${entry.reasonCode})` : ''} for ${award.awardId}`;

const inScope = (scope: ImportScope, award: Award) => scope.jurisdictions === 'all' || scope.jurisdictions.includes(award.jurisdiction);

/** What a dispute's exception adds: why the award is disputed now, or that it was already (not the domain's disputeWords, the refusal while disputed). */
function disputeClause(award: Award): string {
  if (award.disputed !== null) return `it is disputed already (${award.disputed.exceptionId})`;
  if (award.status === 'VOIDED') {
    return 'the bank may have paid it after all, though it was voided when its fact was revoked: the award is disputed until an officer decides (paid opens a clawback of the amount)';
  }
  return 'the bank may have paid it after all: the award is disputed, and not retried until an officer decides';
}

/**
 * A booked line of an officer's file about an award of a jurisdiction not theirs: OTHER_JURISDICTION, for its officers
 * to see; and an exact confirmation of a failed payment (its amount, the confirmed account) still disputes it, whoever
 * imported it (fresh review S1).
 */
function foreign(facts: FileFacts, entry: BankEntry, award: Award, scope: ImportScope, sentTo: string | null): Decision {
  const said = saidOf(facts, entry, award);
  const detail = `${said}, an award of ${award.jurisdiction}, in a file ${scope.importedBy} imported`;
  const ours = entry.reportAccount === null || entry.reportJurisdiction === award.jurisdiction;
  const exact = ours && inexact(facts, entry, award) === null && otherCreditor(facts, entry, award, sentTo) === null;
  if (confirmsFailedPayment(entry, award) && exact) return { kind: 'dispute', exception: 'OTHER_JURISDICTION', detail: `${detail}: ${disputeClause(award)}` };
  return { kind: 'exception', exception: 'OTHER_JURISDICTION', detail };
}

/** Why the line cannot settle the award, or null when it can. */
function disagreement(facts: FileFacts, entry: BankEntry, award: Award): [ExceptionKind, string] | null {
  const said = saidOf(facts, entry, award);
  if (entry.batchId !== null && award.paymentId !== null && entry.batchId !== award.paymentId) {
    return ['OTHER_BATCH', `${said} in batch ${entry.batchId}; it was last sent in batch ${award.paymentId} and is ${award.status}`];
  }
  if (entry.batchId === null && award.earlierPaymentIds.length > 0) {
    const sent = [...award.earlierPaymentIds, award.paymentId ?? '-'].join(', ');
    return ['NO_BATCH_REFERENCE', `${said} naming no batch; it was sent ${award.earlierPaymentIds.length + 1} times (${sent}), so the answer may be about an earlier attempt`];
  }
  if (award.status !== 'PAYING') {
    const kind = PAID.has(award.status) ? (entry.outcome === 'CONFIRMED' ? 'CONFIRMED_TWICE' : 'RETURNED_AFTER_PAYMENT') : 'NOT_PAYING';
    return [kind, `${said}, which is ${award.status}`];
  }
  // Confirmations, returns and rejections alike: only the payment's own amount ties a line to it.
  const sent = `it was sent for ${award.amountFen ?? 0} fen`;
  if (entry.amountFen === null) {
    const kind = entry.amountProblem === 'UNBALANCED' ? 'DETAILS_UNBALANCED' : 'AMOUNT_MISSING';
    return [kind, `${said} without an amount in CNY fen that names the payment (${entry.reason ?? 'no amount given'}); ${sent}`];
  }
  if (entry.amountFen !== award.amountFen) return ['AMOUNT_MISMATCH', `${said} for ${entry.amountFen} fen; ${sent}`];
  return null;
}

/**
 * A confirmation of a failed payment, for its exact amount (CNY, to the fen): the bank may have paid it after all, so
 * retrying it could pay twice. It disputes the award whichever attempt it names: the one that failed, an earlier one
 * (another batch), or none it can be tied to, and whoever imported it, since any of them may mean the money left
 * (fresh review S1). A confirmation without the payment's amount, or for another, names no payment of this award: an
 * exception that changes nothing, and no dispute (S3).
 */
function confirmsFailedPayment(entry: BankEntry, award: Award): boolean {
  if (entry.outcome !== 'CONFIRMED' || !disputable(award)) return false;
  // With the bank again, only a confirmation of an earlier attempt (its batch, or none when it was sent more than once).
  if (award.status !== 'PAYING') return true;
  return entry.batchId === null ? award.earlierPaymentIds.length > 0 : award.earlierPaymentIds.includes(entry.batchId);
}

/** Why a confirmation of a failed payment does not name its amount, or null when it names it exactly. */
function inexact(facts: FileFacts, entry: BankEntry, award: Award): [ExceptionKind, string] | null {
  const said = `${facts.type} ${facts.messageId} says CONFIRMED for ${award.awardId}, which is ${award.status}`;
  const sent = `it was sent for ${award.amountFen ?? 0} fen, so this names no payment of it and disputes nothing`;
  if (entry.amountFen === null) {
    const kind = entry.amountProblem === 'UNBALANCED' ? 'DETAILS_UNBALANCED' : 'AMOUNT_MISSING';
    return [kind, `${said}, without an amount in CNY fen (${entry.reason ?? 'no amount given'}); ${sent}`];
  }
  return entry.amountFen === award.amountFen ? null : ['AMOUNT_MISMATCH', `${said}, for ${entry.amountFen} fen; ${sent}`];
}

const digits = (account: string) => account.replaceAll(/\s/g, '');
const masked = (account: string) => maskAccountNumber(digits(account));

/**
 * Why a line names another creditor account than the one the payment was sent to (`sentTo`: the confirmed account in
 * the batch the line names, else the award's current one; null when not known), or null. A bank's word that money went
 * to an account no two officers agreed settles nothing and disputes nothing, whatever it says (review 2026-12-07-b, HIGH-1).
 */
function otherCreditor(facts: FileFacts, entry: BankEntry, award: Award, sentTo: string | null): string | null {
  if (entry.creditorAccount === null || sentTo === null || digits(entry.creditorAccount) === digits(sentTo)) return null;
  return `${facts.type} ${facts.messageId} says ${entry.outcome} for ${award.awardId} to account ${masked(entry.creditorAccount)}; it was sent to the confirmed account ${masked(sentTo)}`;
}

/**
 * Why a booking (a confirmation or a return) cannot be about the attempt it names: booked before that batch was made,
 * which no bank does; or null (review 2026-12-07-b, LOW-1). Both dates are China dates, so the day itself is allowed.
 */
function bookedBeforeSent(facts: FileFacts, entry: BankEntry, award: Award): string | null {
  const batchId = entry.batchId ?? award.paymentId;
  const sentOn = batchId === null ? null : batchDateOf(batchId);
  if (entry.bookingDate === null || sentOn === null || entry.bookingDate >= sentOn) return null;
  return `${facts.type} ${facts.messageId} says ${entry.outcome} for ${award.awardId}, booked on ${entry.bookingDate}, before batch ${batchId} was made on ${sentOn}: it cannot be about that payment`;
}

/**
 * Why a status report accepting a payment contradicts the rejection another message recorded of that very attempt, or
 * null: two words at odds about one payment, the first trace of a forged rejection, which
 * finance must see (attack 2026-12-07-c, LOW-7). It moves nothing: only a confirmation disputes.
 */
function contradictsFailure(facts: FileFacts, entry: BankEntry, award: Award): string | null {
  const failure = award.bankAnswer;
  // A rejection only: an acceptance before a return is the usual order (accepted, then returned by the payee's bank),
  // whichever file is read first (re-attack 2026-12-07-c, R-2).
  if (!(award.status === 'PAYMENT_FAILED' || award.status === 'VOIDED') || failure === null || failure.outcome !== 'REJECTED') return null;
  if (failure.messageId === facts.messageId || (entry.batchId !== null && entry.batchId !== award.paymentId)) return null;
  return `${facts.type} ${facts.messageId} says PENDING (the bank accepts it) for ${award.awardId} in batch ${award.paymentId ?? '-'}, which is ${award.status}: ${failure.messageId} said ${failure.outcome}; one of the two is false`;
}

/**
 * A status report accepting (or holding) a payment of ours is the bank's first word on what it will pay: when it names
 * another creditor account than the confirmed one, or another amount, finance must see it before the money settles, as
 * it sees a rejection's (review 2026-12-07-b, LOW-5). Only while the award is with the bank: later, an acceptance is old news.
 */
function acceptance(facts: FileFacts, entry: BankEntry, award: Award, scope: ImportScope, sentTo: string | null): Decision {
  // Another jurisdiction's award is judged by nobody here: always pending, so the counts tell an officer nothing of it
  // (its amount, its account) and leave nothing in its queue (attack 2026-12-07-c, MEDIUM-3).
  if (!inScope(scope, award)) return { kind: 'pending' };
  const contradicted = contradictsFailure(facts, entry, award);
  if (contradicted !== null) return { kind: 'exception', exception: 'NOT_PAYING', detail: contradicted };
  if (award.status !== 'PAYING') return { kind: 'pending' };
  const elsewhere = otherCreditor(facts, entry, award, sentTo);
  if (elsewhere !== null) return { kind: 'exception', exception: 'ACCOUNT_MISMATCH', detail: elsewhere };
  if (entry.amountFen === null || entry.amountFen === award.amountFen) return { kind: 'pending' };
  const detail = `${facts.type} ${facts.messageId} says PENDING for ${award.awardId} for ${entry.amountFen} fen; it was sent for ${award.amountFen ?? 0} fen`;
  return { kind: 'exception', exception: 'AMOUNT_MISMATCH', detail };
}

/** One line of a file against the award it names (null: no such award), as the award stands before the line. */
export function decideLine(facts: FileFacts, entry: BankEntry, index: number, award: Award | null, scope: ImportScope, sentTo: string | null = null): Decision {
  // A line that says two things about where the money went settles nothing, whatever it names (review M2).
  if (entry.directionProblem !== null) {
    return { kind: 'exception', exception: 'DIRECTION_CONFLICT', detail: `${facts.type} ${facts.messageId} line for ${entry.endToEndId ?? 'no EndToEndId'}: ${entry.directionProblem}; a booked debit confirms, a booked credit returns, never both` };
  }
  // A payment status report (pain.002) accepting or holding a payment that is no award of ours: one we never sent, which
  // finance must see before it is executed, as a rejected one is (attack review LOW-5). A statement's pending lines are
  // other account activity too (credits coming in, reversals of credits): those stay pending, as before.
  const unknown = `${facts.type} ${facts.messageId} names ${entry.endToEndId ?? 'no EndToEndId'}, which is no award`;
  if (entry.outcome === 'PENDING') {
    if (award !== null && facts.type.startsWith('pain.002')) return acceptance(facts, entry, award, scope, sentTo);
    if (award !== null || entry.endToEndId === null || !facts.type.startsWith('pain.002')) return { kind: 'pending' };
    return { kind: 'exception', exception: 'UNKNOWN_END_TO_END_ID', detail: `${unknown} (the bank accepted it or holds it pending: a payment we never sent)` };
  }
  if (award === null) return { kind: 'exception', exception: 'UNKNOWN_END_TO_END_ID', detail: unknown };
  // Another jurisdiction's award first, before anything is compared: every such line of an officer's file is the same
  // exception, so its counts say nothing of the award (paid, failed, its amount, account or date: re-attack R-1).
  if (!inScope(scope, award)) return foreign(facts, entry, award, scope, sentTo);
  const earlier = before(facts, entry, index, award);
  if (earlier !== null) return earlier;
  const elsewhere = otherCreditor(facts, entry, award, sentTo);
  if (elsewhere !== null) return { kind: 'exception', exception: 'ACCOUNT_MISMATCH', detail: elsewhere };
  // A report of another account than the treasury's the payment left (another customer's, another jurisdiction's) says
  // nothing of our payment, whatever EndToEndIds it names (review 2026-12-07-b, MEDIUM-2).
  if (entry.reportAccount !== null && entry.reportJurisdiction !== award.jurisdiction) {
    const whose = entry.reportJurisdiction === null ? 'no treasury account of ours' : `the treasury account of ${entry.reportJurisdiction}`;
    const detail = `${facts.type} ${facts.messageId} says ${entry.outcome} for ${award.awardId} from account ${masked(entry.reportAccount)}, ${whose}; it was paid from ${award.jurisdiction}'s`;
    return { kind: 'exception', exception: 'OTHER_ACCOUNT', detail };
  }
  const disagrees = disagreement(facts, entry, award);
  if (disagrees !== null && confirmsFailedPayment(entry, award)) {
    const off = inexact(facts, entry, award);
    if (off !== null) return { kind: 'exception', exception: off[0], detail: off[1] };
    return { kind: 'dispute', exception: disagrees[0], detail: `${disagrees[1]}: ${disputeClause(award)}` };
  }
  if (disagrees !== null) return { kind: 'exception', exception: disagrees[0], detail: disagrees[1] };
  // Judged only of a line that would settle: a confirmation that disputes a failed payment keeps disputing it, whatever
  // date it carries, since the money may have left (attack 2026-12-07-c, HIGH-1).
  const early = bookedBeforeSent(facts, entry, award);
  if (early !== null) return { kind: 'exception', exception: 'BOOKED_BEFORE_SENT', detail: early };
  // Nor after tomorrow: a booking dated 2099 is not one that has happened (attack 2026-12-07-c, LOW-4).
  if (entry.bookingDate !== null && entry.bookingDate > facts.latestBooking) {
    const detail = `${facts.type} ${facts.messageId} says ${entry.outcome} for ${award.awardId}, booked on ${entry.bookingDate}, a day still to come: it settles nothing until the bank books it`;
    return { kind: 'exception', exception: 'BOOKED_IN_FUTURE', detail };
  }
  return { kind: 'settle', outcome: entry.outcome };
}
