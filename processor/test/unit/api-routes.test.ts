import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { HashtagDirectory } from '../../src/hashtags/hashtag-directory.js';
import { registerApiRoutes } from '../../src/http/api-routes.js';
import type { TrendsService } from '../../src/trends/trends-service.js';

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

function app(hashtags: HashtagDirectory) {
  const server = Fastify();
  // The hashtag routes never touch the trends service.
  registerApiRoutes(server, { trends: {} as TrendsService, hashtags, adminToken: 'secret' });
  return server;
}

describe('hashtag routes while the followed set is still being read', () => {
  it('answer 503 with a message instead of an incomplete list', async () => {
    const response = await app(directory(false, ['kafka'])).inject({ url: '/api/hashtags' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: 'starting', message: expect.stringMatching(/still being read from Kafka/u) as unknown });
  });

  it('do not write a follow they cannot tell new from existing', async () => {
    const hashtags = directory(false);
    const response = await app(hashtags).inject({ method: 'PUT', url: '/api/hashtags/kafka', headers: { authorization: 'Bearer secret' } });
    expect(response.statusCode).toBe(503);
    expect(hashtags.writes).toEqual([]);
  });

  it('answer normally once it has been read', async () => {
    const hashtags = directory(true, ['kafka']);
    expect((await app(hashtags).inject({ url: '/api/hashtags' })).json()).toEqual({ hashtags: ['kafka'] });
    const put = await app(hashtags).inject({ method: 'PUT', url: '/api/hashtags/Kafka', headers: { authorization: 'Bearer secret' } });
    expect(put.statusCode).toBe(200);
  });
});
