/**
 * What one event costs DynamoDB (ADR 008, ADR 019): a count of requests, not a time. A fact, a no-award outcome or a
 * revocation is one BatchGetItem and one TransactWriteItems, and the event is kept as accepted (for what-if, ADR 013)
 * inside that transaction; a batch of ten shares both. A redelivery writes nothing; a transaction that fails keeps
 * neither the outcome nor the accepted event, and the redelivery keeps both.
 */
import { describe, expect, it } from 'vitest';
import { ingestDeliveries } from '../../shared/app/intake';
import { deliveryOf } from '../../shared/app/delivery';
import { fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { chinaDate } from '../../shared/domain/time';
import { LIMITS } from '../../shared/limits';
import { CATALOG } from '../../shared/policies';
import { AwardStore } from '../../shared/store/store';
import { rawEvent, TEST_PERSON_KEY } from '../support/events';
import { freshStore, people } from '../support/store';

const YEAR = fiscalYearOf(new Date());

interface Sent {
  readonly command: string;
  /** The partition keys a TransactWriteItems writes. */
  readonly written: readonly string[];
}

/** A store whose client records every request it sends, and can be told to fail the next TransactWriteItems. */
async function countingStore(allocatedFen = yuan(100_000_000)) {
  const { store: admin, client, doc, tableName } = await freshStore();
  for (const j of ['130000', '130100']) await admin.setAllocation(people.budgetAdmin(j), { jurisdiction: j, fiscalYear: YEAR, allocatedFen });
  const sent: Sent[] = [];
  const faults = { failNextTransaction: false };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName).replace(/Command$/, '');
      // Marshalled or not, as the document client hands it on.
      type Op = { Item?: { pk?: string | { S?: string } }; Key?: { pk?: string | { S?: string } } };
      const items = (args.input as { TransactItems?: Array<Record<string, Op>> }).TransactItems ?? [];
      const written = items.map((item) => {
        const op = Object.values(item)[0];
        const pk = (op?.Item ?? op?.Key)?.pk;
        return typeof pk === 'string' ? pk : (pk?.S ?? '');
      });
      sent.push({ command, written });
      if (command === 'TransactWriteItems' && faults.failNextTransaction) {
        faults.failNextTransaction = false;
        throw new Error('InternalServerError: the transaction did not run');
      }
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  const store = new AwardStore({ client: doc, tableName, approvalConfig: admin.core.config });
  const deps = { store, catalog: CATALOG, personKey: TEST_PERSON_KEY };
  const receivedAt = new Date().toISOString();
  const ingest = (texts: readonly string[], messageIds = texts.map((_, n) => `m-${n}`)) => {
    sent.length = 0;
    return ingestDeliveries(texts.map((text, n) => deliveryOf(text, messageIds[n] as string, { receivedAt })), deps);
  };
  return { store, sent, faults, ingest, receivedAt };
}

const standard = (id: string, title = 't') =>
  JSON.stringify(rawEvent('StandardPublished', { standard: { number: `GB ${id}`, title, level: 'national' }, draftingRank: 1 }, { reference: `GB ${id}`, eventId: id }));
const revocation = (id: string, reference: string) =>
  JSON.stringify(rawEvent('AchievementRevoked', { revokes: { detailType: 'StandardPublished', reference }, reason: '撤销' }, { reference: `撤 ${id}`, eventId: id }));
const commands = (sent: readonly Sent[]) => sent.map((s) => s.command);

describe('what one event costs DynamoDB', () => {
  it('records a fact in one BatchGetItem and one TransactWriteItems, the accepted event on its outcome\'s item (ADR 027)', async () => {
    const { store, sent, ingest, receivedAt } = await countingStore();
    const [outcome] = await ingest([standard('req-1')]);
    expect(outcome).toMatchObject({ ok: true, result: { kind: 'awards', repeated: false } });
    expect(commands(sent)).toEqual(['BatchGetItem', 'TransactWriteItems']);
    expect(sent[1]?.written).toContain('EVENT#req-1');
    expect(sent[1]?.written).not.toContain('ACCEPTED#req-1');
    expect(await store.getAcceptedEvent('req-1')).toMatchObject({ eventId: 'req-1', detailType: 'StandardPublished', receivedAt, truncated: false });
    // What-if reads it by its index, the month it was received.
    const today = chinaDate(new Date(receivedAt));
    expect((await store.listAcceptedEvents({ from: today, to: today })).items.map((e) => e.eventId)).toContain('req-1');
  });

  it('records a batch of ten in one BatchGetItem and one TransactWriteItems: 0.2 requests an event', async () => {
    const { store, sent, ingest } = await countingStore();
    const ids = Array.from({ length: 10 }, (_, n) => `batch-${n}`);
    const outcomes = await ingest(ids.map((id) => standard(id)));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(commands(sent)).toEqual(['BatchGetItem', 'TransactWriteItems']);
    expect(sent.length / ids.length).toBeLessThanOrEqual(0.2);
    // Each event writes its outcome (its event kept on it), its fact key, its spelling, its lead claim, and its two awards
    // (Hebei's and Shijiazhuang's) with their entries: eight items, not nine. The batch shares two heads, two budgets
    // and one credit-list check.
    const written = sent[1]?.written ?? [];
    expect(written.filter((pk) => pk.startsWith('ACCEPTED#'))).toEqual([]);
    expect(written.length).toBe(ids.length * 8 + 5);
    for (const id of ids) expect(await store.getAcceptedEvent(id)).toMatchObject({ eventId: id, detailType: 'StandardPublished', fiscalYear: YEAR });
  });

  it('records a no-award outcome and a revocation each in one read and one transaction, each kept as accepted', async () => {
    const { store, sent, ingest } = await countingStore();
    const nowhere = JSON.stringify(rawEvent('StandardPublished', { standard: { number: 'GB N', title: 't', level: 'national' }, draftingRank: 1 }, { regionCode: '440300', eventId: 'no-award-1' }));
    expect((await ingest([nowhere]))[0]).toMatchObject({ ok: true, result: { kind: 'no-award' } });
    expect(commands(sent)).toEqual(['BatchGetItem', 'TransactWriteItems']);
    expect(await store.getAcceptedEvent('no-award-1')).toMatchObject({ detailType: 'StandardPublished' });
    expect((await ingest([revocation('rev-1', 'GB never-sent')]))[0]).toMatchObject({ ok: true, result: { kind: 'revocation', state: 'PENDING' } });
    expect(commands(sent)).toEqual(['BatchGetItem', 'TransactWriteItems']);
    expect(sent[1]?.written).toContain('ACCEPTED#rev-1');
    expect(await store.getAcceptedEvent('rev-1')).toMatchObject({ detailType: 'AchievementRevoked' });
  });

  it('refuses another event under an id already recorded, kept in the quarantine, not dropped as a redelivery (attack 2026-12-07-u, F3)', async () => {
    const { store, ingest } = await countingStore();
    expect((await ingest([standard('reuse-1')]))[0]).toMatchObject({ ok: true, result: { kind: 'awards', repeated: false } });
    const other = JSON.stringify(rawEvent('StandardPublished', { standard: { number: 'GB other', title: 't', level: 'national' }, draftingRank: 1 }, { reference: 'GB other', eventId: 'reuse-1' }));
    expect((await ingest([other]))[0]).toMatchObject({ ok: true, result: { kind: 'rejected', eventId: 'reuse-1', reason: expect.stringMatching(/^event id reuse-1 was already used by another event/) } });
    expect(await store.getRejection('reuse-1')).toMatchObject({ eventId: 'reuse-1', detailType: 'StandardPublished' });
    const references = (await store.listAwards({ jurisdictions: ['130000', '130100'], limit: 100 })).items.map((a) => a.reference);
    expect(references).toContain('GB reuse-1');
    expect(references).not.toContain('GB other');
    // The same event again is a redelivery still: nothing written, nothing refused.
    expect((await ingest([standard('reuse-1')]))[0]).toMatchObject({ ok: true, result: { kind: 'awards', repeated: true } });
    // A fact under a revocation's id is another event too.
    expect((await ingest([revocation('reuse-2', 'GB never-sent')]))[0]).toMatchObject({ ok: true, result: { kind: 'revocation' } });
    expect((await ingest([standard('reuse-2')]))[0]).toMatchObject({ ok: true, result: { kind: 'rejected', eventId: 'reuse-2' } });
  });

  it('writes nothing for a redelivery, alone or twice in one batch, and keeps the one accepted event it had', async () => {
    const { store, sent, ingest } = await countingStore();
    await ingest([standard('again-1')], ['m-first']);
    const kept = await store.getAcceptedEvent('again-1');
    const [redelivered] = await ingest([standard('again-1')], ['m-first']);
    expect(redelivered).toMatchObject({ ok: true, result: { kind: 'awards', repeated: true } });
    expect(commands(sent).filter((c) => c !== 'BatchGetItem')).toEqual([]);
    expect(await store.getAcceptedEvent('again-1')).toEqual(kept);
    // The same new event twice in one SQS batch: recorded and kept once, the second copy a redelivery of the first.
    const twice = await ingest([standard('twice-1'), standard('twice-1')], ['m-a', 'm-a']);
    expect(twice.map((o) => o.ok && o.result.kind)).toEqual(['awards', 'awards']);
    expect(twice.map((o) => o.ok && 'repeated' in o.result && o.result.repeated)).toEqual([false, true]);
    expect(await store.getAcceptedEvent('twice-1')).toMatchObject({ eventId: 'twice-1' });
    const ledger = (await store.ledger('130000')).filter((e) => e.eventId === 'twice-1');
    expect(ledger).toHaveLength(1);
  });

  it('keeps neither the outcome nor the accepted event when the transaction fails, and both on redelivery', async () => {
    const { store, faults, ingest } = await countingStore();
    faults.failNextTransaction = true;
    const [failed] = await ingest([standard('fails-1')]);
    expect(failed?.ok).toBe(false);
    expect(await store.getEventOutcome('fails-1')).toBeNull();
    expect(await store.getAcceptedEvent('fails-1')).toBeNull();
    const [recorded] = await ingest([standard('fails-1')]);
    expect(recorded).toMatchObject({ ok: true, result: { kind: 'awards', repeated: false } });
    expect(await store.getEventOutcome('fails-1')).not.toBeNull();
    expect(await store.getAcceptedEvent('fails-1')).not.toBeNull();
  });

  it('keeps a rejected event in the quarantine only, never as accepted', async () => {
    const { store, sent, ingest } = await countingStore();
    const bad = JSON.stringify({ ...rawEvent('StandardPublished', { draftingRank: 1 }, { eventId: 'bad-1' }), source: 'not-quality' });
    expect((await ingest([bad]))[0]).toMatchObject({ ok: true, result: { kind: 'rejected', repeated: false } });
    expect(commands(sent)).not.toContain('BatchWriteItem');
    expect(await store.getRejection('bad-1')).not.toBeNull();
    expect(await store.getAcceptedEvent('bad-1')).toBeNull();
  });

  it('plans a batch that outgrows one transaction (every award queued for budget) in halves, and records it all', async () => {
    // No budget: each award waits in its budget's queue, one more item each, which no estimate before reading can know.
    const { store, sent, ingest } = await countingStore(0);
    const ids = Array.from({ length: 10 }, (_, n) => `queued-${n}`);
    const outcomes = await ingest(ids.map((id) => standard(id)));
    expect(outcomes.map((o) => o.ok && o.result.kind)).toEqual(ids.map(() => 'awards'));
    const awards = outcomes.flatMap((o) => (o.ok && o.result.kind === 'awards' ? o.result.awards : []));
    expect(awards.map((a) => a.status)).toEqual(awards.map(() => 'AWAITING_BUDGET'));
    // Planned whole (more than 100 items), then in two halves: never more than a transaction holds, never a failure.
    const transactions = sent.filter((r) => r.command === 'TransactWriteItems').map((r) => r.written.length);
    expect(transactions).toHaveLength(2);
    expect(transactions.reduce((a, b) => a + b, 0)).toBeGreaterThan(LIMITS.store.transactItemsMax);
    for (const id of ids) expect(await store.getAcceptedEvent(id)).not.toBeNull();
  });

  it('records ten events at their longest title in one transaction, each kept whole', async () => {
    const { store, sent, ingest } = await countingStore();
    // The contract bounds every text of a detail (a standard's title at 500 characters, three UTF-8 bytes each here),
    // so a valid detail is far under the cut (LIMITS.store.acceptedDetailCharsMax) and ten far under 4 MB.
    const title = '冀'.repeat(500);
    const ids = Array.from({ length: 10 }, (_, n) => `long-${n}`);
    const outcomes = await ingest(ids.map((id) => standard(id, title)));
    expect(outcomes.map((o) => o.ok && o.result.kind)).toEqual(ids.map(() => 'awards'));
    expect(commands(sent)).toEqual(['BatchGetItem', 'TransactWriteItems']);
    for (const id of ids) {
      const kept = await store.getAcceptedEvent(id);
      expect(kept).toMatchObject({ truncated: false });
      expect(kept?.detail.length).toBeLessThan(LIMITS.store.acceptedDetailCharsMax);
    }
  });
});
