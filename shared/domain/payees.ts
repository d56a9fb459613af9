/**
 * Payee accounts under dual control (CONTRACT §3, version 2): where a jurisdiction pays a recipient. An officer of
 * the jurisdiction proposes an account; a different officer confirms it; every change is kept. Until a proposal is
 * confirmed the account confirmed before stays in use, so a pending change never stops or redirects a payment.
 * Pure, like the other deciders: the store reads the payee, calls these, and writes the result conditionally.
 */
import { sha256Hex } from './sha256';
import { type Principal, hasRole } from './authz';
import { type Failure, fail } from './awards';
import { holdsIdNumber } from './person';

export interface PayeeAccount {
  readonly accountName: string;
  readonly accountNumber: string;
  /** The 12-digit CNAPS code of the bank branch (大额支付系统行号). */
  readonly bankCode: string;
  readonly bankName: string;
}

export interface PayeeChange {
  readonly kind: 'PROPOSED' | 'CONFIRMED';
  /** The proposal this change made or confirmed. */
  readonly proposalId: string;
  readonly account: PayeeAccount;
  readonly by: string;
  readonly at: string;
}

/** What a proposal is: the account, who proposed it and when, under its own id. */
export type Proposal = PayeeAccount & { readonly proposalId: string; readonly proposedBy: string; readonly proposedAt: string };

export interface Payee {
  readonly jurisdiction: string;
  /** The credit code, or a person's keyed id (ADR 009). */
  readonly recipientId: string;
  readonly status: 'PENDING_CONFIRMATION' | 'CONFIRMED';
  /** The account payments go to (the proposal that was confirmed); null until a first proposal is confirmed. */
  readonly confirmed: (Proposal & { readonly confirmedBy: string; readonly confirmedAt: string }) | null;
  /** A proposal waiting for a second officer, who confirms it by its id. */
  readonly pending: Proposal | null;
  readonly history: readonly PayeeChange[];
  readonly version: number;
}

const BLANK = /^[\s\p{Cf}]*$/u;
/** What a bank's file cannot carry in a name: control characters and the noncharacters U+FFFE, U+FFFF. */
const NOT_PRINTABLE = /[\p{Cc}\uFFFE\uFFFF]/u;
/** Format characters: the bidirectional controls, zero-width spaces and joiners, the soft hyphen, the BOM. */
const INVISIBLE = /\p{Cf}/u;
const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a proposed account, field by field; empty when it may be proposed. */
export function accountProblems(account: PayeeAccount): string[] {
  const problems: string[] = [];
  if (!/^\d{12}$/.test(account.bankCode)) problems.push('bankCode must be the 12-digit CNAPS code of the bank');
  if (!/^\d{8,32}$/.test(account.accountNumber)) problems.push('accountNumber must be 8 to 32 digits');
  for (const field of ['accountName', 'bankName'] as const) {
    const value = account[field];
    if (BLANK.test(value)) problems.push(`${field} must not be blank`);
    else if (!value.isWellFormed() || NOT_PRINTABLE.test(value)) problems.push(`${field} holds a control character or one a payment file cannot carry`);
    // Invisible: a name with one looks like the confirmed name to the second officer, and goes byte for byte into
    // the pain.001 (attack review of issue 23, L2: U+202E, U+200B).
    else if (INVISIBLE.test(value)) problems.push(`${field} holds an invisible format character (${codePoint(value.match(INVISIBLE)?.[0] ?? '')}): type the name as the bank holds it`);
    // U+FFFD is what a decoder leaves for bytes it could not read (GBK read as UTF-8): no bank holds a name so.
    else if (value.includes('\uFFFD')) problems.push(`${field} holds U+FFFD (�), left where its text was decoded in the wrong encoding: type the name as the bank holds it`);
    else if (Array.from(value).length > 140) problems.push(`${field} is longer than 140 characters`);
    // An account is held in a name, not a number: a name with an identity number in it is a mistake, and it would
    // travel whole to the bank in the payment file.
    else if (holdsIdNumber(value)) problems.push(`${field} holds an identity number; give the account holder's name as the bank has it`);
  }
  return problems;
}

/**
 * The id of a proposal: derived from everything it is (the payee, the version it creates, the account, who and when),
 * so two proposals, even of the same account, never share one, and a confirmation that names it names all of it.
 */
export function proposalIdOf(key: PayeeKey, version: number, proposal: PayeeAccount & { readonly proposedBy: string; readonly proposedAt: string }): string {
  const { accountName, accountNumber, bankCode, bankName, proposedBy, proposedAt } = proposal;
  const fields = [key.jurisdiction, key.recipientId, String(version), accountName, accountNumber, bankCode, bankName, proposedBy, proposedAt];
  return `pp-${sha256Hex(fields.join('\u0000')).slice(0, 24)}`;
}

/** `****0000`: the last four digits, for everyone but officers. */
export function maskAccountNumber(accountNumber: string): string {
  return `****${accountNumber.slice(-4)}`;
}

/** A free text (a validator's message, a log line) with every account-number-like run of digits masked. */
export function redactAccountNumbers(text: string): string {
  return text.replace(/(?<!\d)\d{8,32}(?!\d)/g, (digits) => maskAccountNumber(digits));
}

export function maskedPayee(payee: Payee): Payee {
  const mask = <A extends PayeeAccount>(a: A): A => ({ ...a, accountNumber: maskAccountNumber(a.accountNumber) });
  return {
    ...payee,
    confirmed: payee.confirmed && mask(payee.confirmed),
    pending: payee.pending && mask(payee.pending),
    history: payee.history.map((h) => ({ ...h, account: mask(h.account) })),
  };
}

type Decided = { readonly ok: true; readonly payee: Payee } | Failure;

const trimmed = (a: PayeeAccount): PayeeAccount => ({ ...a, accountName: a.accountName.trim(), bankName: a.bankName.trim() });

type PayeeKey = { jurisdiction: string; recipientId: string };
type Context = { now: Date; historyMax: number };

export function proposePayee(before: Payee | null, key: PayeeKey, principal: Principal, input: PayeeAccount, context: Context): Decided {
  if (!hasRole(principal, 'officer', key.jurisdiction)) return fail('FORBIDDEN', `proposing a payee account in ${key.jurisdiction} needs officer:${key.jurisdiction}`);
  const problems = accountProblems(input);
  if (problems.length > 0) return fail('VALIDATION', problems.join('; '));
  const account = trimmed(input);
  const at = context.now.toISOString();
  const version = (before?.version ?? 0) + 1;
  const proposalId = proposalIdOf(key, version, { ...account, proposedBy: principal.user, proposedAt: at });
  const change: PayeeChange = { kind: 'PROPOSED', proposalId, account, by: principal.user, at };
  const history = [...(before?.history ?? []), change].slice(-context.historyMax);
  return {
    ok: true,
    payee: {
      jurisdiction: key.jurisdiction,
      recipientId: key.recipientId,
      status: 'PENDING_CONFIRMATION',
      confirmed: before?.confirmed ?? null,
      pending: { ...account, proposalId, proposedBy: principal.user, proposedAt: at },
      history,
      version,
    },
  };
}

/**
 * The second officer confirms the pending proposal, by its id: the proposal they reviewed, all of it (name, number,
 * bank code and bank name). A proposal replaced between the review and the confirmation, even by one of the same
 * account number, has another id and is refused (issue 19, finding 1).
 */
export function confirmPayee(before: Payee | null, principal: Principal, context: { now: Date; historyMax: number }, proposalId: string): Decided {
  if (before === null) return fail('NOT_FOUND', 'no payee account has been proposed');
  if (!hasRole(principal, 'officer', before.jurisdiction)) return fail('FORBIDDEN', `confirming a payee account in ${before.jurisdiction} needs officer:${before.jurisdiction}`);
  const { pending } = before;
  if (pending === null) return fail('CONFLICT', `nothing to confirm: no proposal is pending (${proposalId} is not)`);
  if (pending.proposedBy === principal.user) return fail('FORBIDDEN', `dual control: ${principal.user} proposed this account, so another officer must confirm it`);
  if (proposalId !== pending.proposalId) {
    const shown = `${pending.accountName}, account ${maskAccountNumber(pending.accountNumber)} at ${pending.bankName} (${pending.bankCode})`;
    return fail('CONFLICT', `${proposalId} is not the pending proposal: ${pending.proposalId} is (${shown}, proposed by ${pending.proposedBy} at ${pending.proposedAt}); review it and confirm it by its id`);
  }
  const at = context.now.toISOString();
  const { proposedBy, proposedAt, proposalId: id, ...account } = pending;
  const change: PayeeChange = { kind: 'CONFIRMED', proposalId: id, account, by: principal.user, at };
  return {
    ok: true,
    payee: {
      ...before,
      status: 'CONFIRMED',
      confirmed: { ...account, proposalId: id, proposedBy, proposedAt, confirmedBy: principal.user, confirmedAt: at },
      pending: null,
      history: [...before.history, change].slice(-context.historyMax),
      version: before.version + 1,
    },
  };
}
