/**
 * Nothing an upstream system sends can stop a payment run, and nobody is paid to an account that is no longer the
 * confirmed one (issue 19, findings 3 and 13), on DynamoDB Local.
 *
 * 3: a person named `李四（130102198503151235）`, approved with a confirmed payee, made every payment run of 130000 throw
 *    (`a ledger note never holds an identity number`), so every other approved award waited.
 * 13: the payee a run read was not a condition of its transaction: an account confirmed between the read and the
 *    write was paid to the old one.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../events/contracts';
import { DEFAULT_APPROVAL_CONFIG } from '../../shared/domain/approval';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import { computeAwards } from '../../shared/domain/engine';
import { identifyFact } from '../../shared/domain/identity';
import { yuan } from '../../shared/domain/money';
import { maskIdNumber } from '../../shared/domain/person';
import { CATALOG } from '../../shared/policies';
import { paymentBatches } from '../../shared/app/payments/run';
import { AwardStore } from '../../shared/store/store';
import { designAward } from '../support/awards';
import { TEST_PERSON_KEY, rawEvent } from '../support/events';
import { confirmedPayee, memoryFiles } from '../support/payments';
import { freshStore, people } from '../support/store';

const HEBEI = '130000';
const N = '130102198503151235';
const YEAR = fiscalYearOf(new Date());

/** The person of the finding: the number in the name and in the reference, as a careless upstream system sends it. */
async function liSiApproved(store: AwardStore, name = `李四（${N}）`): Promise<Award> {
  const raw = rawEvent('HonourConferred', { honour: 'provincial-quality-award' }, { recipient: 'sjzPerson', reference: `冀政质奖〔2024〕个人No${N}号`, occurredOn: '2024-03-01' });
  raw.detail.recipient = { kind: 'individual', idNumber: N, name };
  const parsed = parseEvent(raw);
  if (!parsed.ok || parsed.event.detailType === 'AchievementRevoked') throw new Error(`the event is invalid: ${parsed.ok ? 'a revocation' : parsed.reason}`);
  const computed = computeAwards(parsed.event, CATALOG, TEST_PERSON_KEY);
  if (computed.kind !== 'awards') throw new Error('it earns nothing');
  const recorded = await store.recordAwards({ eventId: parsed.event.eventId ?? 'e-li-si', source: parsed.event.source, fact: identifyFact(parsed.event, TEST_PERSON_KEY), awards: [...computed.awards] });
  const award = recorded.awards[0] as Award;
  const set = await store.setAmount(award.awardId, people.officer(HEBEI), { amountFen: yuan(50_000), basis: `个人奖励，身份证${N}` });
  if (!set.ok) throw new Error(set.message);
  const approved = await store.decide(award.awardId, people.approver(HEBEI), { decision: 'approve', comment: `核对身份证 ${N}` });
  if (!approved.ok) throw new Error(approved.message);
  return approved.value;
}

async function approvedDesignAward(store: AwardStore, reference: string): Promise<Award> {
  const award = (await store.recordAwards(designAward(yuan(100_000), reference))).awards[0] as Award;
  const approved = await store.decide(award.awardId, people.approver(HEBEI), { decision: 'approve', comment: '' });
  if (!approved.ok) throw new Error(approved.message);
  return approved.value;
}

describe('a payment run', () => {
  it('pays a person whose name and reference hold their identity number, masked, and the others with them', async () => {
    const { store } = await freshStore();
    await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
    const person = await liSiApproved(store);
    const other = await approvedDesignAward(store, '冀工设服〔2025〕0100');
    await confirmedPayee(store, person);
    await confirmedPayee(store, other);
    const files = memoryFiles();
    const run = await paymentBatches(store, files).run(HEBEI, 'payment-run');
    expect(run.unpayable).toEqual([]);
    expect(run.batches.flatMap((b) => b.payments.map((p) => p.awardId)).sort()).toEqual([person.awardId, other.awardId].sort());
    for (const id of [person.awardId, other.awardId]) expect((await store.getAward(id))?.status).toBe('PAYING');
    const xml = [...files.files.values()].join('\n');
    expect(xml).not.toContain(N);
    expect(xml).toContain(`No${maskIdNumber(N)}号`);
    const ledger = JSON.stringify(await store.ledger(HEBEI));
    expect(ledger).not.toContain(N);
    expect(ledger).toContain(`李四（${maskIdNumber(N)}）`);
    expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
  });

  // Fresh review F1/F2: a number written in Bengali digits, or with a digit after it, passed the mask whole into the
  // ledger and the payment file.
  it('masks the number however the name spells it, and pays the others with it', async () => {
    const bengali = Array.from(N, (c) => String.fromCodePoint(0x9e6 + Number(c))).join('');
    for (const name of [`李四（${bengali}）`, `李四（${N}0）`, `李四（${N.slice(0, 6)}/${N.slice(6, 14)}/${N.slice(14)}）`]) {
      const { store } = await freshStore();
      await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
      const person = await liSiApproved(store, name);
      const other = await approvedDesignAward(store, '冀工设服〔2025〕0109');
      await confirmedPayee(store, person);
      await confirmedPayee(store, other);
      const files = memoryFiles();
      const run = await paymentBatches(store, files).run(HEBEI, 'payment-run');
      expect(run.batches.flatMap((b) => b.payments.map((p) => p.awardId)), name).toContain(other.awardId);
      const written = [...files.files.values()].join('\n') + JSON.stringify(await store.ledger(HEBEI));
      for (const whole of [N, bengali, N.slice(6, 14)]) expect(written, name).not.toContain(whole);
      expect(await store.verify(HEBEI)).toMatchObject({ ok: true });
    }
  });

  it('pays the account confirmed when its transaction is written, not the one it read before', async () => {
    const { store, doc, tableName } = await freshStore();
    await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
    const award = await approvedDesignAward(store, '冀工设服〔2025〕0101');
    await confirmedPayee(store, award, '6222020402001111111');
    // Just before the run's claim is written, two officers replace the account (another store: another process).
    let replaced = false;
    const interposed = {
      send: async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        if (!replaced && command instanceof TransactWriteCommand && JSON.stringify(command.input).includes('"itemType":"batch"')) {
          replaced = true;
          await confirmedPayee(store, award, '6222020402002222222');
        }
        return doc.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const running = new AwardStore({ client: interposed, tableName, approvalConfig: DEFAULT_APPROVAL_CONFIG });
    const files = memoryFiles();
    const run = await paymentBatches(running, files).run(HEBEI, 'payment-run');
    expect(replaced).toBe(true);
    expect(run.batches.flatMap((b) => b.payments.map((p) => p.creditor.accountNumber))).toEqual(['6222020402002222222']);
    const xml = [...files.files.values()].join('\n');
    expect(xml).toContain('6222020402002222222');
    expect(xml).not.toContain('6222020402001111111');
  });

  it('is not held back by proposals that confirm nothing: the confirmed account is paid at the first write', async () => {
    const { store, doc, tableName } = await freshStore();
    await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
    const award = await approvedDesignAward(store, '冀工设服〔2025〕0102');
    await confirmedPayee(store, award, '6222020402001111111');
    // Before every write of the run, an officer proposes another account (review feedback: spam slowed runs past 10 s).
    let transactions = 0;
    const interposed = {
      send: async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        // The claim's transaction: the batch item written OPEN (filing it later writes it FILED).
        if (command instanceof TransactWriteCommand && JSON.stringify(command.input).includes('"status":"OPEN"')) {
          transactions += 1;
          await store.payees.proposePayee({ jurisdiction: HEBEI, recipientId: award.recipientId }, people.officer(HEBEI, 'spammer'), { accountName: '某某', accountNumber: `62220204020${transactions}9999999`, bankCode: '102131000013', bankName: '工商银行' });
        }
        return doc.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const running = new AwardStore({ client: interposed, tableName, approvalConfig: DEFAULT_APPROVAL_CONFIG });
    const run = await paymentBatches(running, memoryFiles()).run(HEBEI, 'payment-run');
    expect(transactions).toBe(1);
    expect(run.batches.flatMap((b) => b.payments.map((p) => p.creditor.accountNumber))).toEqual(['6222020402001111111']);
  });
});
