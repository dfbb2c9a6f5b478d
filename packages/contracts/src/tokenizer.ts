import { normalizeHashtag } from './hashtag.js';
import { stopwordsFor } from './stopwords.js';
import { MAX_TOKEN_LENGTH, SEGMENT_CHUNK_LENGTH, rulePattern } from './text-rules.js';

export { MAX_TOKEN_LENGTH };

export interface TokenizerInput {
  text: string;
  language: string | null;
  /** Normalized hashtags from the post's `tags`; counted as `#tag` tokens. */
  hashtags: readonly string[];
}

// The rules live in text-rules.json, which says why each one is there; the Spark engine reads the same file.
const URLS = rulePattern('urls');
const MENTIONS = rulePattern('mentions');
const SHORTCODES = rulePattern('shortcodes');
const HASHTAGS_IN_TEXT = rulePattern('hashtagsInText');
const UNSPACED_SCRIPT = rulePattern('unspacedScript');
const SPACED_WORDS = rulePattern('spacedWords');
const RIGHT_SINGLE_QUOTE = rulePattern('rightSingleQuote');
const EDGE_APOSTROPHES = rulePattern('edgeApostrophes');
const HASHTAG_MARK = rulePattern('hashtagMark');
const HAS_LETTER = rulePattern('hasLetter');
const SINGLE_WORTHY = rulePattern('singleWorthy');
const KANA_ONLY = rulePattern('kanaOnly');

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(language: string | null): Intl.Segmenter {
  const key = language ?? 'und';
  let segmenter = segmenters.get(key);
  if (!segmenter) {
    try {
      segmenter = new Intl.Segmenter(language ?? undefined, { granularity: 'word' });
    } catch {
      segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
    }
    segmenters.set(key, segmenter);
  }
  return segmenter;
}

/**
 * The distinct words of one post (a word counts once per post), plus its hashtags as `#tag`.
 * Pure and total: any string gives a (possibly empty) list of non-empty tokens.
 */
export function tokenize({ text, language, hashtags }: TokenizerInput): string[] {
  const tokens = new Set<string>();
  for (const tag of hashtags) if (tag && tag.length < MAX_TOKEN_LENGTH) tokens.add(`#${tag}`);

  let body = text.normalize('NFKC').replace(URLS, ' ').replace(MENTIONS, ' ').replace(SHORTCODES, ' ');
  body = body.replace(HASHTAGS_IN_TEXT, (_match, name: string) => {
    const tag = normalizeHashtag(name);
    if (tag && tag.length < MAX_TOKEN_LENGTH && HAS_LETTER.test(tag)) tokens.add(`#${tag}`);
    return ' ';
  });
  body = body.toLowerCase().replace(RIGHT_SINGLE_QUOTE, "'");

  const stopwords = stopwordsFor(language);
  for (const word of words(body, language)) {
    const token = trimApostrophes(word);
    if (isCountable(token, stopwords)) tokens.add(token);
  }
  return [...tokens];
}

/** One word as `tokenize` stores it, for looking it up: `#Café` → `#cafe`, `It’s` → `it`, `ＴＯＫＹＯ` → `tokyo`. */
export function normalizeWord(word: string): string {
  const trimmed = word.trim();
  if (HASHTAG_MARK.test(trimmed)) return `#${normalizeHashtag(trimmed)}`;
  return trimApostrophes(trimmed.normalize('NFKC').toLowerCase().replace(RIGHT_SINGLE_QUOTE, "'"));
}

function* words(body: string, language: string | null): Iterable<string> {
  if (!UNSPACED_SCRIPT.test(body)) {
    yield* body.match(SPACED_WORDS) ?? [];
    return;
  }
  const segmenter = segmenterFor(language);
  for (const chunk of chunks(body)) {
    for (const segment of segmenter.segment(chunk)) {
      if (segment.isWordLike) yield segment.segment;
    }
  }
}

/**
 * Iterating Intl.Segmenter's segments takes time quadratic in the string's length (V8: 140 KB took 8 s, 1 MB
 * minutes), so long text is segmented in pieces cut at whitespace, where no word continues. Text without
 * whitespace for SEGMENT_CHUNK_LENGTH characters is cut there: a word may then split in two, in text no person wrote.
 */

function* chunks(body: string): Iterable<string> {
  let start = 0;
  while (body.length - start > SEGMENT_CHUNK_LENGTH) {
    const space = body.lastIndexOf(' ', start + SEGMENT_CHUNK_LENGTH);
    const end = space > start ? space : start + SEGMENT_CHUNK_LENGTH;
    yield body.slice(start, end);
    start = end;
  }
  yield body.slice(start);
}

function trimApostrophes(word: string): string {
  const trimmed = word.replace(EDGE_APOSTROPHES, '');
  return trimmed.endsWith("'s") ? trimmed.slice(0, -2) : trimmed;
}

function isCountable(token: string, stopwords: ReadonlySet<string>): boolean {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return false;
  if (!HAS_LETTER.test(token)) return false;
  if ([...token].length === 1 && !SINGLE_WORTHY.test(token)) return false;
  if (KANA_ONLY.test(token) && [...token].length <= 2) return false;
  return !stopwords.has(token);
}
