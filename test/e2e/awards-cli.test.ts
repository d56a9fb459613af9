/**
 * The `awards` command against the running local stack, as a finance officer and an auditor use it: emit the
 * samples, list, approve, page and export the ledger, verify it to its end, trace an event.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Award } from '../../shared/domain/awards';
import type { LedgerEntry } from '../../shared/domain/ledger';
import { chinaDate } from '../../shared/domain/time';
import { SAMPLES } from '../support/lambda';
import { type RunningStack, eventBridge, eventually, putEvents, runAwards, startStack, token } from '../support/local-stack';

let stack: RunningStack;
let auditor: string;
let approver: string;
const dir = mkdtempSync(join(tmpdir(), 'awards-cli-'));

const awards = (bearer: string, ...args: string[]) => runAwards(stack, bearer, ...args);

const SENT = ['standard-published-national-lead-shijiazhuang.json', 'design-service-purchased.json', 'demonstration-zone-won.json', 'honour-conferred-fujian-quality-award.json'];

beforeAll(async () => {
  stack = await startStack({ inMemory: true });
  auditor = await token('qian', ['auditor']);
  approver = await token('wang', ['approver:130000']);
}, 180_000);

afterAll(async () => {
  await stack?.stop('SIGINT');
  rmSync(dir, { recursive: true, force: true });
});

describe('awards, against the local stack', () => {
  it('emits events, lists and approves the awards, and an event shows what became of it', async () => {
    const emitted = await awards(auditor, 'emit', ...SENT.map((f) => join(SAMPLES, f)));
    expect(emitted.stderr).not.toContain('awards:');
    expect(emitted.code).toBe(0);
    expect(emitted.stdout).toContain(`${SENT.length} accepted, 0 failed`);
    const eventId = /accepted ([0-9a-f-]{36})/.exec(emitted.stdout)?.[1] as string;

    // Shijiazhuang's standard earns two awards, the others one each.
    const listed = await eventually('the awards of the emitted events', async () => {
      const run = await awards(auditor, 'list', '--json');
      const items = JSON.parse(run.stdout) as Award[];
      return items.length === SENT.length + 1 ? items : undefined;
    });
    const design = listed.find((a) => a.policyId === 'hebei-2022' && a.clause === '(九)');
    expect(design?.status).toBe('PENDING_APPROVAL');

    const approved = await awards(approver, 'approve', design?.awardId as string, '--comment', '核对无误');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(new RegExp(`^${design?.awardId}  APPROVED \\(payee required\\)  ¥`));

    const traced = await awards(auditor, 'event', eventId);
    expect(traced.code).toBe(0);
    expect(traced.stdout).toMatch(new RegExp(`^${eventId}  awards  aw-[0-9a-f]{32}`));

    const capped = await awards(auditor, 'list', '--max', '2', '--json');
    expect(JSON.parse(capped.stdout)).toHaveLength(2);
    expect(capped.stderr).toContain('more than 2 award(s)');
  });

  it('lists the events intake refused, each with its reason, for an auditor', async () => {
    const detail = { recipient: { kind: 'enterprise', uscc: '91130102MA07AB123U', name: 'cli' }, occurredOn: '2024-05-01', reference: 'GB CLI-REFUSED', draftingRank: 1 };
    const [id] = await putEvents(eventBridge(stack.eventsUrl), [{ 'source': 'quality.test', 'detail-type': 'StandardPublished', detail }]);
    const kept = await eventually('the refused event in the quarantine', async () => {
      const items = JSON.parse((await awards(auditor, 'rejections', '--json')).stdout) as Array<{ rejectionId: string; reason: string; event: string }>;
      return items.find((r) => r.rejectionId === id);
    });
    expect(kept.reason).toContain('standard');
    expect(kept.event).toContain('GB CLI-REFUSED');
    const listed = await awards(auditor, 'rejections');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +${id} +StandardPublished +.*standard`, 'm'));
    expect(listed.stdout).toMatch(/\n\d+ rejection\(s\)\n?$/);
  });

  it('pays a person: an officer sets the amount and reads the number whole, everyone else sees it masked', async () => {
    const person = '130102197804123516';
    const sent = await awards(auditor, 'emit', join(SAMPLES, 'honour-conferred-hebei-quality-award-individual.json'));
    expect(sent.code).toBe(0);
    const officer = await token('li', ['officer:130000']);
    const [award] = await eventually('the person\'s award', async () => {
      const items = JSON.parse((await awards(officer, 'list', '--id-number', person, '--json')).stdout) as Award[];
      return items.length === 1 ? items : undefined;
    });
    expect(award).toMatchObject({ status: 'AMOUNT_REQUIRED', ruleId: 'hebei-2016/provincial-quality-award', recipient: { idNumber: '130102********3516' } });
    const id = award?.awardId as string;
    const set = await awards(officer, 'set-amount', id, '--amount-fen', '5000000', '--basis', '河北省政府质量奖管理办法');
    expect(set.stdout).toMatch(new RegExp(`^${id}  PENDING_APPROVAL  ¥50,000.00  approvals 0/1  hebei-2016 五\\(二\\)  张某某`));
    const forOfficer = await awards(officer, 'show', id);
    expect(forOfficer.stdout).toContain(`recipient   张某某 (individual) ${person}, region 130102`);
    expect(forOfficer.stdout).toContain('reading     Paid to enterprises and to people (企業和個人)');
    const forApprover = await awards(approver, 'show', id);
    expect(forApprover.stdout).toContain('recipient   张某某 (individual) 130102********3516, region 130102');
    // The auditor asks by the keyed id the award shows; by the number it is refused (an officer's question alone).
    const refused = await awards(auditor, 'ledger', '--id-number', person, '--csv');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('403 FORBIDDEN');
    const ledger = await awards(auditor, 'ledger', '--recipient-id', award?.recipientId ?? '', '--csv');
    expect(ledger.stdout.trimEnd().split('\r\n')).toHaveLength(3);
    for (const run of [forApprover, ledger, await awards(auditor, 'list', '--json')]) expect(run.stdout).not.toContain(person);
  });

  it('pages the ledger, exports it as one CSV across pages, filters it by date, and verifies it to its end', async () => {
    const all = JSON.parse((await awards(auditor, 'ledger', '--json')).stdout) as LedgerEntry[];
    expect(all.length).toBeGreaterThan(6);
    const paged = JSON.parse((await awards(auditor, 'ledger', '--json', '--page-size', '2')).stdout) as LedgerEntry[];
    expect(paged.map((e) => `${e.jurisdiction}/${e.seq}`)).toEqual(all.map((e) => `${e.jurisdiction}/${e.seq}`));

    const csv = await awards(auditor, 'ledger', '--csv', '--page-size', '2');
    expect(csv.code).toBe(0);
    // One file: one byte-order mark at its start (Excel and WPS need it), one header row, every page's rows.
    expect(csv.stdout.startsWith('\uFEFFjurisdiction,seq,')).toBe(true);
    expect(csv.stdout.slice(1)).not.toContain('\uFEFF');
    const lines = csv.stdout.slice(1).trimEnd().split('\r\n');
    expect(lines.filter((l) => l.startsWith('jurisdiction,seq,'))).toHaveLength(1);
    expect(lines).toHaveLength(all.length + 1);

    const today = chinaDate(new Date());
    const dated = JSON.parse((await awards(auditor, 'ledger', '--json', '--from', today, '--to', today)).stdout) as LedgerEntry[];
    expect(dated).toHaveLength(all.length);
    const past = await awards(auditor, 'ledger', '--from', '2001-01-01', '--to', '2001-12-31');
    expect(past.stdout).toContain('0 entries');

    const verified = await awards(auditor, 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^130000: ok, \d+ entries, head [0-9a-f]{64}$/m);
    const json = JSON.parse((await awards(auditor, 'verify', '--json')).stdout) as { ok: boolean; entries: number };
    expect(json).toMatchObject({ ok: true, entries: all.length });
  });

  it('refuses a file with a broken line before sending anything, and bad options before any request', async () => {
    const file = join(dir, 'broken.jsonl');
    const good = JSON.stringify({ 'source': 'quality.standards', 'detail-type': 'StandardPublished', 'detail': {} });
    writeFileSync(file, `${good}\n{"source": broken}\n`);
    const sent = await awards(auditor, 'emit', file);
    expect(sent.code).toBe(2);
    expect(sent.stderr).toContain(`${file}:2 is not JSON`);
    expect(sent.stderr).toContain('nothing was sent');

    const badDate = await awards(auditor, 'ledger', '--from', '2026-02-30');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('is not a date');
    const typo = await awards(auditor, 'ledger', '--form', '2026-01-01');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean --from?');
    const noToken = await awards('', 'list');
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('AWARDS_TOKEN is not set');
  });
});
