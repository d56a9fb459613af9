/**
 * The files people bring, as text: the one place their bytes become a string (the CLI, the console, the API's
 * bank-file route and bank-inbound all call it), strictly, or refused with the reason (ADR 026). Import-free, so the
 * console loads it too.
 *
 * A bank file: in the encoding XML 1.0 (Appendix F) finds, its declaration rewritten to UTF-8 for libxml2, which parses
 * the string as Unicode. A CSV an officer saved from Excel or WPS (a credit list): by its mark, else UTF-8, else
 * GB18030, the code page Excel's 「CSV（逗号分隔）」 writes on Chinese Windows (GBK is a subset); bytes that could be
 * either are refused as ambiguous. Nothing is read with replacement characters (a list name stored as 「ʧ�ű�」 would be
 * shown on every award it holds).
 */
/** The encoding a byte-order mark names, or null without one. */
export function byteOrderMark(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** A file refused for what it is (its size, its bytes): reading it again gives the same answer, so it is not retried. */
export class FileRefusedError extends Error {
  override name = 'FileRefusedError';
}

/** How a CSV read in two encodings: what each reading gives, for a reader that says it in its own words (the console). */
export type CsvReadings
  = | { readonly kind: 'ambiguous'; readonly utf8: string; readonly gbk: string }
    | { readonly kind: 'not-chinese'; readonly line: number; readonly gbk: string; readonly big5: string | null };

/** Why a file's bytes are not text in the encoding they are read in: refused with this reason, never read with U+FFFD. */
export class TextEncodingError extends FileRefusedError {
  override name = 'TextEncodingError';

  constructor(message: string, readonly readings: CsvReadings | null = null) {
    super(message);
  }
}

const DECLARATION = /^(<\?xml[^>]*?\bencoding\s*=\s*)(["'])([A-Za-z][A-Za-z0-9._:-]*)\2/;

/**
 * The encoding of a bank file's bytes, as XML 1.0 (Appendix F) finds it: a byte-order mark; UTF-16 without one by its
 * first characters `<?` (3C 00 3F 00, 00 3C 00 3F); else the declaration's, when it names one other than UTF-8 or
 * UTF-16 (a bank's tool may write GB18030 and say so); else UTF-8.
 */
function bankFileEncoding(bytes: Uint8Array): { encoding: string; declared: boolean } {
  const marked = byteOrderMark(bytes);
  if (marked !== null) return { encoding: marked, declared: false };
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return { encoding: 'utf-16le', declared: false };
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return { encoding: 'utf-16be', declared: false };
  const declared = DECLARATION.exec(String.fromCharCode(...bytes.subarray(0, 200)))?.[3]?.toLowerCase();
  return { encoding: declared ?? 'utf-8', declared: declared !== undefined };
}

/**
 * Text as libxml2 reads it: no leading BOM, and a declaration that names an encoding says UTF-8 (the string is Unicode
 * to it). Text that holds NUL (UTF-16 read as UTF-8, or no text) is refused with the reason. U+FFFD is not: a bank
 * echoes the names we sent, and a name stored with one before it was refused (shared/domain/payees.ts) must not make
 * every answer about its payment unreadable (attack review 2, HIGH); what money turns on (ids, amounts) is ASCII.
 */
export function bankFileText(text: string): string {
  if (text.includes('\u0000')) throw new TextEncodingError('holds NUL characters, which no XML file has: it is UTF-16 read as UTF-8, or not text; save it as UTF-8, or send its bytes as they are');
  const bare = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return bare.replace(DECLARATION, '$1$2UTF-8$2');
}

/** No character above U+07FF (none of CJK): the UTF-8 reading of short GBK names (欠税 as 「Ƿ˰」) looks so. */
const withinTwoByteUtf8 = (text: string) => ![...text].some((c) => (c.codePointAt(0) ?? 0) > 0x7ff);

/** The most bytes a bank file of `max` bytes as UTF-8 can take in any encoding it is read in (UTF-16 of ASCII halves). */
export const rawBankFileBytesMax = (max: number): number => 2 * max;

/** decodeBankFile, the file refused (FileRefusedError) when it is over `max` bytes as UTF-8, as the API takes it. */
export function decodeBankFileWithin(bytes: Uint8Array, max: number): string {
  if (bytes.length > rawBankFileBytesMax(max)) throw new FileRefusedError(`is ${bytes.length} bytes; a bank file is at most ${max} bytes as UTF-8`);
  const text = decodeBankFile(bytes);
  const utf8 = new TextEncoder().encode(text).length;
  if (utf8 > max) throw new FileRefusedError(`is ${utf8} bytes as UTF-8; a bank file is at most ${max} bytes`);
  return text;
}

/** Decodes a bank file's bytes in their encoding (bankFileEncoding); bytes that are not text in it are refused. */
export function decodeBankFile(bytes: Uint8Array): string {
  const { encoding, declared } = bankFileEncoding(bytes);
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new TextEncodingError(`declares the encoding "${encoding}", which this reader does not know: save it as UTF-8`);
  }
  // Bytes whose declaration reads as ASCII are no UTF-16, whatever it says (UTF-16, UCS-2): read as UTF-8, as before.
  if (declared && decoder.encoding.startsWith('utf-16')) decoder = new TextDecoder('utf-8', { fatal: true });
  // A declaration left behind by a tool that re-saved the file as UTF-8: bytes that are valid UTF-8 are read so, unless
  // they are as much GBK (short names whose UTF-8 reading has no character above U+07FF) and the declaration says GB.
  else if (declared && decoder.encoding !== 'utf-8') {
    const asUtf8 = strictly(bytes, 'utf-8');
    const gbkLike = decoder.encoding === 'gbk' || decoder.encoding === 'gb18030';
    if (asUtf8 !== null && !(gbkLike && withinTwoByteUtf8(asUtf8))) return bankFileText(asUtf8);
  }
  let text: string;
  try {
    // TextDecoder drops the mark itself (ignoreBOM false); bankFileText strips one that is left, e.g. a mark twice.
    text = decoder.decode(bytes);
  } catch {
    throw new TextEncodingError(`is not ${encoding.toUpperCase()} text (an invalid byte sequence${encoding === 'utf-8' ? '; UTF-16 needs a byte-order mark' : ''}): save it as UTF-8`);
  }
  return bankFileText(text);
}

/** The encodings a CSV is read in, as the reader says which one it took. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Strictly decoded text, or null when the bytes are not text in that encoding. */
function strictly(bytes: Uint8Array, encoding: CsvEncoding | 'big5'): string | null {
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    return null;
  }
}

const SAVE_AS_UTF8 = 'save it again as 「CSV UTF-8（逗号分隔）」 (Excel and WPS then write a byte-order mark)';

/*
 * Whether bytes read as GB18030 (GBK) are Chinese text or other bytes that happen to be valid GBK, Big5 above all
 * (Traditional-Chinese Windows): every Big5 character is a valid GBK one, so no decoder refuses it (ADR 026).
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

const isPrivateUse = (c: number): boolean => c >= 0xe000 && c <= 0xf8ff;

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
interface SuspectLine {
  readonly line: number;
  readonly bytes: Uint8Array;
}

/**
 * Null when `text`, the GB18030 reading of `bytes`, is Chinese text as a whole; else the first line that is not (a line
 * ends at LF, which no GBK or GB18030 character's bytes hold), for the refusal to quote.
 */
function notChineseLine(bytes: Uint8Array, text: string): SuspectLine | null {
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

/**
 * The first run of characters that are not ASCII, at most 12: what an officer compares between two readings. Private use
 * is shown as □ (no font draws it), full-width digits as ＊ (a run of them could be much of an identity number).
 */
const quoted = (text: string): string =>
  [...(/[\u0080-\u{10FFFF}]+/u.exec(text)?.[0] ?? '')].slice(0, 12).join('').replace(/[\uE000-\uF8FF]/gu, '□').replace(/[\uFF10-\uFF19]/gu, '＊');

/** A line whose GB18030 reading is no Chinese text, refused with it and, when it is valid Big5 without private use, its Big5 reading. */
function notChineseError(suspect: SuspectLine): TextEncodingError {
  const inGbk = quoted(new TextDecoder('gb18030').decode(suspect.bytes));
  const big5 = strictly(suspect.bytes, 'big5');
  const inBig5 = big5 === null || [...big5].some((c) => isPrivateUse(c.codePointAt(0) ?? 0)) ? null : quoted(big5);
  const asBig5 = inBig5 === null ? '' : `; it may be Big5 (繁體中文 Windows), which reads 「${inBig5}」`;
  const readings = { kind: 'not-chinese', line: suspect.line, gbk: inGbk, big5: inBig5 } as const;
  return new TextEncodingError(`is not UTF-8, and as GB18030 (GBK) line ${suspect.line} reads 「${inGbk}」, which is not Chinese text${asBig5}: ${SAVE_AS_UTF8}`, readings);
}

/**
 * A CSV's bytes as text (no BOM), and the encoding read: its mark's, UTF-8, or GB18030 (GBK) when not valid UTF-8.
 * Short GBK names can be valid UTF-8 too (欠税 is C7 B7 CB B0, two 2-byte UTF-8 letters, 「Ƿ˰」): bytes whose UTF-8
 * reading holds no character above U+07FF (no CJK) but whose GB18030 reading does are refused as ambiguous, with both
 * readings, rather than guessed. Bytes whose GB18030 reading is not Chinese text (Big5, most often) are refused with
 * the readings too, and so is text holding NUL (UTF-16 without a mark).
 */
export function decodeCsvFile(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const marked = byteOrderMark(bytes);
  if (marked !== null) {
    const text = strictly(bytes, marked);
    if (text === null) throw new TextEncodingError(`starts with a ${marked.toUpperCase()} byte-order mark but is not ${marked.toUpperCase()} text: ${SAVE_AS_UTF8}`);
    return checked({ text, encoding: marked });
  }
  // UTF-16 without a mark holds NUL in every ASCII character: said so before any reading makes other sense of it.
  if (bytes.includes(0)) throw new TextEncodingError(NUL_REFUSED);
  const utf8 = strictly(bytes, 'utf-8');
  const gbk = strictly(bytes, 'gb18030');
  if (utf8 !== null && gbk !== null && /[\u0080-\u07FF]/.test(utf8) && withinTwoByteUtf8(utf8) && /[\u3400-\u9FFF]/.test(gbk)) {
    const [inUtf8 = '', inGbk = ''] = [utf8, gbk].map(quoted);
    throw new TextEncodingError(`could be UTF-8 (「${inUtf8}」) or GB18030 (「${inGbk}」) and says neither: ${SAVE_AS_UTF8}`, { kind: 'ambiguous', utf8: inUtf8, gbk: inGbk });
  }
  if (utf8 !== null) return checked({ text: utf8, encoding: 'utf-8' });
  if (gbk === null) throw new TextEncodingError(`is neither UTF-8 nor GB18030 (GBK) text: ${SAVE_AS_UTF8}`);
  const suspect = notChineseLine(bytes, gbk);
  if (suspect !== null) throw notChineseError(suspect);
  return checked({ text: gbk, encoding: 'gb18030' });
}

const NUL_REFUSED = `holds NUL characters: it is UTF-16 without a byte-order mark, or not text; ${SAVE_AS_UTF8}`;

function checked(read: { text: string; encoding: CsvEncoding }): { text: string; encoding: CsvEncoding } {
  if (read.text.includes('\u0000')) throw new TextEncodingError(NUL_REFUSED);
  return read;
}
