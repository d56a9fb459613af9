/**
 * End to end on the local stack: 500 events sent at once through PutEvents, all into one jurisdiction's ledger (the
 * hardest case: its head takes one write at a time), measured in three rounds; against the raw rate of
 * TransactWriteItems on the same DynamoDB Local, also measured three times. Medians of both.
 */
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { BatchGetCommand, GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../shared/store/table';
import { documentClient, ensureTable, freePort, localClient } from '../infra/local/dynamodb';
import { fmt, median, notes, percentile, row } from './report';
import { sized } from './scale';

const N = sized(500, 20);
const ROUNDS = sized(3, 1);

async function round(eb: EventBridgeClient, doc: DynamoDBDocumentClient, tag: number): Promise<{ rate: number; latencies: number[] }> {
  const headOf = async () => Number((await doc.send(new GetCommand({ TableName: 'awards', Key: keys.ledgerHead('130000'), ConsistentRead: true }))).Item?.seq ?? 0);
  // Each event is one Hebei award: the head moves by one entry per event recorded.
  const headBefore = await headOf();
  const sentAt = new Map<string, number>();
  const start = Date.now();
  for (let i = 0; i < N; i += 10) {
    const entries = Array.from({ length: 10 }, (_, j) => ({
      Source: 'quality.bench',
      DetailType: 'DesignServicePurchased',
      Detail: JSON.stringify({ recipient: { kind: 'enterprise', uscc: '91130600MA0CXK7L11', name: 'bench' }, occurredOn: '2025-03-01', reference: `E2E-${tag}-${i + j}`, approvedCostFen: 10_000 + i + j }),
    }));
    const before = Date.now();
    const out = await eb.send(new PutEventsCommand({ Entries: entries }));
    for (const e of out.Entries ?? []) if (e.EventId) sentAt.set(e.EventId, before);
  }
  // Watch the ledger head (a read every 100 ms) rather than each event, so measuring does not load what it measures.
  for (const deadline = Date.now() + 300_000; (await headOf()) < headBefore + N;) {
    if (Date.now() > deadline) throw new Error(`only ${(await headOf()) - headBefore} of ${N} events were recorded within 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const latencies: number[] = [];
  let last = 0;
  const ids = [...sentAt.keys()];
  for (let i = 0; i < ids.length; i += 100) {
    const batch = ids.slice(i, i + 100).map((id) => keys.event(id));
    const out = await doc.send(new BatchGetCommand({ RequestItems: { awards: { Keys: batch, ConsistentRead: true } } }));
    for (const item of out.Responses?.awards ?? []) {
      const { eventId, receivedAt } = item.outcome as { eventId: string; receivedAt: string };
      latencies.push(Date.parse(receivedAt) - (sentAt.get(eventId) ?? 0));
      last = Math.max(last, Date.parse(receivedAt));
    }
  }
  if (latencies.length !== N) throw new Error(`${N - latencies.length} events have no outcome`);
  return { rate: N / ((last - start) / 1000), latencies };
}

/** The same number of TransactWriteItems (two puts each), five at a time, on a fresh table. */
async function rawRate(doc: DynamoDBDocumentClient, table: string): Promise<number> {
  let next = 0;
  const start = Date.now();
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      while (next < N) {
        const i = next++;
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table, Item: { pk: `A#${i}`, sk: 'A', v: i }, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: table, Item: { pk: `L#${i}`, sk: 'L', v: i }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ],
          }),
        );
      }
    }),
  );
  return N / ((Date.now() - start) / 1000);
}

export async function benchEndToEnd(out: string): Promise<void> {
  const { startLocalStack } = await import('../infra/local/stack');
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const stack = await startLocalStack({ inMemory: true, dataDir: join(out, 'unused'), apiPort: await freePort(), eventsPort: await freePort() });
  try {
    const eb = new EventBridgeClient({ endpoint: stack.eventsUrl, region: 'us-east-1', credentials: { accessKeyId: 'b', secretAccessKey: 'b' } });
    const raw = localClient(process.env.AWS_ENDPOINT_URL_DYNAMODB as string);
    const doc = documentClient(raw);
    const rounds = [];
    const raws = [];
    for (let r = 0; r < ROUNDS; r++) {
      rounds.push(await round(eb, doc, r));
      await ensureTable(raw, `bench-raw-${r}`);
      raws.push(await rawRate(doc, `bench-raw-${r}`));
    }
    const rate = median(rounds.map((r) => r.rate));
    const middle = rounds.find((r) => r.rate === rate) ?? rounds[0];
    const rawMedian = median(raws);
    row('end to end: events per second, PutEvents → recorded award', `${fmt(rate)}/s`, `raw TransactWriteItems: ${fmt(rawMedian)}/s`, rate / rawMedian);
    const p50 = percentile(middle?.latencies ?? [], 50);
    const p99 = percentile(middle?.latencies ?? [], 99);
    row(`end to end: p50 latency, PutEvents → recorded award (${N} at once)`, `${fmt(p50, 0)} ms`, `p99 ${fmt(p99, 0)} ms`, p99 / Math.max(1, p50));
    notes.push(
      `End to end: ${N} Hebei design-service events sent as fast as PutEvents answers, all into one jurisdiction's ledger, whose head takes one write at a time (ADR 008); two intake pollers, batches of 10. Medians of ${ROUNDS} rounds (rates ${rounds.map((r) => fmt(r.rate)).join(', ')}/s) against the median of ${ROUNDS} raw runs (${raws.map((r) => fmt(r)).join(', ')}/s). The p50/p99 row's ratio is p99 ÷ p50.`,
    );
  } finally {
    await stack.stop();
  }
}
