import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize, type TokenizerInput } from '@trendstream/contracts/tokenizer';
import { runEngineLines } from './support/engine.js';
import { samplePosts } from './support/sample.js';

/**
 * The Spark engine's tokenizer (spark/src/main/java/…/text) and the processor's (packages/contracts) read the
 * same text-rules.json and stopword lists; this proves they also cut every post into the same words: the
 * bundled sample's posts, hand-picked hard cases and generated text mixing every script and rule.
 */
const sparkTokenize = (inputs: readonly TokenizerInput[]) =>
  runEngineLines<string[]>(
    'dev.trendstream.spark.text.TokenizeLines',
    inputs.map((input) => JSON.stringify(input)),
  );

async function expectSameWords(inputs: readonly TokenizerInput[]): Promise<void> {
  const spark = await sparkTokenize(inputs);
  expect(spark).toHaveLength(inputs.length);
  const differences = inputs.flatMap((input, i) => {
    const processor = tokenize(input).sort();
    return JSON.stringify(processor) === JSON.stringify(spark[i]) ? [] : [{ input, processor, spark: spark[i] }];
  });
  expect(differences.slice(0, 5)).toEqual([]);
}

const HARD_CASES: TokenizerInput[] = [
  { text: 'Reading https://kafka.apache.org/docs with @bob@other.example about #Kafka :blobcat: today', language: 'en', hashtags: ['kafka'] },
  { text: '東京タワーに行きました。今日はいい天気ですね #東京 #ＴＯＫＹＯ', language: 'ja', hashtags: [] },
  { text: '我今天去了北京大学，天气很好。WWW.EXAMPLE.COM/路径', language: 'zh', hashtags: [] },
  { text: 'ภาษาไทยไม่มีช่องว่างระหว่างคำ สวัสดีครับ', language: 'th', hashtags: [] },
  { text: '한국어는 조사가 붙습니다 오늘 날씨', language: 'ko', hashtags: [] },
  { text: "It’s the café’s ＴＯＫＹＯ Ünïcödé straße 'quoted' rock'n'roll e-mail x-ray -dash- #Ćafé #Łódź #ſtraße", language: null, hashtags: [] },
  { text: 'ΣΊΣΥΦΟΣ ΟΔΟΣ Ὀδυσσεύς İstanbul ǅemal ﬁnance ㍿ Ⅻ ½', language: 'el', hashtags: ['ﬁx'] },
  { text: 'line\u2028break\u00a0nbsp\u3000ideographic\ufeffbom https://a.example/x\u00a0y', language: 'en', hashtags: [] },
  { text: 'a&#tag b/#tag c_#tag ＃全角 #123 #_ #a·b #ab・cd #zw\u200cnj', language: 'en', hashtags: [] },
  { text: `${'長'.repeat(2_500)} ${'word '.repeat(10)}`, language: 'ja', hashtags: [] },
  { text: 'e\u0301te\u0301 cafe\u0301 n\u0303 😀 👩‍👩‍👧 🇯🇵 text', language: 'fr', hashtags: [] },
  { text: '', language: 'en', hashtags: ['', 'x'.repeat(70), 'ok'] },
];

const FRAGMENTS = [
  'coffee',
  'Kafka',
  'STREAM',
  'über',
  'naïve',
  "don't",
  'it’s',
  "'quoted'",
  'x-ray',
  'e-mail',
  '-',
  "'",
  '’',
  '123',
  '4th',
  '東京',
  'タワー',
  'に',
  'は',
  'です',
  'ね',
  '今日',
  '天気',
  '北京',
  '大学',
  '的',
  '了',
  'ภาษา',
  'ไทย',
  '한국어',
  '는',
  'ລາວ',
  'ខ្មែរ',
  'မြန်မာ',
  '#tag',
  '#Ćafé',
  '＃全角',
  '#東京',
  '#a_b',
  '@alice',
  '@bob@host.example',
  'https://x.example/p?q=1',
  'www.example.org/a',
  ':blobcat:',
  '😀',
  '🇯🇵',
  'ﬁ',
  '㍿',
  'Ⅻ',
  'ǅ',
  'İ',
  'Σ',
  'ς',
  'ſ',
  '\u0301',
  '\u200c',
  '\u00a0',
  '\u3000',
  '\u2028',
  '\n',
  ' ',
  '  ',
  '.',
  ',',
  '!',
  '?',
  '&',
  '/',
  '_',
];
const LANGUAGES = [null, 'en', 'de', 'fr', 'ja', 'zh', 'th', 'ko', 'el', 'tr', 'xx', 'zh-Hant', 'pt-BR', 'not a tag!'];

const generatedPost = fc.record({
  text: fc.oneof(
    fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join('')),
    fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(' ')),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
  ),
  language: fc.constantFrom(...LANGUAGES),
  hashtags: fc.array(fc.constantFrom('kafka', 'café', '東京', 'x', ''), { maxLength: 3 }),
});

describe('the Spark engine tokenizer', () => {
  it('cuts the hard cases into the same words as the processor', async () => {
    await expectSameWords(HARD_CASES);
  });

  it('cuts every post of the bundled sample into the same words as the processor', async () => {
    const inputs = samplePosts().map((post) => ({
      text: post.spoilerText ? `${post.spoilerText}\n${post.text}` : post.text,
      language: post.language,
      hashtags: post.hashtags,
    }));
    expect(inputs.length).toBeGreaterThan(10_000);
    await expectSameWords(inputs);
  });

  it('cuts 20,000 generated posts (every script, rule and odd character mixed) into the same words as the processor', async () => {
    await expectSameWords(fc.sample(generatedPost, { numRuns: 20_000, seed: 20261207 }));
  });
});
