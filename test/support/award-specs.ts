/**
 * Given/when/then over the award's pure decider (shared/domain/award-decider.ts): `given(award).when(command)` decides
 * the command and evolves the award, then `.then({ status, entries, postings })` or `.thenFails(code)` says what had to
 * happen. No store and no engine: each specification runs in well under a millisecond. Awards are brought to a status
 * by the same commands, decided and evolved (`awardIn`), never by writing their fields.
 */
import { expect } from 'vitest';
import { DEFAULT_APPROVAL_CONFIG } from '../../shared/domain/approval';
import { type AwardCommand, type DecideContext, decide, evolve } from '../../shared/domain/award-decider';
import type { Principal } from '../../shared/domain/authz';
import { type Award, type BudgetView, type Change, type FailureCode, newAward } from '../../shared/domain/awards';
import type { BankAnswer } from '../../shared/domain/bank';
import { recordHeldAward } from '../../shared/domain/holds';
import { type Account, ZERO_BALANCES } from '../../shared/domain/ledger';
import type { Status } from '../../shared/domain/lifecycle';
import { yuan } from '../../shared/domain/money';
import { perRegulationAward } from './awards';
import { WEEKDAYS_CALENDAR } from './controls';

export const FUJIAN = '350000';
export const HEBEI = '130000';
/** A Monday, 10:00 in China: a working day, so a notice period starts on it. */
export const NOW = new Date('2026-06-01T02:00:00Z');
export const AMOUNT = yuan(50_000);

export const people = {
  approver: (jurisdiction = FUJIAN, user = `approver-${jurisdiction}`): Principal => ({ user, groups: [`approver:${jurisdiction}`] }),
  officer: (jurisdiction = FUJIAN, user = `officer-${jurisdiction}`): Principal => ({ user, groups: [`officer:${jurisdiction}`] }),
  auditor: (user = 'auditor'): Principal => ({ user, groups: ['auditor'] }),
};

/** A budget of `availableFen` left of a large allocation, and `waitingCount` awards waiting ahead. */
export function budget(availableFen = yuan(100_000_000), waitingCount = 0): BudgetView {
  const allocatedFen = Math.max(availableFen, yuan(100_000_000));
  return { balances: { ...ZERO_BALANCES, allocatedFen, availableFen, reservedFen: allocatedFen - availableFen }, waitingCount };
}

export const context = (over: Partial<DecideContext> = {}): DecideContext => ({
  now: NOW, budget: budget(), config: DEFAULT_APPROVAL_CONFIG, publicity: null, ...over,
});
/** The context of a jurisdiction that publishes its awards for 5 working days (weekdays only). */
export const publicContext = (over: Partial<DecideContext> = {}) => context({ publicity: { workingDays: 5, calendar: WEEKDAYS_CALENDAR }, ...over });

export const answer = (outcome: BankAnswer['outcome'], n = '1'): BankAnswer => ({
  messageId: `SPEC-${outcome}-${n}`,
  outcome,
  reasonCode: outcome === 'CONFIRMED' ? null : 'AC04',
  reason: outcome === 'CONFIRMED' ? null : 'closed account',
  at: NOW.toISOString(),
  type: null,
  amountFen: null,
  bookingDate: null,
  accountServicerRef: null,
  importedBy: null,
});

/** The commands of the lifecycle, as the store's callers issue them (the officer, a second approver, the system). */
export const commands = {
  approve: (principal = people.approver(FUJIAN, 'second-approver')): AwardCommand => ({ kind: 'decide', principal, decision: 'approve', comment: '' }),
  reject: (principal = people.approver(FUJIAN, 'second-approver')): AwardCommand => ({ kind: 'decide', principal, decision: 'reject', comment: 'no' }),
  setAmount: (amountFen = AMOUNT, principal = people.officer()): AwardCommand => ({ kind: 'set-amount', principal, amountFen, basis: '省质量奖奖励办法' }),
  claim: (): AwardCommand => ({ kind: 'claim-for-payment', batchId: 'PB-SPEC-1', payee: 'test bank ****4567' }),
  confirm: (): AwardCommand => ({ kind: 'confirm-payment', answer: answer('CONFIRMED') }),
  giveBack: (): AwardCommand => ({ kind: 'return-payment', answer: answer('RETURNED') }),
  retry: (principal = people.officer()): AwardCommand => ({ kind: 'retry-payment', principal }),
  revoke: (eventId = 'revoke-1'): AwardCommand => ({ kind: 'revoke', revokedBy: { eventId, reason: 'revoked' } }),
  repay: (amountFen = AMOUNT, principal = people.officer()): AwardCommand => ({ kind: 'record-repayment', principal, amountFen }),
  release: (principal = people.officer()): AwardCommand => ({ kind: 'release-hold', principal, basis: '经核实' }),
  hold: (principal = people.officer()): AwardCommand => ({ kind: 'hold', principal, note: '待核实' }),
  object: (principal = people.officer(), objectionId = 'ob-1'): AwardCommand => ({
    kind: 'record-objection', principal, objectionId, objection: { objectorName: '李四', contact: '13800000000', text: '该奖项申报材料不实' },
  }),
  decideObjection: (outcome: 'upheld' | 'dismissed', principal = people.officer(FUJIAN, 'decider'), objectionId = 'ob-1'): AwardCommand => ({
    kind: 'decide-objection', principal, objectionId, outcome, basis: '经核查',
  }),
  endPublicity: (): AwardCommand => ({ kind: 'end-publicity' }),
  serve: (): AwardCommand => ({ kind: 'serve-from-queue' }),
};

let counter = 0;

/** A new Fujian "per regulation" award, AMOUNT_REQUIRED, as recorded. */
export function recorded(): Award {
  counter += 1;
  const [computed] = perRegulationAward(`SPEC-${counter}`).awards;
  if (computed === undefined) throw new Error('the per-regulation fact earns no award');
  return newAward(computed, NOW);
}

/** A new Fujian per-regulation award recorded ON_HOLD by intake (a second lead claim). */
export function recordedHeld(): Award {
  const [computed] = perRegulationAward(`SPEC-HELD-${(counter += 1)}`).awards;
  if (computed === undefined) throw new Error('the per-regulation fact earns no award');
  const hold = { reason: 'SECOND_LEAD_CLAIM', since: NOW.toISOString(), by: 'award-intake', note: 'second lead claim', released: null } as const;
  return recordHeldAward(computed, { now: NOW, hold }).award;
}

/** Decides and evolves, or throws: a step of a history. */
export function apply(award: Award, command: AwardCommand, over: Partial<DecideContext> = {}): Award {
  const decided = decide(command, award, context(over));
  if (!decided.ok) throw new Error(`${command.kind} from ${award.status}: ${decided.code} ${decided.message}`);
  return evolve(award, decided.change);
}

/** The commands that bring a recorded award to each status (the lifecycle's shortest ways there). */
const HISTORIES: Record<Status, Array<[AwardCommand, Partial<DecideContext>?]>> = {
  AMOUNT_REQUIRED: [],
  AWAITING_BUDGET: [[commands.setAmount(), { budget: budget(AMOUNT / 2) }]],
  PENDING_APPROVAL: [[commands.setAmount()]],
  APPROVED: [[commands.setAmount()], [commands.approve(people.approver())]],
  IN_PUBLICITY: [[commands.setAmount()], [commands.approve(people.approver()), publicContext()]],
  PAYING: [[commands.setAmount()], [commands.approve(people.approver())], [commands.claim()]],
  PAYMENT_FAILED: [[commands.setAmount()], [commands.approve(people.approver())], [commands.claim()], [commands.giveBack()]],
  DISBURSED: [[commands.setAmount()], [commands.approve(people.approver())], [commands.claim()], [commands.confirm()]],
  CLAWBACK_DUE: [[commands.setAmount()], [commands.approve(people.approver())], [commands.claim()], [commands.confirm()], [commands.revoke()]],
  CLAWED_BACK: [
    [commands.setAmount()], [commands.approve(people.approver())], [commands.claim()], [commands.confirm()], [commands.revoke()], [commands.repay()],
  ],
  REJECTED: [[commands.setAmount()], [commands.reject(people.approver())]],
  VOIDED: [[commands.revoke()]],
  ON_HOLD: [],
};

/** A fresh award brought to `status` by its history, each step decided and evolved. */
export function awardIn(status: Status): Award {
  const start = status === 'ON_HOLD' ? recordedHeld() : recorded();
  const award = HISTORIES[status].reduce((a, [command, over]) => apply(a, command, over), start);
  expect(award.status).toBe(status);
  return award;
}

export interface Expected {
  readonly status: Status;
  /** The types of the ledger entries the command records, in order. */
  readonly entries?: readonly string[];
  /** What the entries add to each account (net), accounts not named moving nothing. */
  readonly postings?: Partial<Record<Account, number>>;
  /** What the entry's note says. */
  readonly note?: RegExp;
}

function netPostings(change: Change): Partial<Record<Account, number>> {
  const net: Partial<Record<Account, number>> = {};
  for (const p of change.draft.postings) net[p.account] = (net[p.account] ?? 0) + p.deltaFen;
  return Object.fromEntries(Object.entries(net).filter(([, v]) => v !== 0));
}

/** Freezes an award all the way down: a decider that changed the award it was given would throw. */
function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) frozen(inner);
  }
  return value;
}

export function given(award: Award, over: Partial<DecideContext> = {}) {
  frozen(award);
  return {
    when(command: AwardCommand) {
      const decided = decide(command, award, context(over));
      const label = `${award.status} ${command.kind}`;
      return {
        then(expected: Expected): Award {
          expect(decided.ok ? decided.change.award.status : `${decided.code}: ${decided.message}`, label).toBe(expected.status);
          if (!decided.ok) throw new Error('unreachable');
          const after = evolve(award, decided.change);
          expect(after.version, label).toBe(award.version + 1);
          if (expected.entries !== undefined) expect([decided.change.draft.type], label).toEqual(expected.entries);
          if (expected.postings !== undefined) expect(netPostings(decided.change), label).toEqual(expected.postings);
          if (expected.note !== undefined) expect(decided.change.draft.note, label).toMatch(expected.note);
          return after;
        },
        thenFails(code: FailureCode, message?: string | RegExp): void {
          expect(decided.ok ? `moved to ${decided.change.award.status}` : decided.code, label).toBe(code);
          if (message !== undefined && !decided.ok) expect(decided.message, label).toMatch(message);
        },
      };
    },
  };
}
