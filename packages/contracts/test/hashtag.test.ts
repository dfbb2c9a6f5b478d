import { describe, expect, it } from 'vitest';
import { normalizeHashtag, parseHashtag } from '../src/hashtag.js';

describe('normalizeHashtag', () => {
  it.each([
    ['Kafka', 'kafka'],
    ['#Café', 'cafe'],
    ['ÜberMaß', 'ubermaß'],
    ['ＦＵＬＬｗｉｄｔｈ', 'fullwidth'],
    ['Łódź', 'lodz'],
    ['がんばろう', 'がんばろう'],
    ['東京', '東京'],
    ['snake_case', 'snake_case'],
    ['hello-world!', 'helloworld'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeHashtag(input)).toBe(expected);
  });
});

describe('parseHashtag', () => {
  it('accepts and normalizes a valid tag', () => {
    expect(parseHashtag('#Mastodon')).toEqual({ ok: true, tag: 'mastodon' });
  });
  it.each(['', '#', '123', "x'; DROP TABLE hashtags; --", 'two words', 'a'.repeat(101), '㍿'.repeat(26)])('rejects %j', (input) => {
    expect(parseHashtag(input).ok).toBe(false);
  });
});
