/** Builds events for tests the way upstream systems send them, and validates them through the real boundary. */
import { type AwardEvent, type DetailType, type FactEvent, parseEvent } from '../../events/contracts';
import { PersonKey, idCheckCharacter } from '../../shared/domain/person';
import { usccCheckCharacter } from '../../shared/domain/uscc';

/** The person key of the tests: fixed, so people's award ids are the same in every run (never a deployment's). */
export const TEST_PERSON_KEY_TEXT = 'award-pipeline tests: a fixed person key, not a secret';
export const TEST_PERSON_KEY = new PersonKey(Buffer.from(TEST_PERSON_KEY_TEXT, 'utf8'));

/** A valid identity number: 17 digits plus their GB 11643-1999 check character. */
export function idNumber(first17: string): string {
  const check = idCheckCharacter(first17);
  if (check === null) throw new Error(`'${first17}' is not 17 digits`);
  return first17 + check;
}

/** A valid credit code: 17 characters plus their GB 32100-2015 check character. */
export function uscc(first17: string): string {
  const check = usccCheckCharacter(first17);
  if (check === null) throw new Error(`'${first17}' is not 17 credit-code characters`);
  return first17 + check;
}

export const RECIPIENTS = {
  /** Shijiazhuang, Chang'an district: covered by Hebei (13) and Shijiazhuang (1301). */
  shijiazhuang: { kind: 'enterprise', uscc: uscc('91130102MA07AB123'), name: '石家庄某某电气股份有限公司' },
  /** Baoding: covered by Hebei only. */
  baoding: { kind: 'enterprise', uscc: uscc('91130600MA0CXK7L1'), name: '保定某某新能源科技有限公司' },
  /** Fuzhou: covered by Fujian. */
  fuzhou: { kind: 'enterprise', uscc: uscc('91350100MA2XYW8K6'), name: '福州某某智能装备有限公司' },
  /** Shenzhen: covered by no policy in the catalog. */
  shenzhen: { kind: 'enterprise', uscc: uscc('91440300MA5FABCD1'), name: '深圳某某电子有限公司' },
  /** An association in Shijiazhuang. */
  sjzAssociation: { kind: 'organization', uscc: uscc('51130102MJ0123456'), name: '石家庄市某某行业协会' },
  /** A provincial institute in Hebei. */
  hebeiInstitute: { kind: 'organization', uscc: uscc('12130000MB1234567'), name: '河北省某某检验研究院' },
  /** A person in Shijiazhuang, Chang'an district (born 1978-04-12). */
  sjzPerson: { kind: 'individual', idNumber: idNumber('13010219780412351'), name: '张某某' },
  /** A person in Fuzhou, Gulou district (born 1985-11-30). */
  fuzhouPerson: { kind: 'individual', idNumber: idNumber('35010219851130202'), name: '林某某' },
} as const;

export type RecipientName = keyof typeof RECIPIENTS;

let counter = 0;

export interface EventOptions {
  recipient?: RecipientName;
  regionCode?: string;
  occurredOn?: string;
  reference?: string;
  eventId?: string;
}

/** The raw delivered shape of an event, before validation. */
export function rawEvent(detailType: DetailType, extra: Record<string, unknown>, options: EventOptions = {}) {
  const recipient: Record<string, unknown> = { ...RECIPIENTS[options.recipient ?? 'shijiazhuang'] };
  if (options.regionCode !== undefined) recipient.regionCode = options.regionCode;
  counter += 1;
  return {
    'version': '0',
    'id': options.eventId ?? `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    'detail-type': detailType,
    'source': 'quality.test',
    'account': '111122223333',
    'time': '2030-01-01T00:00:00Z',
    'region': 'cn-north-1',
    'resources': [],
    'detail': {
      recipient,
      occurredOn: options.occurredOn ?? '2024-05-01',
      reference: options.reference ?? `REF-${counter}`,
      ...extra,
    },
  };
}

export function validEvent(
  detailType: DetailType,
  extra: Record<string, unknown>,
  options: EventOptions = {},
): AwardEvent {
  const result = parseEvent(rawEvent(detailType, extra, options));
  if (!result.ok) throw new Error(`test event is invalid: ${result.reason}`);
  return result.event;
}

export function factEvent(
  detailType: Exclude<DetailType, 'AchievementRevoked'>,
  extra: Record<string, unknown>,
  options: EventOptions = {},
): FactEvent {
  const event = validEvent(detailType, extra, options);
  if (event.detailType === 'AchievementRevoked') throw new Error('not a fact');
  return event;
}
