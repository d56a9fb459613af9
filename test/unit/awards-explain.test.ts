import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readEvents } from '../../cli/explain';
import { computeAwards } from '../../shared/domain/engine';
import { CATALOG } from '../../shared/policies';
import { TEST_PERSON_KEY, TEST_PERSON_KEY_TEXT, factEvent } from '../support/events';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);

async function awards(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['--no-install', 'awards', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const samples = readdirSync(join(ROOT, 'events/samples'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => `events/samples/${f}`);

interface ExplainJson {
  eventId: string | null;
  rejected: string | null;
  awards: Array<{
    awardId: string;
    policyId: string;
    ruleId: string;
    clause: string;
    jurisdiction: string;
    amountFen: number | null;
    status: string;
  }>;
  noAward: string | null;
  revokes: string[] | null;
}

describe('awards explain', () => {
  it('prints, for every sample, the awards with policy, clause and amount as CONTRACT §5 says', async () => {
    const { code, stdout } = await awards('explain', '--json', ...samples);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as ExplainJson[];
    expect(out).toHaveLength(samples.length);
    const byFile = new Map(out.map((e, i) => [samples[i]?.replace('events/samples/', '') ?? '', e]));
    const summary = (file: string) =>
      byFile.get(file)?.awards.map((a) => [a.policyId, a.clause, a.jurisdiction, a.amountFen, a.status]);
    expect(summary('standard-published-national-lead-shijiazhuang.json')).toEqual([
      ['hebei-2022', '(二)', '130000', 20_000_000, 'PAYABLE'],
      ['shijiazhuang-2023', '激发标准化创新动力', '130100', 20_000_000, 'PAYABLE'],
    ]);
    expect(summary('design-service-purchased.json')).toEqual([
      ['hebei-2022', '(九)', '130000', 61_728_394, 'PAYABLE'],
    ]);
    expect(summary('technology-project-funded-capped.json')).toEqual([
      ['hebei-2022', '(八)', '130000', 1_000_000_000, 'PAYABLE'],
    ]);
    expect(summary('honour-conferred-fujian-quality-award.json')).toEqual([
      ['fujian-2021', '五', '350000', null, 'AMOUNT_REQUIRED'],
    ]);
    expect(byFile.get('no-policy-shenzhen.json')?.noAward).toMatch(/^no policy covers region 440300/);
    expect(byFile.get('achievement-revoked.json')?.revokes).toHaveLength(1);
    for (const e of out) {
      expect(e.rejected).toBeNull();
      expect(e.eventId).toMatch(/^6a7e3c1d-/);
      for (const a of e.awards)
        expect(Object.keys(a).slice(0, 7)).toEqual([
          'awardId',
          'policyId',
          'ruleId',
          'clause',
          'jurisdiction',
          'amountFen',
          'status',
        ]);
    }
  });

  it('prints a readable table with citations and exits 1 when an event is rejected', async () => {
    const { code, stdout } = await awards(
      'explain',
      'events/samples/standard-published-national-lead-shijiazhuang.json',
      'events/samples/invalid/uscc-check-character.json',
    );
    expect(code).toBe(1);
    expect(stdout).toContain('hebei-2022 (二)  to 130000 Hebei Province 河北省  ¥200,000.00  PAYABLE');
    expect(stdout).toContain(
      '「对主持国际、国家、行业标准制修订的企业,每个项目分别资助30万元、20万元、10万元」',
    );
    expect(stdout).toContain(
      'REJECTED: recipient.uscc \'91130600MA0CXK7L10\' check character is \'0\' but GB 32100-2015 gives \'1\'',
    );
    expect(stdout).toContain('2 event(s): 2 award(s), 1 rejected');
  });

  it('shows each reading and a person masked, in text and JSON, with ids keyed by the key it is given', async () => {
    const files = ['events/samples/honour-conferred-hebei-quality-award-individual.json', 'events/samples/centre-approved-inspection-testing-accepted.json'];
    const whole = '130102197804123516';
    const keyFile = join(mkdtempSync(join(tmpdir(), 'explain-key-')), 'person-key');
    writeFileSync(keyFile, TEST_PERSON_KEY_TEXT);
    const text = await awards('explain', '--person-key-file', keyFile, ...files);
    expect(text.stdout).toContain('recipient 张某某 (individual) 130102********3516, region 130102');
    expect(text.stdout).toContain('reading: Paid to enterprises and to people (企業和個人)');
    expect(text.stdout).toContain('hebei-2022/inspection-testing-centre needs centre.stage construction-approved, got accepted');
    const json = await awards('explain', '--json', '--person-key-file', keyFile, ...files);
    const [person] = JSON.parse(json.stdout) as Array<ExplainJson & { recipient: { number: string }; awards: Array<{ reading: string }> }>;
    expect(person?.recipient.number).toBe('130102********3516');
    expect(person?.awards[0]?.reading).toContain('企業和個人');
    const event = factEvent('HonourConferred', { honour: 'provincial-quality-award' }, { recipient: 'sjzPerson', reference: '冀政质奖〔2024〕个人007号', occurredOn: '2024-03-01' });
    const expected = computeAwards(event, CATALOG, TEST_PERSON_KEY);
    expect(person?.awards[0]?.awardId).toBe(expected.kind === 'awards' ? expected.awards[0]?.awardId : 'none');
    expect(text.stdout + json.stdout + text.stderr + json.stderr).not.toContain(whole);
  });

  it('exits 2 with usage for a missing file or an unknown command', async () => {
    expect((await awards('explain', 'no-such-file.json')).code).toBe(2);
    const unknown = await awards('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command \'frobnicate\'');
  });
});

describe('reading event files', () => {
  const line = (id: string) => JSON.stringify({ id, 'source': 'quality.x', 'detail-type': 'Nope', 'detail': {} });

  it('reads one object, an array, or JSON lines, and keeps a broken line as a rejected event', () => {
    expect(readEvents('a.json', line('1'))).toHaveLength(1);
    expect(readEvents('a.json', `[${line('1')},${line('2')}]`).map((r) => r.source)).toEqual([
      'a.json[0]',
      'a.json[1]',
    ]);
    const lines = readEvents('a.jsonl', `${line('1')}\n{"id": broken}\n${line('3')}\n`);
    expect(lines.map((r) => r.source)).toEqual(['a.jsonl:1', 'a.jsonl:2', 'a.jsonl:3']);
    expect(lines[1]?.ok === false && lines[1].reason).toMatch(/^event is not valid JSON:/);
  });
});
