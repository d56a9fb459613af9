/** Where payment files live in the payments bucket: the stack (IAM, the S3 trigger) and the functions share these. */
export const OUTBOUND_PREFIX = 'outbound/';
export const INBOUND_PREFIX = 'inbound/';
