/**
 * A bank file's bytes as text, the one place they become a string (the CLI, the API's bank-file route and
 * bank-inbound's read from S3 all call it). ISO 20022 files are UTF-8, but a bank's export tool may write a UTF-8
 * byte-order mark or UTF-16 with one: those are decoded by the mark (a BOM says the encoding without guessing), and
 * an XML declaration that names UTF-16 is rewritten to UTF-8, since libxml2 parses the string as UTF-8 and refuses a
 * declaration that says otherwise. Without a mark the bytes are read as UTF-8, as before.
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
