/**
 * The evidence pack of an award (issue 14, CONTRACT §3 `GET /awards/{awardId}/evidence`) on DynamoDB Local, with the
 * real stores: awards recorded, approved, paid through a batch, its pain.001 and the simulated bank's answers, the
 * ledger signed into digests; then each pack is checked field by field against the award's own history, the catalog,
 * the stored file and the digest log.
 */
import { createHash } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createApi } from '../../functions/api/app';
import { signDigests } from '../../shared/app/digests/run';
import { type Award, fiscalYearOf } from '../../shared/domain/awards';
import type { SignedDigest } from '../../shared/adapters/digests/node-digest';
import type { EvidencePack } from '../../shared/domain/evidence';
import { type LedgerEntry, hashEntry } from '../../shared/domain/ledger';
import { yuan } from '../../shared/domain/money';
import { maskIdNumber } from '../../shared/domain/person';
import { CATALOG } from '../../shared/policies';
import { acceptedKeys, getAcceptedEvent } from '../../shared/store/accepted-events';
import type { AwardStore } from '../../shared/store/store';
import { keys } from '../../shared/store/table';
import { createHandler as createIntake } from '../../functions/award-intake/app';
import { designAward } from '../support/awards';
import { RECIPIENTS, TEST_PERSON_KEY, rawEvent } from '../support/events';
import { type ApiRequest, apiEvent, lambdaContext, quietObservability, sqsEvent, sqsRecord } from '../support/lambda';
import { confirmedPayee, memoryFiles, payJurisdiction, testDigests } from '../support/payments';
import { freshStore, people } from '../support/store';

const J = '130000';
const YEAR = fiscalYearOf(new Date());
const ACCOUNT = '6222020402001234567';
const PERSON_ACCOUNT = '6217000130009876543';
const PERSON = RECIPIENTS.sjzPerson.idNumber;
const officer = people.officer(J, 'evidence-officer');
const approver = people.approver(J, 'evidence-approver');
const auditor = people.auditor('evidence-auditor');

let store: AwardStore;
let fresh: Awaited<ReturnType<typeof freshStore>>;
let api: ReturnType<typeof createApi>;
const files = memoryFiles();
const digests = testDigests();
let enterprise: Award;
let person: Award;
let late: Award;

async function call(request: ApiRequest) {
  const response = await api(apiEvent(request), lambdaContext('api'));
  const text = response.body ?? '';
  return { status: response.statusCode, text, body: JSON.parse(text) };
}

const pack = async (awardId: string, principal = auditor) => {
  const answer = await call({ routeKey: 'GET /awards/{awardId}/evidence', principal, pathParameters: { awardId } });
  expect(answer.status, answer.text).toBe(200);
  return { ...answer, body: answer.body as EvidencePack };
};

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

/** Every digest of the jurisdiction's log, read independently of the route. */
async function allDigests(): Promise<SignedDigest[]> {
  const out: SignedDigest[] = [];
  let cursor: string | null = null;
  do {
    const page = await digests.log.list(J, { cursor, limit: 50 });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== null);
  return out;
}

beforeAll(async () => {
  fresh = await freshStore();
  store = fresh.store;
  await store.setAllocation(people.budgetAdmin(J), { jurisdiction: J, fiscalYear: YEAR, allocatedFen: yuan(10_000_000) });
  api = createApi({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY, paymentFiles: files, digests });
  // An enterprise's design-services award (fixed by the rule), and a person's provincial quality award (amount set by an officer).
  const design = (await store.recordAwards(designAward(yuan(30_000), 'EVIDENCE-DESIGN-1'))).awards[0] as Award;
  // The person's event goes through intake, which keeps it (masked) where it keeps events.
  const intake = createIntake({ ...quietObservability(), store, catalog: CATALOG, personKey: TEST_PERSON_KEY });
  const honour = rawEvent('HonourConferred', { honour: 'provincial-quality-award' }, { recipient: 'sjzPerson', reference: '冀政质奖〔2024〕个人009号', occurredOn: '2024-03-01' });
  await intake(sqsEvent([sqsRecord(JSON.stringify(honour))]), lambdaContext());
  const personal = (await store.listAwards({ jurisdictions: [J], status: 'AMOUNT_REQUIRED' })).items[0] as Award;
  value(await store.setAmount(personal.awardId, officer, { amountFen: yuan(50_000), basis: '冀政办〔2017〕省政府质量奖个人奖励5万元' }));
  for (const a of [design, personal]) value(await store.decide(a.awardId, approver, { decision: 'approve', comment: '材料齐全' }));
  await confirmedPayee(store, design, ACCOUNT);
  await confirmedPayee(store, personal, PERSON_ACCOUNT);
  const batches = await payJurisdiction(store, J, files);
  expect(batches).toHaveLength(1);
  await signDigests(store, digests, [J], { now: new Date() });
  // Recorded after the digest run: its entry is not signed yet.
  late = (await store.recordAwards(designAward(yuan(1_000), 'EVIDENCE-DESIGN-LATE'))).awards[0] as Award;
  enterprise = (await store.getAward(design.awardId)) as Award;
  person = (await store.getAward(personal.awardId)) as Award;
  expect([enterprise.status, person.status]).toEqual(['DISBURSED', 'DISBURSED']);
});

describe('the evidence pack of a paid award', () => {
  it('cites the rule, its policy version and the Chinese sentence exactly as the catalog does', async () => {
    const { rule } = (await pack(enterprise.awardId)).body;
    const policy = CATALOG.policies.find((p) => p.id === enterprise.policyId)!;
    const version = policy.versions.find((v) => v.version === enterprise.policyVersion)!;
    const catalogRule = version.rules.find((r) => r.id === enterprise.ruleId)!;
    expect(rule).toEqual({
      policyId: policy.id, policyTitle: policy.title, policyTitleEn: policy.titleEn, documentNumber: policy.documentNumber, issuer: policy.issuer,
      seed: policy.seed, policyVersion: version.version, effectiveFrom: version.effectiveFrom, effectiveTo: version.effectiveTo,
      ruleId: catalogRule.id, clause: catalogRule.clause, summary: catalogRule.summary, citation: catalogRule.citation, reading: catalogRule.reading ?? null,
      inCatalog: true, citationAsInCatalog: true,
    });
    expect(rule.citation).toMatch(/[\u4e00-\u9fff]/);
  });

  it('holds the fact, the computation and the approvals as the award recorded them', async () => {
    const body = (await pack(enterprise.awardId)).body;
    expect(body.fact).toEqual({ eventId: enterprise.eventId, source: enterprise.source, detailType: enterprise.detailType, reference: 'EVIDENCE-DESIGN-1', occurredOn: enterprise.occurredOn, identity: enterprise.identity });
    const { basis, uncappedAmountFen, capApplied } = enterprise;
    expect(body.computation).toEqual({ basis, amountFen: yuan(30_000), uncappedAmountFen, capApplied });
    expect(body.approval).toEqual({ required: enterprise.approvalsRequired, decisions: enterprise.approvals });
    expect(body.approval.decisions).toMatchObject([{ by: approver.user, decision: 'approve', comment: '材料齐全' }]);
    expect(body.amountSetting).toBeNull();
    expect(body.award).toMatchObject({ awardId: enterprise.awardId, status: 'DISBURSED', jurisdiction: J, amountFen: yuan(30_000), recipient: enterprise.recipient });
  });

  it('lists every ledger entry of the award with its hash, and the signed digest that covers it holds the same hash', async () => {
    const { ledger, digests: signed } = (await pack(enterprise.awardId)).body;
    const stored = (await store.entriesOfAward(enterprise.awardId)).sort((x, y) => x.seq - y.seq);
    expect(ledger.entries.map((e) => e.type)).toEqual(['RECORDED', 'APPROVAL', 'PAYMENT_SENT', 'DISBURSED']);
    expect(ledger.entries.map((e) => [e.seq, e.prevHash, e.hash])).toEqual(stored.map((e) => [e.seq, e.prevHash, e.hash]));
    const log = await allDigests();
    for (const entry of ledger.entries) {
      const covering = log.find((d) => d.fromSeq <= entry.seq && entry.seq <= d.seq)!;
      expect(entry.hashRecomputes).toBe(true);
      expect(entry.digest).toEqual({
        fromSeq: covering.fromSeq, seq: covering.seq, at: covering.at, keyId: covering.keyId,
        signedHash: covering.hashes[entry.seq - covering.fromSeq], matches: true, signatureValid: true,
      });
      expect(entry.digest?.signedHash).toBe(entry.hash);
    }
    expect(signed.summary).toEqual({ entries: 4, signed: 4, matching: 4, differing: 0, unsigned: 0 });
    expect(signed.keys).toEqual(await digests.signer.publicKeys());
    expect(signed.signed.every((d) => d.signatureProblem === null && log.some((l) => l.signature === d.signature))).toBe(true);
  });

  it('names the batch, the stored file by its SHA-256, the award\'s payment in it with the account masked, and the bank\'s answer', async () => {
    const { payment, text } = await pack(enterprise.awardId).then((p) => ({ ...p.body, text: p.text }));
    const batch = (await store.listBatches(J)).items.find((b) => b.batchId === enterprise.paymentId)!;
    const xml = files.files.get(batch.fileName)!;
    expect(payment.batchId).toBe(enterprise.paymentId);
    expect(payment.batch).toMatchObject({ batchId: batch.batchId, fileName: batch.fileName, count: 2, totalFen: yuan(80_000), status: 'FILED' });
    expect(payment.entry).toMatchObject({ endToEndId: enterprise.awardId, amountFen: yuan(30_000), creditor: { accountNumber: '****4567', bankCode: '102131000013' } });
    expect(payment.file).toMatchObject({
      fileName: batch.fileName, sha256: createHash('sha256').update(xml, 'utf8').digest('hex'), bytes: Buffer.byteLength(xml), messageId: batch.batchId, agreesWithBatch: true, problem: null,
    });
    expect(payment.file?.transaction).toMatchObject({ endToEndId: enterprise.awardId, amountFen: yuan(30_000), creditor: { accountNumber: '****4567' } });
    const tx = payment.file?.transaction?.xml ?? '';
    expect(tx).toMatch(/^<CdtTrfTxInf>[\s\S]*<\/CdtTrfTxInf>$/);
    expect(tx).toContain(`<EndToEndId>${enterprise.awardId}</EndToEndId>`);
    expect(tx).toContain('<InstdAmt Ccy="CNY">30000.00</InstdAmt>');
    expect(payment.bankAnswer).toEqual(enterprise.bankAnswer);
    expect(payment.bankAnswer?.outcome).toBe('CONFIRMED');
    expect(payment.notes).toEqual([]);
    expect(text).not.toContain(ACCOUNT);
    expect(text).not.toContain(PERSON_ACCOUNT);
  });

  it('shows the payee under dual control, masked', async () => {
    const { payee } = (await pack(enterprise.awardId, officer)).body;
    expect(payee).toMatchObject({ status: 'CONFIRMED', confirmed: { accountNumber: '****4567', proposedBy: 'payee-proposer', confirmedBy: 'payee-confirmer' } });
    expect(payee?.history.map((h) => [h.kind, h.account.accountNumber])).toEqual([['PROPOSED', '****4567'], ['CONFIRMED', '****4567']]);
  });

  it('shows the event as received when intake kept it, and says so when it did not', async () => {
    const eventId = enterprise.eventId!;
    const before = await pack(enterprise.awardId);
    const kept = await getAcceptedEvent(store.core, eventId);
    if (kept === null) {
      expect(before.body).toMatchObject({ event: null, eventNote: 'not kept (received before events were kept)' });
      const detail = JSON.stringify({ recipient: RECIPIENTS.baoding, reference: 'EVIDENCE-DESIGN-1', approvedCostFen: yuan(60_000) });
      const { source, detailType, createdAt: receivedAt, recipientId } = enterprise;
      const item = { eventId, source, detailType, receivedAt, recipientId, detail, truncated: false };
      await fresh.doc.send(new PutCommand({ TableName: fresh.tableName, Item: { ...acceptedKeys.event(eventId), itemType: 'accepted', ...item } }));
    }
    const after = (await pack(enterprise.awardId)).body;
    expect(after.event).toEqual(await getAcceptedEvent(store.core, eventId));
    expect(after.eventNote).toBeNull();
  });
});

describe('a person\'s evidence pack', () => {
  it('holds the identity number only masked, even for the officer who sees it whole on the award', async () => {
    expect((await call({ routeKey: 'GET /awards/{awardId}', principal: officer, pathParameters: { awardId: person.awardId } })).body.recipient.idNumber).toBe(PERSON);
    for (const principal of [officer, approver, auditor]) {
      const { body, text } = await pack(person.awardId, principal);
      expect(text).not.toContain(PERSON);
      expect(text).not.toContain(PERSON_ACCOUNT);
      expect(body.award.recipient).toMatchObject({ kind: 'individual', idNumber: maskIdNumber(PERSON), name: RECIPIENTS.sjzPerson.name });
      expect(body.amountSetting).toEqual({ setBy: officer.user, basis: '冀政办〔2017〕省政府质量奖个人奖励5万元' });
      expect(body.ledger.entries.map((e) => e.type)).toEqual(['RECORDED', 'AMOUNT_SET', 'APPROVAL', 'PAYMENT_SENT', 'DISBURSED']);
      expect(body.payment.entry?.creditor.accountNumber).toBe('****6543');
      expect(body.requestedBy).toBe(principal.user);
      const kept = await getAcceptedEvent(store.core, person.eventId!);
      // The event as received; intake's notes on it (the fiscal year it budgeted in, a duplicate's mark, the keyed
      // fingerprint that tells another event under its id, ADR 028) stay out of the pack.
      const { fiscalYear, duplicate, fingerprint, ...received } = kept ?? { fiscalYear: null, duplicate: null, fingerprint: null };
      expect([fiscalYear, duplicate]).toEqual([fiscalYearOf(new Date()), undefined]);
      expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(text).not.toContain(fingerprint);
      expect(body.event).toEqual(received);
      if (kept !== null) expect(kept.detail).toContain(maskIdNumber(PERSON));
    }
  });
});

describe('who may read a pack, and what it says before the digest run', () => {
  it('answers 403 to an approver or officer of another jurisdiction, and 404 for an unknown award', async () => {
    for (const principal of [people.approver('350000'), people.officer('130100'), people.budgetAdmin(J)]) {
      expect((await call({ routeKey: 'GET /awards/{awardId}/evidence', principal, pathParameters: { awardId: enterprise.awardId } })).status).toBe(403);
    }
    const unknown = await call({ routeKey: 'GET /awards/{awardId}/evidence', principal: auditor, pathParameters: { awardId: 'aw-00000000000000000000000000000000' } });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });

  it('gives an entry not yet signed `digest: null`, says when it will be, and names no batch before payment', async () => {
    const { body } = await pack(late.awardId, approver);
    expect(body.ledger.entries).toHaveLength(1);
    expect(body.ledger.entries[0]).toMatchObject({ type: 'RECORDED', digest: null, digestNote: 'not signed yet: the digest run signs new entries within minutes', hashRecomputes: true });
    expect(body.digests.summary).toEqual({ entries: 1, signed: 0, matching: 0, differing: 0, unsigned: 1 });
    expect(body.payment).toMatchObject({ batchId: null, batch: null, file: null, bankAnswer: null, notes: ['not sent to the bank: the award is in no payment batch'] });
  });

  it('shows an entry rewritten after it was signed (hash recomputed and all) as not matching its signed hash', async () => {
    const entry = (await store.entriesOfAward(enterprise.awardId)).find((e) => e.type === 'APPROVAL') as LedgerEntry;
    const forged = { ...entry, note: 'approval 1 of 1 by someone-else' };
    const hash = hashEntry(forged);
    await fresh.doc.send(new UpdateCommand({
      TableName: fresh.tableName, Key: keys.ledgerEntry(J, entry.seq), UpdateExpression: 'SET note = :n, #h = :h', ExpressionAttributeNames: { '#h': 'hash' }, ExpressionAttributeValues: { ':n': forged.note, ':h': hash },
    }));
    const shown = (await pack(enterprise.awardId)).body.ledger.entries.find((e) => e.seq === entry.seq)!;
    expect(shown).toMatchObject({ hash, hashRecomputes: true, digest: { signedHash: entry.hash, matches: false, signatureValid: true } });
  });
});
