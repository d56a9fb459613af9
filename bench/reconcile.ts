/**
 * Bank-file reconciliation throughput (issue 19, finding 10), on DynamoDB Local: a camt.053 statement of 10,000 booked
 * debits, each confirming one PAYING award, reconciled end to end (read and validated against the XSD, identified,
 * then in steps: one BatchGetItem for a step's awards, one for its budget and head, ONE transaction for its
 * settlements, ledger entries and the file's progress), against the same transactions replayed alone on a table seeded
 * the same way (written without parsing, reading or deciding). The ratio is what reconciling costs beyond its writes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../infra/local/dynamodb';
import { ingest } from '../shared/app/intake';
import { DEFAULT_APPROVAL_CONFIG } from '../shared/domain/approval';
import { type Award, fiscalYearOf } from '../shared/domain/awards';
import { PersonKey } from '../shared/domain/person';
import { fenToDecimal } from '../shared/adapters/iso20022/money';
import { CATALOG } from '../shared/policies';
import { awardItem, budgetItem } from '../shared/store/items';
import { reconciliation } from '../shared/app/reconciliation/bank-files';
import { AwardStore } from '../shared/store/store';
import { fmt, notes, row } from './report';
import { sized } from './scale';
import { TREASURY } from '../shared/treasury';

const LINES = sized(10_000, 200);
/** A first, smaller run warms DynamoDB Local's JVM up, so that neither measured run pays for its compiler. */
const WARM_UP_LINES = sized(500, 20);
const J = '130000';
const BATCH = 'PB-BENCH-RECONCILE';

/** One award recorded by intake, the template of the 10,000 PAYING awards the statement confirms. */
async function template(store: AwardStore): Promise<Award> {
  const year = fiscalYearOf(new Date());
  await store.setAllocation({ user: 'bench', groups: [`budget-admin:${J}`] }, { jurisdiction: J, fiscalYear: year, allocatedFen: 1e14 });
  const event = {
    'id': 'reconcile-template', 'source': 'quality.bench', 'detail-type': 'StandardPublished', 'time': new Date().toISOString(),
    'detail': { recipient: { kind: 'enterprise', uscc: '91130102MA07AB123U', name: 'bench' }, occurredOn: '2024-05-01', reference: 'GB 1', standard: { number: 'GB 1', title: 't', level: 'national' }, draftingRank: 1 },
  };
  await ingest(JSON.stringify(event), 'm-template', { store, catalog: CATALOG, personKey: new PersonKey(randomBytes(32)) });
  const [award] = (await store.listAwards({ jurisdictions: [J] })).items;
  if (award === undefined) throw new Error('the template award was not recorded');
  return award;
}

/** The awards, PAYING in one batch, and a budget holding their amounts in transit (written directly: setup only). */
async function seed(store: AwardStore, doc: DynamoDBDocumentClient, table: string, lines: number): Promise<Award[]> {
  const base = await template(store);
  const paying = (i: number): Award => ({ ...base, awardId: `aw-${i.toString(16).padStart(32, '0')}`, status: 'PAYING', paymentId: BATCH, earlierPaymentIds: [] });
  const awards = Array.from({ length: lines }, (_, i) => paying(i));
  const budget = await store.getBudget(J, base.fiscalYear);
  const transitFen = lines * (base.amountFen ?? 0);
  const moved = { availableFen: budget.availableFen - transitFen, inTransitFen: transitFen };
  const state = { ...budget, ...moved, jurisdiction: J, fiscalYear: base.fiscalYear, version: budget.version + 1 };
  const items = [...awards.map(awardItem), budgetItem(state)];
  const chunks = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(25 * i, 25 * i + 25));
  for (let i = 0; i < chunks.length; i += 8) {
    const puts = chunks.slice(i, i + 8).map((chunk) => chunk.map((Item) => ({ PutRequest: { Item } })));
    await Promise.all(puts.map((requests) => doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }))));
  }
  return awards;
}

/** A camt.053 of one booked debit per award, each naming the batch and the award (about 4 MB). */
function statement(awards: readonly Award[]): string {
  const ntry = (a: Award) => {
    const amount = `<Amt Ccy="CNY">${fenToDecimal(a.amountFen ?? 0)}</Amt>`;
    return `<Ntry>${amount}<CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-05-06</Dt></BookgDt><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>`
      + `<NtryDtls><TxDtls><Refs><MsgId>${BATCH}</MsgId><PmtInfId>${BATCH}</PmtInfId><EndToEndId>${a.awardId}</EndToEndId></Refs>${amount}</TxDtls></NtryDtls></Ntry>`;
  };
  return '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>'
    + '<GrpHdr><MsgId>BENCH-STMT-1</MsgId><CreDtTm>2026-05-07T06:00:00+08:00</CreDtTm></GrpHdr><Stmt><Id>BENCH-STMT-1</Id>'
    + `<Acct><Id><Othr><Id>${TREASURY[J]?.account.accountNumber ?? ''}</Id></Othr></Id><Ccy>CNY</Ccy></Acct>`
    + '<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="CNY">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-05-06</Dt></Dt></Bal>'
    + `${awards.map(ntry).join('')}</Stmt></BkToCstmrStmt></Document>`;
}

/** Records every transaction the store writes, to replay them alone. */
function recording(doc: DynamoDBDocumentClient) {
  const writes: TransactWriteCommandInput[] = [];
  const client = { send: (command: { input: Record<string, unknown> }) => {
    if (command instanceof TransactWriteCommand) writes.push(command.input as TransactWriteCommandInput);
    return doc.send(command as never);
  } } as unknown as DynamoDBDocumentClient;
  return { writes, client };
}

/**
 * The recorded transactions, conditions and all, on a second table seeded the same way: each condition (a version, the
 * head's sequence, an item not yet there) holds there as it did in the run, so this is the run's writes and nothing else.
 */
async function replay(doc: DynamoDBDocumentClient, table: string, writes: readonly TransactWriteCommandInput[]): Promise<number> {
  const onTable = (t: NonNullable<TransactWriteCommandInput['TransactItems']>[number]) => (t.Put ? { Put: { ...t.Put, TableName: table } } : t);
  const inputs = writes.map((w) => ({ ...w, ClientRequestToken: randomUUID(), TransactItems: (w.TransactItems ?? []).map(onTable) }));
  const started = process.hrtime.bigint();
  for (const input of inputs) await doc.send(new TransactWriteCommand(input));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

type Seeded = { table: string; store: AwardStore; awards: Award[] };

async function seededTable(raw: DynamoDBClient, doc: DynamoDBDocumentClient, client: DynamoDBDocumentClient, lines: number): Promise<Seeded> {
  const table = `bench-reconcile-${randomUUID()}`;
  await ensureTable(raw, table);
  const store = new AwardStore({ client, tableName: table, approvalConfig: DEFAULT_APPROVAL_CONFIG });
  return { table, store, awards: await seed(store, doc, table, lines) };
}

/** Reconciles a statement of `lines` confirmations, then replays its transactions on a twin table: both in seconds. */
async function measure(raw: DynamoDBClient, doc: DynamoDBDocumentClient, lines: number) {
  const { writes, client } = recording(doc);
  const [{ store, awards }, twin] = await Promise.all([seededTable(raw, doc, client, lines), seededTable(raw, doc, doc, lines)]);
  const xml = statement(awards);
  writes.length = 0;
  const started = process.hrtime.bigint();
  const imported = await reconciliation(store).importBankFile(xml);
  const reconcileS = Number(process.hrtime.bigint() - started) / 1e9;
  if (!imported.ok || imported.value.matched !== lines) throw new Error(`the bench statement did not reconcile: ${JSON.stringify(imported)}`);
  return { reconcileS, writesS: await replay(doc, twin.table, writes), transactions: writes.length, bytes: Buffer.byteLength(xml) };
}

export async function benchReconcile(raw: DynamoDBClient, doc: DynamoDBDocumentClient): Promise<void> {
  await measure(raw, doc, WARM_UP_LINES);
  const { reconcileS, writesS, transactions, bytes } = await measure(raw, doc, LINES);
  const perSecond = LINES / reconcileS;
  const alone = LINES / writesS;
  const figure = `reconcile: camt.053 lines reconciled per second, ${fmt(LINES, 0)} confirmations (${fmt(bytes / 1e6, 1)} MB)`;
  row(figure, `${fmt(perSecond, 0)}/s`, `the same ${transactions} transactions alone: ${fmt(alone, 0)}/s`, perSecond / alone);
  notes.push(
    `Reconciliation reads and validates the statement once, claims its message id, then settles it in steps of one transaction each (${transactions} for ${fmt(LINES, 0)} payments: each award and its ledger entry, the head, the budget and the file's progress), each award read once (a step's awards in one BatchGetItem), its budget and head once per file. The baseline replays the very same transactions, conditions included, on a table seeded the same way: the gap is parsing, XSD validation, the reads and the decisions.`,
  );
}
