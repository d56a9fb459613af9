/**
 * Written, real-name objections to an award on the public notice (公示, CONTRACT §6). An officer of the award's
 * jurisdiction records one received during the notice period: the award is held (OBJECTION), keeping its reservation.
 * Another officer decides it, with a basis: upheld, the award is REJECTED and its money released; dismissed, it goes
 * back to publicity, or on to APPROVED when the period is over (with every objection decided).
 */
import assert from './assert';
import { type Award, type Decided, type Objection, draft, fail, next, releaseBeforePayment } from './awards';
import { type Principal, authorize } from './authz';
import { placeHold } from './controls';
import type { Hold } from './hold';
import { saysNothing } from './identity';
import { LIMITS } from '../limits';
import { maskNameIn, maskPersonName } from './names';
import { andThen } from './note-text';

export interface ObjectionCommand {
  readonly objectorName: string;
  readonly contact: string;
  readonly text: string;
  readonly evidenceRef?: string | null;
}

/** Words that stand for no one, or say the writer will not be named: an objection under them is anonymous. */
const NO_NAME = /^(?:无|无名氏?|佚名|不详|未知|保密|某某|群众|网友|市民|举报人|知情人|anonymous|anon|unknown|none|n\/?a|null|test)$/iu;
const NO_NAME_WORDS = /匿名|不愿透露|不便透露|群众来信|一位|某位|知情人|热心/u;

/**
 * Why an objector's name is not a real name, or null: nothing, one character, a word for no one, a name masked (张*,
 * 王某), or no letters at all (-, 。, 123). Read after NFKC and without format characters (ｎｏｎｅ, 匿名 + U+200B).
 */
export function objectorNameProblem(name: string): string | null {
  const read = name.normalize('NFKC').replace(/\p{Cf}/gu, '').trim().replace(/\s+/gu, ' ');
  const bare = read.replace(/[\s.。·・()（）[\]【】_-]/gu, '');
  const anonymous = 'objectorName must give the objector\'s real name (anonymous objections are not taken)';
  if (saysNothing(read) || NO_NAME.test(bare) || NO_NAME_WORDS.test(bare)) return anonymous;
  if (/[*?？]|某/u.test(read)) return `objectorName must be the objector's name whole, not masked (${JSON.stringify(read).slice(0, 20)})`;
  if (!/^\p{L}[\p{L}\p{M}\s.·'-]*$/u.test(read) || [...bare].length < 2) return `objectorName must be a person's or an organisation's name, got ${JSON.stringify(read).slice(0, 20)}`;
  return null;
}

function problemOf(command: ObjectionCommand): string | null {
  const name = objectorNameProblem(command.objectorName);
  if (name !== null) return name;
  if ([...command.objectorName.trim()].length > 50) return 'objectorName is longer than 50 characters';
  if (saysNothing(command.contact)) return 'contact must say how to reach the objector (a telephone number or an address)';
  if ([...command.contact.trim()].length > 200) return 'contact is longer than 200 characters';
  if (saysNothing(command.text)) return 'text must give the objection as written';
  if ([...command.text].length > LIMITS.controls.objectionTextCharsMax) return `text is longer than ${LIMITS.controls.objectionTextCharsMax} characters: attach it as evidence and summarise`;
  if ((command.evidenceRef ?? '').length > 200) return 'evidenceRef is longer than 200 characters';
  return null;
}

/** An officer records an objection received during the notice period: the award held, or held by one more. */
export function recordObjection(award: Award, principal: Principal, command: ObjectionCommand, context: { now: Date; objectionId: string }): Decided {
  const allowed = authorize(principal, { kind: 'object', jurisdiction: award.jurisdiction });
  if (!allowed.ok) return fail('FORBIDDEN', allowed.reason);
  const underObjection = award.status === 'ON_HOLD' && award.hold?.reason === 'OBJECTION';
  if (award.status !== 'IN_PUBLICITY' && !underObjection) return fail('CONFLICT', `award is ${award.status}; objections are recorded while it is on the public notice (IN_PUBLICITY)`);
  const publicity = award.publicity;
  if (publicity === null) return fail('CONFLICT', 'award has no notice period');
  if (context.now.toISOString() > publicity.until) return fail('CONFLICT', `the notice period ended at ${publicity.until}; an objection after it is not taken here`);
  const problem = problemOf(command);
  if (problem !== null) return fail('VALIDATION', problem);
  if (award.objections.length >= LIMITS.controls.objectionsPerAwardMax) return fail('CONFLICT', `award already has ${award.objections.length} objections, the most kept`);
  if (award.objections.some((o) => o.objectionId === context.objectionId)) return fail('CONFLICT', `objection ${context.objectionId} exists`);
  const at = context.now.toISOString();
  const objection: Objection = {
    objectionId: context.objectionId,
    objectorName: command.objectorName.trim(),
    contact: command.contact.trim(),
    text: command.text.trim(),
    evidenceRef: command.evidenceRef?.trim() || null,
    recordedBy: principal.user,
    recordedAt: at,
    decision: null,
  };
  const objections = [...award.objections, objection];
  // The ledger names the objector masked and never their contact nor their text (which may name them, or others, or
  // give a telephone number): it is read by every auditor; the text is kept on the award, whole for officers.
  const summary = `objection ${objection.objectionId} by ${maskPersonName(objection.objectorName)} recorded by ${principal.user}: ${[...objection.text].length} characters, kept on the award${objection.evidenceRef === null ? '' : ' with evidence'}`;
  if (underObjection) {
    const updated = next(award, 'ON_HOLD', context.now, { objections });
    return { ok: true, change: { award: updated, draft: draft(updated, { type: 'OBJECTION', actor: principal.user, eventId: null, note: summary, amountFen: 0, postings: [] }, 'ON_HOLD'), queue: null } };
  }
  const hold: Hold = { reason: 'OBJECTION', since: at, by: principal.user, note: summary, released: null };
  return { ok: true, change: placeHold(award, hold, context.now, { objections }) };
}

/** Another officer decides an objection, with a basis. */
export function decideObjection(
  award: Award,
  principal: Principal,
  command: { objectionId: string; outcome: 'upheld' | 'dismissed'; basis: string },
  context: { now: Date },
): Decided {
  const allowed = authorize(principal, { kind: 'object', jurisdiction: award.jurisdiction });
  if (!allowed.ok) return fail('FORBIDDEN', allowed.reason);
  const objection = award.objections.find((o) => o.objectionId === command.objectionId);
  if (objection === undefined) return fail('NOT_FOUND', `award ${award.awardId} has no objection ${command.objectionId}`);
  if (objection.decision !== null) return fail('CONFLICT', `objection ${objection.objectionId} was already ${objection.decision.outcome} by ${objection.decision.by}`);
  if (award.status !== 'ON_HOLD' || award.hold?.reason !== 'OBJECTION') return fail('CONFLICT', `award is ${award.status}; its objections are no longer open`);
  if (objection.recordedBy === principal.user) return fail('FORBIDDEN', `dual control: ${principal.user} recorded this objection, so another officer must decide it`);
  const basis = command.basis.trim();
  if (saysNothing(basis)) return fail('VALIDATION', 'basis must say on what the decision rests');
  const at = context.now.toISOString();
  const decision = { outcome: command.outcome, basis, by: principal.user, at };
  const objections = award.objections.map((o) => (o.objectionId === objection.objectionId ? { ...o, decision } : o));
  // A basis may name an objector (经核查 王五 反映属实): the ledger names each of them masked, as it does when recorded.
  const maskedBasis = award.objections.reduce((text, o) => maskNameIn(text, o.objectorName), basis);
  const note = `objection ${objection.objectionId} ${command.outcome} by ${principal.user}: ${maskedBasis}`;
  const entry = { type: 'OBJECTION_DECIDED' as const, actor: principal.user, eventId: null };
  if (command.outcome === 'upheld') {
    const release = releaseBeforePayment(award);
    const updated = next(award, 'REJECTED', context.now, { objections });
    const freed = andThen(note, 'the award is rejected and its reservation released');
    return { ok: true, change: { award: updated, draft: draft(updated, { ...entry, note: freed, amountFen: release.amountFen, postings: release.postings }, 'REJECTED'), queue: null } };
  }
  const open = objections.some((o) => o.decision === null);
  const hold = award.hold;
  const released = open ? {} : { hold: { ...hold, released: { by: principal.user, at, basis } } };
  assert.ok(hold !== null, 'an award under objection is held for it');
  const to = open ? 'ON_HOLD' : award.publicity !== null && at <= award.publicity.until ? 'IN_PUBLICITY' : 'APPROVED';
  const updated = next(award, to, context.now, { objections, ...released });
  const after = andThen(note, open ? 'other objections stay open' : to === 'IN_PUBLICITY' ? `back on the public notice until ${award.publicity?.until ?? ''}` : 'the notice period is over: approved');
  return { ok: true, change: { award: updated, draft: draft(updated, { ...entry, note: after, amountFen: 0, postings: [] }, to), queue: null } };
}
