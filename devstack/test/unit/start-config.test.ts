import { describe, expect, it } from 'vitest';
import { PUBLIC_JETSTREAM_URL } from '@trendstream/runtime/env';
import { loadStartConfig, planLive } from '../../src/start-config.js';

describe("npm start's own settings", () => {
  it('has defaults, and reads blank as unset', () => {
    expect(loadStartConfig({ REPLAY_SPEED: '', PORT: '' })).toEqual({
      PORT: 8080,
      HOST: '127.0.0.1',
      REPLAY_SPEED: 10,
      REPLAY_SAMPLE: false,
      MASTODON_INSTANCES: undefined,
      BLUESKY_JETSTREAM_URL: undefined,
      KAFKA_DATA_DIR: undefined,
    });
  });
  it('reads REPLAY_SAMPLE=1 as true, like the apps read their booleans (only "true" worked)', () => {
    expect(loadStartConfig({ REPLAY_SAMPLE: '1', REPLAY_SPEED: '60' })).toMatchObject({ REPLAY_SAMPLE: true, REPLAY_SPEED: 60 });
  });
  it('names every bad variable before anything starts (a bad REPLAY_SPEED only failed the replay later)', () => {
    const message = (() => {
      try {
        loadStartConfig({ REPLAY_SPEED: 'fast', REPLAY_SAMPLE: 'yes', PORT: '99999' });
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain('REPLAY_SPEED: must be a number');
    expect(message).toMatch(/REPLAY_SAMPLE: .*"true"/u);
    expect(message).toContain('PORT:');
  });
  it('accepts a ws:// or wss:// BLUESKY_JETSTREAM_URL and refuses anything else, as the ingest does', () => {
    expect(loadStartConfig({ BLUESKY_JETSTREAM_URL: 'ws://127.0.0.1:6008/subscribe' }).BLUESKY_JETSTREAM_URL).toBe('ws://127.0.0.1:6008/subscribe');
    expect(loadStartConfig({ BLUESKY_JETSTREAM_URL: ' ' }).BLUESKY_JETSTREAM_URL).toBeUndefined();
    for (const bad of ['https://jetstream2.us-east.bsky.network/subscribe', 'jetstream2.us-east.bsky.network']) {
      expect(() => loadStartConfig({ BLUESKY_JETSTREAM_URL: bad })).toThrow(
        `BLUESKY_JETSTREAM_URL: must be a ws:// or wss:// URL of a Jetstream /subscribe endpoint, e.g. ${PUBLIC_JETSTREAM_URL}`,
      );
    }
  });
});

describe('what npm start streams live', () => {
  const config = (env: NodeJS.ProcessEnv = {}) => loadStartConfig(env);

  it('replays the sample when nothing streams live', () => {
    expect(planLive(config())).toEqual({ x: false, replaySample: true });
  });
  it('streams the public Jetstream for --live bluesky, or the one BLUESKY_JETSTREAM_URL names', () => {
    expect(planLive(config(), ['bluesky'])).toEqual({ blueskyUrl: PUBLIC_JETSTREAM_URL, x: false, replaySample: false });
    expect(planLive(config({ BLUESKY_JETSTREAM_URL: 'ws://127.0.0.1:6008/subscribe' }), ['bluesky'])).toEqual({
      blueskyUrl: 'ws://127.0.0.1:6008/subscribe',
      x: false,
      replaySample: false,
    });
  });
  it('streams Bluesky whenever BLUESKY_JETSTREAM_URL is set, even without --live', () => {
    expect(planLive(config({ BLUESKY_JETSTREAM_URL: PUBLIC_JETSTREAM_URL }))).toEqual({ blueskyUrl: PUBLIC_JETSTREAM_URL, x: false, replaySample: false });
  });
  it('keeps Mastodon on beside Bluesky, and the sample only when REPLAY_SAMPLE asks for it', () => {
    expect(planLive(config({ MASTODON_INSTANCES: 'fosstodon.org' }), ['bluesky'])).toEqual({
      blueskyUrl: PUBLIC_JETSTREAM_URL,
      mastodonInstances: 'fosstodon.org',
      x: false,
      replaySample: false,
    });
    expect(planLive(config({ REPLAY_SAMPLE: 'true' }), ['bluesky'])).toMatchObject({ replaySample: true });
  });
  it('streams X whenever X_BEARER_TOKEN is set, instead of the sample', () => {
    expect(planLive(config({ X_BEARER_TOKEN: 'a-bearer-token' }), ['x'])).toEqual({ x: true, replaySample: false });
  });
});
