/**
 * One fact, spelt two ways (issue 20 re-attack H1): a standard number with a division slash or a Cyrillic Т, a
 * centre's name in traditional characters, is another canonical identity, so another award id (CONTRACT §1), and was
 * paid again. The first spelling of a fact is kept per detail-type, recipient and skeleton (shared/domain/skeleton.ts);
 * a fact whose canonical identity is new but whose skeleton a fact of the same recipient already has is recorded
 * ON_HOLD (SECOND_LEAD_CLAIM: a second claim to one fact), never paid automatically, for an officer to release (it is
 * another fact after all) or an approver to reject. The key is written with the first spelling's awards, conditioned on
 * its absence, and claimed in the chunk, so two spellings racing cannot both be first.
 */
import * as z from 'zod';
import type { Hold } from '../domain/hold';
import { SYSTEM_HOLDER } from '../domain/holds';
import type { FactIdentity } from '../domain/identity';
import { skeletonOf } from '../domain/skeleton';
import { chinaTime } from '../domain/time';
import { lazy } from '../lazy';
import { type Item, readItem } from './items';
import { keys } from './table';

export interface Spelling {
  readonly identity: string;
  readonly eventId: string;
  readonly reference: string;
  readonly at: string;
}

const schema = lazy(() => z.object({ identity: z.string(), eventId: z.string(), reference: z.string(), at: z.string() }));

export const spellingKeyOf = (fact: FactIdentity) => keys.spelling(fact.detailType, fact.recipientId, skeletonOf(fact.identity));

export const parseSpelling = (item: Item | null): Spelling | null => (item === null ? null : readItem(schema(), item, 'spelling'));

export function spellingItem(fact: FactIdentity, first: Spelling): Item {
  return { ...spellingKeyOf(fact), itemType: 'spelling', ...first };
}

/** The hold a fact meets when the same recipient's fact of another spelling came first; null when it is the first. */
export function otherSpellingHold(fact: FactIdentity, first: Spelling | null, now: Date): Hold | null {
  if (first === null || first.identity === fact.identity) return null;
  const note = `${fact.identity} 与已登记的 ${first.identity}（事项文号 ${first.reference}，北京时间 ${chinaTime(new Date(first.at))}）写法不同，疑为同一事项：`
    + '本次申报暂缓支付，由经办人核实为不同事项后附依据解除，或由审批人驳回。'
    + ` / ${fact.identity} reads as ${first.identity}, which this recipient already claimed (${first.reference}): held as a possible`
    + ' second claim to one fact, for an officer to release with a basis if it is another fact, or to reject';
  return { reason: 'SECOND_LEAD_CLAIM', since: now.toISOString(), by: SYSTEM_HOLDER, note, released: null };
}
