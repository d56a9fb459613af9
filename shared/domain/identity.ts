import { createHash } from 'node:crypto';

/**
 * The identity of a fact's reference: NFKC (full-width ＧＢ／Ｔ becomes GB/T), white space collapsed, upper case.
 * Upstream systems type references by hand; "GB/T 43456-2024" and "gb/t  43456－2024" are the same standard
 * and must never be paid twice.
 */
export function canonicalReference(reference: string): string {
  return reference.normalize('NFKC').trim().replace(/\s+/gu, ' ').toUpperCase();
}

/**
 * An award's id, derived from the fact alone (rule, recipient, reference) so that the same fact arriving again,
 * under any event id and at any time, lands on the same award (DESIGN.md, "Never pay twice").
 */
export function awardIdOf(ruleId: string, uscc: string, reference: string): string {
  const digest = createHash('sha256').update(
    `${ruleId}\u0000${uscc}\u0000${canonicalReference(reference)}`,
    'utf8',
  );
  return `aw-${digest.digest('hex').slice(0, 32)}`;
}
