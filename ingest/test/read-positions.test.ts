import { afterEach, describe, expect, it } from 'vitest';
import type { PostsTopicRecord } from '@trendstream/contracts/status-events';
import { InstanceSupervisor } from '../src/mastodon/instance-supervisor.js';
import { ReadPositions } from '../src/mastodon/read-positions.js';
import { StatusSink } from '../src/mastodon/status-sink.js';
import { createIngestMetrics } from '../src/metrics.js';
import { captureLogs } from './helpers/log-capture.js';
import { waitFor } from './helpers/wait.js';
import { startMastodonServer, type MastodonTestServer } from './mastodon-server/server.js';

describe('ReadPositions', () => {
  it('never moves a channel past a status the queue refused, until a read started after the refusal went through', () => {
    const positions = new ReadPositions();
    positions.read('public', '100', false);
    expect(positions.get('public')).toBe('100');

    const before = positions.readStarted();
    positions.read('public', '101', true);
    positions.read('public', '102', false);
    expect(positions.get('public')).toBe('100');
    // A read that began before the refusal cannot have offered 101 again.
    positions.readThrough('public', before);
    expect(positions.get('public')).toBe('100');

    const after = positions.readStarted();
    positions.read('public', '101', false);
    positions.readThrough('public', after);
    expect(positions.get('public')).toBe('102');
    expect(positions.isHeld('public')).toBe(false);
  });

  it('holds each channel on its own, and a refusal during a read keeps the hold', () => {
    const positions = new ReadPositions();
    positions.read('local', '5', false);
    positions.read('hashtag:rust', '7', false);
    const started = positions.readStarted();
    positions.read('hashtag:rust', '8', true);
    positions.read('local', '9', false);
    expect(positions.get('local')).toBe('9');
    positions.readThrough('hashtag:rust', started);
    expect(positions.get('hashtag:rust')).toBe('7');
  });

  it('resumes a saved position without moving one already read, and forgets a channel entirely', () => {
    const positions = new ReadPositions();
    positions.resume('public', '200');
    positions.read('public', '150', false);
    expect(positions.get('public')).toBe('200');
    positions.read('local', '10', false);
    positions.resume('local', '1');
    expect(positions.get('local')).toBe('10');
    positions.read('hashtag:rust', '3', true);
    positions.delete('hashtag:rust');
    positions.read('hashtag:rust', '4', false);
    expect(positions.get('hashtag:rust')).toBe('4');
  });
});

describe('the read position of a polled instance', () => {
  let server: MastodonTestServer | undefined;
  let supervisor: InstanceSupervisor | undefined;
  afterEach(async () => {
    await supervisor?.stop();
    await server?.close();
  });

  it('is not advanced past a post the full queue dropped, and moves on once a poll has read it again', async () => {
    server = await startMastodonServer();
    const taken: PostsTopicRecord[] = [];
    const refuse = new Set<string>();
    const sink = new StatusSink({
      output: {
        offer: (record) => {
          if (record.kind === 'post' && refuse.has(record.post.uri)) return false;
          taken.push(record);
          return true;
        },
      },
      skipOptedOut: true,
      dedupeCapacity: 1000,
      dedupeTtlMs: 60_000,
      now: Date.now,
    });
    supervisor = new InstanceSupervisor({
      target: { host: server.host, baseUrl: server.url, token: undefined },
      settings: {
        timeline: 'public',
        transport: 'poll',
        stallTimeoutMs: 1_500,
        backoff: { initialMs: 100, maxMs: 400 },
        pollIntervalMs: 100,
        requestTimeoutMs: 3_000,
        gapFillDelayMs: 100,
        gapFillMarginMs: 0,
        gapFillMaxPages: 5,
        maxHashtags: 10,
      },
      sink,
      metrics: createIngestMetrics(),
      logger: captureLogs('warn').logger,
      now: Date.now,
    });
    const uris = () => taken.flatMap((record) => (record.kind === 'post' ? [record.post.uri] : []));
    const first = server.publish({ text: 'first' });
    void supervisor.start();
    await waitFor('the first post read', () => supervisor?.cursorSnapshot().get('public') === first.id);

    // The queue is full for the second post only: the third is taken, but the position stays before the second.
    const second = server.publish({ text: 'dropped by a full queue' });
    refuse.add(second.uri as string);
    const third = server.publish({ text: 'taken' });
    await waitFor('the third post taken', () => uris().includes(third.uri as string));
    const requestsThen = server.stats.rest.length;
    await waitFor('another poll after it', () => server!.stats.rest.length >= requestsThen + 2);
    expect(supervisor.cursorSnapshot().get('public')).toBe(first.id);

    // Room again: the next poll reads from the held position, takes the second post, and the position moves on.
    refuse.clear();
    await waitFor('the dropped post taken on a later poll', () => uris().includes(second.uri as string));
    await waitFor('the position past the third post', () => supervisor?.cursorSnapshot().get('public') === third.id);
    expect(uris().filter((uri) => uri === third.uri)).toHaveLength(1);
  }, 30_000);
});
