/**
 * Identity numbers in every text field of every answer (issue 19, finding 8), through the real intake and API on
 * DynamoDB Local. A careless upstream system writes a person's number into a recipient's name and an award's
 * reference, and into an event that is refused, with Latin letters right beside it (`ID130102…`, `No130102…`). The
 * number is whole in one place only: the officer's own view of the award (`recipient.idNumber`).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createApi } from '../../functions/api/app';
import { createHandler as createIntake } from '../../functions/award-intake/app';
import { redactingReplacer } from '../../functions/runtime';
import { fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { parseEvent } from '../../events/contracts';
import { maskIdNumber } from '../../shared/domain/person';
import { redactTexts } from '../../shared/domain/redaction';
import { CATALOG } from '../../shared/policies';
import type { AwardStore } from '../../shared/store/store';
import { TEST_PERSON_KEY, rawEvent, uscc } from '../support/events';
import { type ApiRequest, apiEvent, lambdaContext, quietObservability, sqsEvent, sqsRecord } from '../support/lambda';
import { memoryFiles, testDigests } from '../support/payments';
import { freshStore, people } from '../support/store';

const N = '130102198503151235';
const M = '130181199001010648';
const officer = people.officer('130000');
const approver = people.approver('130000');
const auditor = people.auditor();
const logged: string[] = [];
const writes = { stdout: process.stdout.write, stderr: process.stderr.write };

let store: AwardStore;
let api: ReturnType<typeof createApi>;

async function call(request: ApiRequest) {
  const response = await api(apiEvent(request), lambdaContext('api'));
  return { status: response.statusCode, text: response.body ?? '', body: JSON.parse(response.body ?? 'null') };
}

/** Every spelling of a number a reader would find: its digits, wherever they stand. */
const holds = (text: string, n: string) => text.includes(n) || text.includes(n.slice(0, 14));

beforeAll(async () => {
  ({ store } = await freshStore());
  await store.setAllocation(people.budgetAdmin('130000'), { jurisdiction: '130000', fiscalYear: fiscalYearOf(new Date()), allocatedFen: yuan(10_000_000) });
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (original as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  }
  const loud = { ...quietObservability(), logger: new Logger({ serviceName: 'masking-test', logLevel: 'DEBUG', jsonReplacerFn: redactingReplacer }) };
  const person = rawEvent('HonourConferred', { honour: 'provincial-quality-award' }, { reference: `冀政质奖〔2024〕个人No${N}号`, occurredOn: '2024-03-01' });
  person.detail.recipient = { kind: 'individual', idNumber: N, name: `李四（${N}）` };
  const enterprise = rawEvent('StandardPublished', { standard: { number: 'GB/T 50999-2024', title: `负责人ID${M}`, level: 'national' }, draftingRank: 1 }, { reference: 'GB/T 50999-2024' });
  enterprise.detail.recipient = { kind: 'enterprise', uscc: uscc('91130102MA07AB999'), name: `某某公司（法人ID${M}）` };
  // Refused (a field the contract does not know), its text kept for audit: the number next to Latin letters.
  const refused = rawEvent('StandardLeaderListed', { standardNumber: 'Q/XX 1-2024', contactIdNumber: `ID${M}` }, { reference: `No${N}` });
  const intake = createIntake({ ...loud, store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
  await intake(sqsEvent([sqsRecord(JSON.stringify(person)), sqsRecord(JSON.stringify(enterprise)), sqsRecord(JSON.stringify(refused))]), lambdaContext());
  api = createApi({ ...loud, store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: memoryFiles(), digests: testDigests() });
});

afterAll(() => {
  process.stdout.write = writes.stdout;
  process.stderr.write = writes.stderr;
});

describe('identity numbers in free text', () => {
  it('are masked in every list and award answer, for everyone', async () => {
    const list = await call({ routeKey: 'GET /awards', principal: auditor, query: { jurisdiction: '130000' } });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(2);
    for (const n of [N, M]) expect(holds(list.text, n), n).toBe(false);
    expect(list.text).toContain(`李四（${maskIdNumber(N)}）`);
    expect(list.text).toContain(`No${maskIdNumber(N)}号`);
    expect(list.text).toContain(`法人ID${maskIdNumber(M)}`);
    for (const principal of [approver, auditor, officer]) {
      for (const award of list.body.items as Array<{ awardId: string }>) {
        const one = await call({ routeKey: 'GET /awards/{awardId}', principal, pathParameters: { awardId: award.awardId } });
        expect(one.status).toBe(200);
        expect(holds(one.text, M)).toBe(false);
        // Whole once, in the field that holds it, for the officer of the jurisdiction that pays the person; never else.
        const whole = one.text.split(N).length - 1;
        expect(whole, `${principal.user} ${award.awardId}`).toBe(principal === officer && one.body.recipient.kind === 'individual' ? 1 : 0);
        if (whole === 1) expect(one.body.recipient.idNumber).toBe(N);
      }
    }
  });

  it('are masked in quarantined events and their reasons, next to Latin letters too', async () => {
    const rejections = await call({ routeKey: 'GET /rejections', principal: auditor });
    expect(rejections.body.items).toHaveLength(1);
    for (const n of [N, M]) expect(holds(rejections.text, n), n).toBe(false);
    expect(rejections.text).toContain(`ID${maskIdNumber(M)}`);
  });

  it('are masked in the ledger, JSON and CSV, and in every line the functions logged', async () => {
    const ledger = await call({ routeKey: 'GET /ledger', principal: auditor, query: { jurisdiction: '130000' } });
    const csv = await api(apiEvent({ routeKey: 'GET /ledger', principal: auditor, query: { jurisdiction: '130000', format: 'csv' } }), lambdaContext('api'));
    for (const text of [ledger.text, csv.body ?? '', logged.join('')]) for (const n of [N, M]) expect(holds(text, n), n).toBe(false);
    expect(logged.join('')).toContain('quarantined');
  });
});

describe('asking by a person\'s number (review of issue 19, H4: a masked number has a few thousand candidates)', () => {
  it('is an officer\'s alone: approvers and auditors ask by the keyed id the award shows', async () => {
    const officerList = await call({ routeKey: 'GET /awards', principal: officer, query: { idNumber: N } });
    expect(officerList.status).toBe(200);
    expect(officerList.body.items).toHaveLength(1);
    for (const [principal, route, query] of [[approver, 'GET /awards', { idNumber: N }], [auditor, 'GET /awards', { idNumber: N }], [auditor, 'GET /ledger', { idNumber: N }]] as const) {
      expect((await call({ routeKey: route, principal, query })).status).toBe(403);
    }
    // A reference holding the number asks by it too (fresh review F3): what it finds would say which number it is.
    // Nine spaces between its groups, which the store reads away when it matches (re-attack H4).
    for (const reference of [`冀政质奖〔2024〕个人No${N}号`, N.split('').join(' '), `REF-${N.slice(0, 6)}${' '.repeat(9)}${N.slice(6)}`, `REF-${N.slice(0, 6)}${'\u3000'.repeat(9)}${N.slice(6)}`, `${N.slice(0, 6)}\u0345${N.slice(6)}`]) {
      const refused = await call({ routeKey: 'GET /awards', principal: approver, query: { reference } });
      expect(refused, reference).toMatchObject({ status: 403, body: { error: { message: expect.stringContaining('ask by recipientId (P:…)') } } });
      expect((await call({ routeKey: 'GET /awards', principal: officer, query: { reference } })).status).toBe(200);
    }
    expect((await call({ routeKey: 'GET /awards', principal: approver, query: { reference: '冀政质奖〔2024〕个人007号' } })).status).toBe(200);
    const keyed = TEST_PERSON_KEY.recipientIdOf(N);
    expect((await call({ routeKey: 'GET /awards', principal: approver, query: { recipientId: keyed } })).body.items).toHaveLength(1);
    // A payee named by the number: only an officer of the jurisdiction; by the keyed id, anyone who reads payees.
    expect((await call({ routeKey: 'GET /payees/{jurisdiction}/{recipientId}', principal: approver, pathParameters: { jurisdiction: '130000', recipientId: N } })).status).toBe(403);
    expect((await call({ routeKey: 'GET /payees/{jurisdiction}/{recipientId}', principal: approver, pathParameters: { jurisdiction: '130000', recipientId: keyed } })).status).toBe(404);
    expect((await call({ routeKey: 'GET /payees/{jurisdiction}/{recipientId}', principal: officer, pathParameters: { jurisdiction: '130000', recipientId: N } })).status).toBe(404);
  });
});

describe('what the pipeline does not make is masked, whatever its key (review H6)', () => {
  it('masks a bank\'s EndToEndId or message id that holds a person\'s number, and never an id or hash the pipeline made', () => {
    const answer = { endToEndId: N, messageId: `ID${N}`, awardId: 'aw-0123456789abcdef0123456789abcdef', hash: `ab${N}cd`, fileName: `${N}.xml` };
    expect(redactTexts(answer)).toEqual({ endToEndId: maskIdNumber(N), messageId: `ID${maskIdNumber(N)}`, awardId: answer.awardId, hash: answer.hash, fileName: `${maskIdNumber(N)}.xml` });
  });
});

describe('a credit code that is a person\'s number (review M4)', () => {
  it('is refused at the boundary, never taken for an enterprise and shown whole', async () => {
    const raw = rawEvent('StandardPublished', { standard: { number: 'GB/T 50998-2024', title: 't', level: 'national' }, draftingRank: 1 }, { reference: 'GB/T 50998-2024' });
    raw.detail.recipient = { kind: 'enterprise', uscc: '130102199001010648', name: '某某', regionCode: '130102' };
    const parsed = parseEvent(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason).toBe('recipient.uscc is a valid resident identity number, not a credit code: send a person as kind individual with recipient.idNumber, or check the credit code');
      expect(parsed.reason).not.toContain('130102199001010648');
    }
  });
});
