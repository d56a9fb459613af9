/**
 * The one reader of event files for the `awards` command: a file holds one event (a JSON object), a JSON array of
 * events, or JSON lines. Each item is the raw value as read, or, for a line of JSON lines that does not parse, the
 * text with the parser's complaint. `explain` validates the raw values; `emit` sends them.
 */
import { readFileSync } from 'node:fs';
import { CliError } from './http';

export type FileItem = { readonly source: string; readonly raw: unknown } | { readonly source: string; readonly broken: string; readonly error: string };

export function readEventFile(command: string, file: string): FileItem[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new CliError(`${command}: cannot read ${file}: ${(cause as Error).message}`, 2);
  }
  return eventItems(file, text);
}

export function eventItems(file: string, text: string): FileItem[] {
  const trimmed = text.trim();
  try {
    const whole: unknown = JSON.parse(trimmed);
    return Array.isArray(whole) ? whole.map((raw, i) => ({ source: `${file}[${i}]`, raw })) : [{ source: file, raw: whole }];
  } catch (cause) {
    const lines = trimmed.split(/\r?\n/).filter((l) => l.trim().length > 0);
    // One broken document is one broken item; several lines that look like objects are JSON lines.
    if (lines.length <= 1 || !lines[0]?.trim().startsWith('{') || !lines[0]?.trim().endsWith('}')) {
      return [{ source: file, broken: trimmed, error: (cause as Error).message }];
    }
    return lines.map((line, i) => {
      try {
        return { source: `${file}:${i + 1}`, raw: JSON.parse(line) as unknown };
      } catch (lineCause) {
        return { source: `${file}:${i + 1}`, broken: line, error: (lineCause as Error).message };
      }
    });
  }
}
