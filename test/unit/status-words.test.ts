/** Every status, ledger entry type and hold reason is named for the finance officer, in Chinese and in English. */
import { describe, expect, it } from 'vitest';
import { EN } from '../../console/src/words-en';
import { ZH } from '../../console/src/words-zh';
import { HOLD_REASONS } from '../../shared/domain/hold';
import { ENTRY_TYPES } from '../../shared/domain/ledger';
import { STATUSES } from '../../shared/domain/lifecycle';

const CODES = [
  ...STATUSES.map((s) => `status.${s}`),
  ...ENTRY_TYPES.map((e) => `entry.${e}`),
  ...HOLD_REASONS.map((h) => `hold.${h}`),
];

describe('the console names every status, entry type and hold reason', () => {
  it.each(CODES.map((c) => [c]))('%s', (code) => {
    const key = code as keyof typeof ZH;
    expect(ZH[key]).toMatch(/\p{Script=Han}/u);
    expect(EN[key]).toMatch(/^[A-Za-z]/);
  });
});
