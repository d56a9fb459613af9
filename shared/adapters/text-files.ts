/**
 * The files people bring, as text: the one place their bytes become a string (the CLI, the console, the API's
 * bank-file route and bank-inbound's read from S3 all call it). Import-free, so the console loads it too.
 *
 * A bank file: ISO 20022 files are UTF-8, but a bank's export tool may write a UTF-8 byte-order mark or UTF-16 with
 * one: those are decoded by the mark (a BOM says the encoding without guessing), and an XML declaration that names
 * UTF-16 is rewritten to UTF-8, since libxml2 parses the string as UTF-8 and refuses a declaration that says otherwise.
 * Without a mark the bytes are read as UTF-8, as before.
 *
 * A CSV an officer saved from Excel or WPS (a credit list): by its mark, else UTF-8 if it is valid UTF-8, else GB18030,
 * the code page Excel's 「CSV（逗号分隔）」 writes on Chinese Windows (GBK is a subset). Text that is neither is refused,
 * never read with replacement characters (a list name stored as 「ʧ�ű�」 would be shown on every award it holds).
 */

/** The encoding a byte-order mark names, or null without one. */
export function byteOrderMark(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

const UTF16_DECLARATION = /^(<\?xml[^>]*?\bencoding\s*=\s*)(["'])UTF-16(?:LE|BE)?\2/i;

/** Text as libxml2 reads it: no leading BOM, and a declaration that names UTF-16 says UTF-8 (the string is UTF-8 to it). */
export function bankFileText(text: string): string {
  const bare = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return bare.replace(UTF16_DECLARATION, '$1$2UTF-8$2');
}

/** Decodes a bank file's bytes by their byte-order mark (UTF-8 without one). Invalid sequences become U+FFFD, as before. */
export function decodeBankFile(bytes: Uint8Array): string {
  const encoding = byteOrderMark(bytes) ?? 'utf-8';
  // TextDecoder drops the mark itself (ignoreBOM false); bankFileText strips one that is left, e.g. a mark twice.
  return bankFileText(new TextDecoder(encoding).decode(bytes));
}

/** The encodings a CSV is read in, as the reader says which one it took. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Why a CSV's bytes are not text in any encoding it is read in. */
export class CsvEncodingError extends Error {}

/** A CSV's bytes as text (no BOM), and the encoding read: its mark's, UTF-8, or GB18030 (GBK) when not valid UTF-8. */
export function decodeCsvFile(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const marked = byteOrderMark(bytes);
  const strict = (encoding: CsvEncoding) => new TextDecoder(encoding, { fatal: true }).decode(bytes);
  for (const encoding of marked === null ? (['utf-8', 'gb18030'] as const) : [marked]) {
    try {
      const text = strict(encoding);
      return { text: text.startsWith('\uFEFF') ? text.slice(1) : text, encoding };
    } catch {
      // Not this encoding: the next one, or the error below.
    }
  }
  throw new CsvEncodingError(marked === null
    ? 'is neither UTF-8 nor GB18030 (GBK) text: save it again as 「CSV UTF-8（逗号分隔）」'
    : `starts with a ${marked.toUpperCase()} byte-order mark but is not ${marked.toUpperCase()} text: save it again as 「CSV UTF-8（逗号分隔）」`);
}
