/**
 * Every limit of the pipeline in one place (STYLE 11, "put a limit on everything"): what one event, one item, one
 * page, one transaction, one request and one retry loop may hold or take. Plain numbers, imported everywhere they
 * apply, so a limit is read and changed in one place.
 */

export const LIMITS = {
  event: {
    /** EventBridge caps one PutEvents entry at 256 KB; an event delivered to SQS is that plus its envelope. */
    bytesMax: 256 * 1024,
    textCharsMax: 200, idCharsMax: 128,
    depthMax: 32, // nesting searched for keys no event has (__proto__, …): deeper than any event's fields
  },
  quarantine: {
    /** One quarantined event's text and reason, in UTF-8 bytes, so the item stays under DynamoDB's 400 KB. */
    eventBytesMax: 320_000,
    reasonBytesMax: 16_000,
    idCharsMax: 128,
    detailTypeCharsMax: 100,
  },
  store: {
    /** DynamoDB's limits on one TransactWriteItems (its items; their sizes added up), one item and one BatchGetItem. */
    transactItemsMax: 100, transactBytesMax: 4 * 1024 * 1024, itemBytesMax: 400 * 1024,
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
    /** An accepted event's detail larger than this is kept cut (and says so): what-if then skips it with the reason. */
    acceptedDetailCharsMax: 32 * 1024,
  },
  payments: {
    /** Awards claimed into one batch: them, their entries, payee conditions, head, budgets and batch in one transaction of ≤ 100 items. */
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
     * larger file, up to the bank-file limit (bankFile, below), is queued: stored under inbound/officers/ with the
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
    /** A credit-list file the CLI or console reads (about 150,000 entries, imported 500 a request); a larger one is refused unread. */
    creditFileBytesMax: 32 * 1024 * 1024,
    /** Entries kept for one recipient (one item, read whole by every check): the credit system lists a few at most. */
    creditEntriesPerRecipientMax: 50,
    /** Written objections one award takes; more are recorded on paper and referred to in the last one. */
    objectionsPerAwardMax: 20,
    objectionTextCharsMax: 2_000,
    /** Awards in publicity one sweep ends per jurisdiction; the next sweep takes the rest. */
    publicityEndedPerSweepMax: 200,
    /** Rows of one public notice (JSON page, CSV or xlsx): a longer list is asked for per policy. */
    noticeRowsMax: 5_000,
    /** The name of one credit list (the source system's, e.g. 信用中国 重大税收违法失信主体名单). */
    creditListNameCharsMax: 100,
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
    /** Working days late counted at most (a list shows "30+" beyond): the count is a loop over days. */
    lateDaysCountedMax: 250,
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
    claimReadsMax: 5, // reads of a simulation to claim one step, each claim refused because the item changed meanwhile
    /** A simulation that has not moved for this long is reported as stalled (its message was lost or dead-lettered). */
    stalledAfterMs: 15 * 60_000,
    /** A POST /simulations body: the draft catalog and a few fields besides. */
    bodyBytesMax: 260 * 1024,
  },
  api: {
    bodyBytesMax: 16 * 1024,
    cursorCharsMax: 2_000,
    pathParameterCharsMax: 200, // a path parameter (an id): the longest any route takes (requests.ts)
    lambdaAnswerBytesMax: 6 * 1024 * 1024, // Lambda's limit on one synchronous answer, files included
  },
  digests: {
    /** Entries one digest covers at most: its body stays a few KB, and a page of digests a few hundred. */
    hashesMax: 256,
    /** Digests one page of GET /ledger/digests lists. */
    pageMax: 50,
    /** Digests one read of the S3 log lists: each is one GetObject, so a page is at most this many requests. */
    listMax: 50,
    /** A digest of hashesMax entries is about 20 KB; an object far larger is not one this log wrote. */
    objectBytesMax: 256 * 1024,
    /** Attempts at a write that S3 answers 409 (a conditional write racing another on the same name). */
    conflictAttemptsMax: 3,
    /** What the local digest log reads of its file at once. */
    localPageBytesMax: 4 * 1024 * 1024,
  },
  /** Bank files as readBankFile accepts them: a day's answers for the largest batch file are far below this. */
  bankFile: {
    bytesMax: 5 * 1024 * 1024,
    entriesMax: 10_000,
    /** XSD errors quoted in a reason: the first few say what is wrong; the rest are usually the same. */
    errorsInReason: 3,
  },
  iso20022: {
    /**
     * Payments in one pain.001. The bank's answers to a file must be readable too: at 2,000 payments with every name
     * and remittance at its longest, its pain.002 and camt.054 are about 3.6 MB, inside bankFile.bytesMax.
     */
    pain001PaymentsMax: 2_000,
    /** RmtInf/Ustrd and the Nm of a party or an agent are Max140Text. */
    remittanceCharsMax: 140,
    nameCharsMax: 140,
    /** XSD errors listed per file: one bad field repeated ten thousand times is one problem, not ten thousand lines. */
    xsdErrorsListedMax: 20,
  },
  xlsx: {
    /** Rows in one sheet (a Lambda answer could not carry more anyway); sheets in one workbook. */
    rowsMax: 100_000,
    sheetsMax: 64,
    /** Excel's own limits: columns in a sheet, characters in a cell, characters in a sheet name, a column's width. */
    columnsMax: 16_384,
    cellCharsMax: 32_767,
    sheetNameCharsMax: 31,
    widthMax: 255,
    /** The largest magnitude Excel holds exactly: 15 significant digits. */
    numberMax: 999_999_999_999_999,
    /** A column fitted to its text is at most this wide; rows measured for that, the ones a reader sees first. */
    defaultWidthMax: 60,
    measuredRowsMax: 2_000,
  },
  /** What ZIP without its ZIP64 extension can count: 16 bits of entries, 32 bits of bytes. */
  zip: { entriesMax: 0xffff, bytesMax: 0xffffffff },
  calendar: {
    /** A period in working days is a few weeks at most: a larger one is a mistaken argument (days, hours), refused. */
    workingDaysMax: 60,
    /**
     * The longest search for working days, in calendar days. Sixty working days take under a hundred days in every
     * year of the data (the longest run of days off is ten, the Spring Festival of 2020): reaching it means the data is broken.
     */
    daysAheadMax: 200,
  },
  text: {
    /** Deep enough for any answer this API gives; a deeper value is a bug, not data (answers are built here). */
    redactionDepthMax: 64,
    /** Characters between two digits of one identity number in free text, at most: more, and they are two numbers. */
    idNumberGapMax: 8,
  },
  /** The most a listing command prints; an export (ledger --csv) pages through everything. */
  cli: { listMax: 10_000 },
  console: {
    /** An export stops after this many pages: an export is a report, not a copy of the table. */
    exportPagesMax: 200,
    /** Steps a ledger verification may take before it stops and says so: each step is bounded, and so is the whole. */
    verifyStepsMax: 10_000,
  },
  local: {
    /** The local gateway takes what the largest route does: a bank file (API Gateway takes 10 MB). */
    apiBodyBytesMax: 5 * 1024 * 1024,
    /** EventBridge's quotas: entries per PutEvents, the size of one entry, of one request. */
    putEventsEntriesMax: 10,
    putEventsEntryBytesMax: 256 * 1024,
    putEventsRequestBytesMax: 8 * 1024 * 1024,
    /** A synchronous Lambda invocation's payload (6 MB in AWS); what is invoked locally takes `{}`. */
    lambdaPayloadBytesMax: 256 * 1024,
    sweepEveryMs: 60_000,
    /** Files one tick of the local bank hands to bank-inbound, and directory entries it looks at; the rest wait. */
    bankHandMax: 20,
    bankScanMax: 1_000,
  },
} as const;

type Widened<T> = { readonly [K in keyof T]: T[K] extends number ? number : Widened<T[K]> };
export type Limits = Widened<typeof LIMITS>;

/**
 * What must hold between the limits, each as the reason it must: a page fits a transaction, a batch fits its file and
 * its transaction, an event fits what EventBridge, the quarantine and DynamoDB take, a body fits the gateway. Checked
 * when this module loads (below), so a change that breaks one fails every function, test and tool at once.
 */
export function limitProblems(l: Limits): string[] {
  const { store, payments, controls, reports, whatif, api, digests, bankFile, iso20022, xlsx, calendar, local, retry } = l;
  const rules: Array<readonly [boolean, string]> = [
    [store.pageSizeDefault <= store.pageSizeMax && store.pageSizeMax <= store.ledgerPageMax, 'the default page is at most a page, a page at most a ledger page'],
    [store.pageSizeMax <= store.batchGetKeysMax, 'a page of awards is read in one BatchGetItem'],
    [3 * payments.batchAwardsMax + 3 <= store.transactItemsMax, 'a batch claim (3 items an award, the head, the batch, a budget) fits one transaction'],
    [payments.bankFileStepEntriesMax + 2 <= store.transactItemsMax, 'a reconciliation step (an item an entry, the message, the progress) fits one transaction'],
    [payments.batchAwardsMax <= iso20022.pain001PaymentsMax, 'a batch fits one pain.001'],
    [iso20022.pain001PaymentsMax <= bankFile.entriesMax, 'the bank\'s answer to a whole pain.001 is one bank file'],
    [payments.bankFileBytesMax <= bankFile.bytesMax && payments.bankFileSyncBytesMax <= payments.bankFileBytesMax, 'a bank file posted is one readBankFile reads'],
    [payments.bankFileSyncEntriesMax <= bankFile.entriesMax, 'a bank file reconciled while one waits is one readBankFile reads'],
    [payments.bankFileBytesMax <= local.apiBodyBytesMax, 'the local gateway takes a whole bank file'],
    [l.event.bytesMax <= local.putEventsEntryBytesMax, 'an event fits one PutEvents entry'],
    [local.putEventsEntriesMax * local.putEventsEntryBytesMax <= local.putEventsRequestBytesMax, 'a full PutEvents request is accepted'],
    [l.event.bytesMax <= l.quarantine.eventBytesMax, 'a rejected event is kept whole'],
    [l.quarantine.eventBytesMax + l.quarantine.reasonBytesMax + 16 * 1024 <= store.itemBytesMax, 'a quarantined event and its reason fit one item'],
    [3 * store.acceptedDetailCharsMax + 16 * 1024 <= store.itemBytesMax, 'an accepted event (3 bytes a character at most) fits one item'],
    [10 * (3 * store.acceptedDetailCharsMax + 16 * 1024) <= store.transactBytesMax / 2, 'an SQS batch\'s ten accepted events take half a transaction at most'],
    [whatif.catalogBytesMax + 1024 <= whatif.bodyBytesMax && whatif.bodyBytesMax <= local.apiBodyBytesMax, 'a simulation body holds its catalog, and the gateway takes it'],
    [whatif.catalogBytesMax + 16 * 1024 <= store.itemBytesMax, 'a simulation\'s catalog is kept in its item'],
    [whatif.itemsPageMax <= whatif.summaryPageMax && whatif.pageEventsMax <= whatif.eventsMax, 'a simulation page is within a step, a step within a simulation'],
    [api.bodyBytesMax <= local.apiBodyBytesMax && controls.creditImportBytesMax <= local.apiBodyBytesMax, 'the gateway takes every body a route takes'],
    [controls.creditEntriesPerImportMax * 200 <= controls.creditImportBytesMax, 'a full credit-list import (200 bytes an entry) fits its body'],
    [reports.exportBytesMax < api.lambdaAnswerBytesMax && reports.overdueItemsMax * 1024 < api.lambdaAnswerBytesMax, 'a report fits one Lambda answer'],
    [reports.overdueItemsMax <= reports.overdueReadPerStatusMax, 'the overdue list shows what it read'],
    [reports.exportRowsMax <= xlsx.rowsMax && controls.noticeRowsMax <= xlsx.rowsMax, 'an export and a notice fit one sheet'],
    [xlsx.measuredRowsMax <= xlsx.rowsMax && xlsx.defaultWidthMax <= xlsx.widthMax, 'a sheet\'s fitted widths are within Excel\'s'],
    [digests.pageMax <= digests.listMax, 'a page of digests is one read of the log'],
    [digests.hashesMax * 100 <= digests.objectBytesMax, 'a full digest (100 bytes an entry) is one the log reads'],
    [calendar.workingDaysMax * 2 <= calendar.daysAheadMax, 'the longest period in working days is found within the search'],
    [retry.baseDelayMs <= retry.capDelayMs && retry.capDelayMs < retry.deadlineMarginMs, 'a retry waits less than the margin it keeps'],
  ];
  return rules.filter(([holds]) => !holds).map(([, why]) => why);
}

const broken = limitProblems(LIMITS);
if (broken.length > 0) throw new Error(`shared/limits.ts: the limits do not agree: ${broken.join('; ')}`);
