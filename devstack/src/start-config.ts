import { z } from 'zod';
import { DevstackError } from './devstack-error.js';

/** Empty strings count as unset, as a `.env` line `NAME=` means. */
const blankAsUnset = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** The variables `npm start` itself reads (the apps validate their own), checked before anything starts. */
const startSchema = z.object({
  PORT: z.preprocess(blankAsUnset, z.coerce.number().int().min(1, 'must be a port number from 1 to 65535').max(65535).default(8080)),
  HOST: z.preprocess(blankAsUnset, z.string().default('127.0.0.1')),
  REPLAY_SPEED: z.preprocess(blankAsUnset, z.coerce.number({ message: 'must be a number, e.g. 10' }).positive('must be above 0, e.g. 10').default(10)),
  REPLAY_SAMPLE: z
    .preprocess(blankAsUnset, z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).default('false'))
    .transform((value) => value === 'true' || value === '1'),
  MASTODON_INSTANCES: z.preprocess(blankAsUnset, z.string().optional()),
});

export type StartConfig = z.infer<typeof startSchema>;

export function loadStartConfig(env: NodeJS.ProcessEnv): StartConfig {
  const result = startSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new DevstackError(`invalid configuration (see README "Configuration" and .env.example):\n${lines.join('\n')}`);
}
