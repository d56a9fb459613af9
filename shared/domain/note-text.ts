/**
 * How a ledger note goes on after someone's words (an officer's basis, a comment, a revocation's reason): "words; more",
 * the separator the words closed with not doubled ("已付;; it had been voided", review 2026-12-07-s, findings 5 and 6).
 */

/**
 * A closing separator: ASCII, full-width and ideographic (、), their compatibility forms (︔ ﹔) and the Greek question
 * mark that reads as ";" (U+037E), with spaces and invisible format characters (a zero-width space) around them.
 */
const CLOSING = /[\p{White_Space}\p{Cf};；,，、︔﹔\u037e]+$/u;

/** `words`, then `more` after "; ". Words that were only separators after a colon read "(no words)", not ":;". */
export function andThen(words: string, more: string): string {
  const kept = words.replace(CLOSING, '');
  const emptied = kept !== words && /[:：]$/u.test(kept);
  return `${emptied ? `${kept} (no words)` : kept}; ${more}`;
}
