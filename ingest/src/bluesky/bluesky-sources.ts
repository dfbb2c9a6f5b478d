import type { BlueskyEnv } from '../config.js';
import type { SourceDeps } from '../sources/live-source.js';
import { JetstreamSource, type JetstreamSettings } from './jetstream-source.js';

export interface BlueskySourcesDeps extends SourceDeps {
  config: BlueskyEnv;
}

export function jetstreamSettings(config: BlueskyEnv, url: string): JetstreamSettings {
  return {
    url,
    timeline: config.BLUESKY_TIMELINE,
    stallTimeoutMs: config.BLUESKY_STALL_TIMEOUT_MS,
    rewindMs: config.BLUESKY_REWIND_MS,
    backoff: { initialMs: config.BLUESKY_BACKOFF_INITIAL_MS, maxMs: config.BLUESKY_BACKOFF_MAX_MS },
    connectTimeoutMs: config.BLUESKY_CONNECT_TIMEOUT_MS,
  };
}

/** The Bluesky source when BLUESKY_JETSTREAM_URL is set; none otherwise. Nothing runs until start(). */
export function createBlueskySources(deps: BlueskySourcesDeps): JetstreamSource[] {
  const url = deps.config.BLUESKY_JETSTREAM_URL;
  if (url === undefined) return [];
  const settings = jetstreamSettings(deps.config, url);
  return [new JetstreamSource({ ...deps, settings, logger: deps.logger.child({ source: new URL(url).host }) })];
}
