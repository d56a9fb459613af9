/** The store's failures that are not business outcomes (those are `Failure` values from the deciders). */

export class StoreError extends Error {
  override name = 'StoreError';
}

/** A write kept losing races until its attempts or the invocation's time ran out: retry later; nothing was written. */
export class ContentionError extends StoreError {
  override name = 'ContentionError';
}

/**
 * A plan found its own reads inconsistent (one item read before another writer's transaction, another after it): a
 * lost race found before writing, planned again from fresh reads as a cancelled transaction is.
 */
export class StaleReadError extends StoreError {
  override name = 'StaleReadError';
}

/** An item read back breaks an invariant: the table was altered outside the store, or the store has a bug. */
export class CorruptItemError extends StoreError {
  override name = 'CorruptItemError';
}

/** A cursor or continuation the API did not issue, or issued for another query. */
export class CursorError extends StoreError {
  override name = 'CursorError';
}

/**
 * The report would read more than its bounds allow, or more than the request has time for: refused with the reason (a
 * partial report would not agree with the accounts). `kind` says which.
 */
export class ReportTooLargeError extends StoreError {
  override name = 'ReportTooLargeError';
  constructor(message: string, readonly kind: 'size' | 'time' = 'size') {
    super(message);
  }
}
