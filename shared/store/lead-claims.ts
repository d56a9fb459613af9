/**
 * One recipient per fact (CONTRACT §6): one lead per project where a rule pays 每个项目 (hebei-2022 (二), Shijiazhuang's
 * standards sentences), and one recipient per centre, base or zone where a rule pays it once (oncePerFact). The first
 * recipient to claim the fact is kept on a permanent key per detail-type and canonical identity, shared by every
 * such rule of every jurisdiction: a second recipient's claim to the same fact, under the same rule or another (the
 * city's after the province's, the 2016 policy's after the 2022 one's), is recorded ON_HOLD (SECOND_LEAD_CLAIM),
 * never paid automatically, for an officer to decide. This is stricter than the contract's "same rule" (ADR 002): it
 * pays less, never more. The key is written in the transaction that records the first award, conditioned on its
 * absence, so two claims racing cannot both be first.
 */
import * as z from 'zod';
import type { Hold } from '../domain/hold';
import type { ComputedAward } from '../domain/engine';
import { SYSTEM_HOLDER } from '../domain/holds';
import { chinaTime } from '../domain/time';
import { lazy } from '../lazy';
import { type Item, readItem } from './items';
import { keys } from './table';
import { oneRecipientSkeleton } from '../domain/skeleton';

export interface LeadClaim {
  readonly ruleId: string;
  readonly project: string;
  readonly recipientId: string;
  readonly recipientName: string;
  readonly awardId: string;
  readonly reference: string;
  readonly at: string;
}

const schema = lazy(() => z.object({
  ruleId: z.string(), project: z.string(), recipientId: z.string(), recipientName: z.string(), awardId: z.string(), reference: z.string(), at: z.string(),
}));

/** The key of the project an award claims to lead, or null when its rule does not pay one lead per project. */
export function leadKeyOf(award: ComputedAward) {
  return award.leadClaim === null ? null : keys.lead(award.detailType, oneRecipientSkeleton(award.detailType, award.leadClaim));
}

export const parseLead = (item: Item | null): LeadClaim | null => (item === null ? null : readItem(schema(), item, 'lead claim'));

export function leadItem(award: ComputedAward, at: string): Item {
  const key = leadKeyOf(award);
  if (key === null) throw new RangeError(`${award.ruleId} pays no single lead`);
  const claim: LeadClaim = { ruleId: award.ruleId, project: award.leadClaim ?? '', recipientId: award.recipientId, recipientName: award.recipient.name, awardId: award.awardId, reference: award.reference, at };
  return { ...key, itemType: 'lead', ...claim };
}

/** The hold a claim meets when another recipient already claimed the fact, under any rule; null when it is first. */
export function secondLeadHold(award: ComputedAward, first: LeadClaim | null, now: Date): Hold | null {
  if (first === null || first.recipientId === award.recipientId) return null;
  // In Chinese first, for the finance officer who decides it; then in English, as the ledger's notes are.
  const fact = award.leadClaim ?? '';
  const lead = LEAD_DETAIL_TYPES.has(award.detailType);
  const claimed = `${fact} 已由 ${first.recipientName}（${first.recipientId}）${lead ? '主持申报' : '申报'}（奖励 ${first.awardId}，${first.ruleId}，北京时间 ${chinaTime(new Date(first.at))}），`;
  const why = lead ? '每个项目只奖励一个主持单位' : '同一中心、基地或示范区只奖励一次';
  const note = `${claimed}${why}：本次重复申报暂缓支付，由经办人核实后附依据解除，或由审批人驳回。`
    + ` / ${fact} was already claimed by ${first.recipientName} (${first.ruleId}): `
    + (lead ? '每个项目 pays one lead per project' : 'a centre, base or zone is paid once, to one recipient')
    + ', so this second claim waits for an officer (release it with a basis, or reject it)';
  return { reason: 'SECOND_LEAD_CLAIM', since: now.toISOString(), by: SYSTEM_HOLDER, note, released: null };
}

/** The detail-types whose one-recipient rules pay the lead of a project (每个项目), not a thing paid once. */
const LEAD_DETAIL_TYPES: ReadonlySet<string> = new Set(['StandardPublished', 'StandardInnovationAwardWon']);
