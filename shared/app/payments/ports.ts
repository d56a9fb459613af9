/**
 * Where payment files are kept: S3 in AWS, `.data/payments/` locally (shared/adapters/files/payment-files.ts). `put`
 * creates a file only if none has its name (S3 If-None-Match, a hard link locally): a file the bank may already have
 * taken is never written again.
 */
export interface PaymentFiles {
  put(name: string, xml: string): Promise<void>;
  get(name: string): Promise<string | null>;
  /** An officer's bank file queued for bank-inbound under inbound/officers/ (created once, as `put`); answers its key (the API only). */
  queueBankFile?(name: string, xml: string): Promise<string>;
}
