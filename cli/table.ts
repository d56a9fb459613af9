/** Plain text output of the `awards` command: tables whose columns line up with Chinese text (CJK is two columns). */
import stringWidth from 'string-width';

export const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

export const outJson = (value: unknown): void => out(JSON.stringify(value, null, 2));

export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - stringWidth(c)))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
