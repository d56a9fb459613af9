/** Where payment files live in the payments bucket: the stack (IAM, the S3 trigger) and the functions share these. */
export const OUTBOUND_PREFIX = 'outbound/';
export const INBOUND_PREFIX = 'inbound/';
/**
 * Officers' bank files too large to reconcile while they wait, stored by the API (its only write there) for bank-inbound
 * to reconcile as the officer's import, with the scope recorded when it was queued (review H3). Under inbound/, so the
 * same S3 notice reaches bank-inbound; everything else under inbound/ is the bank's own drop.
 */
export const OFFICER_INBOUND_PREFIX = `${INBOUND_PREFIX}officers/`;

/**
 * The name an officer's queued file is stored under: its message id (in characters a key and a file name take) and the
 * first 16 hex digits of its SHA-256, so another file under the same message id never takes its place.
 */
export function officerFileName(messageId: string, sha256: string): string {
  const safe = Array.from(messageId).map((c) => (/^[A-Za-z0-9._-]$/.test(c) ? c : '_')).join('').slice(0, 64);
  return `${safe}.${sha256.slice(0, 16)}.xml`;
}

/** Whether an inbound key is an officer's queued file (reconciled with its recorded scope) rather than the bank's drop. */
export const isOfficerFile = (key: string) => key.startsWith(OFFICER_INBOUND_PREFIX);
