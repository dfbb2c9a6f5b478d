import type { LanguageCorpus } from './corpus-types.js';
import { chinese } from './chinese.js';
import { english } from './english.js';
import { french } from './french.js';
import { german } from './german.js';
import { japanese } from './japanese.js';
import { spanish } from './spanish.js';

export type TextLanguage = 'en' | 'de' | 'ja' | 'es' | 'fr' | 'zh';

export const CORPORA: Readonly<Record<TextLanguage, LanguageCorpus>> = {
  en: english,
  de: german,
  ja: japanese,
  es: spanish,
  fr: french,
  zh: chinese,
};

export const TEXT_LANGUAGES = Object.keys(CORPORA) as TextLanguage[];

/** Shared by every language: links (all on reserved example domains), emoji and custom emoji shortcodes. */
export const LINKS: readonly string[] = [
  'https://blog.example.net/2026/03/streaming-word-counts-with-kafka',
  'https://news.example.org/world/2026/mar/14/northern-lights-forecast',
  'https://www.example.com/recipes/sourdough-starter-guide',
  'https://git.example.dev/trendstream/trendstream/pulls/42',
  'https://video.example.tv/watch?v=a1b2c3d4e5',
  'https://docs.example.io/guides/getting-started',
  'https://example.com/',
  'https://www.example.de/nachrichten/bahn-was-reisende-wissen-muessen',
  'https://news.example.jp/articles/2026031400123',
];

export const UNICODE_EMOJI: readonly string[] = ['🎉', '☕', '🌧️', '😂', '❤️', '🐈', '🚆', '👀', '🙏', '✨', '🔥', '🌸', '📚', '🎶', '🌌'];

export const CUSTOM_EMOJI: readonly string[] = ['blobcat', 'blobcatheart', 'ablobcatbongo', 'meow_coffee', 'flan_laugh', 'blobfox'];
