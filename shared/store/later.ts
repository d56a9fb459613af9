/**
 * The store's modules off finance's every-minute path, in one module the facade imports on first use (store.ts,
 * `deferred`; ADR 024). One module, not one per part: a bundler makes a chunk for every set of lazily loaded modules
 * that shares code, and a cold start that loads forty small chunks is slower than one that loads three large ones.
 */
export { payees } from './payees';
export { batches } from './payment-batches';
export { reconciliation } from './reconcile';
export { simulations } from './simulations';
export { moveBookmark, readBookmark } from './digest-bookmark';
export { recordBatch, recordOne } from './intake';
export { recordRevocation } from './revocations';
export { getCreditList, importCreditEntries, listCreditLists } from './credit-lists';
export { endPublicities } from './publicity';
export { getAcceptedEvent, listAcceptedEvents } from './accepted-events';
export { awardsOnStep, budgetExecution } from './reports';
export { verifyStep } from './verify';
