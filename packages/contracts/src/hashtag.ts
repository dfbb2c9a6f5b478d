import { HASHTAG_SPECIAL_FOLDS, rulePattern } from './text-rules.js';

/**
 * Hashtag rules as Mastodon applies them (app/lib/hashtag_normalizer.rb and Tag::HASHTAG_NAME_RE in
 * mastodon/mastodon): NFKC, lowercase, ASCII folding of accented Latin letters, then only letters,
 * digits and the separators `_`, `·`, `・`, ZWNJ survive.
 */
const INVALID_CHARS = rulePattern('hashtagInvalidChars');
const SPECIAL_FOLDS = HASHTAG_SPECIAL_FOLDS;
const FOLDABLE_LATIN = rulePattern('foldableLatin');
const COMBINING_MARKS = rulePattern('combiningMarks');
const HASHTAG_MARK = rulePattern('hashtagMark');

function asciiFold(text: string): string {
  return text.replace(FOLDABLE_LATIN, (ch) => SPECIAL_FOLDS[ch] ?? ch.normalize('NFD').replace(COMBINING_MARKS, ''));
}

export function normalizeHashtag(name: string): string {
  const withoutHash = name.replace(HASHTAG_MARK, '');
  return asciiFold(withoutHash.normalize('NFKC').toLowerCase()).replace(INVALID_CHARS, '');
}

/** Tag::HASHTAG_NAME_PAT: word characters and separators, with at least one letter; Mastodon caps names at 100. */
const HASHTAG_NAME =
  /^(?:[\p{L}\p{N}\p{M}_][\p{L}\p{N}\p{M}_\u00B7\u30FB\u200C]*[\p{L}\p{M}_\u00B7\u30FB\u200C][\p{L}\p{N}\p{M}_\u00B7\u30FB\u200C]*[\p{L}\p{N}\p{M}_]|[\p{L}\p{N}\p{M}_]*\p{L}[\p{L}\p{N}\p{M}_]*)$/u;
export const MAX_HASHTAG_LENGTH = 100;

export type HashtagCheck = { ok: true; tag: string } | { ok: false; reason: string };

/** Validates a hashtag typed by a person or a config file and returns it normalized. */
export function parseHashtag(input: string): HashtagCheck {
  const raw = input.trim().replace(/^[#＃]/u, '');
  if (raw.length === 0) return { ok: false, reason: 'a hashtag needs at least one letter' };
  if (raw.length > MAX_HASHTAG_LENGTH) return { ok: false, reason: `a hashtag has at most ${MAX_HASHTAG_LENGTH} characters` };
  if (!HASHTAG_NAME.test(raw.normalize('NFKC'))) {
    return { ok: false, reason: 'a hashtag has only letters, digits and underscores, with at least one letter' };
  }
  const tag = normalizeHashtag(raw);
  // NFKC makes one character several (㍿ is 株式会社): the limit holds for the name as it is stored and counted.
  if (tag.length > MAX_HASHTAG_LENGTH) {
    return { ok: false, reason: `a hashtag has at most ${MAX_HASHTAG_LENGTH} characters once normalized (NFKC turns some characters into several)` };
  }
  return { ok: true, tag };
}
