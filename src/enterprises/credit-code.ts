/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters over an alphabet without I, O, S, V, Z; the 18th is a check character
 * over the first 17 with fixed weights, check = (31 − Σ mod 31) mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function checkCharacter(first17: string): string {
  const sum = WEIGHTS.reduce((s, w, i) => s + w * ALPHABET.indexOf(first17[i]!), 0);
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Completes 17 valid characters with their check character (for generated data). */
export const withCheckCharacter = (first17: string) => first17 + checkCharacter(first17);

export type CreditCodeCheck = { ok: true } | { ok: false; reason: string };

export function checkCreditCode(code: string): CreditCodeCheck {
  if (code.length !== 18) return { ok: false, reason: `must be 18 characters, got ${code.length}` };
  const bad = [...code].find((c) => !ALPHABET.includes(c));
  if (bad !== undefined) return { ok: false, reason: `"${bad}" is not allowed (digits and upper-case letters except I, O, S, V, Z)` };
  const expected = checkCharacter(code.slice(0, 17));
  return code[17] === expected ? { ok: true } : { ok: false, reason: `check character should be ${expected}, not ${code[17]}` };
}
