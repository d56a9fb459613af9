import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEvent, parseEventText } from '../../events/contracts';
import type { Award } from '../../shared/domain/awards';
import { computeAwards } from '../../shared/domain/engine';
import { CATALOG } from '../../shared/policies';
import { freePort } from '../../infra/local/dynamodb';
import { designAward } from '../support/awards';
import { rawEvent, TEST_PERSON_KEY } from '../support/events';
import { SAMPLES, sampleTexts } from '../support/lambda';
import { type RunningStack, api, confirmPayees, eventBridge, eventually, putEvents, startStack, token } from '../support/local-stack';

const JURISDICTIONS = ['130000', '130100', '350000'] as const;
const running: RunningStack[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const stack of running) await stack.stop('SIGINT');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function allAwards(stack: RunningStack, auditor: string): Promise<Award[]> {
  const items: Award[] = [];
  let cursor: string | null = null;
  do {
    const response = await api(stack, auditor, 'GET', `/awards?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...(response.json.items as Award[]));
    cursor = response.json.cursor;
  } while (cursor !== null);
  return items;
}

describe('the local stack, end to end', () => {
  it('takes every sample through EventBridge, approval and payment, and the ledger verifies', async () => {
    const stack = await startStack({ inMemory: true });
    running.push(stack);
    const auditor = await token('qian', ['auditor']);
    const finance = Object.fromEntries(
      await Promise.all(
        JURISDICTIONS.map(async (j) => [j, { first: await token(`wang-${j}`, [`approver:${j}`]), second: await token(`zhou-${j}`, [`approver:${j}`]), officer: await token(`li-${j}`, [`officer:${j}`]) }] as const),
      ),
    );

    // Every valid sample but the revocation, and every invalid sample that is JSON, through a real EventBridge client.
    const valid = sampleTexts().filter((s) => s.name !== 'achievement-revoked.json');
    // What PutEvents itself refuses (broken JSON, a detail that is not an object) or no rule routes (an unknown
    // detail-type, a source outside quality.*) never reaches the pipeline, as in AWS.
    const unroutable = ['broken-json.json', 'detail-not-object.json', 'unknown-detail-type.json', 'source-outside-quality.json'];
    const invalid = sampleTexts(`${SAMPLES}/invalid`).filter((s) => !unroutable.includes(s.name));
    // The bus stamps `time` itself, so a sample that is invalid only for its time (fact-after-event) is valid here.
    const quarantined = invalid.filter((s) => !parseEvent({ ...JSON.parse(s.text), time: new Date().toISOString() }).ok);
    expect(quarantined.length).toBeGreaterThan(15);
    // Two documents about one centre are one fact (CONTRACT §1): explained twice, recorded and paid once.
    const expectedAwards = [...new Set(valid.flatMap((s) => {
      const parsed = parseEventText(s.text);
      if (!parsed.ok || parsed.event.detailType === 'AchievementRevoked') return [];
      const result = computeAwards(parsed.event, CATALOG, TEST_PERSON_KEY);
      return result.kind === 'awards' ? result.awards.map((a) => a.awardId) : [];
    }))];
    const client = eventBridge(stack.eventsUrl);
    const ids = await putEvents(client, [...valid, ...invalid].map((s) => JSON.parse(s.text)));
    expect(ids.every((id) => id !== null)).toBe(true);

    await eventually('every award recorded', async () => ((await allAwards(stack, auditor)).length === expectedAwards.length ? true : undefined));
    expect((await allAwards(stack, auditor)).map((a) => a.awardId).sort()).toEqual([...expectedAwards].sort());
    const rejections = await eventually('every bad event quarantined', async () => {
      const { json } = await api(stack, auditor, 'GET', '/rejections?limit=100');
      return json.items.length === quarantined.length ? json.items : undefined;
    });
    expect(rejections.map((r: { reason: string }) => r.reason).every((reason: string) => reason.length > 10)).toBe(true);

    // The revocation voids the leader-listing award before it is paid.
    const revocation = sampleTexts().find((s) => s.name === 'achievement-revoked.json');
    await putEvents(client, [JSON.parse(revocation?.text ?? '{}')]);
    await eventually('the revoked award voided', async () => ((await allAwards(stack, auditor)).some((a) => a.status === 'VOIDED') ? true : undefined));

    // A second enterprise's claim to lead a standard another leads is held, never paid automatically; an officer
    // releases it with a basis (CONTRACT §6), and it goes on as a new award would.
    const held = (await allAwards(stack, auditor)).filter((a) => a.status === 'ON_HOLD');
    expect(held.map((a) => a.ruleId)).toEqual(['hebei-2022/standard-lead-drafting']);
    for (const award of held) {
      const released = await api(stack, finance['130000']?.officer ?? '', 'POST', `/awards/${award.awardId}/release`, { basis: '经省标准化院核实，两家为联合牵头单位' });
      expect(released.json, released.text).toMatchObject({ status: 'PENDING_APPROVAL' });
    }

    // Finance: officers set the per-regulation amounts, approvers approve (two people where the tier asks for two).
    for (const award of (await allAwards(stack, auditor)).filter((a) => a.status === 'AMOUNT_REQUIRED')) {
      const tokens = finance[award.jurisdiction as (typeof JURISDICTIONS)[number]];
      const set = await api(stack, tokens?.officer ?? '', 'POST', `/awards/${award.awardId}/amount`, { amountFen: 5_000_000, basis: '奖励办法' });
      expect(set.status, set.text).toBe(200);
    }
    for (const award of (await allAwards(stack, auditor)).filter((a) => a.status === 'PENDING_APPROVAL')) {
      const tokens = finance[award.jurisdiction as (typeof JURISDICTIONS)[number]];
      for (const bearer of [tokens?.first, tokens?.second].slice(0, award.approvalsRequired ?? 1)) {
        const decided = await api(stack, bearer ?? '', 'POST', `/awards/${award.awardId}/decisions`, { decision: 'approve', comment: '核实' });
        expect(decided.status, decided.text).toBe(200);
      }
    }

    // Payees confirmed by two officers each: the payment run pays them through a file and the simulated bank.
    await confirmPayees(stack, await allAwards(stack, auditor));
    const paid = await eventually('every approved award disbursed', async () => {
      const awards = await allAwards(stack, auditor);
      return awards.every((a) => a.status === 'DISBURSED' || a.status === 'VOIDED') ? awards : undefined;
    });
    expect(paid.filter((a) => a.status === 'DISBURSED')).toHaveLength(expectedAwards.length - 1);
    // Each paid in a filed batch, whose pain.001 the officers can download; the ledger holds its in-transit leg.
    const batches = await api(stack, auditor, 'GET', '/payment-batches?jurisdiction=130000');
    expect(batches.json.items.length).toBeGreaterThan(0);
    expect(batches.json.items.every((b: { status: string }) => b.status === 'FILED')).toBe(true);
    const file = await api(stack, auditor, 'GET', `/payment-batches/${batches.json.items[0].batchId}/file`);
    expect(file.text).toContain('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
    const verified = await api(stack, auditor, 'GET', '/ledger/verify');
    expect(verified.json).toMatchObject({ ok: true });
    const csv = await api(stack, auditor, 'GET', '/ledger?format=csv');
    expect(csv.text.split('\r\n')[0]).toMatch(/^jurisdiction,seq,at,type/);

    expect(await stack.stop('SIGINT')).toBe(0);
    expect(stack.output()).toContain('stopped');
  }, 240_000);

  it('stopped in the middle of a stream and restarted, accounts for every accepted event and pays nothing twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'awards-e2e-'));
    dirs.push(dataDir);
    let stack = await startStack({ inMemory: false, dataDir });
    running.push(stack);
    const auditor = await token('qian', ['auditor']);
    const approver = await token('wang', ['approver:130000']);

    // 120 events: 80 distinct facts, and 40 repeats of them under new event ids.
    const facts = Array.from({ length: 80 }, (_, i) => designAward(100_000 + i, `STREAM-${i}`));
    const events = [...facts, ...facts.slice(0, 40)].map((f, i) =>
      rawEvent('DesignServicePurchased', { approvedCostFen: (f.awards[0]?.amountFen ?? 0) * 2 }, { recipient: 'baoding', reference: f.reference, eventId: `stream-${i}` }),
    );
    /** Event index → the id the bus gave it. */
    const accepted = new Map<number, string>();
    /** Sends events[from..to) one by one; answers where it stopped: `to`, or the first event the stack did not take. */
    const send = async (target: RunningStack, from: number, to: number, pauseMs: number) => {
      const client = eventBridge(target.eventsUrl);
      for (let i = from; i < to; i++) {
        try {
          const [id] = await putEvents(client, [events[i] as Record<string, unknown>]);
          if (id) accepted.set(i, id);
        } catch {
          return i; // the stack went away: this event was not accepted
        }
        if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
      return to;
    };

    // The first half is accepted whole, whatever the pace of this machine.
    expect(await send(stack, 0, 60, 0)).toBe(60);
    expect(accepted.size).toBe(60);
    // Approve some awards while intake still works through the first half, so payments are in flight at the stop.
    await eventually('some awards recorded', async () => ((await allAwards(stack, auditor)).length >= 20 ? true : undefined));
    const first = (await allAwards(stack, auditor)).slice(0, 10);
    await confirmPayees(stack, first);
    for (const award of first) {
      await api(stack, approver, 'POST', `/awards/${award.awardId}/decisions`, { decision: 'approve', comment: '' });
    }
    // The second half streams while the stack stops: where the stream breaks depends on timing, and every answer
    // is valid; the events after the break are sent again to the restarted stack.
    const tail = send(stack, 60, events.length, 10);
    expect(await stack.stop('SIGINT')).toBe(0);
    const stoppedAt = await tail;
    expect(stoppedAt).toBeGreaterThanOrEqual(60);

    stack = await startStack({ inMemory: false, dataDir });
    running.push(stack);
    expect(await send(stack, stoppedAt, events.length, 0)).toBe(events.length);
    const awards = await eventually(
      'every fact recorded once',
      async () => {
        const all = await allAwards(stack, auditor);
        return all.length === facts.length ? all : undefined;
      },
      90_000,
    );
    expect(new Set(awards.map((a) => a.reference))).toEqual(new Set(facts.map((f) => f.reference)));
    // Every accepted event has an outcome: its fact's award, or a duplicate of it.
    expect(accepted.size).toBe(events.length);
    // Repeats may still be queued when the last fact lands: wait until every accepted event has its outcome.
    const outcomes = await eventually('every accepted event accounted for', async () => {
      const kinds = await Promise.all([...accepted.values()].map(async (id) => (await api(stack, auditor, 'GET', `/events/${id}`)).json?.outcome?.kind as string | undefined));
      return kinds.every((k) => k !== undefined) ? kinds : undefined;
    }, 90_000);
    expect(outcomes.filter((kind) => kind !== 'awards' && kind !== 'duplicate')).toEqual([]);
    // (Not exactly 80: an event whose answer was lost in the stop was sent again, and either copy may be the first.)
    expect(outcomes.filter((kind) => kind === 'awards').length).toBeLessThanOrEqual(facts.length);
    expect(outcomes.filter((kind) => kind === 'duplicate').length).toBeGreaterThanOrEqual(events.length - facts.length);

    await eventually('the approved awards paid', async () => {
      const all = await allAwards(stack, auditor);
      return all.filter((a) => a.status === 'APPROVED' || a.status === 'PAYING').length === 0 ? true : undefined;
    });
    const { json: ledger } = await api(stack, auditor, 'GET', '/ledger?jurisdiction=130000&limit=1000');
    expect(ledger.cursor).toBeNull();
    const disbursed = (ledger.items as Array<{ type: string; awardId: string }>).filter((e) => e.type === 'DISBURSED').map((e) => e.awardId);
    expect(disbursed.length).toBe(10);
    expect(new Set(disbursed).size).toBe(disbursed.length);
    const recorded = (ledger.items as Array<{ type: string; awardId: string }>).filter((e) => e.type === 'RECORDED').map((e) => e.awardId);
    expect(new Set(recorded).size).toBe(recorded.length);
    expect((await api(stack, auditor, 'GET', '/ledger/verify')).json).toMatchObject({ ok: true });
    expect(await stack.stop('SIGINT')).toBe(0);
  }, 300_000);

  it('refuses to start on a port in use, with a message naming it', async () => {
    const first = await startStack({ inMemory: true });
    running.push(first);
    const port = new URL(first.apiUrl).port;
    const { spawnSync } = await import('node:child_process');
    const second = spawnSync(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', '--in-memory'], {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...process.env, AWARDS_API_PORT: port, AWARDS_EVENTS_PORT: String(await freePort()) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`port ${port} (HTTP API) is in use`);
    expect(await first.stop('SIGINT')).toBe(0);
  }, 120_000);
});
