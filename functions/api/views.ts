/**
 * What the API shows of personal data (ADR 009): an award of a person carries the identity number whole only in the
 * answer about that one award to an officer of its jurisdiction; lists, and every answer to anyone else, carry it
 * masked (`130102********123X`). Awards of enterprises and organizations are shown as stored.
 */
import { maskPersonName } from '../../shared/domain/names';
import type { Award } from '../../shared/domain/awards';
import { type Principal, seesIdNumbers } from '../../shared/domain/authz';
import { maskIdNumber } from '../../shared/domain/person';

export function maskedAward<A extends Award>(award: A): A {
  const { recipient } = award;
  // An objector's name and contact are personal data (CONTRACT §6): whole only to the officers of the jurisdiction.
  const objections = award.objections.map((o) => ({ ...o, objectorName: maskPersonName(o.objectorName), contact: '***' }));
  if (recipient.kind !== 'individual') return { ...award, objections };
  return { ...award, objections, recipient: { ...recipient, idNumber: maskIdNumber(recipient.idNumber) } };
}

/** One award, as this principal may see it. */
export function awardFor<A extends Award>(principal: Principal, award: A): A {
  return seesIdNumbers(principal, award.jurisdiction) ? award : maskedAward(award);
}
