/**
 * The award's decider, in the style of emmett (issue 23, part 3): one `AwardCommand` union of everything done to one
 * award, one `decide(command, award, context)` that checks who may issue a person's command before anything is decided
 * and then runs the operation's own decider (awards.ts, decisions.ts, payments.ts, objections.ts, controls.ts,
 * holds.ts, publicity.ts), and one `evolve(award, change)`, the one place an award's state moves, its invariants
 * asserted. The store (shared/store/commands.ts) reads the award, calls these two, and writes what they return.
 */
import assert from './assert';
import type { ApprovalConfig } from './approval';
import { type Action, type Authorization, type Principal, authorize } from './authz';
import { type Award, type BudgetView, type Change, type Decided, type RevokedBy, fail, serveFromQueue, setAmount } from './awards';
import type { BankAnswer } from './bank';
import { holdAward } from './controls';
import { type PublicityRule, decide as decideAward } from './decisions';
import { releaseHold } from './holds';
import { assertTransition } from './lifecycle';
import { type ObjectionCommand, decideObjection, recordObjection } from './objections';
import { claimForPayment, confirmPayment, recordRepayment, retryPayment, returnPayment, revoke } from './payments';
import { endPublicity } from './publicity';

/** What a person (finance: an officer, an approver) does to an award: authorized before it is decided. */
export type PersonCommand
  = | { readonly kind: 'decide'; readonly principal: Principal; readonly decision: 'approve' | 'reject'; readonly comment: string }
    | { readonly kind: 'set-amount'; readonly principal: Principal; readonly amountFen: number; readonly basis: string }
    | { readonly kind: 'hold'; readonly principal: Principal; readonly note: string }
    | { readonly kind: 'release-hold'; readonly principal: Principal; readonly basis: string }
    /** `objectionId` is chosen by whoever issues the command (the store: a fresh UUID), so deciding stays pure. */
    | { readonly kind: 'record-objection'; readonly principal: Principal; readonly objectionId: string; readonly objection: ObjectionCommand }
    | { readonly kind: 'decide-objection'; readonly principal: Principal; readonly objectionId: string; readonly outcome: 'upheld' | 'dismissed'; readonly basis: string }
    | { readonly kind: 'retry-payment'; readonly principal: Principal }
    | { readonly kind: 'record-repayment'; readonly principal: Principal; readonly amountFen: number };

/**
 * What the system does to an award: a revocation from the fact's source, the end of its notice period, the budget
 * queue serving it, a payment run claiming it into a batch and the bank's answer to that payment. The payment run and
 * reconciliation still call their deciders inside their own batch transactions (payment-batches.ts, reconcile.ts); the
 * union names them so that the whole lifecycle can be specified over `decide` and `evolve`.
 */
export type SystemCommand
  = | { readonly kind: 'revoke'; readonly revokedBy: RevokedBy }
    | { readonly kind: 'end-publicity' }
    | { readonly kind: 'serve-from-queue' }
    | { readonly kind: 'claim-for-payment'; readonly batchId: string; readonly payee: string }
    | { readonly kind: 'confirm-payment'; readonly answer: BankAnswer }
    | { readonly kind: 'return-payment'; readonly answer: BankAnswer };

export type AwardCommand = PersonCommand | SystemCommand;
export type AwardCommandKind = AwardCommand['kind'];

/** What deciding needs besides the award: the instant, its budget as read, the approval tiers, its notice period. */
export interface DecideContext {
  readonly now: Date;
  readonly budget: BudgetView;
  readonly config: ApprovalConfig;
  /** The award's jurisdiction's notice period (公示); null when publicity is off there. */
  readonly publicity: PublicityRule | null;
}

const isPersonCommand = (command: AwardCommand): command is PersonCommand => 'principal' in command;

/** The action a person's command needs, and the words of its refusal where they are the operation's own. */
function actionOf(command: PersonCommand, award: Award): { action: Action; refusal?: string } {
  const { jurisdiction } = award;
  switch (command.kind) {
    case 'decide': {
      // Dual control binds an approval only: whoever set the amount, released the hold or approved may still reject.
      const approving = command.decision === 'approve';
      const approvedBy = approving ? award.approvals.filter((a) => a.decision === 'approve').map((a) => a.by) : [];
      const releasedBy = approving ? (award.hold?.released?.by ?? null) : null;
      return { action: { kind: 'decide', jurisdiction, amountSetBy: approving ? award.amountSetBy : null, approvedBy, releasedBy } };
    }
    case 'set-amount':
      return { action: { kind: 'set-amount', jurisdiction } };
    case 'hold':
      return { action: { kind: 'hold', jurisdiction } };
    case 'release-hold':
      return { action: { kind: 'release-hold', jurisdiction } };
    case 'record-objection':
    case 'decide-objection':
      return { action: { kind: 'object', jurisdiction } };
    case 'retry-payment':
      return { action: { kind: 'record-repayment', jurisdiction }, refusal: `retrying a payment in ${jurisdiction} needs officer:${jurisdiction}` };
    case 'record-repayment':
      return { action: { kind: 'record-repayment', jurisdiction } };
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Whether the principal of a person's command may issue it on this award. */
export function authorizeCommand(command: PersonCommand, award: Award): Authorization {
  const { action, refusal } = actionOf(command, award);
  const allowed = authorize(command.principal, action);
  return allowed.ok || refusal === undefined ? allowed : { ok: false, reason: refusal };
}

/** A person's command, once authorized, run by its operation's decider. */
function decidePerson(command: PersonCommand, award: Award, context: DecideContext): Decided {
  const { principal } = command;
  const { now, budget, config } = context;
  switch (command.kind) {
    case 'decide':
      return decideAward(award, principal, { decision: command.decision, comment: command.comment }, { now, publicity: context.publicity });
    case 'set-amount':
      return setAmount(award, principal, { amountFen: command.amountFen, basis: command.basis }, { now, budget, config });
    case 'hold':
      return holdAward(award, principal, { note: command.note }, { now });
    case 'release-hold':
      return releaseHold(award, principal, { basis: command.basis }, { now, budget, config });
    case 'record-objection':
      return recordObjection(award, principal, command.objection, { now, objectionId: command.objectionId });
    case 'decide-objection':
      return decideObjection(award, principal, { objectionId: command.objectionId, outcome: command.outcome, basis: command.basis }, { now });
    case 'retry-payment':
      return retryPayment(award, principal, { now });
    case 'record-repayment':
      return recordRepayment(award, principal, { amountFen: command.amountFen }, { now });
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}

function decideSystem(command: SystemCommand, award: Award, context: DecideContext): Decided {
  const { now } = context;
  switch (command.kind) {
    case 'revoke':
      return revoke(award, command.revokedBy, { now });
    case 'end-publicity':
      return orConflict(endPublicity(award, { now }), `award ${award.awardId} is ${award.status}, not at the end of a notice period`);
    case 'serve-from-queue':
      if (award.status !== 'AWAITING_BUDGET') return fail('CONFLICT', `award ${award.awardId} is ${award.status}, not waiting for budget`);
      return orConflict(serveFromQueue(award, { now, budget: context.budget }), `the budget does not cover award ${award.awardId} yet`);
    case 'claim-for-payment':
      return claimForPayment(award, { batchId: command.batchId, payee: command.payee }, { now });
    case 'confirm-payment':
      return confirmPayment(award, command.answer, { now });
    case 'return-payment':
      return returnPayment(award, command.answer, { now });
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}

const orConflict = (change: Change | null, message: string): Decided => (change === null ? fail('CONFLICT', message) : { ok: true, change });

/**
 * Decides a command over an award as read: a person's command is refused (FORBIDDEN) before anything else when its
 * principal may not issue it; then the operation's decider gives the change, or a named refusal. Pure.
 */
export function decide(command: AwardCommand, award: Award, context: DecideContext): Decided {
  if (!isPersonCommand(command)) return decideSystem(command, award, context);
  const allowed = authorizeCommand(command, award);
  if (!allowed.ok) return fail('FORBIDDEN', allowed.reason);
  return decidePerson(command, award, context);
}

const sumOf = (change: Change) => change.draft.postings.reduce((sum, p) => sum + p.deltaFen, 0);

/**
 * The award after a decided change: the change's next state, once it is checked to be a next state of this award (the
 * same award, a transition the lifecycle allows, the version one more, the entry recording it balanced and saying the
 * status it leaves, the queue joined only by a waiting award and left only by one that waited). Pure; throws on a
 * change that breaks an invariant (a bug in a decider, never a refusal).
 */
export function evolve(award: Award, change: Change): Award {
  const after = change.award;
  assert.equal(after.awardId, award.awardId, 'a change is to the award it was decided over');
  for (const field of ['jurisdiction', 'fiscalYear', 'recipientId', 'createdAt'] as const) {
    assert.equal(after[field], award[field], `a change keeps the award's ${field}`);
  }
  assertTransition(award.status, after.status);
  assert.equal(after.version, award.version + 1, 'a change increments the version by one');
  assert.ok(award.amountFen === null || after.amountFen === award.amountFen, 'an amount once set does not change');
  assert.equal(change.draft.awardId, award.awardId, 'the entry of a change names its award');
  assert.equal(change.draft.statusAfter, after.status, 'the entry of a change records the status it leaves');
  assert.equal(sumOf(change), 0, 'the postings of a change sum to zero');
  assert.ok(change.queue !== 'enqueue' || after.status === 'AWAITING_BUDGET', 'only an award left waiting joins the budget queue');
  assert.ok(change.queue !== 'dequeue' || award.status === 'AWAITING_BUDGET', 'only an award that waited leaves the budget queue');
  return after;
}

/** The transaction name the store runs each command under (as before the union: metrics and logs keep their names). */
export const COMMAND_NAMES: Readonly<Record<AwardCommandKind, string>> = {
  'decide': 'decide',
  'set-amount': 'setAmount',
  'hold': 'hold',
  'release-hold': 'releaseHold',
  'record-objection': 'recordObjection',
  'decide-objection': 'decideObjection',
  'retry-payment': 'retryPayment',
  'record-repayment': 'recordRepayment',
  'revoke': 'revoke',
  'end-publicity': 'endPublicity',
  'serve-from-queue': 'serveWaiting',
  'claim-for-payment': 'claimForPayment',
  'confirm-payment': 'confirmPayment',
  'return-payment': 'returnPayment',
};
