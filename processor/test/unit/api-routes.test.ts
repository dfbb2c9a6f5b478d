import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { HashtagDirectory } from '../../src/hashtags/hashtag-directory.js';
import { registerApiRoutes } from '../../src/http/api-routes.js';
import type { TrendsService } from '../../src/trends/trends-service.js';
import { RecordingTrendsService } from '../properties/support/http-app.js';
import { trendsServiceOverEmptyDatabase } from '../properties/support/trends-service.js';

/** A directory in memory; `loaded` says whether the followed set has been read yet. */
function directory(loaded: boolean, tags: string[] = []): HashtagDirectory & { writes: string[] } {
  const followed = new Set(tags);
  const writes: string[] = [];
  return {
    writes,
    whenLoaded: () => Promise.resolve(loaded),
    list: () => [...followed].sort(),
    has: (tag) => followed.has(tag),
    follow: (tag) => {
      writes.push(`follow ${tag}`);
      followed.add(tag);
      return Promise.resolve();
    },
    unfollow: (tag) => {
      writes.push(`unfollow ${tag}`);
      followed.delete(tag);
      return Promise.resolve();
    },
  };
}

/** The real service over a database with no rows, recording what the routes ask it. */
const trendsService = () => trendsServiceOverEmptyDatabase(RecordingTrendsService, { windows: ['1m', '5m'], bucketMs: 5_000 });

async function app(hashtags: HashtagDirectory, trends?: TrendsService) {
  // As build-http configures it: a 100-character word fits a path parameter.
  const server = Fastify({ routerOptions: { maxParamLength: 1_500 } });
  registerApiRoutes(server, { trends: trends ?? (await trendsService()), hashtags, adminToken: 'secret' });
  return server;
}

describe('hashtag routes while the followed set is still being read', () => {
  it('answer 503 with a message instead of an incomplete list', async () => {
    const response = await (await app(directory(false, ['kafka']))).inject({ url: '/api/hashtags' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: 'starting', message: expect.stringMatching(/still being read from Kafka/u) as unknown });
  });

  it('do not write a follow they cannot tell new from existing', async () => {
    const hashtags = directory(false);
    const response = await (await app(hashtags)).inject({ method: 'PUT', url: '/api/hashtags/kafka', headers: { authorization: 'Bearer secret' } });
    expect(response.statusCode).toBe(503);
    expect(hashtags.writes).toEqual([]);
  });

  it('answer normally once it has been read', async () => {
    const hashtags = directory(true, ['kafka']);
    expect((await (await app(hashtags)).inject({ url: '/api/hashtags' })).json()).toEqual({ hashtags: ['kafka'] });
    const put = await (await app(hashtags)).inject({ method: 'PUT', url: '/api/hashtags/Kafka', headers: { authorization: 'Bearer secret' } });
    expect(put.statusCode).toBe(200);
  });
});

describe('query and path parameters', () => {
  const refusal = async (url: string, method: 'GET' | 'PUT' = 'GET') => {
    const service = await trendsService();
    const response = await (await app(directory(true), service)).inject({ method, url, headers: { authorization: 'Bearer secret' } });
    expect(service.calls).toEqual([]);
    expect(response.statusCode).toBe(400);
    return response.json<{ error: string; message: string }>().message;
  };

  it('checks the window before the service sees it, without echoing a megabyte back (both happened)', async () => {
    expect(await refusal(`/api/trends?window=${'x'.repeat(1_000_000)}`)).toBe(`window: unknown window "${'x'.repeat(24)}…"; use one of 1m, 5m`);
    expect(await refusal('/api/words/kafka/series?window=2h')).toBe('window: unknown window "2h"; use one of 1m, 5m');
  });

  it('reads limit as decimal digits only (0x10 was 16, 1e2 was 100)', async () => {
    for (const limit of ['0x10', '1e2', '1.5', '0', '201', '-1'])
      expect(await refusal(`/api/trends?limit=${limit}`)).toBe('limit: must be a whole number from 1 to 200');
    const service = await trendsService();
    expect((await (await app(directory(true), service)).inject({ url: '/api/trends?limit=%2007%20' })).statusCode).toBe(200);
    expect(service.calls).toEqual([{ kind: 'trends', query: { window: '5m', limit: 7, sort: 'count' } }]);
  });

  it('says a repeated parameter is repeated', async () => {
    expect(await refusal('/api/trends?lang=en&lang=de')).toBe('lang: is given more than once; give it once');
  });

  it('reads a blank tag as not given, as a blank lang (a blank tag was refused)', async () => {
    const service = await trendsService();
    const response = await (await app(directory(true), service)).inject({ url: '/api/trends?tag=%20&lang=%20' });
    expect(response.statusCode).toBe(200);
    expect(service.calls).toEqual([{ kind: 'trends', query: { window: '5m', limit: 20, sort: 'count' } }]);
  });

  it('refuses a tag longer than 100 characters once normalized, in filters and writes (one was followed)', async () => {
    const tag = encodeURIComponent('㍿'.repeat(26));
    const message = 'a hashtag has at most 100 characters once normalized (NFKC turns some characters into several)';
    expect(await refusal(`/api/trends?tag=${tag}`)).toBe(`tag: ${message}`);
    expect(await refusal(`/api/hashtags/${tag}`, 'PUT')).toBe(`invalid hashtag: ${message}`);
  });

  it('refuses a word with nothing left once normalized, and looks others up as the tokenizer stores them', async () => {
    expect(await refusal(`/api/words/${encodeURIComponent("''")}/series`)).toBe('word: must hold a letter or a digit');
    expect(await refusal('/api/words/%23/series')).toBe('word: must hold a letter or a digit');
    expect(await refusal(`/api/words/${'a'.repeat(102)}/series`)).toBe('word: has at most 101 characters');
    const service = await trendsService();
    const response = await (await app(directory(true), service)).inject({ url: `/api/words/${encodeURIComponent(' #Café ')}/series?window=1m` });
    expect(response.statusCode).toBe(200);
    expect(service.calls).toEqual([{ kind: 'series', word: '#cafe', query: { window: '1m' } }]);
  });
});
