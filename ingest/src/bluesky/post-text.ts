/** A rich-text facet as a post record carries it (app.bsky.richtext.facet), already validated. */
export interface Facet {
  index: { byteStart: number; byteEnd: number };
  features: readonly { $type: string; tag?: string }[];
}

const LINK = 'app.bsky.richtext.facet#link';
const MENTION = 'app.bsky.richtext.facet#mention';
const TAG = 'app.bsky.richtext.facet#tag';

/**
 * The text with links and mentions taken out (they are not words; a link is shown shortened, `example.com/pa…`,
 * which no URL pattern would catch). Facet ranges are UTF-8 byte offsets
 * (https://docs.bsky.app/docs/advanced-guides/post-richtext); a range that is out of bounds, overlaps an
 * earlier one or cuts a character in two is ignored rather than trusted.
 */
export function textWithoutLinksAndMentions(text: string, facets: readonly Facet[]): string {
  const bytes = Buffer.from(text, 'utf8');
  const ranges = facets
    .filter((facet) => facet.features.some((feature) => feature.$type === LINK || feature.$type === MENTION))
    .map((facet) => facet.index)
    .filter(({ byteStart, byteEnd }) => byteStart >= 0 && byteEnd <= bytes.length && byteStart < byteEnd)
    .filter(({ byteStart, byteEnd }) => startsCharacter(bytes, byteStart) && startsCharacter(bytes, byteEnd))
    .sort((a, b) => a.byteStart - b.byteStart);
  if (ranges.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const { byteStart, byteEnd } of ranges) {
    if (byteStart < at) continue;
    parts.push(bytes.toString('utf8', at, byteStart), ' ');
    at = byteEnd;
  }
  parts.push(bytes.toString('utf8', at));
  return parts.join('');
}

/** The hashtags the facets name (`#tag` features carry the tag without its `#`). */
export function facetTags(facets: readonly Facet[]): string[] {
  return facets.flatMap((facet) => facet.features.flatMap((feature) => (feature.$type === TAG && typeof feature.tag === 'string' ? [feature.tag] : [])));
}

/** True when `offset` is the end of the buffer or the first byte of a character (not a UTF-8 continuation byte). */
function startsCharacter(bytes: Buffer, offset: number): boolean {
  return offset === bytes.length || ((bytes[offset] ?? 0) & 0xc0) !== 0x80;
}
