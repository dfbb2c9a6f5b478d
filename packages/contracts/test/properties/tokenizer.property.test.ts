import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TOKEN_LENGTH, tokenize } from '../../src/tokenizer.js';
import { PROPERTY_RUNS } from './runs.js';

// The pieces of text that break naive tokenizers, mixed with ordinary words.
const tricky = fc.constantFrom(
  '\u200d', // zero-width joiner
  '👩\u200d💻',
  '👨\u200d👩\u200d👧\u200d👦',
  '\u200f', // right-to-left mark
  '\u200e',
  '\u202e', // right-to-left override
  'مرحبا',
  'שלום',
  'e\u0301', // combining acute
  'a\u0300\u0301\u0302\u0303',
  'Z\u0351\u0352\u0353\u0354\u0355', // stacked combining marks
  '東京タワー',
  '我们今天',
  'ひらがな',
  'ภาษาไทย',
  '\ufeff',
  '\ud800', // lone surrogate
  '#',
  '@',
  'https://',
  ':blobcat:',
  ' ',
  '\n',
);
const word = fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 12 }));
const text = fc.array(word, { maxLength: 40 }).map((parts) => parts.join(''));
const language = fc.option(fc.constantFrom('en', 'de', 'ja', 'zh', 'ar', 'he', 'ko', 'th', 'xx', 'zz-invalid-tag'), { nil: null });

describe('the tokenizer on bad input', () => {
  it('never throws, and gives distinct, non-empty, bounded tokens (ZWJ, RTL marks, combining marks, CJK)', () => {
    fc.assert(
      fc.property(text, language, fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 }), (postText, postLanguage, hashtags) => {
        const tokens = tokenize({ text: postText, language: postLanguage, hashtags });
        expect(new Set(tokens).size).toBe(tokens.length);
        for (const token of tokens) {
          expect(token.trim().length).toBeGreaterThan(0);
          expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH + 1);
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('tokenizes a 1 MB post', () => {
    const huge = Array.from({ length: 200_000 }, (_, i) => ['kafka', '東京', 'e\u0301', '👩\u200d💻', `w${i % 5000}`][i % 5]).join(' ');
    expect(Buffer.byteLength(huge)).toBeGreaterThanOrEqual(1_000_000);
    const tokens = tokenize({ text: huge, language: 'ja', hashtags: [] });
    expect(tokens).toContain('kafka');
    expect(tokens.length).toBeGreaterThan(1_000);
  });
});
