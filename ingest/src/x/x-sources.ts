import type { XEnv } from '../config.js';
import type { SourceDeps } from '../sources/live-source.js';
import { XStreamSource, type XStreamSettings } from './x-stream-source.js';

export interface XSourcesDeps extends SourceDeps {
  config: XEnv;
}

const REQUEST_TIMEOUT_MS = 15_000;

export function xStreamSettings(config: XEnv, token: string): XStreamSettings {
  return {
    apiUrl: config.X_API_URL,
    token,
    baseRule: config.X_RULES,
    maxPostsPerDay: config.X_MAX_POSTS_PER_DAY,
    stallTimeoutMs: config.X_STALL_TIMEOUT_MS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  };
}

/** The X source when X_BEARER_TOKEN is set; none otherwise. Nothing runs until start(). */
export function createXSources(deps: XSourcesDeps): XStreamSource[] {
  const token = deps.config.X_BEARER_TOKEN;
  if (token === undefined) return [];
  const settings = xStreamSettings(deps.config, token);
  return [new XStreamSource({ ...deps, settings, logger: deps.logger.child({ source: new URL(settings.apiUrl).host }) })];
}
