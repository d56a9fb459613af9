/**
 * A person as a recipient, end to end on DynamoDB Local (issue 11): the hebei-2016 五(二) award recorded
 * AMOUNT_REQUIRED, the amount set by an officer, approved, paid; the identity number whole only in the answer about
 * the award to an officer of its jurisdiction, and nowhere else: not in lists, the ledger (JSON and CSV), the
 * quarantine, errors, logs, keys or indexes.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createApi } from '../../functions/api/app';
import { createHandler as createIntake } from '../../functions/award-intake/app';
import { fiscalYearOf } from '../../shared/domain/awards';
import { computeAwards } from '../../shared/domain/engine';
import { PersonKey, idNumberProblem, maskIdNumber } from '../../shared/domain/person';
import { usccProblem } from '../../shared/domain/uscc';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import type { AwardStore } from '../../shared/store/store';
import { RECIPIENTS, TEST_PERSON_KEY, factEvent, rawEvent } from '../support/events';
import { type ApiRequest, apiEvent, lambdaContext, quietObservability, sqsEvent, sqsRecord } from '../support/lambda';
import { memoryFiles, payAward, testDigests } from '../support/payments';
import { freshStore, people } from '../support/store';

const PERSON = RECIPIENTS.sjzPerson.idNumber;
const MASKED = maskIdNumber(PERSON);
const YEAR = fiscalYearOf(new Date());
const officer = people.officer('130000');
const cityOfficer = people.officer('130100');
const approver = people.approver('130000');
const auditor = people.auditor();

let store: AwardStore;
let scanAll: () => Promise<Array<Record<string, unknown>>>;
let api: ReturnType<typeof createApi>;
let awardId: string;
const logged: string[] = [];
const writes = { stdout: process.stdout.write, stderr: process.stderr.write };

async function call(request: ApiRequest) {
  const response = await api(apiEvent(request), lambdaContext('api'));
  const text = response.body ?? '';
  const json = String(response.headers?.['content-type'] ?? '').startsWith('application/json');
  return { status: response.statusCode, text, body: json ? JSON.parse(text) : text };
}

function honour(reference: string, idNumber: string, occurredOn = '2024-03-01') {
  const raw = rawEvent('HonourConferred', { honour: 'provincial-quality-award' }, { recipient: 'sjzPerson', reference, occurredOn });
  raw.detail.recipient.idNumber = idNumber;
  return JSON.stringify(raw);
}

beforeAll(async () => {
  const fresh = await freshStore();
  store = fresh.store;
  scanAll = async () => (await fresh.doc.send(new ScanCommand({ TableName: fresh.tableName }))).Items ?? [];
  await store.setAllocation(people.budgetAdmin('130000'), { jurisdiction: '130000', fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
  // Everything the functions log goes to stdout or stderr: captured, to prove the number never reaches either.
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (original as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  }
  const loud = { ...quietObservability(), logger: new Logger({ serviceName: 'individuals-test', logLevel: 'DEBUG' }) };
  const intake = createIntake({ ...loud, store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
  const wrongCheck = `${PERSON.slice(0, 17)}${PERSON.endsWith('0') ? '1' : '0'}`;
  await intake(sqsEvent([
    sqsRecord(honour('冀政质奖〔2024〕个人007号', PERSON)),
    sqsRecord(honour('冀政质奖〔2024〕个人008号', wrongCheck)),
    // Broken JSON that holds a number: the parser's message may quote it; the quarantine keeps it masked.
    sqsRecord(`{"detail":{"recipient":{"idNumber":"${PERSON}"}},`),
  ]), lambdaContext());
  api = createApi({ ...loud, store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: memoryFiles(), digests: testDigests() });
  const found = (await store.listAwards({ jurisdictions: ['130000'], status: 'AMOUNT_REQUIRED' })).items;
  expect(found).toHaveLength(1);
  awardId = found[0]?.awardId ?? '';
});

afterAll(() => {
  process.stdout.write = writes.stdout;
  process.stderr.write = writes.stderr;
});

describe('a person as a recipient', () => {
  it('is paid by hebei-2016 五(二) per regulation, through the amount an officer sets and an approval', async () => {
    const listed = await call({ routeKey: 'GET /awards', principal: officer, query: { status: 'AMOUNT_REQUIRED' } });
    expect(listed.body.items).toMatchObject([{ awardId, ruleId: 'hebei-2016/provincial-quality-award', clause: '五(二)', amountFen: null }]);
    const set = await call({ routeKey: 'POST /awards/{awardId}/amount', principal: officer, pathParameters: { awardId }, body: { amountFen: yuan(50_000), basis: '冀政办〔2017〕省政府质量奖个人奖励5万元' } });
    expect(set).toMatchObject({ status: 200, body: { status: 'PENDING_APPROVAL', amountFen: yuan(50_000), approvalsRequired: 1 } });
    expect(set.body.recipient.idNumber).toBe(PERSON);
    const approved = await call({ routeKey: 'POST /awards/{awardId}/decisions', principal: approver, pathParameters: { awardId }, body: { decision: 'approve' } });
    expect(approved).toMatchObject({ status: 200, body: { status: 'APPROVED' } });
    expect(approved.body.recipient.idNumber).toBe(MASKED);
    // Paid to the person's confirmed account through a batch and the bank, keyed by the person's id (never the number).
    expect((await payAward(store, awardId)).status).toBe('DISBURSED');
  });

  it('shows the number whole only to an officer of the jurisdiction that pays, in the answer about the award', async () => {
    const one = (principal: typeof officer) => call({ routeKey: 'GET /awards/{awardId}', principal, pathParameters: { awardId } });
    expect((await one(officer)).body.recipient).toEqual({ kind: 'individual', idNumber: PERSON, name: '张某某', regionCode: '130102' });
    expect((await one(approver)).body.recipient.idNumber).toBe(MASKED);
    expect((await one(auditor)).body.recipient.idNumber).toBe(MASKED);
    expect((await one(cityOfficer)).status).toBe(403);
    for (const principal of [officer, approver, auditor]) {
      const list = await call({ routeKey: 'GET /awards', principal, query: { jurisdiction: '130000' } });
      expect(list.body.items.map((a: { recipient: { idNumber: string } }) => a.recipient.idNumber)).toContain(MASKED);
      expect(list.text).not.toContain(PERSON);
    }
    expect((await one(approver)).text).not.toContain(PERSON);
  });

  it('finds the person by number for an officer (keyed, never stored as a key), by keyed id for anyone, and masks them in the ledger, JSON and CSV', async () => {
    const byNumber = await call({ routeKey: 'GET /awards', principal: officer, query: { idNumber: PERSON.toLowerCase() } });
    expect(byNumber.body.items.map((a: { awardId: string }) => a.awardId)).toEqual([awardId]);
    // Asking by the number is an officer's: anyone else would learn which of a masked number's candidates it is.
    for (const [principal, routeKey] of [[auditor, 'GET /awards'], [approver, 'GET /awards'], [auditor, 'GET /ledger']] as const) {
      const refused = await call({ routeKey, principal, query: { idNumber: PERSON } });
      expect(refused).toMatchObject({ status: 403, body: { error: { message: expect.stringContaining('ask by recipientId (P:…)') } } });
    }
    const keyed = TEST_PERSON_KEY.recipientIdOf(PERSON);
    const byKey = await call({ routeKey: 'GET /awards', principal: approver, query: { recipientId: keyed } });
    expect(byKey.body.items.map((a: { awardId: string }) => a.awardId)).toEqual([awardId]);
    const ledger = await call({ routeKey: 'GET /ledger', principal: auditor, query: { recipientId: keyed } });
    expect(ledger.body.items.map((e: { type: string }) => e.type)).toEqual(['RECORDED', 'AMOUNT_SET', 'APPROVAL', 'PAYMENT_SENT', 'DISBURSED']);
    expect(ledger.body.items.every((e: { recipientId: string }) => e.recipientId === TEST_PERSON_KEY.recipientIdOf(PERSON))).toBe(true);
    expect(ledger.text).not.toContain(PERSON);
    expect(ledger.text).toContain(MASKED);
    const csv = await call({ routeKey: 'GET /ledger', principal: auditor, query: { jurisdiction: '130000', format: 'csv' } });
    expect(csv.text).toContain(TEST_PERSON_KEY.recipientIdOf(PERSON));
    expect(csv.text).not.toContain(PERSON);
    expect((await call({ routeKey: 'GET /ledger/verify', principal: auditor, query: { jurisdiction: '130000' } })).body).toMatchObject({ ok: true });
  });

  it('keeps rejected input and its reasons masked, and errors never repeat a number', async () => {
    const rejections = await call({ routeKey: 'GET /rejections', principal: auditor });
    expect(rejections.body.items).toHaveLength(2);
    expect(rejections.text).not.toContain(PERSON);
    expect(rejections.text).not.toContain(PERSON.slice(0, 17));
    expect(rejections.body.items.map((r: { reason: string }) => r.reason)).toContain('recipient.idNumber has a check character that does not match GB 11643-1999 (ISO 7064 MOD 11-2)');
    const bad = await call({ routeKey: 'GET /awards', principal: auditor, query: { idNumber: `${PERSON.slice(0, 17)}Y` } });
    expect(bad.status).toBe(400);
    expect(bad.text).not.toContain(PERSON.slice(0, 17));
    expect(bad.body.error.message).toContain('character 18 is not allowed');
  });

  it('never logs a number, and no key, index or id holds one: only the award itself, for the officer', async () => {
    expect(logged.filter((l) => l.includes('quarantined'))).toHaveLength(2);
    expect(logged.join('')).not.toContain(PERSON.slice(0, 17));
    const items = await scanAll();
    const holding = items.filter((item) => JSON.stringify(item).includes(PERSON.slice(0, 17)));
    expect(holding.map((item) => [item.itemType, Object.keys(item).filter((k) => JSON.stringify(item[k]).includes(PERSON))])).toEqual([['award', ['recipient']]]);
  });

  it('keys a payee by the identity number even when the number also passes the credit-code check', async () => {
    // A valid Hebei identity number that is also a well-formed credit code (about one in thirty-one all-digit numbers).
    const both = '130102199001010648';
    expect(usccProblem(both)).toBeNull();
    expect(idNumberProblem(both, null)).toBeNull();
    const account = { accountName: '王某某', accountNumber: '6217000130001234567', bankCode: '105121000015', bankName: '建设银行' };
    const proposed = await call({ routeKey: 'PUT /payees/{jurisdiction}/{recipientId}', principal: officer, pathParameters: { jurisdiction: '130000', recipientId: both }, body: account });
    expect(proposed.body.recipientId).toBe(TEST_PERSON_KEY.recipientIdOf(both));
    expect(proposed.text).not.toContain(both);
  });

  it('has ids that cannot be found by trying numbers without the deployment key', () => {
    const event = factEvent('HonourConferred', { honour: 'provincial-quality-award' }, { recipient: 'sjzPerson', reference: '冀政质奖〔2024〕个人007号', occurredOn: '2024-03-01' });
    const ids = (key: PersonKey) => {
      const result = computeAwards(event, CATALOG, key);
      return result.kind === 'awards' ? result.awards.map((a) => a.awardId) : [];
    };
    expect(ids(TEST_PERSON_KEY)).toEqual([awardId]);
    expect(ids(new PersonKey(Buffer.alloc(32, 7)))).not.toEqual([awardId]);
  });
});
