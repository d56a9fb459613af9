/**
 * One lead per project (CONTRACT §6; hebei-2022 (二) and Shijiazhuang's standards sentences pay 每个项目): the first
 * recipient to claim it leads a project (draftingRank 1) under a rule that pays one lead is kept on a permanent key per
 * rule and project; a second recipient's claim to have led the same project is recorded ON_HOLD (SECOND_LEAD_CLAIM),
 * never paid automatically, for an officer to decide. The key is written in the transaction that records the first
 * award, conditioned on its absence, so two claims racing cannot both be first.
 */
import * as z from 'zod';
import type { Hold } from '../domain/hold';
import type { ComputedAward } from '../domain/engine';
import { SYSTEM_HOLDER } from '../domain/holds';
import { chinaTime } from '../domain/time';
import { lazy } from '../lazy';
import { type Item, readItem } from './items';
import { keys } from './table';

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
export const leadKeyOf = (award: ComputedAward) => (award.leadClaim === null ? null : keys.lead(award.ruleId, award.leadClaim));

export const parseLead = (item: Item | null): LeadClaim | null => (item === null ? null : readItem(schema(), item, 'lead claim'));

export function leadItem(award: ComputedAward, at: string): Item {
  const key = leadKeyOf(award);
  if (key === null) throw new RangeError(`${award.ruleId} pays no single lead`);
  const claim: LeadClaim = { ruleId: award.ruleId, project: award.leadClaim ?? '', recipientId: award.recipientId, recipientName: award.recipient.name, awardId: award.awardId, reference: award.reference, at };
  return { ...key, itemType: 'lead', ...claim };
}

/** The hold a claim meets when another recipient already leads the project under the rule; null when it leads. */
export function secondLeadHold(award: ComputedAward, first: LeadClaim | null, now: Date): Hold | null {
  if (first === null || first.recipientId === award.recipientId) return null;
  // In Chinese first, for the finance officer who decides it; then in English, as the ledger's notes are.
  const project = award.leadClaim ?? '';
  const note = `${project} 已由 ${first.recipientName}（${first.recipientId}）主持申报（奖励 ${first.awardId}，北京时间 ${chinaTime(new Date(first.at))}），每个项目只奖励一个主持单位：`
    + '本次重复申报暂缓支付，由经办人核实后附依据解除，或由审批人驳回。'
    + ` / ${project} is already led by ${first.recipientName} under ${award.ruleId}: 每个项目 pays one lead per project, so this second`
    + ' claim waits for an officer (release it with a basis, or reject it)';
  return { reason: 'SECOND_LEAD_CLAIM', since: now.toISOString(), by: SYSTEM_HOLDER, note };
}
