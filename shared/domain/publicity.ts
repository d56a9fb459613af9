/**
 * The public notice (公示, CONTRACT §6): the end of an award's notice period, and the notice list as a government
 * website posts it. Pure: the store finds the awards whose period has ended (a bounded queue) and the API renders the
 * rows as JSON, CSV or xlsx.
 */
import { type Award, type Change, draft, next } from './awards';
import type { Catalog } from './catalog';
import { maskNameIn, maskPersonName } from './names';
import { redactIdNumbers } from './person';
import { chinaDate } from './time';
import { JURISDICTION_NAMES } from './region';

/** The period ended with no open objection: the award is payable (APPROVED). Null while it runs. */
export function endPublicity(award: Award, context: { now: Date }): Change | null {
  if (award.status !== 'IN_PUBLICITY' || award.publicity === null) return null;
  if (context.now.toISOString() <= award.publicity.until) return null;
  const updated = next(award, 'APPROVED', context.now, {});
  const note = `公示期满无异议 / the notice period ended ${chinaDate(new Date(award.publicity.until))} with no open objection: payable`;
  return { award: updated, draft: draft(updated, { type: 'PUBLICITY_ENDED', actor: 'publicity-sweep', eventId: null, note, amountFen: 0, postings: [] }, 'APPROVED'), queue: null };
}

/** One row of the notice: nothing a website must not show (no identity number, a person's name masked). */
export interface NoticeRow {
  readonly awardId: string;
  readonly recipientName: string;
  readonly recipientKind: 'enterprise' | 'organization' | 'individual';
  /** A credit code for an enterprise or organisation (public already); nothing for a person. */
  readonly uscc: string | null;
  readonly policy: string;
  readonly clause: string;
  readonly rule: string;
  readonly reference: string;
  readonly amountFen: number;
  readonly fromDate: string;
  readonly untilDate: string;
  /** 公示中, or 异议处理中 while an objection is being decided. */
  readonly state: 'IN_PUBLICITY' | 'OBJECTION';
}

export function noticeRow(award: Award, catalog: Catalog): NoticeRow {
  const policy = catalog.policies.find((p) => p.id === award.policyId);
  const rule = policy?.versions.find((v) => v.version === award.policyVersion)?.rules.find((r) => r.id === award.ruleId);
  const person = award.recipient.kind === 'individual';
  const publicity = award.publicity;
  return {
    awardId: award.awardId,
    recipientName: person ? maskPersonName(award.recipient.name) : award.recipient.name,
    recipientKind: award.recipient.kind,
    uscc: award.recipient.kind === 'individual' ? null : award.recipient.uscc,
    policy: policy?.title ?? award.policyId,
    clause: award.clause,
    rule: rule?.summary ?? award.ruleId,
    // A reference may name the person (张三丰技能大师工作室) or hold their number: the notice shows neither whole.
    reference: person ? redactIdNumbers(maskNameIn(award.reference, award.recipient.name)) : award.reference,
    amountFen: award.amountFen ?? 0,
    fromDate: publicity === null ? '' : chinaDate(new Date(publicity.from)),
    untilDate: publicity === null ? '' : chinaDate(new Date(publicity.until)),
    state: award.status === 'ON_HOLD' ? 'OBJECTION' : 'IN_PUBLICITY',
  };
}

/** Where and how to object, as the notice says it: the jurisdiction's own words, or the default sentence. */
export function objectionsSentence(jurisdiction: string, configured: string | null): string {
  if (configured !== null && configured.trim() !== '') return configured.trim();
  // The catalog's names read 'Hebei Province 河北省': the notice names the jurisdiction in Chinese.
  const name = (JURISDICTION_NAMES[jurisdiction] ?? jurisdiction).split(' ').at(-1) ?? jurisdiction;
  return `公示期内，任何单位或个人对公示内容有异议的，请以书面形式实名向${name}奖励资金主管部门（财务部门）提出，写明异议事项和理由，附联系方式及证明材料；匿名异议不予受理。`;
}
