import { describe, expect, it } from 'vitest';
import { checkSubscription } from '../../src/live/subscription.js';

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
});
