import { describe, expect, it } from 'vitest';
import { BASE_ENV, configError } from '../support/config-error.js';
import { loadIngestConfig, loadRecordConfig } from '../../src/config.js';

const base = BASE_ENV;

describe('ingest configuration', () => {
  it('has defaults for every live setting', () => {
    const config = loadIngestConfig(base);
    expect(config).toMatchObject({
      MASTODON_INSTANCES: [],
      MASTODON_TIMELINE: 'public',
      MASTODON_TRANSPORT: 'auto',
      MASTODON_SKIP_OPTED_OUT: true,
      MASTODON_STALL_TIMEOUT_MS: 45_000,
      INGEST_PORT: 9464,
      INGEST_QUEUE_CAPACITY: 10_000,
    });
  });

  it('lists every bad variable at once, without printing tokens', () => {
    const message = configError({
      MASTODON_INSTANCES: 'mastodon.social,ftp://bad.example',
      MASTODON_TOKENS: 'fosstodon.org=sekrit123',
      MASTODON_ACCESS_TOKEN: 'Bearer abc',
      MASTODON_TIMELINE: 'home',
    });
    expect(message).toContain('MASTODON_INSTANCES');
    expect(message).toContain('MASTODON_TOKENS: has a token for fosstodon.org, which is not in MASTODON_INSTANCES');
    expect(message).toContain('MASTODON_ACCESS_TOKEN');
    expect(message).toContain('MASTODON_TIMELINE');
    expect(message).not.toContain('sekrit123');
  });

  it('rejects an instance listed twice and a backoff cap below its start', () => {
    const message = configError({
      MASTODON_INSTANCES: 'mastodon.social,https://mastodon.social',
      MASTODON_BACKOFF_INITIAL_MS: '5000',
      MASTODON_BACKOFF_MAX_MS: '1000',
    });
    expect(message).toContain('mastodon.social is listed twice');
    expect(message).toContain('MASTODON_BACKOFF_MAX_MS');
  });

  it('reads Bluesky only when a Jetstream URL is given, and says what a URL must look like', () => {
    expect(loadIngestConfig(base).BLUESKY_JETSTREAM_URL).toBeUndefined();
    expect(loadIngestConfig({ ...base, BLUESKY_JETSTREAM_URL: 'ws://127.0.0.1:6008/subscribe' })).toMatchObject({
      BLUESKY_JETSTREAM_URL: 'ws://127.0.0.1:6008/subscribe',
      BLUESKY_TIMELINE: 'all',
      BLUESKY_STALL_TIMEOUT_MS: 30_000,
      BLUESKY_REWIND_MS: 5_000,
    });
    const message = configError({
      BLUESKY_JETSTREAM_URL: 'https://jetstream.example/subscribe',
      BLUESKY_TIMELINE: 'hashtags',
      BLUESKY_BACKOFF_INITIAL_MS: '5000',
      BLUESKY_BACKOFF_MAX_MS: '1000',
    });
    expect(message).toContain('BLUESKY_JETSTREAM_URL: must be a ws:// or wss:// URL');
    expect(message).toContain('BLUESKY_TIMELINE');
    expect(message).toContain('BLUESKY_BACKOFF_MAX_MS: must not be below BLUESKY_BACKOFF_INITIAL_MS');
  });

  it('lets `record` run without Kafka settings', () => {
    expect(loadRecordConfig({ MASTODON_INSTANCES: 'mastodon.social', MASTODON_ACCESS_TOKEN: 'abc' }).MASTODON_INSTANCES).toEqual(['mastodon.social']);
  });
});
