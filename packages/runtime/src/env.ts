import { z } from 'zod';

/** Configuration that failed validation; the message names every bad variable and how to fix it. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parses environment variables once, at start. Unlike zod's default error, the message lists every bad
 * variable on its own line, so one run tells the user everything to fix.
 */
export function parseEnv<S extends z.ZodObject>(appName: string, schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    return `  ${variable}: ${issue.message}`;
  });
  throw new ConfigError(`${appName}: invalid configuration (see README "Configuration" and .env.example):\n${lines.join('\n')}`);
}

/** Empty strings count as unset, as a `.env` line `NAME=` means. */
export const blankAsUnset = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const KAFKA_BROKERS_REQUIRED = 'required: comma-separated host:port list, e.g. 127.0.0.1:9092 (npm start and npm test start a local broker and set it)';

/** KAFKA_BROKERS as a list; `whenUnset` is the message for a missing value, for tools that look elsewhere first. */
export function kafkaBrokersVar(whenUnset = KAFKA_BROKERS_REQUIRED) {
  return z.preprocess(
    blankAsUnset,
    z
      .string({ message: whenUnset })
      .transform((value) =>
        value
          .split(',')
          .map((broker) => broker.trim())
          .filter(Boolean),
      )
      .refine((brokers) => brokers.length > 0 && brokers.every((broker) => /^[^\s:]+:\d{1,5}$/u.test(broker)), {
        message: 'must be a comma-separated host:port list, e.g. 127.0.0.1:9092',
      }),
  );
}

/** A public Jetstream instance run by Bluesky (https://github.com/bluesky-social/jetstream#public-instances). */
export const PUBLIC_JETSTREAM_URL = 'wss://jetstream2.us-east.bsky.network/subscribe';

export const envVars = {
  /** BLUESKY_JETSTREAM_URL: read by the ingest, and checked by npm start before anything starts. */
  jetstreamUrl: z.preprocess(
    blankAsUnset,
    z.url({ protocol: /^wss?$/u, message: `must be a ws:// or wss:// URL of a Jetstream /subscribe endpoint, e.g. ${PUBLIC_JETSTREAM_URL}` }).optional(),
  ),
  kafkaBrokers: kafkaBrokersVar(),
  topicPrefix: z.preprocess(
    (value) => value ?? '',
    z
      .string()
      .regex(/^[A-Za-z0-9._-]*$/u, 'may contain only letters, digits, ".", "_" and "-"')
      .max(100),
  ),
  mysqlUrl: z.preprocess(
    blankAsUnset,
    z
      .string()
      .default('mysql://root@127.0.0.1:3306/trendstream')
      .refine((value) => /^mysql:\/\/[^/]+\/[A-Za-z0-9_]+(\?.*)?$/u.test(value), {
        message: 'must look like mysql://user:password@host:3306/database',
      }),
  ),
  /** Partitions of `posts` when an app creates it: the most processor instances that can share the work. */
  postsPartitions: z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(256).default(3)),
  port: z.preprocess(blankAsUnset, z.coerce.number().int().min(0).max(65535).default(8080)),
  logLevel: z.preprocess(blankAsUnset, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  secret: z.preprocess(blankAsUnset, z.string().min(16, 'must be at least 16 characters').optional()),
  list: z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean)
        : [],
    z.array(z.string()),
  ),
  boolean: (defaultValue: boolean) =>
    z.preprocess(blankAsUnset, z.enum(['true', 'false', '1', '0']).default(defaultValue ? 'true' : 'false')).transform((v) => v === 'true' || v === '1'),
};
