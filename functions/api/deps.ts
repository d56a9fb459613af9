/**
 * What the API function is built from (functions/api/handler.ts in Lambda, the local stack and the tests otherwise):
 * the store, the catalog, the person key, payment files, digests and the what-if queue. The routes take it; it takes
 * nothing of them.
 */
import type { ApiDigests } from '../../shared/app/digests/api';
import type { SimulationQueue } from '../../shared/app/simulation';
import type { Catalog } from '../../shared/domain/catalog';
import type { PersonKey } from '../../shared/domain/person';
import type { PaymentFiles } from '../../shared/app/payments/ports';
import type { AwardStore } from '../../shared/store/store';
import type { Observability } from '../runtime';

export interface ApiDeps extends Observability {
  readonly store: AwardStore;
  readonly catalog: Catalog;
  /** Keys an identity number a caller asks by (`?idNumber=`) into the id the store knows the person by. */
  readonly personKey: PersonKey;
  /** Where payment files are written and read (S3 in AWS, a directory locally). */
  readonly paymentFiles: PaymentFiles;
  /** The digest signer's public key, the write-once log of signed digests, and "sign now" (ADR 012). */
  readonly digests: ApiDigests;
  /** Where a what-if's first step is sent (the `simulations` queue); without it, POST /simulations answers 503. */
  readonly simulations?: SimulationQueue;
}
