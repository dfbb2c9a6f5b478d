import { describe, expect, it } from 'vitest';
import { loadStartConfig } from '../../src/start-config.js';

describe("npm start's own settings", () => {
  it('has defaults, and reads blank as unset', () => {
    expect(loadStartConfig({ REPLAY_SPEED: '', PORT: '' })).toEqual({
      PORT: 8080,
      HOST: '127.0.0.1',
      REPLAY_SPEED: 10,
      REPLAY_SAMPLE: false,
      MASTODON_INSTANCES: undefined,
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
});
