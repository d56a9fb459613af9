/** The bench's table: each figure beside a baseline measured in the same run, and the ratio between them. */
export const rows: Array<{ figure: string; value: string; baseline: string; ratio: string }> = [];
export const notes: string[] = [];

export const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
export const percentile = (xs: readonly number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;

export function row(figure: string, value: string, baseline: string, ratio: number): void {
  rows.push({ figure, value, baseline, ratio: `${fmt(ratio, 2)}×` });
  console.log(`${figure}: ${value} vs ${baseline} → ${fmt(ratio, 2)}×`);
}
