import { describe, expect, it } from 'vitest';
import { BASE_ENV, configError } from '../support/config-error.js';
import { loadIngestConfig } from '../../src/config.js';

const base = BASE_ENV;
const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F';

describe('the X configuration', () => {
  it('is off unless X_BEARER_TOKEN is set, with defaults for the rest', () => {
    expect(loadIngestConfig(base).X_BEARER_TOKEN).toBeUndefined();
    expect(loadIngestConfig({ ...base, X_BEARER_TOKEN: ` ${TOKEN} `, X_RULES: '' })).toMatchObject({
      X_BEARER_TOKEN: TOKEN,
      X_API_URL: 'https://api.x.com',
      X_RULES: undefined,
      X_MAX_POSTS_PER_DAY: 10_000,
      X_STALL_TIMEOUT_MS: 30_000,
    });
    expect(loadIngestConfig({ ...base, X_BEARER_TOKEN: TOKEN, X_API_URL: 'http://127.0.0.1:7007', X_RULES: 'lang:en -is:retweet' })).toMatchObject({
      X_API_URL: 'http://127.0.0.1:7007',
      X_RULES: 'lang:en -is:retweet',
    });
  });

  it('names every bad variable once, and never repeats the token', () => {
    const bad = `Bearer ${TOKEN}`;
    const message = configError({
      X_BEARER_TOKEN: bad,
      X_API_URL: 'wss://api.x.com',
      X_RULES: 'x'.repeat(901),
      X_MAX_POSTS_PER_DAY: '0',
      X_STALL_TIMEOUT_MS: 'soon',
    });
    expect(message).toContain('X_BEARER_TOKEN: has characters an X bearer token cannot have');
    expect(message).toContain('X_API_URL: must be an http(s) URL');
    expect(message).toContain('X_RULES: must be at most 900 characters');
    expect(message).toContain('X_MAX_POSTS_PER_DAY');
    expect(message).toContain('X_STALL_TIMEOUT_MS');
    expect(message).not.toContain(TOKEN);
    expect(configError({ X_RULES: 'lang:en\n-is:retweet' })).toContain('X_RULES: must be one line');
  });
});
