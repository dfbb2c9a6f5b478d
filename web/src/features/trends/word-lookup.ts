import { MAX_TOKEN_LENGTH, normalizeWord } from '@trendstream/contracts/tokenizer';

export type LookupResult = { ok: true; word: string } | { ok: false; reason: string };

/**
 * A typed word as the counting stores it (the tokenizer's own `normalizeWord`: trimmed, NFKC, lowercase,
 * hashtags by Mastodon's rules), so "  Coffee " and "#Café" find `coffee` and `#cafe`.
 */
export function parseLookup(input: string): LookupResult {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, reason: 'Type a word to look it up.' };
  if (/\s/u.test(trimmed)) return { ok: false, reason: 'Words are counted one by one: look up one word at a time.' };
  const word = normalizeWord(trimmed);
  if (word === '' || word === '#') return { ok: false, reason: 'A word needs at least one letter or digit.' };
  if (word.length > MAX_TOKEN_LENGTH) return { ok: false, reason: `Words longer than ${MAX_TOKEN_LENGTH} characters are not counted.` };
  return { ok: true, word };
}
