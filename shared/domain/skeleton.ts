/**
 * The skeleton of an identity (issue 20 re-attack H1, H2): what is left of a canonical identity when every difference
 * a reader does not see, or does not mind, is read away. Traditional characters as simplified (国/國), Cyrillic and
 * Greek letters that look Latin as Latin (Т/T), O as 0 and I as 1, decimal digits of any script as ASCII, accents,
 * every preparation word (筹, 筹建中, 筹备组, 在筹), and every character that is neither a letter nor a digit (slashes,
 * dashes, brackets, wave dashes, long-vowel marks, blanks). Award ids stay on the canonical identity (CONTRACT §1):
 * the skeleton only finds facts that may be one, so that a second spelling is held for an officer, never paid on its
 * own (lead-claims.ts, spellings.ts). Two facts that share a skeleton without being one are held too: that pays less,
 * never more.
 */
import { sify } from 'chinese-conv';
import { decimalValue } from './id-numbers-in-text';
import { canonicalText } from './identity';

/** Letters of other scripts drawn as Latin capitals are (after upper-casing), and the letters drawn as digits. */
const LOOKALIKES: Readonly<Record<string, string>> = Object.fromEntries([
  ...Array.from('АВЕЅІЈКМНОРСТХУԚԜҮҺӀ', (c, i) => [c, 'ABESIJKMHOPCTXYQWYHI'.charAt(i)]),
  ...Array.from('ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ', (c, i) => [c, 'ABEZHIKMNOPTYX'.charAt(i)]),
].map(([c, latin]) => [c, latin === 'O' ? '0' : latin === 'I' ? '1' : latin]).concat([['O', '0'], ['I', '1']]));

/** 筹 and the words a document puts it in to say a thing is being prepared: 筹建, 筹备, 筹办, 筹建中, 筹备组, 在筹. */
const PREPARATION_WORDS = /在?[筹籌](?:建|备|備|办|辦)?(?:中|组|組)?/gu;
/** What a skeleton keeps: letters (not modifier letters such as ー) and digits. */
const NOT_KEPT = /\p{Lm}|[^\p{L}\p{N}]/gu;
const DECIMAL = /^\p{Nd}$/u;

export function skeletonOf(text: string): string {
  const folded = sify(canonicalText(text)).normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
  const letters = Array.from(folded, (c) => LOOKALIKES[c] ?? (DECIMAL.test(c) ? decimalValue(c) : c)).join('');
  return letters.replace(PREPARATION_WORDS, '').replace(NOT_KEPT, '');
}

/**
 * The skeleton under which a fact paid to one recipient is claimed (one lead per project, a centre, base or zone paid
 * once): a centre by its name alone, whatever kind and level a document gives it (a revocation names it so too), so
 * that a second enterprise cannot claim one centre as another kind; every other fact by its whole identity.
 */
export function oneRecipientSkeleton(detailType: string, identity: string): string {
  if (detailType === 'CentreApproved') return skeletonOf(identity.split('/').slice(2).join('/'));
  return skeletonOf(identity);
}
