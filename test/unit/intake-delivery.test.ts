/**
 * The edge of award-intake (shared/app/delivery.ts): a body is parsed once into a delivery, and what intake reads of
 * it after that (the contract's verdict, the claimed detail-type, the kept event) is what it read from the text before.
 */
import { describe, expect, it } from 'vitest';
import { parseEventText } from '../../events/contracts';
import { keptEvent, keptEventOf } from '../../shared/app/accepted';
import { checkDelivery, claimedDetailType, deliveryOf } from '../../shared/app/delivery';
import { LIMITS } from '../../shared/limits';
import { badInputCorpus } from '../support/bad-input';
import { TEST_PERSON_KEY } from '../support/events';
import { SAMPLES, sampleTexts } from '../support/lambda';

const texts = [...sampleTexts(), ...sampleTexts(`${SAMPLES}/invalid`), ...badInputCorpus()].map((s) => s.text);

/** The detail-type intake listed a rejection under before the edge (it parsed the text again for it). */
function detailTypeBefore(text: string): string | null {
  try {
    const raw = JSON.parse(text) as { 'detail-type'?: unknown };
    return typeof raw['detail-type'] === 'string' ? raw['detail-type'].slice(0, LIMITS.quarantine.detailTypeCharsMax) : null;
  } catch {
    return null;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('a delivery, parsed once at the edge', () => {
  it('keeps the body byte for byte, and its JSON or the contract\'s reason it has none', () => {
    const text = '{"id":"e-1", "detail-type":"StandardLeaderListed","detail":{"a":"\\u0031"}}';
    const delivery = deliveryOf(text, 'm-1', { receiveCount: 3, receivedAt: '2026-03-01T00:00:00.000Z' });
    expect(delivery).toEqual({ messageId: 'm-1', receiveCount: 3, receivedAt: '2026-03-01T00:00:00.000Z', eventId: 'e-1', raw: text, parsed: { ok: true, json: JSON.parse(text) } });
    expect(delivery.raw).toBe(text);
    expect(deliveryOf('{"id":', 'm-2')).toMatchObject({ receiveCount: null, eventId: null, parsed: { ok: false, reason: expect.stringMatching(/^event is not valid JSON: /) } });
    expect(deliveryOf('{"id":', 'm-2')).not.toHaveProperty('receivedAt');
  });

  it('claims an id for logs only when it can serve as a key', () => {
    const idOf = (id: unknown) => deliveryOf(JSON.stringify({ id }), 'm').eventId;
    expect(idOf('e-1')).toBe('e-1');
    expect(idOf('x'.repeat(LIMITS.event.idCharsMax))).toBe('x'.repeat(LIMITS.event.idCharsMax));
    expect([idOf('x'.repeat(LIMITS.event.idCharsMax + 1)), idOf(''), idOf(7), idOf(null), idOf('\ud800')]).toEqual([null, null, null, null, null]);
    expect(deliveryOf('["e-1"]', 'm').eventId).toBeNull();
    expect(deliveryOf('{"detail":{"id":"inner"}}', 'm').eventId).toBeNull();
  });

  it(`reaches the contract's verdict on every sample and every bad input (${texts.length} texts) as parsing the text does`, () => {
    expect(texts.length).toBeGreaterThan(200);
    for (const text of texts) {
      const checked = checkDelivery(deliveryOf(text, 'm'));
      const before = parseEventText(text);
      if (before.ok) expect(checked).toEqual({ ok: true, event: before.event, json: JSON.parse(text) });
      else expect(checked).toEqual(before);
    }
  });

  it('judges the size of the body as received, before its JSON', () => {
    const padded = `${JSON.stringify({ 'id': 'big-1', 'detail-type': 'StandardLeaderListed' }).slice(0, -1)},"pad":"${'x'.repeat(LIMITS.event.bytesMax)}"`;
    const checked = checkDelivery(deliveryOf(padded, 'm'));
    expect(checked).toEqual(parseEventText(padded));
    expect(checked).toMatchObject({ ok: false, eventId: null, reason: expect.stringMatching(/^event is \d+ bytes; the limit is 262144$/) });
  });

  it('lists a rejection under the detail-type it claims, as reading the text again did', () => {
    for (const text of [...texts, 'null', '"x"', '[1]', `{"detail-type":"${'D'.repeat(300)}"}`]) expect(claimedDetailType(deliveryOf(text, 'm'))).toBe(detailTypeBefore(text));
  });

  it('keeps an accepted event from the parsed JSON as it was kept from the text, leaving the JSON as it was', () => {
    let accepted = 0;
    for (const text of texts) {
      const checked = checkDelivery(deliveryOf(text, 'm'));
      if (!checked.ok) continue;
      accepted++;
      const json = deepFreeze(checked.json);
      const eventId = checked.event.eventId ?? 'm';
      expect(keptEventOf(checked.event, json, eventId, '2026-03-01T00:00:00.000Z', TEST_PERSON_KEY)).toEqual(keptEvent(checked.event, text, eventId, '2026-03-01T00:00:00.000Z', TEST_PERSON_KEY));
      expect(json).toEqual(JSON.parse(text));
    }
    expect(accepted).toBeGreaterThan(25);
  });
});
