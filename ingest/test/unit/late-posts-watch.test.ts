import { describe, expect, it } from 'vitest';
import { lateNotice, startLatePostsWatch } from '../../src/replay/late-posts-watch.js';

/** A processor whose /api/health answers the given readings in turn, the last one from then on. */
function healthSequence(readings: Array<{ latePosts: number; consumerLag: number } | 'down'>): typeof fetch {
  let next = 0;
  return () => {
    const reading = readings[Math.min(next++, readings.length - 1)];
    if (reading === 'down' || reading === undefined) return Promise.reject(new TypeError('fetch failed'));
    return Promise.resolve(new Response(JSON.stringify({ status: 'ok', ...reading }), { status: 200, headers: { 'content-type': 'application/json' } }));
  };
}

describe('the late-posts watch of a replay', () => {
  it('tells once, at the first late post, and counts only what happened since it started', async () => {
    const notices: string[] = [];
    const watch = await startLatePostsWatch({
      processorUrl: 'http://127.0.0.1:8080',
      intervalMs: 5,
      settleMs: 5_000,
      onFirstLate: (message) => notices.push(message),
      fetchImpl: healthSequence([
        { latePosts: 40, consumerLag: 0 },
        { latePosts: 43, consumerLag: 9 },
        { latePosts: 47, consumerLag: 2 },
        { latePosts: 50, consumerLag: 0 },
      ]),
    });
    // The final reading waits for the processor to catch up (lag 0).
    expect(await watch.stop()).toBe(10);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/dropped \d+ posts of this replay as late/u);
    expect(notices[0]).toContain('--shift-to-now');
  });

  it('stays quiet and reports nothing when no processor answers', async () => {
    const notices: string[] = [];
    const watch = await startLatePostsWatch({
      processorUrl: 'http://127.0.0.1:9',
      intervalMs: 5,
      settleMs: 50,
      onFirstLate: (message) => notices.push(message),
      fetchImpl: healthSequence(['down']),
    });
    expect(await watch.stop()).toBeNull();
    expect(notices).toEqual([]);
  });

  it('reports zero when nothing was late', async () => {
    const watch = await startLatePostsWatch({
      processorUrl: 'http://127.0.0.1:8080',
      intervalMs: 5,
      settleMs: 1_000,
      onFirstLate: () => {
        throw new Error('nothing was late');
      },
      fetchImpl: healthSequence([{ latePosts: 3, consumerLag: 0 }]),
    });
    expect(await watch.stop()).toBe(0);
  });

  it('words the notice for one post and for many', () => {
    expect(lateNotice(1, 'http://127.0.0.1:8080')).toContain('dropped 1 post of this replay');
    expect(lateNotice(12_345, 'http://127.0.0.1:8080')).toContain('dropped 12,345 posts of this replay');
  });
});
