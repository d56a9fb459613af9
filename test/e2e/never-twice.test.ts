/**
 * "Never pay twice, for real", as a new user meets it: `npm start`, an unmodified EventBridge client, the HTTP API.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Award } from '../../shared/domain/awards';
import { rawEvent } from '../support/events';
import { type RunningStack, api, eventBridge, eventually, putEvents, startStack, token } from '../support/local-stack';

const running: RunningStack[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const stack of running) await stack.stop('SIGINT');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const standard = (number: string, source = 'quality.standards') => ({
  ...rawEvent('StandardPublished', { standard: { number, title: '智能电能表可靠性要求', level: 'national' }, draftingRank: 1 }, { reference: number }),
  source,
});
const revocation = (reference: string, source = 'quality.standards') => ({
  ...rawEvent('AchievementRevoked', { revokes: { detailType: 'StandardPublished', reference }, reason: '标准被废止' }, { reference: `撤销〔2025〕${reference}` }),
  source,
});

/** What became of an event the bus accepted, once the pipeline has recorded it. */
async function outcomeOf(stack: RunningStack, auditor: string, eventId: string): Promise<{ kind: string; state?: string; reason?: string }> {
  return eventually(`the outcome of ${eventId}`, async () => {
    const { status, json } = await api(stack, auditor, 'GET', `/events/${eventId}`);
    return status === 200 ? json.outcome : undefined;
  });
}

async function awardsByReference(stack: RunningStack, auditor: string, reference: string): Promise<Award[]> {
  const { json } = await api(stack, auditor, 'GET', `/awards?reference=${encodeURIComponent(reference)}`);
  return json.items as Award[];
}

describe('never pay twice, through the local stack', () => {
  let stack: RunningStack;
  let auditor: string;
  beforeAll(async () => {
    stack = await startStack({ inMemory: true });
    running.push(stack);
    auditor = await token('qian', ['auditor']);
  }, 120_000);

  it('pays one award per jurisdiction for a standard number however it is typed', async () => {
    const spellings = ['GB/T 66666-2024', 'GB/T 66666–2024', 'GB/T\u200b 66666-2024', 'GB/T66666-2024', 'GB/T 66666−2024', 'GB/T 66666－2024'];
    const ids = await putEvents(eventBridge(stack.eventsUrl), spellings.map((s) => standard(s)));
    const outcomes = [];
    for (const id of ids) outcomes.push(await outcomeOf(stack, auditor, id ?? ''));
    expect(outcomes.filter((o) => o.kind === 'awards')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(spellings.length - 1);
    for (const spelling of spellings) {
      const awards = await awardsByReference(stack, auditor, spelling);
      expect(awards.map((a) => a.jurisdiction).sort(), spelling).toEqual(['130000', '130100']);
    }
  }, 120_000);

  it('remembers a revocation that arrives before its fact, and never lets the fact become payable', async () => {
    const client = eventBridge(stack.eventsUrl);
    const [revocationId] = await putEvents(client, [revocation('GB/T 77777–2024')]);
    expect(await outcomeOf(stack, auditor, revocationId ?? '')).toMatchObject({ kind: 'revocation', stateOnArrival: 'PENDING' });
    const [factId] = await putEvents(client, [standard('GB/T 77777-2024')]);
    expect(await outcomeOf(stack, auditor, factId ?? '')).toMatchObject({ kind: 'awards', voidedBy: revocationId });
    const awards = await awardsByReference(stack, auditor, 'GB/T 77777-2024');
    expect(awards.map((a) => [a.jurisdiction, a.status, a.revokedBy?.eventId]).sort()).toEqual([
      ['130000', 'VOIDED', revocationId],
      ['130100', 'VOIDED', revocationId],
    ]);
    const { json } = await api(stack, auditor, 'GET', '/revocations?state=APPLIED');
    expect(json.items.map((r: { eventId: string }) => r.eventId)).toContain(revocationId);
  }, 120_000);

  it('refuses a revocation from a source that did not send the fact, with a reason auditors see', async () => {
    const client = eventBridge(stack.eventsUrl);
    const [factId] = await putEvents(client, [standard('GB/T 88888-2024')]);
    await outcomeOf(stack, auditor, factId ?? '');
    const [revocationId] = await putEvents(client, [revocation('GB/T 88888-2024', 'quality.market-regulation')]);
    expect(await outcomeOf(stack, auditor, revocationId ?? '')).toMatchObject({ kind: 'revocation', stateOnArrival: 'REFUSED' });
    expect((await awardsByReference(stack, auditor, 'GB/T 88888-2024')).map((a) => a.status)).toEqual(['PENDING_APPROVAL', 'PENDING_APPROVAL']);
    const { json } = await api(stack, auditor, 'GET', '/revocations?state=REFUSED');
    expect(json.items.find((r: { eventId: string }) => r.eventId === revocationId)).toMatchObject({
      source: 'quality.market-regulation',
      refusedReason: 'the fact was sent by quality.standards; a revocation counts only from the source that sent the fact',
    });
  }, 120_000);

  it('quarantines a 250 KB malformed event, and refuses only the entry over 256 KB of a request', async () => {
    const huge = rawEvent('DesignServicePurchased', { approvedCostFen: 1_000_000 }, { recipient: 'baoding', reference: 'HUGE-E2E' }) as { detail: Record<string, unknown> };
    // Long unknown field names: the reason naming them all is over 200 KB, so reason and text exceed one item.
    for (let i = 0; i < 3_050; i++) huge.detail[`关于全面提升产品质量的若干措施之未知附加字段第${i}号`] = 'x';
    const tooBig = structuredClone(huge);
    for (let i = 0; i < 200; i++) tooBig.detail[`再多一个字段${i}`] = '关于全面提升产品质量的若干措施';
    const client = eventBridge(stack.eventsUrl);
    const entry = (e: { detail: unknown }) => ({ Source: 'quality.industry', DetailType: 'DesignServicePurchased', Detail: JSON.stringify(e.detail) });
    expect(Buffer.byteLength(entry(huge).Detail)).toBeGreaterThan(250_000);
    const fine = { Source: 'quality.standards', DetailType: 'StandardPublished', Detail: JSON.stringify(standard('GB/T 99999-2024').detail) };
    const out = await client.send(new PutEventsCommand({ Entries: [entry(tooBig), entry(huge), fine] }));
    expect(out.FailedEntryCount).toBe(1);
    expect(out.Entries?.[0]).toMatchObject({ ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining('over the limit of 262144 bytes') });
    const quarantined = await outcomeOf(stack, auditor, out.Entries?.[1]?.EventId ?? '');
    expect(quarantined).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/^DesignServicePurchased detail has unknown field\(s\)/) });
    expect(await outcomeOf(stack, auditor, out.Entries?.[2]?.EventId ?? '')).toMatchObject({ kind: 'awards' });
  }, 120_000);

  it('refuses an amount above the allocation with a clear 400, and a body over the limit with 413', async () => {
    const [id] = await putEvents(eventBridge(stack.eventsUrl), [{ ...rawEvent('HonourConferred', { honour: 'china-quality-award' }, { recipient: 'fuzhou', reference: '闽质奖〔2024〕9号' }), source: 'quality.market-regulation' }]);
    await outcomeOf(stack, auditor, id ?? '');
    const [award] = await awardsByReference(stack, auditor, '闽质奖〔2024〕9号');
    const officer = await token('li', ['officer:350000']);
    const tooMuch = await api(stack, officer, 'POST', `/awards/${award?.awardId}/amount`, { amountFen: 5_000_000_001, basis: '福建省政府质量奖管理办法' });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.json.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('allocation') });
    const huge = await api(stack, officer, 'POST', `/awards/${award?.awardId}/amount`, { amountFen: 100, basis: '长'.repeat(40_000) });
    expect(huge.status).toBe(413);
    expect(huge.json.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  }, 120_000);
});

describe('the local stack does not fall over', () => {
  it('repairs a torn last line of the event journal at start, replays the events before it, and loses no later event', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'awards-torn-'));
    dirs.push(dataDir);
    // A journal as a stop in the middle of an append leaves it: two accepted events, then half of a third.
    const accepted = [standard('GB/T 55501-2024'), standard('GB/T 55502-2024')].map((e, i) => ({ ...e, id: `journalled-${i}`, time: new Date().toISOString() }));
    writeFileSync(join(dataDir, 'events.jsonl'), accepted.map((e) => `${JSON.stringify(e)}\n`).join(''));
    appendFileSync(join(dataDir, 'events.jsonl'), JSON.stringify(standard('GB/T 55503-2024')).slice(0, 80));
    let stack = await startStack({ inMemory: false, dataDir });
    running.push(stack);
    expect(stack.output()).toContain('torn write');
    expect(stack.output()).toContain('replayed 2 accepted event(s)');
    const auditor = await token('qian', ['auditor']);
    for (const event of accepted) expect(await outcomeOf(stack, auditor, event.id)).toMatchObject({ kind: 'awards' });

    const [later] = await putEvents(eventBridge(stack.eventsUrl), [standard('GB/T 55504-2024')]);
    expect(await stack.stop('SIGINT')).toBe(0);
    const journal = readFileSync(join(dataDir, 'events.jsonl'), 'utf8');
    expect(journal.endsWith('\n')).toBe(true);
    expect(journal.split('\n').filter(Boolean).map((line) => JSON.parse(line).id)).toEqual(['journalled-0', 'journalled-1', later]);

    stack = await startStack({ inMemory: false, dataDir });
    running.push(stack);
    expect(await outcomeOf(stack, auditor, later ?? '')).toMatchObject({ kind: 'awards' });
    expect(await stack.stop('SIGINT')).toBe(0);
  }, 240_000);
});
