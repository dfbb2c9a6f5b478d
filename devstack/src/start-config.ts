import { z } from 'zod';
import { blankAsUnset, envVars, parseEnv, PUBLIC_JETSTREAM_URL } from '@trendstream/runtime/env';
import type { LiveNetwork } from './start-args.js';

/** The variables `npm start` itself reads (the apps validate their own), checked before anything starts. */
const startSchema = z.object({
  PORT: envVars.port,
  HOST: z.preprocess(blankAsUnset, z.string().default('127.0.0.1')),
  REPLAY_SPEED: z.preprocess(blankAsUnset, z.coerce.number({ message: 'must be a number, e.g. 10' }).positive('must be above 0, e.g. 10').default(10)),
  REPLAY_SAMPLE: envVars.boolean(false),
  MASTODON_INSTANCES: z.preprocess(blankAsUnset, z.string().optional()),
  /** Only whether it is set: the ingest validates it, and it is a secret. */
  X_BEARER_TOKEN: z.preprocess(blankAsUnset, z.string().optional()),
  /** Checked as the ingest checks it (ingest/src/config.ts), so a bad one stops the run before anything starts. */
  BLUESKY_JETSTREAM_URL: envVars.jetstreamUrl,
  /** Where the local broker keeps its data when npm start runs one (default .cache/kafka/local). */
  KAFKA_DATA_DIR: z.preprocess(blankAsUnset, z.string().optional()),
});

export type StartConfig = z.infer<typeof startSchema>;

/** Throws a ConfigError naming every bad variable. */
export function loadStartConfig(env: NodeJS.ProcessEnv): StartConfig {
  return parseEnv('npm start', startSchema, env);
}

/**
 * What the live ingest reads, if anything. A network is on when its variable is set (environment or .env) or
 * --live names it, so --live bluesky with MASTODON_INSTANCES set streams both.
 */
export interface LivePlan {
  /** The Jetstream URL the ingest is given: the user's, else the public one. */
  blueskyUrl?: string;
  mastodonInstances?: string;
  /** X streams (X_BEARER_TOKEN is set). */
  x: boolean;
  /** Replay the bundled sample too: when nothing streams live, or REPLAY_SAMPLE asks for it. */
  replaySample: boolean;
}

export function planLive(config: StartConfig, requested: readonly LiveNetwork[] = []): LivePlan {
  const blueskyUrl = config.BLUESKY_JETSTREAM_URL ?? (requested.includes('bluesky') ? PUBLIC_JETSTREAM_URL : undefined);
  const mastodonInstances = config.MASTODON_INSTANCES;
  const x = Boolean(config.X_BEARER_TOKEN);
  return {
    ...(blueskyUrl ? { blueskyUrl } : {}),
    ...(mastodonInstances ? { mastodonInstances } : {}),
    x,
    replaySample: (!blueskyUrl && !mastodonInstances && !x) || config.REPLAY_SAMPLE,
  };
}
