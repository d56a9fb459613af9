/**
 * The controls' routes through the API function (issue 21, CONTRACT §6): the public notice as JSON, CSV and a real
 * xlsx workbook, with a person's name masked and no identity number; an objector's contact shown whole to the officers
 * of the jurisdiction only; the credit list's import and reading, with who may do each.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createApi } from '../../functions/api/app';
import { createHandler as createIntake } from '../../functions/award-intake/app';
import { fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { CATALOG } from '../../shared/policies';
import type { AwardStore } from '../../shared/store/store';
import { WEEKDAYS_CALENDAR, controlsFor } from '../support/controls';
import { RECIPIENTS, TEST_PERSON_KEY, rawEvent } from '../support/events';
import { type ApiRequest, apiEvent, lambdaContext, quietObservability, sqsEvent, sqsRecord } from '../support/lambda';
import { memoryFiles, testDigests } from '../support/payments';
import { freshStore, people } from '../support/store';

const HEBEI = '130000';
const PERSON = RECIPIENTS.sjzPerson.idNumber;
const officer = people.officer(HEBEI, 'officer-a');
const otherOfficer = people.officer(HEBEI, 'officer-b');
const approver = people.approver(HEBEI);
const auditor = people.auditor();

let store: AwardStore;
let api: ReturnType<typeof createApi>;
const ids: { person: string; enterprise: string } = { person: '', enterprise: '' };

async function call(request: ApiRequest) {
  const response = await api(apiEvent(request), lambdaContext('api'));
  const text = response.body ?? '';
  const json = String(response.headers?.['content-type'] ?? '').startsWith('application/json');
  const base64 = response.isBase64Encoded === true;
  return { status: response.statusCode, headers: response.headers ?? {}, base64, text, body: json ? JSON.parse(text) : text };
}

beforeAll(async () => {
  ({ store } = await freshStore({ controls: controlsFor([HEBEI, '130100'], { publicityWorkingDays: 5 }), calendar: WEEKDAYS_CALENDAR }));
  await store.setAllocation(people.budgetAdmin(HEBEI), { jurisdiction: HEBEI, fiscalYear: fiscalYearOf(new Date()), allocatedFen: yuan(100_000_000) });
  const intake = createIntake({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
  const person = rawEvent('HonourConferred', { honour: 'provincial-quality-award' }, { recipient: 'sjzPerson', reference: '冀政质奖〔2026〕个人001号', occurredOn: '2026-03-01' });
  const enterprise = rawEvent('DesignServicePurchased', { approvedCostFen: yuan(200_000) }, { recipient: 'baoding', reference: '冀工设〔2026〕015号' });
  await intake(sqsEvent([sqsRecord(JSON.stringify(person)), sqsRecord(JSON.stringify(enterprise))]), lambdaContext());
  api = createApi({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: memoryFiles(), digests: testDigests() });
  const personAward = (await store.listAwards({ jurisdictions: [HEBEI], status: 'AMOUNT_REQUIRED' })).items[0];
  const enterpriseAward = (await store.listAwards({ jurisdictions: [HEBEI], status: 'PENDING_APPROVAL' })).items[0];
  ids.person = personAward?.awardId ?? '';
  ids.enterprise = enterpriseAward?.awardId ?? '';
  await call({ routeKey: 'POST /awards/{awardId}/amount', principal: officer, pathParameters: { awardId: ids.person }, body: { amountFen: yuan(50_000), basis: '省政府质量奖个人奖励5万元' } });
  for (const awardId of [ids.person, ids.enterprise]) {
    const approved = await call({ routeKey: 'POST /awards/{awardId}/decisions', principal: approver, pathParameters: { awardId }, body: { decision: 'approve' } });
    expect(approved.body.status).toBe('IN_PUBLICITY');
  }
});

describe('the public notice (GET /publicity)', () => {
  it('lists the awards on the notice with a person\'s name masked and no identity number, and says how to object', async () => {
    const notice = await call({ routeKey: 'GET /publicity', principal: { user: 'anyone', groups: [] }, query: { jurisdiction: HEBEI } });
    expect(notice.status).toBe(200);
    expect(notice.body).toMatchObject({ jurisdiction: HEBEI, publicityWorkingDays: 5, objectionsTo: expect.stringContaining('书面形式实名') });
    const names = notice.body.items.map((r: { recipientName: string }) => r.recipientName).sort();
    expect(names).toEqual(['张*某', RECIPIENTS.baoding.name].sort());
    expect(notice.text).not.toContain(PERSON);
    expect(notice.text).not.toContain('张某某');
    expect(notice.body.items.find((r: { recipientKind: string }) => r.recipientKind === 'individual')).toMatchObject({ uscc: null, clause: '五(二)', amountFen: yuan(50_000) });
  });

  it('is a CSV with a byte-order mark, and a real xlsx workbook with money as numbers and a frozen header', async () => {
    const csv = await call({ routeKey: 'GET /publicity', principal: approver, query: { jurisdiction: HEBEI, format: 'csv' } });
    expect(csv.text.startsWith('\uFEFF序号,受奖单位或个人')).toBe(true);
    expect(csv.text).toContain('张*某');
    expect(csv.text).toContain('50000.00');
    expect(csv.text).not.toContain(PERSON);
    const xlsx = await call({ routeKey: 'GET /publicity', principal: approver, query: { jurisdiction: HEBEI, format: 'xlsx' } });
    expect(xlsx.base64).toBe(true);
    expect(String(xlsx.headers['content-type'])).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.text, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('公示名单');
    expect(sheet?.getRow(1).getCell(2).value).toBe('受奖单位或个人');
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const amounts = [2, 3].map((r) => sheet?.getRow(r).getCell(7));
    expect(amounts.map((c) => c?.value).sort()).toEqual([100_000, 50_000]);
    expect(amounts[0]?.numFmt).toBe('"¥"#,##0.00');
    expect(workbook.getWorksheet('异议方式')?.getRow(2).getCell(1).value).toEqual(expect.stringContaining('匿名异议不予受理'));
  });

  it('needs a jurisdiction', async () => {
    expect((await call({ routeKey: 'GET /publicity', principal: approver })).status).toBe(400);
  });
});

describe('objections', () => {
  it('shows the objector\'s name and contact whole to the officers of the jurisdiction only', async () => {
    const recorded = await call({
      routeKey: 'POST /awards/{awardId}/objections', principal: officer, pathParameters: { awardId: ids.enterprise },
      body: { objectorName: '王小五', contact: '13912345678', text: '该企业的设计服务合同并未实际履行。', evidenceRef: '来信 2026-001' },
    });
    expect(recorded).toMatchObject({ status: 201, body: { status: 'ON_HOLD', hold: { reason: 'OBJECTION' } } });
    const one = (principal: typeof officer) => call({ routeKey: 'GET /awards/{awardId}', principal, pathParameters: { awardId: ids.enterprise } });
    expect((await one(officer)).body.objections[0]).toMatchObject({ objectorName: '王小五', contact: '13912345678' });
    for (const principal of [approver, auditor]) {
      const seen = await one(principal);
      expect(seen.body.objections[0]).toMatchObject({ objectorName: '王*五', contact: '***' });
      expect(seen.text).not.toContain('13912345678');
    }
    const list = await call({ routeKey: 'GET /awards', principal: officer, query: { jurisdiction: HEBEI, status: 'ON_HOLD' } });
    expect(list.text).not.toContain('13912345678');
    // The evidence pack, handed around: the objection and the hold, the objector masked, no contact.
    const pack = await call({ routeKey: 'GET /awards/{awardId}/evidence', principal: officer, pathParameters: { awardId: ids.enterprise } });
    expect(pack.body.controls).toMatchObject({ hold: { reason: 'OBJECTION' }, objections: [{ objectorName: '王*五', text: expect.stringContaining('合同') }] });
    expect(pack.text).not.toContain('13912345678');
    expect(pack.body.ledger.entries.map((e: { type: string }) => e.type)).toContain('OBJECTION');
    // Still on the notice, as under objection; decided by another officer, back on it.
    const notice = await call({ routeKey: 'GET /publicity', principal: approver, query: { jurisdiction: HEBEI } });
    expect(notice.body.items.find((r: { awardId: string }) => r.awardId === ids.enterprise)).toMatchObject({ state: 'OBJECTION' });
    const objectionId = recorded.body.objections[0].objectionId;
    const decide = (principal: typeof officer) => call({
      routeKey: 'POST /awards/{awardId}/objections/{objectionId}/decision', principal, pathParameters: { awardId: ids.enterprise, objectionId },
      body: { outcome: 'dismissed', basis: '经核查合同已履行，异议不成立' },
    });
    expect((await decide(officer)).status).toBe(403);
    expect(await decide(otherOfficer)).toMatchObject({ status: 200, body: { status: 'IN_PUBLICITY' } });
  });

  it('refuses an anonymous objection and one without a contact', async () => {
    for (const body of [{ objectorName: ' ', contact: '1', text: 't' }, { objectorName: '某人', contact: '', text: 't' }]) {
      expect((await call({ routeKey: 'POST /awards/{awardId}/objections', principal: officer, pathParameters: { awardId: ids.person }, body })).status).toBe(400);
    }
    // A word for no one, or a masked name, is no real name either.
    for (const objectorName of ['匿名', '张*']) {
      const refused = await call({ routeKey: 'POST /awards/{awardId}/objections', principal: officer, pathParameters: { awardId: ids.person }, body: { objectorName, contact: '0311-86001234', text: '材料不实' } });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('objectorName');
    }
  });
});

describe('the credit list (POST and GET /credit-lists)', () => {
  it('imports entry by entry, shows a person\'s number masked, and is read by officers and auditors only', async () => {
    const entries = [
      { recipientId: PERSON, listName: '失信被执行人名单', from: '2026-01-01' },
      { recipientId: 'NOT-A-CODE', listName: '失信被执行人名单', from: '2026-01-01' },
    ];
    const imported = await call({ routeKey: 'POST /credit-lists', principal: officer, body: { entries } });
    expect(imported).toMatchObject({ status: 200, body: { imported: 1, repeated: 0, refused: 1 } });
    expect(imported.text).not.toContain(PERSON);
    const read = await call({ routeKey: 'GET /credit-lists', principal: officer, query: { recipientId: PERSON } });
    expect(read.body.items[0].entries[0]).toMatchObject({ listName: '失信被执行人名单', shownId: `${PERSON.slice(0, 6)}********${PERSON.slice(14)}` });
    expect(read.text).not.toContain(PERSON);
    // Asked by the keyed id the awards show (lower-case hex), the same entries, for an auditor too.
    const byKey = await call({ routeKey: 'GET /credit-lists', principal: auditor, query: { recipientId: read.body.items[0].recipientId } });
    expect(byKey.body.items[0].entries).toHaveLength(1);
    expect((await call({ routeKey: 'GET /credit-lists', principal: approver, query: {} })).status).toBe(403);
    expect((await call({ routeKey: 'POST /credit-lists', principal: auditor, body: { entries } })).status).toBe(403);
    const tooMany = Array.from({ length: 501 }, (_, i) => ({ ...entries[0], listName: `名单${i}` }));
    expect((await call({ routeKey: 'POST /credit-lists', principal: officer, body: { entries: tooMany } })).status).toBe(400);
  });

  it('is asked by a person\'s identity number only by an officer where the number was issued: no one else learns which number a masked one is', async () => {
    // Attack review of issue 23, H1: asking candidate numbers for the masked one the listing shows found the person.
    for (const principal of [auditor, people.officer('350000', 'officer-fj')]) {
      const asked = await call({ routeKey: 'GET /credit-lists', principal, query: { recipientId: PERSON } });
      expect(asked.status, principal.user).toBe(403);
      expect(asked.body.error.message).toMatch(/keyed id \(P:…\)/);
    }
    const cityOfficer = people.officer('130100', 'officer-sjz');
    expect((await call({ routeKey: 'GET /credit-lists', principal: cityOfficer, query: { recipientId: PERSON } })).status).toBe(200);
  });
});
