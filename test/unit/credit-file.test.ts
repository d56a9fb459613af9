/** Reading a credit-list file for `awards credit-list import` (cli/controls.ts; attack review 2 of issue 21, finding L). */
import { describe, expect, it } from 'vitest';
import { creditEntriesOf } from '../../cli/controls';

const CODE = '91130102MA07AB123U';

describe('creditEntriesOf', () => {
  it('reads the columns by the header in any order, and in the fixed order without one', () => {
    const expected = [{ recipientId: CODE, listName: '失信被执行人名单', from: '2026-01-01' }];
    expect(creditEntriesOf('a.csv', `\uFEFFfrom,listName,recipientId\r\n2026-01-01,失信被执行人名单,${CODE}\r\n`)).toEqual(expected);
    expect(creditEntriesOf('a.csv', `${CODE},失信被执行人名单,2026-01-01,\n`)).toEqual(expected);
    expect(creditEntriesOf('a.csv', `recipientId,listName,from,to\n${CODE},"失信,名单",2026-01-01,2026-12-31\n`)).toEqual([{ recipientId: CODE, listName: '失信,名单', from: '2026-01-01', to: '2026-12-31' }]);
  });

  it('says what is wrong with a header, a semicolon file, or a binary one', () => {
    expect(() => creditEntriesOf('a.csv', `recipientId,name,from\n${CODE},x,2026-01-01\n`)).toThrow(/header names .*name/);
    expect(() => creditEntriesOf('a.csv', `${CODE};失信被执行人名单;2026-01-01\n`)).toThrow(/not semicolons/);
    expect(() => creditEntriesOf('a.csv', 'PK\u0003\u0004\u0000\u0000')).toThrow(/not a text file/);
  });
});
