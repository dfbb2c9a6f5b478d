import { z } from 'zod';
import { blankAsUnset, envVars, parseEnv } from '@trendstream/runtime/env';

/** The variables `npm start` itself reads (the apps validate their own), checked before anything starts. */
const startSchema = z.object({
  PORT: envVars.port,
  HOST: z.preprocess(blankAsUnset, z.string().default('127.0.0.1')),
  REPLAY_SPEED: z.preprocess(blankAsUnset, z.coerce.number({ message: 'must be a number, e.g. 10' }).positive('must be above 0, e.g. 10').default(10)),
  REPLAY_SAMPLE: envVars.boolean(false),
  MASTODON_INSTANCES: z.preprocess(blankAsUnset, z.string().optional()),
  /** Where the local broker keeps its data when npm start runs one (default .cache/kafka/local). */
  KAFKA_DATA_DIR: z.preprocess(blankAsUnset, z.string().optional()),
});

export type StartConfig = z.infer<typeof startSchema>;

/** Throws a ConfigError naming every bad variable. */
export function loadStartConfig(env: NodeJS.ProcessEnv): StartConfig {
  return parseEnv('npm start', startSchema, env);
}
