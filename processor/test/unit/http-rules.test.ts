import { describe, expect, it } from 'vitest';
import { isAllowedOrigin } from '../../src/http/origins.js';
import { checkSubscription } from '../../src/live/subscription.js';
import { normalizeWord, tokenize } from '@trendstream/contracts/tokenizer';

describe('isAllowedOrigin', () => {
  it('allows the same host, listed origins and requests without an Origin', () => {
    expect(isAllowedOrigin('http://localhost:8080', 'localhost:8080', [])).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:5173', 'localhost:8080', ['http://127.0.0.1:5173'])).toBe(true);
    expect(isAllowedOrigin(undefined, 'localhost:8080', [])).toBe(true);
  });
  it('refuses other origins and garbage', () => {
    expect(isAllowedOrigin('https://evil.example', 'localhost:8080', ['http://127.0.0.1:5173'])).toBe(false);
    expect(isAllowedOrigin('null', 'localhost:8080', [])).toBe(false);
  });
});

describe('checkSubscription', () => {
  const windows = ['1m', '5m'];
  it('normalizes and keys a valid subscription', () => {
    expect(checkSubscription({ window: '5m', lang: 'en', tag: '#Kafka' }, windows)).toEqual({
      ok: true,
      subscription: { window: '5m', lang: 'en', tag: 'kafka' },
      key: 'trends:5m:en:kafka',
    });
  });
  it.each([null, 'x', { window: '2h' }, { window: '5m', lang: 'english' }, { window: '5m', lang: 7 }, { window: '5m', tag: "'; DROP TABLE x" }])('rejects %j', (input) => {
    expect(checkSubscription(input, windows).ok).toBe(false);
  });
  it('reads a language the way posts are stored: EN-us is en (it was refused)', () => {
    expect(checkSubscription({ window: '5m', lang: 'EN-us' }, windows)).toMatchObject({ ok: true, subscription: { window: '5m', lang: 'en' } });
  });
  it('follows the default window when none is named, and the first window offered when 5m is not', () => {
    expect(checkSubscription({}, windows)).toMatchObject({ ok: true, subscription: { window: '5m' } });
    expect(checkSubscription({ lang: 'de' }, ['1m', '1h'])).toMatchObject({ ok: true, subscription: { window: '1m', lang: 'de' } });
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
