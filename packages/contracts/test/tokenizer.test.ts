import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TOKEN_LENGTH, normalizeWord, tokenize } from '../src/tokenizer.js';

const words = (text: string, language: string | null = 'en', hashtags: string[] = []) => tokenize({ text, language, hashtags }).sort();

describe('tokenize', () => {
  it('drops links, mentions, custom emoji shortcodes and stopwords; keeps hashtags as #tag', () => {
    expect(words('Reading https://kafka.apache.org/documentation with @bob@other.example about #Kafka streams :blobcat: today', 'en', ['kafka'])).toEqual([
      '#kafka',
      'reading',
      'streams',
    ]);
  });

  it('counts a word once per post, whatever its case or repetition', () => {
    expect(words('Coffee coffee COFFEE! Coffee?')).toEqual(['coffee']);
  });

  it('applies NFKC before folding case (full-width letters become ASCII)', () => {
    expect(words('ＫＡＦＫＡ ｒｏｃｋｓ')).toEqual(['kafka', 'rocks']);
  });

  it('keeps German compounds and umlauts, drops German stopwords', () => {
    expect(words('Die Straßenbahn fährt heute pünktlich durch Berlin', 'de')).toEqual(['berlin', 'fährt', 'pünktlich', 'straßenbahn']);
  });

  it('splits Japanese into words, not sentences, and drops particles', () => {
    const tokens = words('今日は東京タワーに行きました。とても楽しかったです！', 'ja');
    expect(tokens).toContain('東京タワー');
    expect(tokens).toContain('今日');
    expect(tokens).not.toContain('は');
    expect(tokens).not.toContain('に');
    expect(tokens.every((token) => token.length < 10)).toBe(true);
  });

  it('splits Chinese into words', () => {
    expect(words('我们今天去北京天安门广场参观', 'zh')).toEqual(expect.arrayContaining(['北京', '天安门', '广场']));
  });

  it('emits no token for emoji and keeps the words around them', () => {
    expect(words('🎉🎉 launch day 🚀 rocket 👩‍💻')).toEqual(['day', 'launch', 'rocket']);
  });

  it('segments right-to-left scripts (Arabic, Hebrew)', () => {
    expect(words('مرحبا بالعالم اختبار', 'ar')).toEqual(['اختبار', 'بالعالم', 'مرحبا'].sort());
    expect(words('שלום עולם מבחן', 'he')).toEqual(['מבחן', 'עולם', 'שלום'].sort());
  });

  it('treats a post without a language with English stopwords', () => {
    expect(words('the weather is lovely', null)).toEqual(['lovely', 'weather']);
  });

  it('ignores numbers and single letters', () => {
    expect(words('x 2026 42 v2 kafka')).toEqual(['kafka', 'v2']);
  });

  it('survives an invalid language tag', () => {
    expect(words('東京 大阪', 'zz-not-a-tag')).toEqual(['大阪', '東京'].sort());
  });

  it('never throws and never emits an empty, oversized or duplicate token (any Unicode)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.option(fc.constantFrom('en', 'de', 'ja', 'zh', 'ar', 'ko', 'th', 'xx'), { nil: null }),
        fc.array(fc.string({ maxLength: 30 }), { maxLength: 4 }),
        (text, language, hashtags) => {
          const tokens = tokenize({ text, language, hashtags });
          expect(new Set(tokens).size).toBe(tokens.length);
          for (const token of tokens) {
            expect(token.trim().length).toBeGreaterThan(0);
            expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH + 1);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary code units, including lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(() => tokenize({ text, language: 'ja', hashtags: [] })).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe('long posts', () => {
  // Intl.Segmenter is quadratic in the string's length: a 1 MB post held a partition for minutes. Long text is
  // now segmented in pieces cut at spaces; the words must be the same as the pieces' words.
  it('gives the same words whether a long text is tokenized whole or piece by piece', () => {
    const pieces = Array.from({ length: 40 }, (_, i) => `東京タワーで会議 ${i} real-time ストリーム処理 kafka${i} 我们今天讨论 Straße`);
    const whole = tokenize({ text: pieces.join(' '), language: 'ja', hashtags: [] });
    expect(pieces.join(' ').length).toBeGreaterThan(2_000);
    const union = new Set(pieces.flatMap((piece) => tokenize({ text: piece, language: 'ja', hashtags: [] })));
    expect(new Set(whole)).toEqual(union);
  });
});

describe('normalizeWord', () => {
  it('looks a word up as the tokenizer stores it (a hashtag with an accent missed its series)', () => {
    expect(normalizeWord('#Café')).toBe('#cafe');
    expect(normalizeWord('＃Kafka')).toBe('#kafka');
    expect(normalizeWord('ＴＯＫＹＯ')).toBe('tokyo');
    expect(normalizeWord(' Kaffee ')).toBe('kaffee');
    for (const text of ['#Café', 'ＴＯＫＹＯ', 'Kaffee', '東京タワー']) {
      expect(tokenize({ text, language: null, hashtags: [] })).toContain(normalizeWord(text));
    }
  });
});
