/**
 * The one table and its keys (docs/adr/003-table-design.md). This file and store.ts are the only code that knows
 * the layout; the CDK stack and the local stack build the table from `TABLE_SCHEMA`.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const INDEX = {
  /** Awards of a jurisdiction by status and time; ledger entries of a jurisdiction by time; quarantined events;
   * events with no award; revocations. */
  byJurisdiction: 'gsi1',
  /** Awards and ledger entries of a recipient (unified social credit code), by time. */
  byRecipient: 'gsi2',
  /** Awards of a fact reference; ledger entries of an award. */
  byReference: 'gsi3',
} as const;

/** An item's primary key, and the one string that names it (a map key of items read together). */
export type Key = { pk: string; sk: string };
export const keyOf = (key: Key): string => `${key.pk}\u0000${key.sk}`;

export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: INDEX.byJurisdiction, partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: INDEX.byRecipient, partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: INDEX.byReference, partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

export function createTableInput(tableName: string): CreateTableCommandInput {
  const attributes = [TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey, ...TABLE_SCHEMA.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE_SCHEMA.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

const SEQ_DIGITS = 12;
export const seqKey = (seq: number): string => String(seq).padStart(SEQ_DIGITS, '0');

export const keys = {
  award: (awardId: string) => ({ pk: `AWARD#${awardId}`, sk: 'AWARD' }),
  /**
   * A fact's permanent key: its detail-type, recipient and canonical identity (shared/domain/identity.ts). A
   * revocation that arrives before the fact creates it, holding the revocations the fact will meet (ADR 006).
   */
  fact: (detailType: string, recipientId: string, identity: string) => ({ pk: `FACT#${detailType}#${recipientId}#${identity}`, sk: 'FACT' }),
  revocation: (eventId: string) => ({ pk: `REVOCATION#${eventId}`, sk: 'REVOCATION' }),
  /**
   * Who claimed a fact that is paid to one recipient only: the lead of a project under a rule that pays one lead per
   * project (每个项目), or the one centre, base or zone a rule pays once. The first claim, permanent, per detail-type
   * and canonical identity: across rules and jurisdictions, so that a province and a city, or two versions of a
   * policy, never pay two recipients for one fact (CONTRACT §6; issue 20 attack review, H4).
   */
  lead: (detailType: string, identity: string) => ({ pk: `LEAD#${detailType}#${identity}`, sk: 'LEAD' }),
  /** The first spelling of a fact a recipient claimed, per skeleton (spellings.ts): another spelling is held. */
  spelling: (detailType: string, recipientId: string, skeleton: string) => ({ pk: `SPELL#${detailType}#${recipientId}#${skeleton}`, sk: 'SPELL' }),
  event: (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' }),
  /** A recipient's credit-list entries, one item read whole by every check and conditioned on (credit-lists.ts). */
  creditList: (recipientId: string) => ({ pk: `CREDIT#${recipientId}`, sk: 'LIST' }),
  /** gsi1: the recipients on the credit list, by when their entries last changed. */
  creditListsByTime: 'CREDIT_LISTS',
  /** A recipient's reserved and paid total of a jurisdiction-year, against the annual cap (controls, issue 21). */
  capTotal: (jurisdiction: string, fiscalYear: number, recipientId: string) => ({ pk: `CAP#${jurisdiction}#${fiscalYear}#${recipientId}`, sk: 'TOTAL' }),
  /** The awards on a jurisdiction's public notice, by the end of their period: what the publicity sweep ends. */
  publicity: (jurisdiction: string, until: string, awardId: string) => ({ pk: `PUBLICITY#${jurisdiction}`, sk: `${until}#${awardId}` }),
  publicityPartition: (jurisdiction: string) => `PUBLICITY#${jurisdiction}`,
  rejection: (rejectionId: string) => ({ pk: `REJECTION#${rejectionId}`, sk: 'REJECTION' }),
  ledgerHead: (jurisdiction: string) => ({ pk: `LEDGER#${jurisdiction}`, sk: 'HEAD' }),
  /** Where the last signed digest of a jurisdiction stopped (ADR 012): a bookmark, not evidence. */
  digestPointer: (jurisdiction: string) => ({ pk: `DIGEST#${jurisdiction}`, sk: 'POINTER' }),
  ledgerEntry: (jurisdiction: string, seq: number) => ({ pk: `LEDGER#${jurisdiction}`, sk: `SEQ#${seqKey(seq)}` }),
  budget: (jurisdiction: string, fiscalYear: number) => ({ pk: `BUDGET#${jurisdiction}`, sk: `YEAR#${fiscalYear}` }),
  budgetPartition: (jurisdiction: string) => `BUDGET#${jurisdiction}`,
  waiting: (jurisdiction: string, fiscalYear: number, seq: number) => ({ pk: `WAIT#${jurisdiction}#${fiscalYear}`, sk: seqKey(seq) }),
  waitingPartition: (jurisdiction: string, fiscalYear: number) => `WAIT#${jurisdiction}#${fiscalYear}`,
  ledgerPartition: (jurisdiction: string) => `LEDGER#${jurisdiction}`,
  /** gsi1: a jurisdiction's ledger entries by time (`<at>#<seq>`), for date ranges as key conditions. */
  ledgerByTime: (jurisdiction: string) => `LTIME#${jurisdiction}`,
  /** gsi3: one award's ledger entries (`<jurisdiction>#<seq>`). */
  entriesOfAward: (awardId: string) => `AE#${awardId}`,
  /** A recipient's payee account in one jurisdiction (dual control, ADR 010). */
  payee: (jurisdiction: string, recipientId: string) => ({ pk: `PAYEE#${jurisdiction}#${recipientId}`, sk: 'PAYEE' }),
  /** A payment batch; gsi1 lists a jurisdiction's batches (`BATCHES#<j>`, `<createdAt>#<id>`), gsi3 its OPEN ones. */
  batch: (batchId: string) => ({ pk: `BATCH#${batchId}`, sk: 'BATCH' }),
  batchesOf: (jurisdiction: string) => `BATCHES#${jurisdiction}`,
  /** A bank file imported (by its message id): the same file twice changes nothing. */
  bankMessage: (messageId: string) => ({ pk: `BANKMSG#${messageId}`, sk: 'BANKMSG' }),
  /** A reconciliation exception; gsi1 lists them per jurisdiction (`EXC#<j or none>`, `<createdAt>#<id>`). */
  exception: (exceptionId: string) => ({ pk: `EXCEPTION#${exceptionId}`, sk: 'EXCEPTION' }),
  exceptionsOf: (jurisdiction: string | null) => `EXC#${jurisdiction ?? 'none'}`,
  /** What the data was written under (the local stack refuses data of an older scheme). */
  meta: () => ({ pk: 'META', sk: 'SCHEME' }),
} as const;
