/** A person's name as a public notice shows it (公示): the family name and the last character, the rest masked. */

/** `张三丰` → `张*丰`, `张三` → `张*`, `欧阳小明` → `欧**明`; a one-character name is masked whole. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/**
 * A mobile number (1[3-9] and nine digits, optionally +86 or 86 first, in groups split by spaces or hyphens) or a
 * landline with its area code (0311-87654321, (0311)87654321, 031187654321), standing alone in a text.
 */
const PHONE = /(?<![0-9A-Za-z])(?:(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d){8}|\(?0\d{2,3}\)?[-\s]?\d{7,8})(?![0-9A-Za-z])/g;

/**
 * Telephone numbers in a text masked but for their last four digits (`138****8000`, `0311-****4321`): notes an officer
 * writes (a hold, a release, an objection's decision) go into the ledger every auditor reads, and the objector's contact
 * is personal data (attack review of issue 21, finding M1). Full-width digits are read as digits.
 */
export function maskPhoneNumbers(text: string): string {
  const folded = text.replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return folded.replace(PHONE, (phone) => {
    const digits = phone.replace(/\D/g, '');
    const area = /^\(?0\d{2,3}\)?[-\s]/.exec(phone)?.[0] ?? null;
    const head = area !== null ? area.replace(/[()\s-]/g, '') : digits.startsWith('86') && digits.length === 13 ? digits.slice(0, 5) : digits.slice(0, 3);
    return `${head}${area !== null ? '-' : ''}${'*'.repeat(Math.max(0, digits.length - head.length - 4))}${digits.slice(-4)}`;
  });
}

/** Every occurrence of a person's name in a text masked as the notice masks it (a reference that names the person). */
export function maskNameIn(text: string, name: string): string {
  const whole = name.trim();
  return [...whole].length < 2 ? text : text.split(whole).join(maskPersonName(whole));
}
