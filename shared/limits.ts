/**
 * Every limit of the pipeline in one place (STYLE 11, "put a limit on everything"): what one event, one item, one
 * page, one transaction, one request and one retry loop may hold or take. Plain numbers, imported everywhere they
 * apply, so a limit is read and changed in one place.
 */

export const LIMITS = {
  event: {
    /** EventBridge caps one PutEvents entry at 256 KB; an event delivered to SQS is that plus its envelope. */
    bytesMax: 256 * 1024,
    textCharsMax: 200,
    idCharsMax: 128,
  },
  quarantine: {
    /** One quarantined event's text and reason, in UTF-8 bytes, so the item stays under DynamoDB's 400 KB. */
    eventBytesMax: 320_000,
    reasonBytesMax: 16_000,
    idCharsMax: 128,
    detailTypeCharsMax: 100,
  },
  store: {
    /** DynamoDB's limits on one TransactWriteItems and one BatchGetItem. */
    transactItemsMax: 100,
    batchGetKeysMax: 100,
    /** DynamoDB's limit on one BatchWriteItem. */
    batchWriteItemsMax: 25,
    /** BatchGetItem may leave keys unprocessed under load: this many rounds, then the plan fails and is retried. */
    batchGetRoundsMax: 8,
    /** A list page: awards, rejections, revocations, batches; ledger entries (CONTRACT §3). */
    pageSizeMax: 100,
    ledgerPageMax: 1_000,
    /** A page of any list, the ledger's included, when the caller names no limit (CONTRACT §3: 50). */
    pageSizeDefault: 50,
    /** A query that filters reads at most this many pages to fill one page of results. */
    filteredRoundsMax: 20,
    /** Revocations kept on one fact's item. */
    revocationsPerFactMax: 20,
    /** Awards one call serves from a budget queue; the budget sweeper serves the rest. */
    servedPerCallMax: 100,
    /** Budget years listed for one jurisdiction. */
    budgetYearsMax: 50,
    /** Ledger entries one verification step checks; the caller continues from its continuation. */
    verifyStepMax: 5_000,
    /** Ledger entries of one award read for its page (an award has a handful; repayments can add some). */
    awardEntriesMax: 500,
  },
  payments: {
    /**
     * Awards claimed into one batch: all of them, their entries, a condition on each payee, the head, budgets and the
     * batch in one transaction of at most 100 items (checked where the claim is planned).
     */
    batchAwardsMax: 30,
    /** Batches one payment run makes per jurisdiction; the next run takes the rest. */
    batchesPerRunMax: 10,
    /** Changes kept in a payee's history (older ones stay in the ledger of decisions they led to). */
    payeeHistoryMax: 100,
    /** A bank file posted to the API, in bytes (readBankFile's own limits: shared/adapters/iso20022/bank-files.ts). */
    bankFileBytesMax: 5 * 1024 * 1024,
    /**
     * What POST /bank-files reconciles while its caller waits (API Gateway gives 10 s in AWS): a thousand entries
     * reconcile in about a second on this machine's DynamoDB Local (bench: "reconcile"), a tenth of the time. A
     * larger file, up to the bank-file limit (BANK_FILE_LIMITS), is queued: stored under inbound/officers/ with the
     * officer's scope recorded, for bank-inbound to reconcile in steps as that officer's import (202; review H3).
     */
    bankFileSyncBytesMax: 1024 * 1024,
    bankFileSyncEntriesMax: 1_000,
    /**
     * Entries one reconciliation step reads (one BatchGetItem for their awards and exceptions) and writes in ONE
     * transaction with the file's progress: at most one item per entry, plus the message record (the step ends early
     * when settlements, two items each with their budgets and heads, would not fit).
     */
    bankFileStepEntriesMax: 98,
    /** No step is started with less than this left of the invocation (a step takes well under a second). */
    bankFileStepReserveMs: 3_000,
    /** A bank's words kept in a ledger note, an award's answer or an exception, in characters. */
    bankTextCharsMax: 500,
  },
  controls: {
    /** Entries one POST /credit-lists imports; a larger list is imported in parts (each entry is its own write). */
    creditEntriesPerImportMax: 500,
    /** The body of one credit-list import, in bytes (500 entries of about 200 bytes each, with room). */
    creditImportBytesMax: 256 * 1024,
    /** Entries kept for one recipient (one item, read whole by every check): the credit system lists a few at most. */
    creditEntriesPerRecipientMax: 50,
    /** Written objections one award takes; more are recorded on paper and referred to in the last one. */
    objectionsPerAwardMax: 20,
    objectionTextCharsMax: 2_000,
    /** Awards in publicity one sweep ends per jurisdiction; the next sweep takes the rest. */
    publicityEndedPerSweepMax: 200,
    /** Rows of one public notice (JSON page, CSV or xlsx): a longer list is asked for per policy. */
    noticeRowsMax: 5_000,
  },
  reports: {
    /**
     * Awards of one jurisdiction-year a budget-execution report attributes, and ledger entries it reads (of every year:
     * it filters the jurisdiction's chain by fiscal year): a larger ledger is refused with the reason, never reported in
     * part, since a report that stops early no longer agrees with the accounts. 100,000 awards a year is the bench's year.
     */
    executionAwardsMax: 250_000,
    executionEntriesReadMax: 2_000_000,
    /** Items one page of those reads asks for (DynamoDB answers at most 1 MB a page anyway). */
    executionPageItems: 1_000,
    /** Awards the overdue check reads per status of a step: beyond, the list says it stopped early. */
    overdueReadPerStatusMax: 1_000,
    /**
     * Overdue awards one JSON answer lists (the oldest), each a short view of about 1 KB: far under Lambda's 6 MB answer
     * (attack review of issue 22, H2). The CSV and xlsx list up to exportRowsMax.
     */
    overdueItemsMax: 500,
    /** Rows one CSV or xlsx export writes (it pages through its source up to here, then says where it stopped). */
    exportRowsMax: 3_000,
    /**
     * The bytes of one file answer (base64 for xlsx), under Lambda's 6 MB: rows of long names and references can pass
     * it below exportRowsMax, and the answer is then refused with the reason (413) rather than cut by Lambda (M4).
     */
    exportBytesMax: 5 * 1024 * 1024,
  },
  retry: {
    /** Plans of one command that lost a race, at most; and never past the invocation's deadline. */
    attemptsMax: 80,
    baseDelayMs: 4,
    capDelayMs: 200,
    /** Stop starting new attempts this long before the invocation's deadline. */
    deadlineMarginMs: 1_500,
  },
  sdk: {
    /** Per request: a DynamoDB or SQS call that takes longer is abandoned and retried by the SDK. */
    requestTimeoutMs: 3_000,
    connectionTimeoutMs: 1_000,
    attemptsMax: 5,
  },
  whatif: {
    /** Accepted events one step of a simulation replays (one SQS message each). */
    pageEventsMax: 200,
    /** Events one simulation replays, at most: a longer history is simulated in parts. */
    eventsMax: 1_000_000,
    /** Months a simulation spans, at most: each is a partition of the accepted events' index (96: eight years). */
    periodMonthsMax: 96,
    /** A draft catalog as JSON, in UTF-8 bytes: kept whole in the simulation's item, under DynamoDB's 400 KB. */
    catalogBytesMax: 256 * 1024,
    /** Distinct awards of one recipient in one simulation: its item stays far under 350 KB, a page under 6 MB. */
    awardsPerRecipientMax: 200,
    /** Recipients one step of the summary adds up. */
    summaryPageMax: 500,
    /** Recipients per page of GET /simulations/{id}, JSON or CSV. */
    itemsPageMax: 100,
    /** Deliveries of one step's message before it is dead-lettered (the queue's maxReceiveCount); the last fails it. */
    deliveriesMax: 3,
    /** A simulation that has not moved for this long is reported as stalled (its message was lost or dead-lettered). */
    stalledAfterMs: 15 * 60_000,
  },
  api: {
    bodyBytesMax: 16 * 1024,
    cursorCharsMax: 2_000,
  },
  local: {
    apiBodyBytesMax: 64 * 1024,
    putEventsEntriesMax: 10,
    putEventsRequestBytesMax: 8 * 1024 * 1024,
    sweepEveryMs: 60_000,
  },
} as const;
