/**
 * The console's words, Chinese first (finance officers of a province or city read Chinese), English with `?lang=en`.
 * Every key exists in both languages (the English table is typed by the Chinese one). Codes the API returns are
 * named here; the API's own messages are shown as they come, after the name of their code.
 */
import { ZH as BASE_ZH } from './words-zh';
import { EN as BASE_EN } from './words-en';
import * as CONTROLS from './words/controls';
import * as DIGESTS from './words/digests';
import * as EVIDENCE from './words/evidence';
import * as WHATIF from './words/whatif';
import * as REPORTS from './words/reports';
import * as FILES from './words/files';

const ZH = { ...BASE_ZH, ...CONTROLS.ZH, ...DIGESTS.ZH, ...EVIDENCE.ZH, ...WHATIF.ZH, ...REPORTS.ZH, ...FILES.ZH };
const EN: Record<keyof typeof ZH, string> = { ...BASE_EN, ...CONTROLS.EN, ...DIGESTS.EN, ...EVIDENCE.EN, ...WHATIF.EN, ...REPORTS.EN, ...FILES.EN };

export type Lang = 'zh' | 'en';
export type Key = keyof typeof ZH;

export const lang: Lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh';

export function t(key: Key, params: Record<string, string | number> = {}): string {
  const text: string = (lang === 'en' ? EN : ZH)[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A label for a code the API uses (status, entry type, exception kind), or the code itself when unnamed. */
export function label(prefix: 'status' | 'entry' | 'exception' | 'account' | 'j' | 'role' | 'error' | 'kind' | 'outcome' | 'hold', code: string): string {
  const key = `${prefix}.${code}` as Key;
  const table: Record<string, string> = lang === 'en' ? EN : ZH;
  return table[key] ?? code;
}

/** The link to this page in the other language. */
export function otherLanguageHref(): string {
  const q = new URLSearchParams(location.search);
  if (lang === 'en') q.delete('lang');
  else q.set('lang', 'en');
  const search = q.toString();
  return `${location.pathname}${search === '' ? '' : `?${search}`}${location.hash}`;
}
