/**
 * The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from a 31-character set
 * (digits and capital letters without I, O, Z, S, V); characters 3 to 8 are the administrative division code of
 * the registering authority; the 18th is a check character over the first 17.
 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type UsccProblem
  = | { kind: 'length'; length: number }
    | { kind: 'character'; position: number; character: string }
    | { kind: 'check'; expected: string; actual: string };

/** The check character for the first 17 characters, or null if one of them is outside the charset. */
export function usccCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17.charAt(i));
    if (value < 0) return null;
    sum += value * (WEIGHTS[i] ?? 0);
  }
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/** What is wrong with a credit code, or null when it is well formed and its check character holds. */
export function usccProblem(code: string): UsccProblem | null {
  const chars = Array.from(code);
  if (chars.length !== 18) return { kind: 'length', length: chars.length };
  for (let i = 0; i < 18; i++) {
    const character = chars[i] ?? '';
    if (!USCC_CHARSET.includes(character) || character.length !== 1) {
      return { kind: 'character', position: i + 1, character };
    }
  }
  const expected = usccCheckCharacter(code.slice(0, 17));
  const actual = code.charAt(17);
  if (expected !== actual) return { kind: 'check', expected: expected ?? '?', actual };
  return null;
}

export function describeUsccProblem(problem: UsccProblem): string {
  switch (problem.kind) {
    case 'length':
      return `must be 18 characters, got ${problem.length}`;
    case 'character':
      if (
        USCC_CHARSET.includes(problem.character.toUpperCase())
        && problem.character !== problem.character.toUpperCase()
      ) {
        return `character ${problem.position} '${problem.character}' is lower case; credit codes use capital letters`;
      }
      return `character ${problem.position} '${problem.character}' is not allowed (digits and capital letters other than I, O, Z, S, V)`;
    case 'check':
      return `check character is '${problem.actual}' but GB 32100-2015 gives '${problem.expected}'`;
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}

/** Characters 3 to 8 of a credit code: the division code of the authority that registered the recipient. */
export function regionFromUscc(code: string): string {
  return code.slice(2, 8);
}
