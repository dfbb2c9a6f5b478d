import { describe, expect, it } from 'vitest';
import type { ChannelKey } from '../../src/mastodon/channel.js';
import {
  changeHashtags,
  HashtagSubscriptions,
  planChannels,
  REFUSAL_WINDOW_MS,
  refusedByErrorFrame,
  type ReadPlan,
} from '../../src/mastodon/hashtag-subscriptions.js';
import { createIngestMetrics } from '../../src/metrics.js';
import { captureLogs } from '../support/log-capture.js';

const readPlan = (plan: Partial<ReadPlan> = {}): ReadPlan => ({ kind: 'read', transport: 'stream', main: 'public', hashtags: true, notes: [], ...plan });

describe('which hashtags an instance reads', () => {
  it('reads the valid, normalized tags, sorted and once each, and says why it rejects the others', () => {
    const change = changeHashtags(['rust', 'Rust', '', 'go', 'rust', 'no-dash'], [], [], 10);
    expect(change.wanted).toEqual(['go', 'rust']);
    expect(change.rejected).toEqual([
      { tag: '', reason: 'a hashtag needs at least one letter' },
      { tag: 'Rust', reason: 'not normalized' },
      { tag: 'no-dash', reason: 'a hashtag has only letters, digits and underscores, with at least one letter' },
    ]);
    expect(change.overLimit).toBeUndefined();
  });

  it('reads the first MASTODON_MAX_HASHTAGS of them and reports how many are followed', () => {
    const change = changeHashtags(['d', 'c', 'b', 'a'], [], [], 2);
    expect(change.wanted).toEqual(['a', 'b']);
    expect(change.overLimit).toBe(4);
    expect(changeHashtags(['a', 'b'], [], [], 2).overLimit).toBeUndefined();
  });

  it('names the tags no longer read, unfollowed or pushed over the limit', () => {
    expect(changeHashtags(['a', 'c'], ['a', 'b'], [], 10).removed).toEqual(['b']);
    expect(changeHashtags(['a', 'b', 'c'], ['b', 'c'], [], 2).removed).toEqual(['c']);
  });

  it('keeps a refused tag refused while it is followed (over the limit too) and forgets it once unfollowed', () => {
    expect(changeHashtags(['a', 'b', 'c'], [], ['c', 'gone'], 2).refused).toEqual(['c']);
  });
});

describe('the hashtags an error frame refuses', () => {
  it('are those subscribed within the refusal window before it, never the timeline channel', () => {
    const now = 100_000;
    const subscribedAt = new Map<ChannelKey, number>([
      ['public', now - 10],
      ['hashtag:fresh', now - REFUSAL_WINDOW_MS],
      ['hashtag:old', now - REFUSAL_WINDOW_MS - 1],
      ['hashtag:newest', now],
    ]);
    expect(refusedByErrorFrame(subscribedAt, now)).toEqual(['fresh', 'newest']);
    expect(refusedByErrorFrame(new Map(), now)).toEqual([]);
  });
});

describe('the channels read', () => {
  it('are none before the feed plan, then the timeline channel and every hashtag read and not refused', () => {
    expect(planChannels(undefined, ['a'], new Set())).toEqual([]);
    expect(planChannels(readPlan(), ['a', 'b'], new Set(['b']))).toEqual([{ kind: 'public' }, { kind: 'hashtag', tag: 'a' }]);
  });

  it('leave out hashtags when the plan cannot read them, and the timeline when it has none', () => {
    expect(planChannels(readPlan({ main: 'local', hashtags: false }), ['a'], new Set())).toEqual([{ kind: 'local' }]);
    expect(planChannels(readPlan({ main: null }), ['a'], new Set())).toEqual([{ kind: 'hashtag', tag: 'a' }]);
  });

  it('ask for the open half of each hashtag feed when only that half is open', () => {
    expect(planChannels(readPlan({ main: 'remote', hashtagHalf: 'local' }), ['a'], new Set())).toEqual([
      { kind: 'remote' },
      { kind: 'hashtag', tag: 'a', only: 'local' },
    ]);
  });
});

describe("an instance's hashtag subscriptions", () => {
  function subscriptions(maxHashtags = 10) {
    let now = 1_000_000;
    const { logger, lines } = captureLogs('info');
    const metrics = createIngestMetrics();
    const hashtags = new HashtagSubscriptions({ host: 'm.example', metrics, logger, now: () => now, maxHashtags });
    return { hashtags, lines, metrics, advance: (ms: number) => (now += ms) };
  }
  const rejected = async (metrics: ReturnType<typeof createIngestMetrics>) => (await metrics.rejectedHashtags.get()).values[0]?.value ?? 0;

  it('warns once per rejected tag and once about the limit, and counts each tag not subscribed', async () => {
    const { hashtags, lines, metrics } = subscriptions(2);
    expect(hashtags.set(['c', 'b', 'a', 'Bad'])).toEqual([]);
    expect(lines.map((line) => line.msg)).toEqual([
      'm.example: not subscribing "Bad": not normalized',
      'm.example: 3 hashtags followed, subscribing the first 2 (MASTODON_MAX_HASHTAGS)',
    ]);
    expect(await rejected(metrics)).toBe(2);
    expect(hashtags.channels(readPlan({ main: null }))).toEqual([
      { kind: 'hashtag', tag: 'a' },
      { kind: 'hashtag', tag: 'b' },
    ]);
    expect([hashtags.isWanted('a'), hashtags.isWanted('c')]).toEqual([true, false]);
    expect(hashtags.set(['a'])).toEqual(['b']);
  });

  it('sets aside the tags an error frame refuses until they are followed anew', () => {
    const { hashtags, lines, advance } = subscriptions();
    hashtags.set(['a', 'b']);
    hashtags.subscribed('hashtag:a');
    advance(REFUSAL_WINDOW_MS + 1);
    hashtags.subscribed('public');
    hashtags.subscribed('hashtag:b');
    hashtags.refuseRecent('bad tag');
    expect(lines.map((line) => line.msg)).toEqual(['m.example: refused the subscription to #b (bad tag); not subscribing it again until it is followed anew']);
    expect(hashtags.channels(readPlan({ main: null }))).toEqual([{ kind: 'hashtag', tag: 'a' }]);
    // The subscribe times are forgotten with the session: the next error frame refuses nothing more.
    hashtags.refuseRecent('again');
    expect(lines).toHaveLength(1);
    // Still followed: still refused. Unfollowed, then followed again: tried again.
    hashtags.set(['a', 'b']);
    expect(hashtags.channels(readPlan({ main: null }))).toHaveLength(1);
    hashtags.set(['a']);
    hashtags.set(['a', 'b']);
    expect(hashtags.channels(readPlan({ main: null }))).toHaveLength(2);
  });
});
