/**
 * The skeleton of an identity (issue 20 re-attack H1, H2): what is left of a canonical identity when every difference
 * a reader does not see, or does not mind, is read away. Traditional characters as simplified (国/國), Cyrillic and
 * Greek letters that look Latin as Latin (Т/T), O as 0 and I as 1, decimal digits of any script as ASCII, accents,
 * a number's leading zeros, every preparation word (筹, 筹建中, 筹备组, 在筹), and every character that is neither a letter nor a digit (slashes,
 * dashes, brackets, wave dashes, long-vowel marks, blanks). Award ids stay on the canonical identity (CONTRACT §1):
 * the skeleton only finds facts that may be one, so that a second spelling is held for an officer, never paid on its
 * own (lead-claims.ts, spellings.ts). Two facts that share a skeleton without being one are held too: that pays less,
 * never more.
 */
import { sify } from 'chinese-conv';
import { digitOf } from './id-numbers-in-text';
import { canonicalText } from './identity';

/** Letters of other scripts drawn as Latin capitals are (after upper-casing), and the letters drawn as digits. */
const LOOKALIKES: Readonly<Record<string, string>> = Object.fromEntries([
  ...Array.from('АВЕЅІЈКМНОРСТХУԚԜҮҺӀ', (c, i) => [c, 'ABESIJKMHOPCTXYQWYHI'.charAt(i)]),
  ...Array.from('ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ', (c, i) => [c, 'ABEZHIKMNOPTYX'.charAt(i)]),
].map(([c, latin]) => [c, latin === 'O' ? '0' : latin === 'I' ? '1' : latin]).concat([['O', '0'], ['I', '1'], ['L', '1'], ['Z', '2']]));

/**
 * A preparation phrase: a bracketed aside that says the thing is being prepared (（筹）, （筹建阶段）, （申请筹建）, （拟建）,
 * (preparatory)), or such words closing the name (筹建办公室, 筹备组, 在筹). Inside a name 筹 is a word's own (统筹).
 */
const OPEN = '([{<\u3008\u300A\u300C\u300E\u3010\u3014\u3016\u3018\u301A\uFF08\u2768\u276A\u276C\u276E\u2770\u2772\u2774';
const CLOSE = ')\\]}>\u3009\u300B\u300D\u300F\u3011\u3015\u3017\u3019\u301B\uFF09\u2769\u276B\u276D\u276F\u2771\u2773\u2775';
const PREPARING = '(?:[筹籌]|[拟擬]建|PREPARAT|建设中|建設中|试运行|試運行|暂定名|暫定名|准备中|準備中)';
const BRACKETED = new RegExp(`[${OPEN}][^${CLOSE}]*${PREPARING}[^${CLOSE}]*(?:[${CLOSE}]|$)`, 'gu');
const CLOSING_WORDS = /(?:申请|申請|获批|獲批|获准|獲准|拟|擬)?在?[筹籌][建备備办辦委员員会會组組工作领領导導小项項目期中处處阶階段公室]{0,8}$/u;
/** The same opening a name: 筹建国家…, 筹建中的…, 拟建… (re-attack 3). */
const OPENING_WORDS = /^(?:[筹籌](?:建|备|備)|[拟擬]建)(?:中的|中|的)?/u;
/** Variants 繁→简 leaves: older or Japanese forms of characters centres and bases are named with. */
const VARIANTS: Readonly<Record<string, string>> = Object.fromEntries(Array.from('囯國圀検験険圧県済単証広発経総録図団関気変転対栄芸鉄楽実売読応歩駅価仮区囲衞羣峯戸薬騐ロエカハトㄧㅁーニタ',
  (c, i) => [c, '国国国检验险压县济单证广发经总录图团关气变转对荣艺铁乐实卖读应步驿价假区围卫群峰户药验口工力八卜一口一二夕'.charAt(i)]));
/** Dots people write between the parts of a number (GB/T 1.1): one dot; every other sign goes. */
const DOTS = /[\u00B7\u2022\u2027\u2219\u22C5\u30FB\u3002\uFF0E\uFF61]/gu;
/** What a skeleton keeps: letters (not modifier letters such as ー), digits and the dot. */
const NOT_KEPT = /\p{Lm}|[^\p{L}\p{N}.]/gu;

export function skeletonOf(text: string): string {
  const unprepared = canonicalText(text).replace(BRACKETED, '');
  const folded = sify(unprepared).normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().replace(DOTS, '.');
  // Look-alikes first, then numerals: ハ is read as 八 before 八 is read as 8 (re-attack 4).
  const letters = Array.from(folded, (c) => {
    const seen = VARIANTS[c] ?? LOOKALIKES[c] ?? c;
    return digitOf(seen) ?? seen;
  }).join('');
  // A number's leading zeros are read away (GB/T 090000 is GB/T 90000), but not a dot's decimals (GB/T 1.01 is not 1.1);
  // a dot is kept between two digits only (GB/T 1.1 is not GB/T 11); anywhere else it is punctuation (a full stop).
  return letters.replace(/(?<![0-9.])0+(?=[0-9])/gu, '').replace(NOT_KEPT, '').replace(/(?<![0-9])\.|\.(?![0-9])/gu, '').replace(CLOSING_WORDS, '').replace(OPENING_WORDS, '');
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
