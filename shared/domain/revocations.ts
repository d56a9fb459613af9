/**
 * What became of a revocation (CONTRACT §3, GET /revocations): waiting for the fact it names (PENDING), applied to its
 * awards (APPLIED), or refused (REFUSED: money had left, or the fact is another's).
 */
export const REVOCATION_STATES = ['PENDING', 'APPLIED', 'REFUSED'] as const;
export type RevocationState = (typeof REVOCATION_STATES)[number];
