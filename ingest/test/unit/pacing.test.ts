import { describe, expect, it } from 'vitest';
import type { Post } from '@trendstream/contracts/post';
import { dueAt, LOOP_GAP_MS, loopSpanMs, loopUri, MIN_SLEEP_MS, placePost, sleepBefore, startTimeline } from '../../src/replay/pacing.js';

const T0 = Date.UTC(2026, 2, 14, 19, 0, 0);
const WALL = Date.UTC(2026, 10, 25, 12, 0, 0);

function post(createdAt: number, overrides: Partial<Post> = {}): Post {
  return {
    uri: 'https://a.example/users/ana/statuses/1',
    statusId: '1',
    instance: 'a.example',
    source: 'replay',
    url: null,
    createdAt,
    receivedAt: 0,
    language: 'en',
    text: 'hello',
    spoilerText: '',
    hashtags: [],
    isBoost: false,
    boostOfUri: null,
    sensitive: false,
    account: { acct: 'ana', bot: false, discoverable: true, indexable: true, noindexInBio: false },
    network: 'mastodon',
    ...overrides,
  };
}

describe('pacing', () => {
  it('schedules by created_at offset from the first post, divided by the speed', () => {
    const timeline = startTimeline(T0, WALL, false);
    expect(dueAt(T0, timeline, 1)).toBe(WALL);
    expect(dueAt(T0 + 60_000, timeline, 1)).toBe(WALL + 60_000);
    // --speed 60: an hour of created_at in a minute.
    expect(dueAt(T0 + 3_600_000, timeline, 60)).toBe(WALL + 60_000);
    // A post older than the first one (files are in arrival order, not sorted) is due at once.
    expect(dueAt(T0 - 5_000, timeline, 1)).toBeLessThan(WALL);
  });

  it('sleeps until the next due time, never less than MIN_SLEEP_MS, and not at all when it is due', () => {
    expect(sleepBefore(WALL, WALL)).toBe(0);
    expect(sleepBefore(WALL - 1, WALL)).toBe(0);
    expect(sleepBefore(WALL + 1, WALL)).toBe(MIN_SLEEP_MS);
    expect(sleepBefore(WALL + 1_500.2, WALL)).toBe(1_501);
  });

  it('re-times every created_at to when the post is due with --shift-to-now', () => {
    const timeline = startTimeline(T0, WALL, true);
    expect(placePost(post(T0), timeline, 0, 0).post.createdAt).toBe(WALL);
    expect(placePost(post(T0 + 90_000), timeline, 0, 0).post.createdAt).toBe(WALL + 90_000);
    expect(placePost(post(T0 + 90_000), startTimeline(T0, WALL, false), 0, 0).post.createdAt).toBe(T0 + 90_000);
  });

  it('compresses time by the speed when shifting, so a fast replay never runs ahead of the clock', () => {
    const timeline = startTimeline(T0, WALL, true, 10);
    const placed = placePost(post(T0 + 90_000), timeline, 0, 0);
    expect(placed.post.createdAt).toBe(WALL + 9_000);
    expect(placed.post.createdAt).toBe(dueAt(placed.replayTime, timeline, 10));
  });

  it('keeps the first pass as it is', () => {
    const original = post(T0 + 10, { boostOfUri: 'https://b.example/users/bo/statuses/9' });
    const placed = placePost(original, startTimeline(T0, WALL, false), 0, 3_601_000);
    expect(placed.post).toEqual(original);
    expect(placed.replayTime).toBe(T0 + 10);
  });

  it('moves pass N forward by N spans and makes its URIs unique, boosts pointing at the same pass', () => {
    const span = loopSpanMs(T0, T0 + 3_600_000);
    expect(span).toBe(3_600_000 + LOOP_GAP_MS);
    const timeline = startTimeline(T0, WALL, false);
    const boost = post(T0 + 5, { isBoost: true, boostOfUri: 'https://b.example/users/bo/statuses/9' });
    const second = placePost(boost, timeline, 2, span);
    expect(second.post.uri).toBe('https://a.example/users/ana/statuses/1#loop-2');
    expect(second.post.boostOfUri).toBe('https://b.example/users/bo/statuses/9#loop-2');
    expect(second.post.createdAt).toBe(T0 + 5 + 2 * span);
    expect(second.post.statusId).toBe('1');
    // Pacing carries on across passes: pass 1 starts one span (plus the gap) after pass 0.
    expect(dueAt(placePost(post(T0), timeline, 1, span).replayTime, timeline, 1)).toBe(WALL + span);
  });

  it('gives a one-post file a span, so --loop still moves forward', () => {
    expect(loopSpanMs(T0, T0)).toBe(LOOP_GAP_MS);
    expect(loopUri('https://a.example/s/1', 0)).toBe('https://a.example/s/1');
    expect(loopUri('https://a.example/s/1', 1)).toBe('https://a.example/s/1#loop-1');
  });
});
