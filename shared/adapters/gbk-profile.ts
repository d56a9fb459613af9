/**
 * Whether bytes read as GB18030 (GBK) are Chinese text or other bytes that happen to be valid GBK, Big5 above all
 * (Traditional-Chinese Windows): every Big5 character is a valid GBK one, so no decoder refuses it (ADR 026). Import-free,
 * so the console loads it too.
 *
 * Simplified Chinese text saved as GBK is almost all in GB2312's rows (both bytes A1–FE). Big5 puts about two in five
 * of its characters' second bytes in 40–7E, outside them, and many of the rest on GB2312's kana, Greek and Cyrillic
 * rows: 違法 reads 「笻猭」, 失信被執行人名單 「ア獺砆磅︽□□虫」. A reading is taken as no Chinese text when it holds
 * private use (GBK's user-defined rows), or when more than a third of what is not ASCII is outside GB2312 or on those
 * rows. Every one of 53 Big5 list names tried scores 0.4 or more; a Simplified name with one Greek letter, kana or rare
 * character among three or more (β名单, 河北堃昇科技) stays under it.
 */

/** GB2312's rows: both bytes A1–FE, the first A1–A9 (symbols, kana, Greek, Cyrillic, pinyin, box drawing) or B0–F7 (hanzi). */
const inGb2312 = (lead: number, trail: number) => ((lead >= 0xa1 && lead <= 0xa9) || (lead >= 0xb0 && lead <= 0xf7)) && trail >= 0xa1 && trail <= 0xfe;

/** Greek, Cyrillic, box drawing, kana, bopomofo and vertical forms: in GB2312, but hardly in a Chinese list name. */
const unlikeChinese = (c: number) =>
  (c >= 0x370 && c <= 0x4ff) || (c >= 0x2500 && c <= 0x257f) || (c >= 0x3040 && c <= 0x30fa) || (c >= 0x3100 && c <= 0x312f) || (c >= 0xfe10 && c <= 0xfe4f);

export const isPrivateUse = (c: number): boolean => c >= 0xe000 && c <= 0xf8ff;

interface Tally { chars: number; odd: number; privateUse: boolean }

/** Bytes (GB18030) and their text: the characters that are not ASCII, how many of them look unlike Chinese, any private use. */
function tally(bytes: Uint8Array, text: string): Tally {
  let chars = 0;
  let odd = 0;
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const trail = bytes[i + 1] ?? 0;
    chars += 1;
    // A four-byte sequence (second byte 30–39) is no GBK character at all.
    const four = trail >= 0x30 && trail <= 0x39;
    if (four || !inGb2312(lead, trail)) odd += 1;
    i += four ? 4 : 2;
  }
  let privateUse = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (unlikeChinese(c)) odd += 1;
    if (isPrivateUse(c)) privateUse = true;
  }
  return { chars, odd, privateUse };
}

const noChinese = (t: Tally) => t.privateUse || (t.chars > 0 && t.odd * 3 > t.chars);

/** The line (1-based) a refusal quotes, and its bytes. */
export interface SuspectLine {
  readonly line: number;
  readonly bytes: Uint8Array;
}

/**
 * Null when `text`, the GB18030 reading of `bytes`, is Chinese text as a whole; else the first line that is not (a line
 * ends at LF, which no GBK or GB18030 character's bytes hold), for the refusal to quote.
 */
export function notChineseLine(bytes: Uint8Array, text: string): SuspectLine | null {
  if (!noChinese(tally(bytes, text))) return null;
  const decoder = new TextDecoder('gb18030');
  for (let from = 0, line = 1; from < bytes.length; line++) {
    const end = bytes.indexOf(0x0a, from);
    const to = end === -1 ? bytes.length : end;
    const own = bytes.subarray(from, to);
    if (noChinese(tally(own, decoder.decode(own)))) return { line, bytes: own };
    from = to + 1;
  }
  return { line: 1, bytes };
}
