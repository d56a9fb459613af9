/** Every kind of reconciliation exception is named for the finance officer, in Chinese and in English. */
import { describe, expect, it } from 'vitest';
import { EN } from '../../console/src/words-en';
import { ZH } from '../../console/src/words-zh';
import { EXCEPTION_KINDS } from '../../shared/store/reconcile-exceptions';

describe('the console names every reconciliation exception', () => {
  it.each(EXCEPTION_KINDS.map((k) => [k]))('%s', (kind) => {
    const key = `exception.${kind}` as keyof typeof ZH;
    expect(ZH[key]).toMatch(/\p{Script=Han}/u);
    expect(EN[key]).toMatch(/^[A-Z]/);
  });
});
