/**
 * The controls a finance department applies before money leaves (CONTRACT §6, issue 21): holds placed on an award
 * that has not been paid, by an officer (MANUAL), by the credit list (CREDIT_LISTED: when an award is recorded, when it
 * is approved and when a payment run would claim it) and by the annual cap per recipient (CAP_EXCEEDED: atomic with
 * the reservation). The guard here is applied by the store to every change it writes (change-set.ts), so no path that
 * records, approves, reserves or pays can miss it.
 */
import assert from './assert';
import { type Award, type Change, type Decided, draft, fail, holdsReservation, next, releaseBeforePayment } from './awards';
import { type Principal, authorize } from './authz';
import { type CreditEntry, creditHold, listedOn } from './credit';
import type { Hold } from './hold';
import { saysNothing } from './identity';
import type { Status } from './lifecycle';
import { formatYuan } from './money';
import { chinaDate } from './time';
import { andThen } from './note-text';

/** A jurisdiction's controls (the stack's configuration; on this machine the AWARDS_* variables of the local stack). */
export interface JurisdictionControls {
  /** Working days of the public notice (公示) after the final approval; 0 turns publicity off. */
  readonly publicityWorkingDays: number;
  /** The most one recipient receives from the jurisdiction in a fiscal year, in fen; null: no cap. */
  readonly recipientAnnualCapFen: number | null;
  /** Where and how to object, as the public notice says it; null: the notice's default sentence. */
  readonly objectionsTo: string | null;
  /**
   * Time limits (issue 22, 电子监察): approval within this many working days of recording, and payment within
   * `paymentWorkingDays` of the award becoming payable (its final approval, or the end of its notice period); 0: no
   * limit. Counted in China's official calendar, as publicity is (calendar.ts); shared/domain/overdue.ts applies them.
   */
  readonly approvalWorkingDays: number;
  readonly paymentWorkingDays: number;
}

export interface ControlsConfig {
  readonly byJurisdiction: Readonly<Record<string, JurisdictionControls>>;
}

export const NO_CONTROLS: JurisdictionControls = {
  publicityWorkingDays: 0,
  recipientAnnualCapFen: null,
  objectionsTo: null,
  approvalWorkingDays: 0,
  paymentWorkingDays: 0,
};
export const DEFAULT_CONTROLS_CONFIG: ControlsConfig = { byJurisdiction: {} };

export function controlsOf(config: ControlsConfig, jurisdiction: string): JurisdictionControls {
  return config.byJurisdiction[jurisdiction] ?? NO_CONTROLS;
}

export class ControlsConfigError extends Error {
  override name = 'ControlsConfigError';
}

/** Checks a configuration once, where it is read (a wrong one stops the function at start, not an award later). */
export function checkControls(config: ControlsConfig): ControlsConfig {
  for (const [j, c] of Object.entries(config.byJurisdiction)) {
    if (!/^\d{6}$/.test(j)) throw new ControlsConfigError(`controls: ${j} is not a region code`);
    if (!Number.isSafeInteger(c.publicityWorkingDays) || c.publicityWorkingDays < 0 || c.publicityWorkingDays > 30) {
      throw new ControlsConfigError(`controls of ${j}: publicityWorkingDays must be a whole number from 0 to 30`);
    }
    if (c.recipientAnnualCapFen !== null && (!Number.isSafeInteger(c.recipientAnnualCapFen) || c.recipientAnnualCapFen <= 0)) {
      throw new ControlsConfigError(`controls of ${j}: recipientAnnualCapFen must be a positive whole number of fen or null`);
    }
    for (const limit of ['approvalWorkingDays', 'paymentWorkingDays'] as const) {
      if (!Number.isSafeInteger(c[limit]) || c[limit] < 0 || c[limit] > 30) throw new ControlsConfigError(`controls of ${j}: ${limit} must be a whole number from 0 to 30 (0: no limit)`);
    }
  }
  return config;
}

/** What the guard knows of an award's recipient: its credit-list entries, and its year's total against the cap. */
export interface RecipientView {
  readonly credit: readonly CreditEntry[];
  readonly cap: { readonly capFen: number; readonly totalFen: number } | null;
}

/**
 * An award held: nothing reserved and no place in the queue (but under an objection, which keeps the approved
 * award's reservation, approvals and notice period). What it held is released in the same entry.
 */
export function placeHold(award: Award, hold: Hold, now: Date, fields: Partial<Award> = {}): Change {
  const objection = hold.reason === 'OBJECTION';
  assert.ok(!objection || holdsReservation(award), 'an objection suspends an award that holds its reservation');
  const release = objection ? { postings: [], queue: null, amountFen: 0 } : releaseBeforePayment(award);
  const kept = objection ? {} : { approvals: [], publicity: null };
  const updated = next(award, 'ON_HOLD', now, { ...kept, ...fields, hold, waitSeq: null });
  const type = objection ? ('OBJECTION' as const) : ('HELD' as const);
  const held = `held (${hold.reason}) by ${hold.by}: ${hold.note}`;
  const note = release.amountFen > 0 ? andThen(held, `${formatYuan(release.amountFen)} released from its reservation`) : held;
  return { award: updated, draft: draft(updated, { type, actor: hold.by, eventId: null, note, amountFen: release.amountFen, postings: release.postings }, 'ON_HOLD'), queue: release.queue };
}

/** The statuses an officer may hold an award in: any before money leaves, but a disputed payment's. */
const HOLDABLE: ReadonlySet<Status> = new Set(['AMOUNT_REQUIRED', 'AWAITING_BUDGET', 'PENDING_APPROVAL', 'IN_PUBLICITY', 'APPROVED']);

/** An officer of the award's jurisdiction holds it (MANUAL), with a note; another officer releases it. */
export function holdAward(award: Award, principal: Principal, command: { note: string }, context: { now: Date }): Decided {
  const allowed = authorize(principal, { kind: 'hold', jurisdiction: award.jurisdiction });
  if (!allowed.ok) return fail('FORBIDDEN', allowed.reason);
  if (!HOLDABLE.has(award.status)) return fail('CONFLICT', `award is ${award.status}; only an award not yet paid (nor held) is held`);
  if (award.disputed !== null) return fail('CONFLICT', `award is disputed (${award.disputed.exceptionId}): an officer decides the dispute first`);
  const note = command.note.trim();
  if (saysNothing(note)) return fail('VALIDATION', 'note must say why the award is held');
  const hold: Hold = { reason: 'MANUAL', since: context.now.toISOString(), by: principal.user, note, released: null };
  return { ok: true, change: placeHold(award, hold, context.now) };
}

/** Where a change meets the credit list: a new award recorded, an approval, a payment claimed. */
function creditPoint(before: Award | null, change: Change): 'recorded' | 'approved' | 'paid' | null {
  if (before === null) return change.draft.type === 'RECORDED' && !['ON_HOLD', 'VOIDED'].includes(change.award.status) ? 'recorded' : null;
  if (change.draft.type === 'APPROVAL') return 'approved';
  if (change.draft.type === 'PAYMENT_SENT') return 'paid';
  return null;
}

/** What a change reserves: its move from available to reserved, in fen (0 when it reserves nothing). */
export function reservedBy(change: Change): number {
  const reserved = change.draft.postings.find((p) => p.account === 'reserved' && p.deltaFen > 0);
  const available = change.draft.postings.find((p) => p.account === 'available' && p.deltaFen < 0);
  return reserved !== undefined && available !== undefined ? reserved.deltaFen : 0;
}

/**
 * The guard over one change: the change as decided, or the award held instead when its recipient is on the credit
 * list on the day, or when what it reserves would take the recipient's year above the cap. `view` is the recipient
 * as the store read it in the same transaction (the write is conditioned on it), and must be given wherever a
 * change can meet a control.
 */
export function applyControls(before: Award | null, change: Change, view: RecipientView | null, now: Date): Change {
  const point = creditPoint(before, change);
  const reserves = reservedBy(change);
  if (point === null && reserves === 0) return change;
  assert.ok(view !== null, `a ${change.draft.type} change is checked against the recipient's credit list and cap, which must be read`);
  if (point !== null) {
    const listed = listedOn(view.credit, chinaDate(now), change.award.creditOverrides);
    if (listed.length > 0) return heldInstead(before, change, creditHold(listed, now, point), now);
  }
  if (reserves > 0 && view.cap !== null && change.award.capOverride === null && view.cap.totalFen + reserves > view.cap.capFen) {
    const { capFen, totalFen } = view.cap;
    const note = `超过年度奖励上限 / ${formatYuan(reserves)} would take the recipient's ${change.award.fiscalYear} total in ${change.award.jurisdiction} from ${formatYuan(totalFen)} to ${formatYuan(totalFen + reserves)}, above the cap of ${formatYuan(capFen)}`;
    return heldInstead(before, change, { reason: 'CAP_EXCEEDED', since: now.toISOString(), by: 'annual-cap', note, released: null }, now);
  }
  return change;
}

/**
 * The award held in place of `change`. A new award is recorded held; an existing one is held from where it stood,
 * keeping what the change decided of its amount (an amount set, a hold released) but nothing it was to reserve or pay.
 */
function heldInstead(before: Award | null, change: Change, hold: Hold, now: Date): Change {
  const award = change.award;
  if (before === null) {
    const held: Award = { ...award, status: 'ON_HOLD', hold, waitSeq: null, approvals: [] };
    const note = andThen(`recorded on hold (${hold.reason}): ${hold.note}`, award.basis);
    return { award: held, draft: draft(held, { type: 'RECORDED', actor: hold.by, eventId: award.eventId, note, amountFen: 0, postings: [] }, 'ON_HOLD'), queue: null };
  }
  // A payment or an approval never happened: the award as it was. An amount or a release stands: the award as changed.
  const standing = change.draft.type === 'PAYMENT_SENT' || change.draft.type === 'APPROVAL' ? before : { ...award, status: before.status, version: before.version, waitSeq: before.waitSeq, hold: before.hold };
  return placeHold(standing, hold, now, change.draft.type === 'HOLD_RELEASED' ? { creditOverrides: award.creditOverrides, capOverride: award.capOverride } : {});
}
