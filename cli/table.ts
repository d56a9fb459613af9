/** Plain text output of the `awards` command: tables whose columns line up with Chinese text (CJK is two columns). */
import stringWidth from 'string-width';

export const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

export const outJson = (value: unknown): void => out(JSON.stringify(value, null, 2));

/**
 * A value as a line of a terminal shows it: a control character (a newline, a carriage return, ESC and the colours or
 * erasures it starts), a line or paragraph separator and a bidirectional override or isolate written as its
 * code, so what a sender put in an id, a detail-type or a name cannot break a
 * table's line or rewrite what is on the screen (re-attack 2026-12-07-x).
 */
export const printable = (text: string): string => text.replaceAll(/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);

export function table(headers: readonly string[], rawRows: ReadonlyArray<readonly string[]>): string {
  const rows = rawRows.map((r) => r.map(printable));
  const widths = headers.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - stringWidth(c)))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
