/** The resident identity number of GB 11643-1999 and how the pipeline keeps it (shared/domain/person.ts, ADR 009). */
import { describe, expect, it } from 'vitest';
import {
  PersonKey,
  birthDateOf,
  idCheckCharacter,
  idNumberProblem,
  maskIdNumber,
  recipientIdOf,
  recipientNumberOf,
  redactIdNumbers,
} from '../../shared/domain/person';
import { parseEvent } from '../../events/contracts';
import { RECIPIENTS, TEST_PERSON_KEY, idNumber, rawEvent } from '../support/events';

describe('the identity number (GB 11643-1999)', () => {
  it.each([
    // The standard's own worked example, and numbers whose check character is X, 0 and 1.
    ['11010519491231002', 'X'],
    ['13010219780412351', '6'],
    ['35010219851130202', '2'],
    ['13060219900101002', '0'],
    ['44030419991231321', idCheckCharacter('44030419991231321') ?? ''],
  ])('the check character of %s is %s (ISO 7064 MOD 11-2)', (first17, check) => {
    expect(idCheckCharacter(first17)).toBe(check);
    expect(idNumberProblem(first17 + check, null)).toBeNull();
  });

  it('finds a wrong check character whichever digit is wrong', () => {
    const good = '11010519491231002X';
    for (let i = 0; i < 17; i++) {
      const digit = Number(good.charAt(i));
      const changed = `${good.slice(0, i)}${(digit + 1) % 10}${good.slice(i + 1)}`;
      // A changed birth date may be impossible first; either way the number is refused.
      expect(idNumberProblem(changed, null), changed).not.toBeNull();
    }
    expect(idNumberProblem('110105194912310021', null)).toEqual({ kind: 'check' });
  });

  it.each([
    ['1101051949123100', { kind: 'length', length: 16 }],
    ['11010519491231002x', { kind: 'character', position: 18 }],
    ['1101051949123100XX', { kind: 'character', position: 17 }],
    ['11010519491231Ｏ02X', { kind: 'character', position: 15 }],
  ] as const)('%s: %o', (number, problem) => {
    expect(idNumberProblem(number, null)).toEqual(problem);
  });

  it.each([
    ['19990230', false, 'no 30 February'],
    ['20000229', true, '2000 is a leap year'],
    ['19000229', false, '1900 is not'],
    ['18991231', false, 'before 1900'],
    ['19781332', false, 'no month 13'],
  ])('birth date %s exists: %s (%s)', (date, exists) => {
    const number = idNumber(`130102${date}351`);
    expect(birthDateOf(number)).toBe(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`);
    expect(idNumberProblem(number, null) === null).toBe(exists);
  });

  it('refuses a person born after the fact', () => {
    const number = idNumber('13010220240302351');
    expect(idNumberProblem(number, '2024-03-02')).toBeNull();
    expect(idNumberProblem(number, '2024-03-01')).toEqual({ kind: 'birth-date' });
  });
});

describe('an individual in an event', () => {
  const person = (recipient: Record<string, unknown>, occurredOn = '2024-03-01') => {
    const raw = rawEvent('HonourConferred', { honour: 'provincial-quality-award' }, { occurredOn });
    raw.detail.recipient = recipient;
    return parseEvent(raw);
  };

  it('takes the region from characters 1 to 6 and upper-cases a lower-case x', () => {
    const parsed = person({ kind: 'individual', idNumber: '11010519491231002x', name: '某某' });
    expect(parsed.ok && parsed.event.detail.recipient).toEqual({ kind: 'individual', idNumber: '11010519491231002X', name: '某某', regionCode: '110105' });
  });

  it.each([
    [{ kind: 'individual', name: '某某' }, 'recipient.idNumber is required for a recipient of kind individual (the 18-character resident identity number)'],
    [{ kind: 'individual', idNumber: 110105194912310020, name: '某某' }, 'recipient.idNumber must be a string (the 18-character resident identity number), got a number'],
    [{ kind: 'enterprise', name: '某某' }, 'recipient.uscc is required for a recipient of kind enterprise (the 18-character unified social credit code)'],
    [{ kind: 'individual', idNumber: '110105194912310021', name: '某某' }, 'recipient.idNumber has a check character that does not match GB 11643-1999 (ISO 7064 MOD 11-2)'],
  ])('%o: %s', (recipient, reason) => {
    const parsed = person(recipient);
    expect(!parsed.ok && parsed.reason).toBe(reason);
  });

  it('never repeats the number in a reason', () => {
    const parsed = person({ kind: 'individual', idNumber: idNumber('11010520250101002'), name: '某某' });
    expect(!parsed.ok && parsed.reason).toBe('recipient.idNumber states a birth date (characters 7 to 14) that does not exist or is after the fact (occurredOn 2024-03-01)');
  });
});

describe('keeping the number', () => {
  it('masks all but the region and the last four', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(recipientNumberOf(RECIPIENTS.sjzPerson, false)).toBe('130102********3516');
    expect(recipientNumberOf(RECIPIENTS.sjzPerson, true)).toBe('130102197804123516');
    expect(recipientNumberOf(RECIPIENTS.baoding, false)).toBe(RECIPIENTS.baoding.uscc);
  });

  it('redacts anything shaped like a number in free text, and nothing else', () => {
    expect(redactIdNumbers('Unexpected token in "11010519491231002x",')).toBe('Unexpected token in "110105********002X",');
    expect(redactIdNumbers('GB/T 43456-2024 and 91130102MA07AB123U stay')).toBe('GB/T 43456-2024 and 91130102MA07AB123U stay');
    expect(redactIdNumbers('1101051949123100200')).toBe('1101051949123100200');
  });

  it('derives a person\'s id with the key: stable, different under another key, never the number', () => {
    const id = recipientIdOf(RECIPIENTS.sjzPerson, TEST_PERSON_KEY);
    expect(id).toMatch(/^P:[0-9a-f]{32}$/);
    expect(recipientIdOf(RECIPIENTS.sjzPerson, TEST_PERSON_KEY)).toBe(id);
    expect(recipientIdOf(RECIPIENTS.sjzPerson, new PersonKey(Buffer.alloc(32, 1)))).not.toBe(id);
    expect(recipientIdOf(RECIPIENTS.fuzhouPerson, TEST_PERSON_KEY)).not.toBe(id);
    expect(recipientIdOf(RECIPIENTS.baoding, TEST_PERSON_KEY)).toBe(RECIPIENTS.baoding.uscc);
    expect(JSON.stringify({ key: TEST_PERSON_KEY })).toBe('{"key":"[PersonKey]"}');
    expect(() => new PersonKey(Buffer.alloc(16))).toThrow(/256 bits/);
  });
});
