/**
 * MySQL orders `word` by its collation, utf8mb4_bin: by Unicode code point, which is UTF-8 byte order. JS `<`
 * compares UTF-16 code units, which agrees everywhere except where a character above U+FFFF (a surrogate pair,
 * D800–DFFF) meets one in U+E000–U+FFFF at the first difference: by code point the supplementary character comes
 * last, by code unit first. (utf8mb4_bin also pads with spaces; words never hold a space, so that cannot matter.)
 */
const ABOVE_SURROGATES = /[\uD800-\uFFFF]/;

/**
 * A string whose code-unit order (`<`) is `word`'s code-point order: surrogates move above U+E000–U+FFFF, the rest
 * keeps its place. The word itself (no copy) when it has no code unit at or above U+D800, which is nearly always.
 */
export function codePointKey(word: string): string {
  if (!ABOVE_SURROGATES.test(word)) return word;
  let key = '';
  for (let i = 0; i < word.length; i += 1) {
    const unit = word.charCodeAt(i);
    key += String.fromCharCode(unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit);
  }
  return key;
}

/** Code-point order of two words, as MySQL's `ORDER BY word` under utf8mb4_bin. */
export function compareCodePoints(a: string, b: string): number {
  const keyA = codePointKey(a);
  const keyB = codePointKey(b);
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}
