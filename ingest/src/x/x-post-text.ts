/** A span of a post's text, as X's v2 entities give it: `start` inclusive, `end` exclusive. */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * The text with the given spans (links and mentions) taken out, each replaced by a space.
 *
 * X v2 entity offsets count Unicode **code points**, not UTF-16 units (what JavaScript's `slice` counts) and
 * not bytes: an emoji before a link shifts a UTF-16 index by two but a code-point index by one
 * (https://developer.x.com/en/docs/counting-characters; twitter-text added `modifyIndicesFromUnicodeToUTF16`
 * for this: https://github.com/twitter/twitter-text-js/pull/39). So the text is cut as an array of code points. A span out of bounds, empty or overlapping
 * an earlier one is ignored rather than trusted.
 *
 * X escapes `&`, `<` and `>` in `text` as HTML entities and counts the offsets in the escaped text, so the
 * entities are unescaped only after cutting.
 */
export function textWithoutSpans(text: string, spans: readonly TextSpan[]): string {
  const points = Array.from(text);
  const valid = spans
    .filter(({ start, end }) => Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= points.length && start < end)
    .sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const { start, end } of valid) {
    if (start < at) continue;
    parts.push(points.slice(at, start).join(''), ' ');
    at = end;
  }
  parts.push(points.slice(at).join(''));
  return unescapeHtml(parts.join(''));
}

/** The three entities X writes into `text` (`&amp;` last, so `&amp;lt;` stays `&lt;`). */
export function unescapeHtml(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

const HASHTAG_IN_TEXT = /(?:^|[^\p{L}\p{N}_&])[#＃]([\p{L}\p{N}\p{M}_]+)/gu;

/** The `#tags` written in the text, for a post whose entities were left out. */
export function hashtagsInText(text: string): string[] {
  return Array.from(text.matchAll(HASHTAG_IN_TEXT), (match) => match[1] ?? '').filter(Boolean);
}
