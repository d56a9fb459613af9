import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETAIL_TYPES, parseEvent, parseEventText } from '../../events/contracts';
import { renderJsonSchemas } from '../../events/json-schema';
import { RECIPIENTS, rawEvent, uscc } from '../support/events';

const SAMPLES = join(import.meta.dirname, '../../events/samples');
const INVALID = join(SAMPLES, 'invalid');
const jsonFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();

describe('valid samples', () => {
  it.each(jsonFiles(SAMPLES))('%s is a valid event', (file) => {
    const result = parseEvent(JSON.parse(readFileSync(join(SAMPLES, file), 'utf8')));
    expect(result.ok ? 'valid' : result.reason).toBe('valid');
  });

  it('include at least one event of every detail-type', () => {
    const seen = new Set(
      jsonFiles(SAMPLES).map((f) => JSON.parse(readFileSync(join(SAMPLES, f), 'utf8'))['detail-type']),
    );
    expect(DETAIL_TYPES.filter((t) => !seen.has(t))).toEqual([]);
  });
});

describe('invalid samples', () => {
  const files = jsonFiles(INVALID);

  it('are at least twenty, each with the error it must produce', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) expect(readdirSync(INVALID)).toContain(file.replace(/\.json$/, '.error.txt'));
  });

  it.each(files)('%s is rejected with its specific message', (file) => {
    const expected = readFileSync(join(INVALID, file.replace(/\.json$/, '.error.txt')), 'utf8').trim();
    const result = parseEventText(readFileSync(join(INVALID, file), 'utf8'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // A message that quotes the JSON parser ends its expected text at the colon: the parser's wording is Node's.
    if (expected.endsWith(':')) expect(result.reason.startsWith(expected)).toBe(true);
    else expect(result.reason).toBe(expected);
  });
});

describe('event contract', () => {
  it('fills regionCode from characters 3 to 8 of the credit code', () => {
    const result = parseEvent(
      rawEvent('StandardLeaderListed', { standardNumber: 'Q/1' }, { recipient: 'baoding' }),
    );
    expect(result.ok && result.event.detail.recipient.regionCode).toBe('130600');
  });

  it('keeps an explicit regionCode', () => {
    const result = parseEvent(
      rawEvent(
        'StandardLeaderListed',
        { standardNumber: 'Q/1' },
        { recipient: 'baoding', regionCode: '130102' },
      ),
    );
    expect(result.ok && result.event.detail.recipient.regionCode).toBe('130102');
  });

  it('asks for regionCode when the credit code carries no division code', () => {
    const raw = rawEvent('StandardLeaderListed', { standardNumber: 'Q/1' });
    // A well-formed code whose characters 3 to 8 are letters, so no region can be read from it.
    raw.detail.recipient = { kind: 'enterprise', uscc: uscc('91ABCDEFGH1234567'), name: 'n' };
    const result = parseEvent(raw);
    expect(!result.ok && result.reason).toBe(
      'recipient.regionCode is absent and characters 3 to 8 of the credit code (\'ABCDEF\') are not a division code; send regionCode',
    );
    raw.detail.recipient = { ...raw.detail.recipient, regionCode: '130100' } as typeof raw.detail.recipient;
    expect(parseEvent(raw).ok).toBe(true);
  });

  it('keeps names and references exactly as sent (the identity is derived, the text is not changed)', () => {
    const result = parseEvent(
      rawEvent('StandardLeaderListed', { standardNumber: ' Q/1 ' }, { reference: '  冀标领跑\u200b〔2024〕017 ' }),
    );
    if (!result.ok || result.event.detailType !== 'StandardLeaderListed')
      throw new Error('a valid StandardLeaderListed');
    expect([result.event.detail.reference, result.event.detail.standardNumber]).toEqual([
      '  冀标领跑\u200b〔2024〕017 ',
      ' Q/1 ',
    ]);
  });

  it('refuses an identity that is empty once spaces and invisible characters are removed, or too long once normalised', () => {
    const empty = parseEvent(rawEvent('StandardLeaderListed', { standardNumber: 'Q/1' }, { reference: '\u200b\u00ad\u200f' }));
    expect(empty).toMatchObject({ ok: false, reason: 'reference must not be empty (it holds only spaces or invisible characters)' });
    // U+FDFA is one character that NFKC turns into 18 letters: 20 of them are 360 once normalised.
    const ligatures = parseEvent(rawEvent('StandardLeaderListed', { standardNumber: 'Q/1' }, { reference: '\uFDFA'.repeat(20) }));
    expect(ligatures).toMatchObject({ ok: false, reason: 'reference is longer than 200 characters once normalised (NFKC)' });
  });

  // Attack review of issue 23, L3: zod's unknown-field check did not see __proto__, and the kept copy lost it.
  it.each([
    ['__proto__', 'the top', (text: string) => text.replace(/^\{/, '{"__proto__":{"admin":true},')],
    ['__proto__', 'detail', (text: string) => text.replace('"detail":{', '"detail":{"__proto__":{"amountFen":1},')],
    ['constructor', 'detail.recipient', (text: string) => text.replace('"recipient":{', '"recipient":{"constructor":1,')],
  ])('refuses an event with the key %s (at %s), naming it and where', (key, at, edit) => {
    const text = edit(JSON.stringify(rawEvent('StandardLeaderListed', { standardNumber: 'Q/1' })));
    expect(text).toContain(`"${key}"`);
    expect(parseEventText(text)).toMatchObject({ ok: false, reason: `event has the key "${key}" at ${at}: no event field is named so` });
  });

  it('accepts a hand-written event without id and time, as awards explain does', () => {
    const { id: _id, time: _time, ...raw } = rawEvent('StandardLeaderListed', { standardNumber: 'Q/1' });
    const result = parseEvent(raw);
    expect(result.ok && [result.event.eventId, result.event.time]).toEqual([null, null]);
  });

  it('rejects an event larger than EventBridge allows', () => {
    const raw = rawEvent('StandardLeaderListed', { standardNumber: 'Q/1' });
    const result = parseEvent({ ...raw, padding: 'x'.repeat(300_000) });
    expect(!result.ok && result.reason).toMatch(/^event is \d+ bytes; the limit is 262144$/);
  });

  it('rejects a reference with an unpaired surrogate', () => {
    const result = parseEvent(
      rawEvent('StandardLeaderListed', { standardNumber: 'Q/1' }, { reference: 'GB\ud800' }),
    );
    expect(!result.ok && result.reason).toBe('reference has an unpaired surrogate');
  });

  it('rejects an id that cannot be a key or a line: a lone surrogate, a control character (attack 2026-12-07-x, M3 and L3)', () => {
    const withId = (eventId: string) => parseEvent(rawEvent('StandardLeaderListed', { standardNumber: 'Q/1' }, { eventId }));
    expect(withId('evt-\ud800')).toMatchObject({ ok: false, reason: expect.stringContaining('id must be well-formed Unicode') });
    for (const id of ['evt-\nx', 'evt-\u0000x', 'evt-\tx', 'evt-\u007fx']) {
      expect(withId(id), JSON.stringify(id)).toMatchObject({ ok: false, reason: expect.stringContaining('id must not hold a control character') });
    }
    expect(withId('evt-宝定 #1 ~ é')).toMatchObject({ ok: true });
  });

  it('rejects a name holding U+FFFD, what GBK decoded as UTF-8 upstream leaves', () => {
    const result = parseEvent(rawEvent('StandardLeaderListed', { standardNumber: 'Q/1' }, { reference: '冀\uFFFD\uFFFD〔2024〕12号' }));
    expect(!result.ok && result.reason).toMatch(/^reference has U\+FFFD \(�\), which a decoder leaves for bytes it could not read/);
  });

  it('names every problem of an event at once', () => {
    const raw = rawEvent('StandardPublished', {
      standard: { number: 'n', title: 't', level: 'x' },
      draftingRank: 1.5,
    });
    raw.detail.recipient = { ...RECIPIENTS.baoding, kind: 'person' };
    const result = parseEvent(raw);
    expect(!result.ok && result.reason.split('; ')).toEqual([
      'recipient.kind \'person\' is not one of enterprise, organization, individual',
      'standard.level \'x\' is not one of international, national, industry, provincial-local, municipal-local, group-national, group-provincial, group-municipal',
      'draftingRank must be a whole number',
    ]);
  });
});

describe('JSON Schemas', () => {
  it('in docs/events/ are what `npm run schemas` writes now (run it after changing a contract)', () => {
    const dir = join(import.meta.dirname, '../../docs/events');
    const rendered = renderJsonSchemas();
    expect(readdirSync(dir).sort()).toEqual([...rendered.keys()].sort());
    for (const [name, text] of rendered) expect(readFileSync(join(dir, name), 'utf8'), name).toBe(text);
  });
});
