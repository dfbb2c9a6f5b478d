import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createLogger } from '@trendstream/runtime/logger';
import type { HashtagDirectory } from '../../../src/hashtags/hashtag-directory.js';
import { buildHttp } from '../../../src/http/build-http.js';
import { createMetrics } from '../../../src/observability/metrics.js';
import { TrendsService, type TrendsQuery } from '../../../src/trends/trends-service.js';
import { trendsServiceOverEmptyDatabase } from './trends-service.js';

export { WINDOWS } from './trends-service.js';
export const ADMIN_TOKEN = 'property-admin-token-0123456789';

export type ServiceCall = { kind: 'trends'; query: TrendsQuery } | { kind: 'series'; word: string; query: Omit<TrendsQuery, 'limit' | 'sort'> };

/** The real TrendsService, recording what the routes call it with. */
export class RecordingTrendsService extends TrendsService {
  readonly calls: ServiceCall[] = [];

  override trends(query: TrendsQuery, watermark?: number | null) {
    this.calls.push({ kind: 'trends', query });
    return super.trends(query, watermark);
  }

  override series(word: string, query: Omit<TrendsQuery, 'limit' | 'sort'>) {
    this.calls.push({ kind: 'series', word, query });
    return super.series(word, query);
  }
}

/** A followed set in memory, loaded at once, recording every write. */
export class MemoryDirectory implements HashtagDirectory {
  readonly followed = new Set<string>();
  readonly writes: string[] = [];
  whenLoaded = () => Promise.resolve(true);
  list = () => [...this.followed].sort();
  has = (tag: string) => this.followed.has(tag);
  follow = (tag: string) => {
    this.writes.push(`follow ${tag}`);
    this.followed.add(tag);
    return Promise.resolve();
  };
  unfollow = (tag: string) => {
    this.writes.push(`unfollow ${tag}`);
    this.followed.delete(tag);
    return Promise.resolve();
  };
}

/** The processor's HTTP surface as main builds it (error handler, router options, auth), with no Kafka or MySQL. */
export async function propertyApp(): Promise<{ app: FastifyInstance; service: RecordingTrendsService; hashtags: MemoryDirectory }> {
  // Minute buckets keep a 1h series at 60 points: these properties are about parameters, not series length.
  const service = await trendsServiceOverEmptyDatabase(RecordingTrendsService, { bucketMs: 60_000 });
  const hashtags = new MemoryDirectory();
  const app = buildHttp({
    logger: createLogger('property', 'silent'),
    metrics: createMetrics(),
    trends: service,
    hashtags,
    adminToken: ADMIN_TOKEN,
    allowedOrigins: [],
    webDist: undefined,
    health: () => Promise.reject(new Error('not under test')),
  });
  return { app, service, hashtags };
}

/**
 * Resolves at once, except every `every`th call, when it lets the event loop run first: 100,000 inject() calls
 * in a row otherwise starve vitest's worker messages (it fails the run with "Timeout calling onTaskUpdate").
 */
export function breather(every = 1_000): () => Promise<void> {
  let calls = 0;
  return () => (++calls % every === 0 ? new Promise((resolve) => setImmediate(resolve)) : Promise.resolve());
}

/** Every answer to bad input: a 4xx whose JSON body says, in a sentence of bounded length, what was wrong. */
export function expectReadableRefusal(response: LightMyRequestResponse): { error: string; message: string } {
  expect(response.statusCode).toBeGreaterThanOrEqual(400);
  expect(response.statusCode).toBeLessThan(500);
  expect(response.headers['content-type']).toMatch(/^application\/json/u);
  const body = response.json<{ error: unknown; message: unknown }>();
  expect(body.error).toMatch(/^[a-z_]+$/u);
  expect(typeof body.message).toBe('string');
  const message = body.message as string;
  expect(message.length).toBeGreaterThan(0);
  // A message names the problem; it does not echo a megabyte of input back.
  expect(message.length).toBeLessThan(400);
  return { error: body.error as string, message };
}

/**
 * A path parameter as fastify's router hands it to a route, or undefined when the router refuses the URL
 * (400): invalid percent-encoding, or longer than maxParamLength (1,500) once decoded except for reserved
 * characters such as %2F (find-my-way's url-sanitizer).
 */
export function routerParam(segment: string): string | undefined {
  try {
    return decodeURI(segment).length > 1_500 ? undefined : decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Percent-encodes every byte of `text` as UTF-8, as a client encoding a whole value would. */
export function percentEncode(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex').toUpperCase().replace(/(..)/gu, '%$1');
}
