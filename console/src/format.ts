/**
 * How the console writes money, times and codes for people: `¥1,234.56` from integer fen (never a float), times in
 * China Standard Time, amounts typed in yuan read back to fen exactly.
 */

const GROUPS = /\B(?=(\d{3})+(?!\d))/g;

/** Fen to `¥1,234.56` (negative as `-¥1,234.56`), by integer arithmetic only. */
export function formatYuan(amountFen: number): string {
  if (!Number.isSafeInteger(amountFen)) return '—';
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  const yuan = Math.trunc(abs / 100).toString().replace(GROUPS, ',');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** What a person typed as yuan (`1,234.5`, `300000`) to fen, or null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const plain = text.replace(/[,，\s¥￥]/g, '');
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(plain);
  if (match === null) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Fen as plain yuan for an input's value (`1234.56`, `300000`). */
export function yuanInput(amountFen: number): string {
  const cents = amountFen % 100;
  return cents === 0 ? String(amountFen / 100) : `${Math.trunc(amountFen / 100)}.${String(cents).padStart(2, '0')}`;
}

const CST = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** An ISO instant as `2026-11-22 14:03:05` in China Standard Time (UTC+8, no daylight saving). */
export function formatCst(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const part = (type: string) => CST.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

/** An ISO instant as its China Standard Time date, `2026-12-09` (a notice period's first and last days). */
export function formatCstDate(iso: string | null | undefined): string {
  return formatCst(iso).slice(0, 10);
}

/** The CST calendar year of now: the fiscal year budgets are kept by. */
export function fiscalYearNow(now: Date = new Date()): number {
  return Number(formatCst(now.toISOString()).slice(0, 4));
}

/** A person's identity number (18 characters, a birth date inside) as against a credit code. */
export function looksLikeIdNumber(text: string): boolean {
  return /^\d{6}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dX]$/i.test(text.trim());
}

/**
 * How a recipient typed into a filter is asked for: a person's keyed id (P:…, what awards show) as `recipientId`, an
 * identity number as `idNumber` (the API takes it from officers only), anything else as a credit code.
 */
export function recipientFilter(text: string): Record<string, string> {
  const value = text.trim();
  if (value === '') return {};
  if (/^P:[0-9a-f]{32}$/i.test(value)) return { recipientId: `P:${value.slice(2).toLowerCase()}` };
  return looksLikeIdNumber(value) ? { idNumber: value } : { uscc: value };
}

/** What names a recipient: the credit code, or the identity number (masked everywhere but where an officer may see it). */
export const recipientNumber = (r: { readonly uscc: string } | { readonly idNumber: string }): string => ('uscc' in r ? r.uscc : r.idNumber);
