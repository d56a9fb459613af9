/**
 * DynamoDB Local's own concurrency, beside the end-to-end rounds on the same instance (ADR 025): transactions the size
 * of intake's (63 puts of about 800 bytes, ten events' worth) written by one writer, then by two at once on items that
 * do not conflict. Several ledger heads (ADR 025's third design) or claims written beside the head's transaction (its
 * second) help only if the storage writes two transactions faster than one after the other; this measures whether the
 * storage the bench runs on does.
 */
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../infra/local/dynamodb';
import { fmt, median, notes, row } from './report';
import { sized } from './scale';

const ITEMS = 63;
const TRANSACTIONS = sized(60, 4);
const ROUNDS = sized(3, 1);
const FILLER = 'x'.repeat(700);

/** Milliseconds per transaction, wall time, for `writers` writers sharing TRANSACTIONS transactions on a fresh table. */
async function perTransaction(raw: DynamoDBClient, doc: DynamoDBDocumentClient, table: string, writers: number): Promise<number> {
  await ensureTable(raw, table);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < TRANSACTIONS) {
        const t = next++;
        const TransactItems = Array.from({ length: ITEMS }, (_, k) => ({
          Put: { TableName: table, Item: { pk: `T#${t}#${k}`, sk: 'I', filler: FILLER }, ConditionExpression: 'attribute_not_exists(pk)' },
        }));
        await doc.send(new TransactWriteCommand({ TransactItems }));
      }
    }),
  );
  return (performance.now() - start) / TRANSACTIONS;
}

export async function benchStorageConcurrency(raw: DynamoDBClient, doc: DynamoDBDocumentClient): Promise<void> {
  const one: number[] = [];
  const two: number[] = [];
  // Alternated, so a machine that slows down between runs slows both.
  for (let r = 0; r < ROUNDS; r++) {
    one.push(await perTransaction(raw, doc, `bench-storage-one-${r}`, 1));
    two.push(await perTransaction(raw, doc, `bench-storage-two-${r}`, 2));
  }
  const [oneMs, twoMs] = [median(one), median(two)];
  row(
    `DynamoDB Local's own concurrency: transactions of ${ITEMS} puts per second, two writers at once`,
    `${fmt(1000 / twoMs, 1)}/s (${fmt(twoMs, 1)} ms each)`,
    `one writer: ${fmt(1000 / oneMs, 1)}/s (${fmt(oneMs, 1)} ms each)`,
    oneMs / twoMs,
  );
  const note = `DynamoDB Local's own concurrency: ${TRANSACTIONS} transactions of ${ITEMS} puts (intake's size for ten events), by one writer and then by two at once, `
    + `alternated ${ROUNDS} times on fresh tables of the end-to-end rounds' instance, medians (one writer: ${one.map((m) => fmt(m, 1)).join(', ')} ms; two: ${two.map((m) => fmt(m, 1)).join(', ')} ms). `
    + 'Near 1× means the storage writes one transaction at a time whoever sends them: on it, several ledger heads or claims written beside the head (ADR 025) '
    + 'would not record events faster; only fewer items per event would.';
  notes.push(note);
  console.log(note);
}
