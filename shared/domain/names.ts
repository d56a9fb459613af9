/** A person's name as a public notice shows it (公示): the family name and the last character, the rest masked. */

/** `张三丰` → `张*丰`, `张三` → `张*`, `欧阳小明` → `欧**明`; a one-character name is masked whole. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
