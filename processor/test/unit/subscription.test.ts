import { describe, expect, it } from 'vitest';
import { checkSubscription, parseTag } from '../../src/live/subscription.js';

describe('checkSubscription', () => {
  const windows = ['1m', '5m'];
  it('normalizes and keys a valid subscription', () => {
    expect(checkSubscription({ window: '5m', lang: 'en', tag: '#Kafka' }, windows)).toEqual({
      ok: true,
      subscription: { window: '5m', lang: 'en', tag: 'kafka' },
      key: 'trends:5m:en:kafka',
    });
  });
  it.each([null, 'x', { window: '2h' }, { window: '5m', lang: 'english' }, { window: '5m', lang: 7 }, { window: '5m', tag: "'; DROP TABLE x" }])(
    'rejects %j',
    (input) => {
      expect(checkSubscription(input, windows).ok).toBe(false);
    },
  );
  it('reads a language the way posts are stored: EN-us is en (it was refused)', () => {
    expect(checkSubscription({ window: '5m', lang: 'EN-us' }, windows)).toMatchObject({ ok: true, subscription: { window: '5m', lang: 'en' } });
  });
  it('follows the default window when none is named, and the first window offered when 5m is not', () => {
    expect(checkSubscription({}, windows)).toMatchObject({ ok: true, subscription: { window: '5m' } });
    expect(checkSubscription({ lang: 'de' }, ['1m', '1h'])).toMatchObject({ ok: true, subscription: { window: '1m', lang: 'de' } });
  });
  it('refuses an array or a binary attachment (both were taken for the default subscription)', () => {
    expect(checkSubscription([], windows)).toEqual({ ok: false, error: 'subscription must be an object { window, lang?, tag? }' });
    expect(checkSubscription(Buffer.from('{}'), windows).ok).toBe(false);
  });
  it('reads a blank lang or tag as not given, as the HTTP API does (a blank lang was refused)', () => {
    expect(checkSubscription({ window: ' ', lang: ' ', tag: '\t' }, windows)).toEqual({ ok: true, subscription: { window: '5m' }, key: 'trends:5m::' });
  });
  it('refuses a tag longer than 100 characters once normalized (㍿ is four; 26 of them made a 104-character room and scope)', () => {
    expect(checkSubscription({ window: '5m', tag: '㍿'.repeat(25) }, windows)).toMatchObject({ ok: true, subscription: { tag: '株式会社'.repeat(25) } });
    expect(checkSubscription({ window: '5m', tag: '㍿'.repeat(26) }, windows)).toEqual({
      ok: false,
      error: 'tag: a hashtag has at most 100 characters once normalized (NFKC turns some characters into several)',
    });
    expect(parseTag('㍿'.repeat(26)).ok).toBe(false);
  });
  it('names the window without echoing what was sent', () => {
    expect(checkSubscription({ window: 'x'.repeat(100_000) }, windows)).toEqual({ ok: false, error: 'window must be one of 1m, 5m' });
  });
});
