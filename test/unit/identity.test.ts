import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type FactDetailType, parseEvent } from '../../events/contracts';
import { computeAwards } from '../../shared/domain/engine';
import { canonicalName, canonicalText, isOnlyPreparationMarker, saysNothing } from '../../shared/domain/identity';
import { skeletonOf } from '../../shared/domain/skeleton';
import { CATALOG } from '../../shared/policies';
import { rawEvent, TEST_PERSON_KEY } from '../support/events';

const ROOT = join(import.meta.dirname, '../..');

/** White space the event contract accepts in a text (control characters such as TAB are refused before this). */
const SPACES = [' ', '\u00a0', '\u1680', '\u2000', '\u2003', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000'];
/** Unicode format characters (Cf): zero-width space and joiners, soft hyphen, word joiner, BOM, bidi marks. */
const FORMAT = ['\u200b', '\u200c', '\u200d', '\u00ad', '\u2060', '\ufeff', '\u200e', '\u200f', '\u202a', '\u202c', '\u202e', '\u2066', '\u2069', '\u061c'];
/** Every dash, hyphen and minus CONTRACT §1 reads as '-'. */
const DASHES = ['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe58', '\ufe63', '\uff0d'];

/** An identity field as upstream systems write it: letters, digits, CJK, separators, with at least one dash. */
const identityText = fc
  .array(fc.oneof(fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'.split('')), fc.constantFrom('/', '.', '〔', '〕', '号', '标', '中心', '(', ')')), { minLength: 2, maxLength: 30 })
  .map((parts) => `${parts.join('')}-2024`);

/** A standard's number as upstream systems write one: Latin letters, digits, / and . (the contract's characters). */
const numberText = fc
  .array(fc.oneof(fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'.split('')), fc.constantFrom('/', '.')), { minLength: 2, maxLength: 30 })
  .map((parts) => `${parts.join('')}1-2024`);

/** Inserts invisible characters and swaps dashes: the same identity, spelt another way. */
const respelt = (text: string) =>
  fc
    .array(fc.tuple(fc.nat(), fc.constantFrom(...SPACES, ...FORMAT)), { maxLength: 8 })
    .chain((inserts) => fc.array(fc.constantFrom(...DASHES), { minLength: 1, maxLength: 1 }).map((dash) => ({ inserts, dash: dash[0] as string })))
    .chain(({ inserts, dash }) =>
      fc.boolean().map((lower) => {
        let out = text.replaceAll('-', dash);
        if (lower) out = out.toLowerCase();
        for (const [at, ch] of inserts) {
          const i = at % (out.length + 1);
          out = out.slice(0, i) + ch + out.slice(i);
        }
        return out;
      }),
    );

/** The identity field of each detail-type (CONTRACT §1, changed in version 3), and an event that carries a text in it. */
const CARRIERS: Array<{ detailType: FactDetailType; field: string; event: (text: string) => unknown; texts?: fc.Arbitrary<string> }> = [
  { detailType: 'StandardPublished', field: 'standard.number', event: (t) => rawEvent('StandardPublished', { standard: { number: t, title: '标准', level: 'national' }, draftingRank: 1 }, { reference: 'fixed' }), texts: numberText },
  { detailType: 'CentreApproved', field: 'centre.name', event: (t) => rawEvent('CentreApproved', { centre: { kind: 'inspection-testing', level: 'national', name: t, stage: 'construction-approved' } }, { reference: 'fixed', recipient: 'hebeiInstitute' }) },
  { detailType: 'DemonstrationZoneWon', field: 'zoneName', event: (t) => rawEvent('DemonstrationZoneWon', { zoneName: t, stage: 'named' }, { reference: 'fixed', recipient: 'hebeiInstitute' }) },
  { detailType: 'StandardLeaderListed', field: 'standardNumber', event: (t) => rawEvent('StandardLeaderListed', { standardNumber: t }, { reference: 'fixed' }), texts: numberText },
  { detailType: 'InnovationBaseApproved', field: 'baseName', event: (t) => rawEvent('InnovationBaseApproved', { baseName: t }, { reference: 'fixed' }) },
  { detailType: 'StandardSeriesDeveloped', field: 'seriesName', event: (t) => rawEvent('StandardSeriesDeveloped', { seriesName: t }, { reference: 'fixed' }) },
  { detailType: 'StandardizationPilotUndertaken', field: 'projectName', event: (t) => rawEvent('StandardizationPilotUndertaken', { level: 'national', projectName: t }, { reference: 'fixed' }) },
  { detailType: 'TechnologyProjectFunded', field: 'projectName', event: (t) => rawEvent('TechnologyProjectFunded', { programme: 'core-technology', grantedAmountFen: 100, projectName: t }, { reference: 'fixed' }) },
  { detailType: 'DesignServicePurchased', field: 'reference', event: (t) => rawEvent('DesignServicePurchased', { approvedCostFen: 1_000_000 }, { reference: t, recipient: 'baoding' }) },
];

function awardIds(raw: unknown): string[] {
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new Error(`the event is invalid: ${parsed.reason}`);
  if (parsed.event.detailType === 'AchievementRevoked') throw new Error('not a fact');
  const result = computeAwards(parsed.event, CATALOG, TEST_PERSON_KEY);
  if (result.kind !== 'awards') throw new Error(`no award: ${result.reason}`);
  return result.awards.map((a) => a.awardId).sort();
}

describe('one identity per fact (CONTRACT §1)', () => {
  it.each(CARRIERS)('inserting spaces or format characters, swapping dashes or case in $field never changes the award id', ({ event, texts }) => {
    fc.assert(
      fc.property((texts ?? identityText).chain((text) => fc.tuple(fc.constant(text), respelt(text))), ([text, variant]) => {
        expect(awardIds(event(variant))).toEqual(awardIds(event(text)));
      }),
      { numRuns: 150 },
    );
  });

  it.each(CARRIERS)('changing any digit or letter of $field changes the award id', ({ event, texts }) => {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
    fc.assert(
      fc.property(texts ?? identityText, fc.nat(), fc.nat(), (text, at, pick) => {
        // A standard's number keeps its year (the contract requires it): the edition is changed elsewhere.
        const tail = texts === undefined ? 0 : 6;
        const positions = [...text].flatMap((ch, i) => (alphabet.includes(ch) && i < [...text].length - tail ? [i] : []));
        fc.pre(positions.length > 0);
        const i = positions[at % positions.length] as number;
        const chars = [...text];
        const replacement = alphabet.replace(chars[i] as string, '')[pick % (alphabet.length - 1)] as string;
        chars[i] = replacement;
        const changed = awardIds(event(chars.join('')));
        for (const id of changed) expect(awardIds(event(text))).not.toContain(id);
      }),
      { numRuns: 150 },
    );
  });

  it('is a fixed point: the canonical form of a canonical form is itself, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), (a, b) => {
        for (const text of [a, b]) expect(canonicalText(canonicalText(text))).toBe(canonicalText(text));
      }),
      { numRuns: 1_000 },
    );
  });

  it('reads the spellings people type as one standard number', () => {
    const spellings = ['GB/T 66666-2024', 'GB/T 66666–2024', 'GB/T\u200b 66666-2024', 'GB/T66666-2024', 'GB/T 66666−2024', 'GB/T 66666－2024', 'gb/t 66666-2024', 'ＧＢ／Ｔ　６６６６６－２０２４'];
    expect(new Set(spellings.map(canonicalText))).toEqual(new Set(['GB/T66666-2024']));
  });

  it('keeps a centre apart by kind and level, and pays it once whatever document or spelling reports it', () => {
    const centre = (kind: string, level: string, name: string, reference: string) =>
      awardIds(rawEvent('CentreApproved', { centre: { kind, level, name, stage: 'recognised' } }, { reference, recipient: 'baoding' }));
    const provincial = centre('industrial-design', 'provincial', '保定某某工业设计中心', '冀工信设计〔2024〕12号');
    expect(centre('industrial-design', 'provincial', '保定某某 工业设计中心', '冀工信设计〔2025〕3号')).toEqual(provincial);
    expect(centre('industrial-design', 'national', '保定某某工业设计中心', '工信部设计〔2025〕1号')).not.toEqual(provincial);
  });

  // Issue 20 attack review, H1: characters a reader does not see made a second spelling, so a second payment.
  it('sets aside every invisible character: default-ignorables, fillers, variation selectors and stray combining marks', () => {
    const name = '国家智能电网产品质量检验检测中心';
    for (const invisible of ['\u034f', '\u3164', '\uffa0', '\ufe0f', '\u180b', '\u115f', '\u0301', '\u20dd', '\u{e0100}']) {
      expect(canonicalName(`国家${invisible}智能电网产品质量检验检测中心`), JSON.stringify(invisible)).toBe(name);
    }
  });

  // H2: a preparation marker in any bracket a document uses, and 筹建/筹备, is the same centre while it is built.
  it('reads (筹) in every bracket, simplified or traditional, with 筹建 or 筹备, as the centre being built', () => {
    const name = '国家智能电网产品质量检验检测中心';
    for (const marker of ['(筹)', '（筹）', '(籌)', '[筹]', '【筹】', '〔筹〕', '〈筹〉', '《筹》', '〖筹〗', '「筹」', '『筹』', '{筹}', '<筹>', '（筹建）', '(筹备)', '【籌備】', '(筹】']) {
      expect(canonicalName(`${name}${marker}`), marker).toBe(canonicalName(name));
    }
    // A bracket that says something else keeps its words: a centre's own qualifier is part of its name.
    expect(canonicalName(`${name}（石家庄）`)).not.toBe(canonicalName(name));
  });

  // L1: a name that is only a marker names nothing, and would make every such document one centre.
  it('knows a name that is only a preparation marker, and a text that says nothing', () => {
    expect(['(筹)', '【筹建】', ' （籌） ', '\u200b(筹)'].map(isOnlyPreparationMarker)).toEqual([true, true, true, true]);
    expect(isOnlyPreparationMarker('某某中心(筹)')).toBe(false);
    expect(['', ' ', '\u200b\u3164', '\u034f\ufe0f'].map(saysNothing)).toEqual([true, true, true, true]);
    expect(saysNothing('核实')).toBe(false);
    const raw = rawEvent('CentreApproved', { centre: { kind: 'inspection-testing', level: 'national', name: '（筹）', stage: 'construction-approved' } });
    const parsed = parseEvent(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(JSON.stringify(parsed)).toContain('centre.name is only a preparation marker');
  });
});

describe('npx awards explain --json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'awards-variants-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same award ids for every spelling of a standard number', async () => {
    const spellings = ['GB/T 66666-2024', 'GB/T 66666–2024', 'GB/T\u200b 66666-2024', 'GB/T66666-2024', 'GB/T 66666−2024', 'GB/T 66666－2024'];
    const events = spellings.map((number, i) =>
      rawEvent('StandardPublished', { standard: { number, title: '智能电能表', level: 'national' }, draftingRank: 1 }, { reference: number, eventId: `variant-${i}` }),
    );
    const file = join(dir, 'variants.json');
    writeFileSync(file, JSON.stringify(events));
    const { stdout } = await promisify(execFile)('npx', ['--no-install', 'awards', 'explain', '--json', file], { cwd: ROOT });
    const explained = JSON.parse(stdout) as Array<{ rejected: string | null; awards: Array<{ awardId: string; jurisdiction: string }> }>;
    expect(explained).toHaveLength(spellings.length);
    expect(explained.every((e) => e.rejected === null)).toBe(true);
    const ids = explained.map((e) => e.awards.map((a) => `${a.jurisdiction}:${a.awardId}`).sort().join(' '));
    expect(new Set(ids).size).toBe(1);
    expect(explained[0]?.awards.map((a) => a.jurisdiction).sort()).toEqual(['130000', '130100']);
  }, 30_000);
});

// Issue 20 re-attack: look-alikes in a standard's number, and radicals in a name, are refused at the boundary.
describe('what a standard number and a name may hold', () => {
  it('refuses a standard number with a character a number is not written with, naming it', () => {
    for (const [number, shown] of [['GB∕T 99001-2024', 'U+2215'], ['GB/Т 99001-2024', 'U+0422'], ['GB/T 99○01-2024', 'U+25CB'], ['GB/T 99001-二〇二四', 'U+4E8C'], ['GB/Ꭲ 99001-2024', 'U+13A2'], ['GB/T 9900❶-2024', 'U+2776']]) {
      const parsed = parseEvent(rawEvent('StandardPublished', { standard: { number, title: 't', level: 'national' }, draftingRank: 1 }));
      expect(parsed.ok, number).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toContain(`standard.number holds ${shown}`);
    }
    for (const number of ['GB/T 43456—2024', 'ＧＢ／Ｔ　４３４５６－２０２４', 'ISO/IEC 27001:2022', 'DB13/T 5678.1-2023', 'gb/t 43456-2024']) {
      expect(parseEvent(rawEvent('StandardPublished', { standard: { number, title: 't', level: 'national' }, draftingRank: 1 })).ok, number).toBe(true);
    }
  });

  it('refuses a radical drawn as a character in a name (⻋ for 车)', () => {
    const parsed = parseEvent(rawEvent('CentreApproved', { centre: { kind: 'inspection-testing', level: 'national', name: '国家汽⻋质量检验检测中心', stage: 'construction-approved' } }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain('centre.name holds U+2ECB, a radical or stroke sign');
  });
});

describe('skeletons (shared/domain/skeleton.ts)', () => {
  it('reads O, I, l and Z as the digits they are drawn like, and a dot only between digits', () => {
    expect(skeletonOf('GB/T 9l0O1-2024')).toBe(skeletonOf('GB/T 91001-2024'));
    expect(skeletonOf('GB/Z 1I-2024')).toBe(skeletonOf('GB/2 11-2024'));
    expect(skeletonOf('.GB/T. 99001-2024')).toBe(skeletonOf('GB/T 99001-2024'));
    expect(skeletonOf('GB/T 1.1-2020')).not.toBe(skeletonOf('GB/T 11-2020'));
    // A sequence number padded with zeros is the same number (review 2026-12-07-b, LOW-2: GB/T 090000-2026 was a second award).
    expect(skeletonOf('GB/T 090000-2026')).toBe(skeletonOf('GB/T 90000-2026'));
    expect(skeletonOf('GB/T 0090000-2026')).toBe(skeletonOf('GB/T 90000-2026'));
    expect(skeletonOf('GB/T 1.01-2020')).not.toBe(skeletonOf('GB/T 1.1-2020'));
    expect(skeletonOf('GB/T 10-2020')).not.toBe(skeletonOf('GB/T 1-2020'));
    expect(skeletonOf('统筹发展研究中心')).toContain('统筹');
  });
});

describe('skeletons read look-alikes before numerals (re-attack 4)', () => {
  it('holds ハ as 八, ㄧ and ー as 一, ニ as 二 and タ as 夕 in a centre name', () => {
    for (const [odd, plain] of [['国家ハ达岭质量检验检测中心', '国家八达岭质量检验检测中心'], ['国家ㄧ级质量检验检测中心', '国家一级质量检验检测中心'], ['国家ー汽质量检验检测中心', '国家一汽质量检验检测中心'], ['国家ニ汽质量检验检测中心', '国家二汽质量检验检测中心'], ['国家タ阳质量检验检测中心', '国家夕阳质量检验检测中心']]) {
      expect(skeletonOf(odd as string), odd).toBe(skeletonOf(plain as string));
    }
  });
});
