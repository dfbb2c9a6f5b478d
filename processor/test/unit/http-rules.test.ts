import { describe, expect, it } from 'vitest';
import { isAllowedOrigin } from '../../src/http/origins.js';
import { checkSubscription } from '../../src/live/subscription.js';

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
  it.each([null, 'x', { window: '2h' }, { window: '5m', lang: 'EN-us' }, { window: '5m', tag: "'; DROP TABLE x" }])('rejects %j', (input) => {
    expect(checkSubscription(input, windows).ok).toBe(false);
  });
});
