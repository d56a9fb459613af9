/** The `awards` command's tables: what a sender wrote cannot break a line or rewrite the screen (re-attack 2026-12-07-x). */
import { describe, expect, it } from 'vitest';
import { printable, table } from '../../cli/table';

describe('table', () => {
  it('writes a control character in a cell as its code: a newline, a carriage return, ESC, DEL, C1', () => {
    const shown = table(['ID', 'TYPE'], [['rx-nl\nx', 'X\u001b[2K\rFAKE-LINE'], ['a\u007f\u009b', 'ok']]);
    expect(shown.split('\n')).toHaveLength(3);
    for (const line of shown.split('\n')) expect(line).not.toMatch(/\p{Cc}/u);
    expect(shown).toContain('rx-nl\\u{a}x');
    expect(shown).toContain('X\\u{1b}[2K\\u{d}FAKE-LINE');
    expect(shown).toContain('a\\u{7f}\\u{9b}');
    // A line or paragraph separator, and a right-to-left override that would show a name backwards.
    expect(printable('a\u2028b\u2029c\u202edcba\u2066x')).toBe('a\\u{2028}b\\u{2029}c\\u{202e}dcba\\u{2066}x');
  });

  it('leaves every other text as it is, Chinese included, and lines up its columns', () => {
    expect(printable('冀政质奖〔2024〕12号 é #1')).toBe('冀政质奖〔2024〕12号 é #1');
    expect(table(['A', 'B'], [['石家庄', 'x'], ['ab', 'y']])).toBe('A       B\n石家庄  x\nab      y');
  });
});
