// The text rules both counting engines read (text-rules.json); the Spark engine reads the same file.
import rules from './text-rules.json' with { type: 'json' };

export type PatternName = keyof typeof rules.patterns;

/** A fresh RegExp of the named rule (a fresh one each call, since `g` expressions carry `lastIndex`). */
export function rulePattern(name: PatternName): RegExp {
  const { source, flags } = rules.patterns[name];
  return new RegExp(source, flags);
}

export const MAX_TOKEN_LENGTH: number = rules.maxTokenLength;
export const SEGMENT_CHUNK_LENGTH: number = rules.segmentChunkLength;
export const STOPWORD_FALLBACK_LANGUAGE: string = rules.stopwordFallbackLanguage;
export const HASHTAG_SPECIAL_FOLDS: Readonly<Record<string, string>> = rules.hashtagSpecialFolds;
